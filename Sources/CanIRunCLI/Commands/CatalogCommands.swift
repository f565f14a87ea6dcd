import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Judge every common quantization of a model against this machine, with exact run commands.",
            discussion: """
                MODEL is a catalog id or an Ollama-style name (close names are suggested), or a safetensors \
                checkpoint outside the catalog: a Hugging Face repository (hf:org/repo, a huggingface.co URL) or a \
                local folder with config.json, whose config and headers are read to predict every quantization. A \
                single GGUF file (local, on the Hub, or an Ollama model not in the catalog) is judged as it is, as \
                `canirun estimate` does.

                Examples:
                  canirun check llama3.1:8b
                  canirun check qwen3-30b-a3b --gpu "RTX 4090"
                  canirun check gemma-3-27b-it --json
                  canirun check hf:HuggingFaceTB/SmolLM3-3B
                """)

        @Argument(help: "A catalog id, an Ollama name such as llama3.1:8b, hf:org/repo, or a local model.")
        var model: String

        @OptionGroup var remote: RemoteOptions
        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            var catalogModel: CatalogModel?
            var ollamaTag: String?
            let reference = ModelReference.parse(model) {
                FileManager.default.fileExists(atPath: ModelSource.expandTilde($0))
            }
            var catalogFailure: String?
            if case .ollama(_, explicit: false) = reference {
                switch ModelCatalog.embedded.find(model) {
                case .found(let found, let tag):
                    catalogModel = found
                    ollamaTag = tag
                case .ambiguous(let candidates):
                    throw failure(
                        "'\(model)' matches several models: " + candidates.map(\.id).joined(separator: ", ")
                            + ". Name one of them.", code: ExitCodes.notFound)
                case .notFound(let suggestions):
                    let names = suggestions.map(\.id).joined(separator: ", ")
                    // A bare word is a catalog name with a typo far more often than an Ollama model: answer at
                    // once. With a tag (`name:tag`) the Ollama registry is asked too.
                    guard model.contains(":") else {
                        throw failure(
                            "no model '\(model)' in the catalog. Did you mean: \(names)?", code: ExitCodes.notFound)
                    }
                    catalogFailure = "no model '\(model)' in the catalog (did you mean: \(names)?)"
                }
            }
            let machine = try await hardware.resolveMachineIncludingOllama()
            if catalogModel == nil {
                // Outside the catalog: read the model itself.
                let loaded: LoadedModel
                do {
                    loaded = try await ModelSource.load(model, offline: remote.offline, verbose: remote.verbose)
                } catch {
                    let message = catalogFailure.map { "\($0); and \(error.localizedDescription)" }
                    throw failure(message ?? error.localizedDescription, code: ExitCodes.notFound)
                }
                guard let config = loaded.config else {
                    try renderSingleFile(loaded, machine: machine)
                    return
                }
                catalogModel = CatalogModel(
                    checkpoint: config, spec: loaded.spec, id: loaded.repository ?? loaded.spec.name ?? model,
                    huggingFaceRepository: loaded.repository)
            }
            guard let catalogModel else { return }
            let report: CheckReport
            do {
                report = try ModelAdvisor(machine: machine).check(catalogModel, ollamaTag: ollamaTag)
            } catch {
                throw failure("\(error.localizedDescription)", code: ExitCodes.unreadable)
            }
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                CheckRenderer(style: .automatic(noColorFlag: output.noColor)).render(report, machine: machine, to: sink)
            }
            if report.recommended == nil { throw ExitCode(ExitCodes.doesNotFit) }
        }

        /// One GGUF file: its own verdict with the best context for this machine, as `estimate` plans it.
        func renderSingleFile(_ loaded: LoadedModel, machine: HardwareSnapshot) throws {
            var report = try EstimateReport.make(
                model: loaded.spec, path: loaded.location, settings: RunSettings(), machine: machine,
                planPlacement: true, projector: nil)
            report.notes += loaded.notes
            report.notes.append(
                "A single GGUF file: its own quantization is judged; other quantizations need their own files.")
            try Estimate.write(report, output: output)
        }
    }

    struct Recommend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recommend",
            abstract: "The best models for this machine, ranked, each at its best quantization.",
            discussion: """
                Running canirun with no command does the same.

                Examples:
                  canirun
                  canirun recommend --use-case code --limit 5
                  canirun recommend --gpu "RTX 3060" --ram 32GB --json
                """)

        @Option(name: .customLong("use-case"), help: "chat, code, reasoning, vision, embedding or tools.")
        var useCase: String?

        @Option(help: "How many models to list.")
        var limit: Int = 10

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let useCase, !["chat", "code", "reasoning", "vision", "embedding", "tools"].contains(useCase) {
                throw ValidationError("--use-case must be chat, code, reasoning, vision, embedding or tools.")
            }
            if limit < 1 || limit > 500 { throw ValidationError("--limit must be between 1 and 500.") }
        }

        func run() async throws {
            let machine = try await hardware.resolveMachineIncludingOllama()
            let report = Recommender(machine: machine).recommend(useCase: useCase, limit: limit)
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
                return
            }
            let style = Style.automatic(noColorFlag: output.noColor)
            SystemRenderer(style: style).render(machine, to: sink)
            RecommendRenderer(style: style).render(report, to: sink)
            if report.models.isEmpty { throw ExitCode(ExitCodes.doesNotFit) }
        }
    }

    struct Quantize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quantize",
            abstract: "How big a model is at 32, 16, 8 … 2 bits and in the common GGUF types, and what fits here.",
            discussion: """
                SIZE is a 16-bit model's size (100GB) or a parameter count (7B); MODEL is a catalog id.

                Examples:
                  canirun quantize 100GB        a 100 GB 16-bit model at every precision
                  canirun quantize 70B
                  canirun quantize qwen2.5-7b-instruct --json
                """)

        @Argument(help: "A size (100GB), a parameter count (7B) or a catalog model id.")
        var input: String

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let machine = try await hardware.resolveMachineIncludingOllama()
            var parameters: UInt64
            var model: CatalogModel?
            if let count = QuantizationCalculator.parameterCount(input) {
                parameters = count
            } else if let bytes = parseByteCount(input), bytes.bytes > 0 {
                parameters = UInt64(bytes.bytes / 2)
            } else if case .found(let found, _) = ModelCatalog.embedded.find(input) {
                model = found
                parameters = found.parameters ?? 0
            } else {
                throw ValidationError("'\(input)' is not a size (100GB), a parameter count (7B) or a catalog model.")
            }
            let report = QuantizationCalculator.report(
                parameters: parameters, input: input, machine: machine, model: model)
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                QuantizeRenderer(style: .automatic(noColorFlag: output.noColor)).render(report, to: sink)
            }
        }
    }
}
