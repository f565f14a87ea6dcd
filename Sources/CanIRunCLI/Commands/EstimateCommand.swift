import ArgumentParser
import CanIRunCore
import Foundation

/// llama.cpp run settings as flags, shared by the commands that estimate memory.
struct RunOptions: ParsableArguments {
    @Option(
        name: [.customShort("c"), .customLong("context")],
        help: "Context length (default: the model's own, as llama.cpp's -c 0).")
    var context: Int?

    @Option(name: [.customShort("b"), .customLong("batch")], help: "Logical batch size (llama.cpp -b).")
    var batch: Int = 2048

    @Option(name: .customLong("ubatch"), help: "Physical batch size (llama.cpp -ub).")
    var ubatch: Int = 512

    @Option(name: .customLong("parallel"), help: "Parallel sequences (llama.cpp -np).")
    var parallel: Int = 1

    @Flag(name: .customLong("kv-unified"), help: "One KV cache shared by all sequences (llama.cpp -kvu).")
    var kvUnified = false

    @Option(name: .customLong("flash-attention"), help: "on, off or auto (llama.cpp -fa).")
    var flashAttention: String = "auto"

    @Option(
        name: .customLong("cache-type-k"), help: "K cache type: f16, f32, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0, q5_1.")
    var cacheTypeK: String = "f16"

    @Option(name: .customLong("cache-type-v"), help: "V cache type (quantized types need flash attention).")
    var cacheTypeV: String = "f16"

    @Option(
        name: .customLong("gpu-layers"), help: "Layers on the GPU(s), counting the output layer, or 'auto' to plan.")
    var gpuLayers: String = "auto"

    @Flag(name: .customLong("cpu-moe"), help: "Keep every MoE expert tensor in system RAM.")
    var cpuMoE = false

    @Option(name: .customLong("n-cpu-moe"), help: "Keep the MoE experts of the first N layers in system RAM.")
    var nCPUMoE: Int = 0

    @Flag(name: .customLong("no-mmap"), help: "Copy the weights into RAM instead of mapping the file.")
    var noMmap = false

    @Flag(name: .customLong("no-kv-offload"), help: "Keep the KV cache in system RAM (llama.cpp -nkvo).")
    var noKVOffload = false

    @Flag(name: .customLong("swa-full"), help: "Full-size cache for sliding-window layers.")
    var swaFull = false

    @Flag(name: .customLong("no-repack"), help: "Keep CPU weights as stored (llama.cpp -nr).")
    var noRepack = false

    @Option(name: .customLong("tensor-split"), help: "Share of layers per GPU, e.g. 3,1 (llama.cpp -ts).")
    var tensorSplit: String?

    @Option(
        name: .customLong("mmproj"), help: "A multimodal projector GGUF loaded with the model (llama.cpp --mmproj).")
    var mmproj: String?

    func validate() throws {
        if let context, context < 0 { throw ValidationError("--context must be 0 or more.") }
        if ubatch > batch { throw ValidationError("--ubatch (\(ubatch)) cannot be larger than --batch (\(batch)).") }
        if ubatch < 1 || batch < 1 { throw ValidationError("--batch and --ubatch must be at least 1.") }
        if parallel < 1 || parallel > 256 { throw ValidationError("--parallel must be between 1 and 256.") }
        if FlashAttentionSetting(rawValue: flashAttention) == nil {
            throw ValidationError("--flash-attention must be on, off or auto.")
        }
        for (flag, value) in [("--cache-type-k", cacheTypeK), ("--cache-type-v", cacheTypeV)] {
            guard let type = GGMLType.named(value), RunSettings.allowedCacheTypes.contains(type) else {
                throw ValidationError(
                    "\(flag) '\(value)' is not a cache type; use f16, f32, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0 or q5_1."
                )
            }
        }
        if gpuLayers != "auto", gpuLayers != "all", Int(gpuLayers).map({ $0 < 0 }) ?? true {
            throw ValidationError("--gpu-layers must be a number of layers, 'all' or 'auto'.")
        }
        if nCPUMoE < 0 { throw ValidationError("--n-cpu-moe must be 0 or more.") }
        if let tensorSplit, parsedTensorSplit == nil {
            throw ValidationError(
                "--tensor-split '\(tensorSplit)' must be non-negative numbers separated by commas, e.g. 3,1.")
        }
    }

