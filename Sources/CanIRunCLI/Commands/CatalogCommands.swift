import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: HelpMessage.checkAbstract.text(.current),
            discussion: HelpMessage.checkDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.checkModelArgument.text(.current)))
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
                        ErrorMessage.ambiguousModel.text(
                            output.language,
                            ["model": model, "names": candidates.map(\.id).joined(separator: ", ")]),
                        code: ExitCodes.notFound)
                case .notFound(let suggestions):
                    let names = suggestions.map(\.id).joined(separator: ", ")
                    // A bare word is a catalog name with a typo far more often than an Ollama model: answer at
                    // once. With a tag (`name:tag`) the Ollama registry is asked too.
                    guard model.contains(":") else {
                        throw failure(
                            ErrorMessage.modelNotInCatalog.text(output.language, ["model": model, "names": names]),
                            code: ExitCodes.notFound)
                    }
                    catalogFailure = names
                }
            }
            let machine = try await hardware.resolveMachineIncludingOllama()
            if catalogModel == nil {
                // Outside the catalog: read the model itself.
                let loaded: LoadedModel
                do {
                    loaded = try await ModelSource.load(model, offline: remote.offline, verbose: remote.verbose)
                } catch {
                    let message = catalogFailure.map {
                        ErrorMessage.modelNotInCatalogAnd.text(
                            output.language,
                            [
                                "model": model, "names": $0,
                                "error": FailureMessage.describe(error, language: output.language),
                            ])
                    }
                    throw failure(
                        message ?? FailureMessage.describe(error, language: output.language), code: ExitCodes.notFound)
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
                throw failure(FailureMessage.describe(error, language: output.language), code: ExitCodes.unreadable)
            }
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                CheckRenderer(style: .automatic(noColorFlag: output.noColor), language: output.language).render(
                    report, machine: machine, to: sink)
            }
            if report.recommended == nil { throw ExitCode(ExitCodes.doesNotFit) }
        }

        /// One GGUF file: its own verdict with the best context for this machine, as `estimate` plans it.
        func renderSingleFile(_ loaded: LoadedModel, machine: HardwareSnapshot) throws {
            var report = try EstimateReport.make(
                model: loaded.spec, path: loaded.location, settings: RunSettings(), machine: machine,
                planPlacement: true, projector: nil)
            report.notes += loaded.notes
            report.notes.append(TableMessage.singleFileNote.message.english)
            try Estimate.write(report, output: output)
        }
    }

    struct Recommend: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recommend",
            abstract: HelpMessage.recommendAbstract.text(.current),
            discussion: HelpMessage.recommendDiscussion.text(.current))

        @Option(name: .customLong("use-case"), help: ArgumentHelp(HelpMessage.useCaseOption.text(.current)))
        var useCase: String?

        @Option(help: ArgumentHelp(HelpMessage.limitOption.text(.current)))
        var limit: Int = 10

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let useCase, !["chat", "code", "reasoning", "vision", "embedding", "tools"].contains(useCase) {
                throw ValidationError(ErrorMessage.badUseCase.text(.current))
            }
            if limit < 1 || limit > 500 { throw ValidationError(ErrorMessage.badLimit.text(.current)) }
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
            SystemRenderer(style: style, language: output.language).render(machine, to: sink)
            RecommendRenderer(style: style, language: output.language).render(report, to: sink)
            if report.models.isEmpty { throw ExitCode(ExitCodes.doesNotFit) }
        }
    }

    struct Quantize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quantize",
            abstract: HelpMessage.quantizeAbstract.text(.current),
            discussion: HelpMessage.quantizeDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.quantizeInputArgument.text(.current)))
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
                throw ValidationError(ErrorMessage.badQuantizeInput.text(output.language, ["input": input]))
            }
            let report = QuantizationCalculator.report(
                parameters: parameters, input: input, machine: machine, model: model)
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                QuantizeRenderer(style: .automatic(noColorFlag: output.noColor), language: output.language).render(
                    report, to: sink)
            }
        }
    }
}
