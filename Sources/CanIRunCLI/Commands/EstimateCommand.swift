import ArgumentParser
import CanIRunCore
import Foundation

/// llama.cpp run settings as flags, shared by the commands that estimate memory. Each also answers to llama.cpp's
/// own short spelling (`-ngl`, `-fa`, `-ctk`, `-ctv`, `-ub`, `-np`, `-kvu`, `-cmoe`, `-ncmoe`, `-nkvo`, `-nr`, `-ts`;
/// `common/arg.cpp` of b11434), so a llama.cpp command line can be pasted.
struct RunOptions: ParsableArguments {
    @Option(
        name: [.customShort("c"), .customLong("context")],
        help: ArgumentHelp(HelpMessage.contextOption.text(.current)))
    var context: Int?

    @Option(
        name: [.customShort("b"), .customLong("batch")], help: ArgumentHelp(HelpMessage.batchOption.text(.current)))
    var batch: Int = 2048

    @Option(
        name: [.customLong("ubatch"), .customLong("ub", withSingleDash: true), .customLong("ubatch-size")],
        help: ArgumentHelp(HelpMessage.ubatchOption.text(.current)))
    var ubatch: Int = 512

    @Option(
        name: [.customLong("parallel"), .customLong("np", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.parallelOption.text(.current)))
    var parallel: Int = 1

    @Flag(
        name: [.customLong("kv-unified"), .customLong("kvu", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.kvUnifiedFlag.text(.current)))
    var kvUnified = false

    @Option(
        name: [.customLong("flash-attention"), .customLong("fa", withSingleDash: true), .customLong("flash-attn")],
        help: ArgumentHelp(HelpMessage.flashAttentionOption.text(.current)))
    var flashAttention: String = "auto"

    @Option(
        name: [.customLong("cache-type-k"), .customLong("ctk", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.cacheTypeKOption.text(.current)))
    var cacheTypeK: String = "f16"

    @Option(
        name: [.customLong("cache-type-v"), .customLong("ctv", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.cacheTypeVOption.text(.current)))
    var cacheTypeV: String = "f16"

    @Option(
        name: [.customLong("gpu-layers"), .customLong("ngl", withSingleDash: true), .customLong("n-gpu-layers")],
        help: ArgumentHelp(HelpMessage.gpuLayersOption.text(.current)))
    var gpuLayers: String = "auto"

    @Flag(
        name: [.customLong("cpu-moe"), .customLong("cmoe", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.cpuMoEFlag.text(.current)))
    var cpuMoE = false

    @Option(
        name: [.customLong("n-cpu-moe"), .customLong("ncmoe", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.nCPUMoEOption.text(.current)))
    var nCPUMoE: Int = 0

    @Flag(name: .customLong("no-mmap"), help: ArgumentHelp(HelpMessage.noMmapFlag.text(.current)))
    var noMmap = false

    @Flag(
        name: [.customLong("no-kv-offload"), .customLong("nkvo", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.noKVOffloadFlag.text(.current)))
    var noKVOffload = false

    @Flag(name: .customLong("swa-full"), help: ArgumentHelp(HelpMessage.swaFullFlag.text(.current)))
    var swaFull = false

    @Flag(
        name: [.customLong("no-repack"), .customLong("nr", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.noRepackFlag.text(.current)))
    var noRepack = false

    @Option(
        name: [.customLong("tensor-split"), .customLong("ts", withSingleDash: true)],
        help: ArgumentHelp(HelpMessage.tensorSplitOption.text(.current)))
    var tensorSplit: String?

    @Option(
        name: .customLong("mmproj"), help: ArgumentHelp(HelpMessage.mmprojOption.text(.current)))
    var mmproj: String?

    func validate() throws {
        if let context, context < 0 { throw ValidationError(ErrorMessage.badContext.text(.current)) }
        if ubatch > batch {
            throw ValidationError(
                ErrorMessage.ubatchOverBatch.text(.current, ["ubatch": "\(ubatch)", "batch": "\(batch)"]))
        }
        if ubatch < 1 || batch < 1 { throw ValidationError(ErrorMessage.batchTooSmall.text(.current)) }
        if parallel < 1 || parallel > 256 { throw ValidationError(ErrorMessage.badParallel.text(.current)) }
        if FlashAttentionSetting(rawValue: flashAttention) == nil {
            throw ValidationError(ErrorMessage.badFlashAttention.text(.current))
        }
        for (flag, value) in [("--cache-type-k", cacheTypeK), ("--cache-type-v", cacheTypeV)] {
            guard let type = GGMLType.named(value), RunSettings.allowedCacheTypes.contains(type) else {
                throw ValidationError(ErrorMessage.badCacheType.text(.current, ["flag": flag, "value": value]))
            }
        }
        if gpuLayers != "auto", gpuLayers != "all", Int(gpuLayers).map({ $0 < 0 }) ?? true {
            throw ValidationError(ErrorMessage.badGPULayers.text(.current))
        }
        if nCPUMoE < 0 { throw ValidationError(ErrorMessage.badNCPUMoE.text(.current)) }
        if let tensorSplit, parsedTensorSplit == nil {
            throw ValidationError(ErrorMessage.badTensorSplit.text(.current, ["value": tensorSplit]))
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
            abstract: HelpMessage.estimateAbstract.text(.current),
            discussion: HelpMessage.estimateDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.estimateModelArgument.text(.current)))
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
                throw failure(FailureMessage.describe(error, language: output.language), code: ExitCodes.unreadable)
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
                    throw failure(
                        "--mmproj: " + FailureMessage.describe(error, language: output.language),
                        code: ExitCodes.unreadable)
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
                EstimateRenderer(style: .automatic(noColorFlag: output.noColor), language: output.language).render(
                    report, to: sink)
            }
            if report.verdict == .none { throw ExitCode(ExitCodes.doesNotFit) }
        }
    }
}