    var settings: RunSettings {
        RunSettings(
            contextLength: context == 0 ? nil : context, batchSize: batch, microBatchSize: ubatch,
            parallelSequences: parallel, unifiedKV: kvUnified,
            flashAttention: FlashAttentionSetting(rawValue: flashAttention) ?? .auto,
            cacheTypeK: GGMLType.named(cacheTypeK) ?? .f16, cacheTypeV: GGMLType.named(cacheTypeV) ?? .f16,
            gpuLayers: Int(gpuLayers), cpuMoE: cpuMoE, cpuMoELayers: nCPUMoE, mmap: !noMmap,
            kvOffload: !noKVOffload, swaFull: swaFull, repack: !noRepack, tensorSplit: parsedTensorSplit)
    }

    var plansPlacement: Bool { gpuLayers == "auto" }

    var parsedTensorSplit: [Double]? {
        guard let tensorSplit else { return nil }
        let values = tensorSplit.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
        let numbers = values.compactMap { $0 }
        return numbers.reduce(0, +) > 0 ? numbers : nil
    }
}

extension CanIRun {
    struct Estimate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "estimate",
            abstract: "Compute the memory llama.cpp will allocate for a model, on the host and on each GPU.",
            discussion: """
                Follows llama.cpp b11434's allocation rules: weights per buffer (mapped, repacked, offloaded), KV \
                cache per layer kind (full, sliding window, MLA, recurrent), compute and output buffers. Defaults \
                are llama.cpp's: the model's training context, batch 2048, ubatch 512, flash attention auto, f16 \
                cache, all layers on the GPU (--gpu-layers auto plans layers and context for this machine).

                Examples:
                  canirun estimate model.gguf
                  canirun estimate model.gguf --context 8192 --cache-type-k q8_0 --cache-type-v q8_0
                  canirun estimate model.gguf --gpu "RTX 4060" --gpu-layers 20
                  canirun estimate model.gguf --gpu none --json
                  canirun estimate unsloth/Qwen3-8B-GGUF:Q4_K_M -c 32768
                  canirun estimate qwen3:8b --gpu "RTX 3060"

                MODEL takes the same forms as in `canirun inspect` (local files, Hugging Face, Ollama).
                """)

        @Argument(help: "A GGUF file, a safetensors folder, hf:org/repo[:QUANT] or an Ollama name:tag.")
        var model: String

        @OptionGroup var remote: RemoteOptions

        @OptionGroup var run: RunOptions
        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let loaded: LoadedModel
            do {
                loaded = try await ModelSource.load(model, offline: remote.offline, verbose: remote.verbose)
            } catch {
                throw failure("\(error.localizedDescription)", code: ExitCodes.unreadable)
            }
            let spec = loaded.spec
            let machine = try await hardware.resolveMachineIncludingOllama()
            let settings = run.settings
            var projector: ModelSpec?
            if let mmproj = run.mmproj {
                do {
                    projector = try await ModelSource.load(mmproj, offline: remote.offline, verbose: remote.verbose)
                        .spec
                } catch {
                    throw failure("--mmproj: \(error.localizedDescription)", code: ExitCodes.unreadable)
                }
            }
            var report: EstimateReport
            do {
                report = try EstimateReport.make(
                    model: spec, path: loaded.location, settings: settings, machine: machine,
                    planPlacement: run.plansPlacement, projector: projector)
            } catch let error as EstimateError {
                throw ValidationError(error.localizedDescription)
            }
            report.notes += loaded.notes
            try Self.write(report, output: output)
        }

        /// The report as text or JSON; exits with `doesNotFit` when it does not fit. Shared with `check`'s
        /// single-file answer.
        static func write(_ report: EstimateReport, output: OutputOptions) throws {
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                EstimateRenderer(style: .automatic(noColorFlag: output.noColor)).render(report, to: sink)
            }
            if report.verdict == .none { throw ExitCode(ExitCodes.doesNotFit) }
        }
    }
}
