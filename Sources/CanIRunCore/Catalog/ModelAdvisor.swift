import Foundation

/// One quantization of a model judged against a machine.
public struct QuantizationVerdict: Codable, Sendable, Equatable {
    /// llama.cpp file type, e.g. `Q4_K_M`.
    public var name: String
    /// Predicted GGUF file size (llama-quantize's recipe applied to the model's tensors).
    public var fileBytes: Int64
    public var bitsPerWeight: Double
    /// `gpu`, `partial`, `cpu` or `none`.
    public var fit: FitVerdict
    public var gpuLayers: Int
    public var totalLayers: Int
    /// MoE: layers whose routed experts stay in system RAM.
    public var cpuMoELayers: Int
    /// The largest context that fits, up to the model's maximum (0 when it does not fit).
    public var maxContext: Int
    /// The memory at `maxContext` (as `canirun estimate` reports it).
    public var memory: MemoryBreakdown
    /// Usable bytes left, host first then each GPU.
    public var headroomBytes: [Int64]
    public var recommended: Bool
    /// Real files of this type are made with an importance matrix (IQ1/IQ2/IQ3_XXS ...).
    public var requiresImportanceMatrix: Bool
    /// llama.cpp flags for this placement.
    public var llamaCppArguments: [String]
    /// Commands to run this quantization (when it fits).
    public var commands: RunCommands?
    /// Decode and prefill speed of this placement (when it fits).
    public var speed: SpeedEstimate?
}

/// Exact commands to run a model with the tools people use.
public struct RunCommands: Codable, Sendable, Equatable {
    public var ollama: String?
    public var llamaCpp: String
    public var lmStudio: String?
    /// Apple Silicon only.
    public var mlx: String?
    /// Datacenter-class NVIDIA GPUs only.
    public var vllm: String?
}

/// `canirun check`: every common quantization of a catalog model against a machine.
public struct CheckReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public struct Model: Codable, Sendable, Equatable {
        public var id: String
        public var displayName: String
        public var family: String
        public var architecture: String
        public var parameters: UInt64?
        public var activeParameters: UInt64?
        public var contextLength: Int
        public var license: String?
        public var useCases: [String]
        public var huggingFace: String?
        public var ggufRepository: String?
    }

    public var schemaVersion: Int
    public var model: Model
    public var quantizations: [QuantizationVerdict]
    public var recommended: String?
    /// Why, in English words (`reasonCode` says the same as data, for other languages).
    public var reason: String
    public var commands: RunCommands?
    public var notes: [String]
    /// Why, as data: which rule chose the recommendation and the numbers its sentence needs.
    public var reasonCode: RecommendationReason? = nil
}

/// Which rule of `ModelAdvisor.recommend` chose a quantization (or found none), with the numbers its sentence
/// needs, so a front end can word the reason in any language. `reason` keeps the English sentence.
public struct RecommendationReason: Codable, Sendable, Equatable {
    public enum Rule: String, Codable, Sendable {
        /// The best quality that decodes at reading speed or faster with the preferred context.
        case readingSpeed
        /// None decodes at reading speed: the usual balance of quality and size (Q4_K_M, then smaller) that fits
        /// entirely on the GPU (or in RAM without one) with the preferred context.
        case fullFit
        /// Nothing fits fully: the best quality that runs at all.
        case fallback
        /// Not even the smallest quantization fits.
        case noFit
    }

    public var rule: Rule
    /// Where the chosen quantization runs (nil for `noFit`).
    public var fit: FitVerdict?
    /// Decode speed of the choice, for `readingSpeed`.
    public var tokensPerSecond: Double?
    /// The context the rule asked for, for `readingSpeed` and `fullFit`.
    public var contextTokens: Int?

    public init(rule: Rule, fit: FitVerdict? = nil, tokensPerSecond: Double? = nil, contextTokens: Int? = nil) {
        self.rule = rule
        self.fit = fit
        self.tokensPerSecond = tokensPerSecond
        self.contextTokens = contextTokens
    }
}

/// Judges catalog models against a machine: predicted files per quantization, fit, context, commands.
public struct ModelAdvisor: Sendable {
    /// The file types `check` lists, best quality first.
    public static let listedTypes: [QuantizationFileType] = [
        .f16, .q8_0, .q6_K, .q5_K_M, .q4_K_M, .q4_0, .iq4_XS, .q3_K_M, .q2_K,
    ]
    /// The order in which `recommend` picks: the first that fits entirely on the GPU (or in RAM without one)
    /// with at least `preferredContext` tokens wins. Q8_0 is the quality ceiling (F16 costs twice the memory
    /// for no measurable gain in chat use); Q4_K_M is where most people land.
    public static let preferenceOrder: [QuantizationFileType] = [
        .q8_0, .q6_K, .q5_K_M, .q4_K_M, .iq4_XS, .q3_K_M, .q2_K,
    ]
    /// The types the reading-speed rule may pick: 4 bits and up. Below that quality drops visibly, so a 3- or
    /// 2-bit file is chosen only when nothing larger fits (the other two rules), never to gain speed.
    public static let readingSpeedOrder: [QuantizationFileType] = [.q8_0, .q6_K, .q5_K_M, .q4_K_M, .iq4_XS]
    /// File types llama-quantize refuses to make without an importance matrix (`tools/quantize/quantize.cpp`).
    static let importanceMatrixTypes: Set<QuantizationFileType> = [.iq1_S, .iq1_M, .iq2_XXS, .iq2_XS, .iq2_S, .q2_K_S]

    /// When nothing fits entirely, partial offload or CPU runs are slow anyway: Q4_K_M first (the usual balance of
    /// size and quality), then smaller, then larger.
    public static let fallbackOrder: [QuantizationFileType] = [.q4_K_M, .iq4_XS, .q3_K_M, .q2_K, .q5_K_M, .q6_K, .q8_0]
    /// A context worth recommending: 8192 tokens, or the model's own if smaller.
    public static let preferredContext = 8192

    public var machine: HardwareSnapshot
    public var settings: RunSettings

    public init(machine: HardwareSnapshot, settings: RunSettings = RunSettings()) {
        self.machine = machine
        self.settings = settings
    }

    /// The model's tensor layout from its config.json. Decoder-based embedding models (Qwen3-Embedding) are
    /// published as the base model without `lm_head`, so the converter writes no `output.weight` and llama.cpp
    /// reuses `token_embd` (as for tied embeddings), whatever `tie_word_embeddings` says.
    public static func layout(for model: CatalogModel) throws -> LayoutHyperparameters {
        var layout = try LayoutHyperparameters(config: model.config.value)
        if model.useCases == ["embedding"] { layout.tiedEmbeddings = true }
        return layout
    }

    /// The model's layout and tensor facts, worked out once for predictions at several file types. `layout`: the
    /// model's `LayoutHyperparameters` when the caller has read them already.
    public static func prepare(_ model: CatalogModel, layout known: LayoutHyperparameters? = nil) throws
        -> PreparedPrediction
    {
        let layout: LayoutHyperparameters
        do {
            layout = try known ?? Self.layout(for: model)
        } catch {
            throw CatalogError.unsupportedArchitecture(model: model.id, architecture: model.architecture)
        }
        var extras = PredictionExtras(config: model.config.value)
        extras.name = model.displayName
        return try PreparedPrediction(layout: layout, extras: extras)
    }

    /// The model's tensors as the converter and llama-quantize would write them for a file type.
    public static func predictedSpec(_ model: CatalogModel, fileType: QuantizationFileType) throws -> ModelSpec {
        try ModelSpec.predicted(prepared: prepare(model), recipe: QuantizationRecipe(fileType: fileType))
    }

    public func verdict(_ model: CatalogModel, fileType: QuantizationFileType, prepared: PreparedPrediction? = nil)
        throws -> (QuantizationVerdict, ModelSpec)
    {
        let spec = try ModelSpec.predicted(
            prepared: prepared ?? Self.prepare(model), recipe: QuantizationRecipe(fileType: fileType))
        let placement = try PlacementPlanner().plan(model: spec, settings: settings, machine: machine)
        let fits = placement.verdict != .none
        let verdict = QuantizationVerdict(
            name: fileType.rawValue, fileBytes: Int64(spec.fileBytes),
            bitsPerWeight: (spec.bitsPerWeight * 100).rounded() / 100, fit: placement.verdict,
            gpuLayers: placement.gpuLayers, totalLayers: placement.totalLayers, cpuMoELayers: placement.cpuMoELayers,
            maxContext: fits ? placement.contextLength : 0, memory: placement.estimate.memory,
            headroomBytes: placement.headroomBytes, recommended: false,
            requiresImportanceMatrix: Self.importanceMatrixTypes.contains(fileType),
            llamaCppArguments: placement.llamaCppArguments, commands: nil,
            speed: fits ? PlacementSpeed.speed(model: spec, memory: placement.estimate, machine: machine) : nil)
        return (verdict, spec)
    }

    /// The recommended choice among verdicts: the first of `readingSpeedOrder` that runs at reading speed with at
    /// least the preferred context; else the first in fallback order (Q4_K_M, then smaller) that runs fully on the
    /// GPU (or from RAM on a machine without one) with it; else the first in fallback order that fits at all.
    /// Decode speed worth reading along with: about 10 tokens per second.
    public static let readingSpeed = 10.0

    public static func recommend(_ verdicts: [QuantizationVerdict], modelContext: Int, hasGPU: Bool) -> (
        String?, String
    ) {
        let (name, reason) = recommendation(verdicts, modelContext: modelContext, hasGPU: hasGPU)
        return (name, reason.english(hasGPU: hasGPU))
    }

    /// `recommend`'s choice with its reason as data.
    public static func recommendation(_ verdicts: [QuantizationVerdict], modelContext: Int, hasGPU: Bool) -> (
        String?, RecommendationReason
    ) {
        let wanted = min(preferredContext, modelContext)
        let byName = Dictionary(verdicts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let full: FitVerdict = hasGPU ? .gpu : .cpu
        // Quality first among those fast enough to read along: a MoE with its experts in RAM often qualifies.
        for type in readingSpeedOrder {
            if let verdict = byName[type.rawValue], verdict.fit != .none, verdict.maxContext >= wanted,
                let decode = verdict.speed?.decodeTokensPerSecond, decode >= readingSpeed
            {
                return (
                    type.rawValue,
                    RecommendationReason(
                        rule: .readingSpeed, fit: verdict.fit, tokensPerSecond: decode, contextTokens: wanted)
                )
            }
        }
        // None reads along: a smaller file decodes faster, so the usual balance (Q4_K_M) comes first, then smaller.
        for type in fallbackOrder {
            if let verdict = byName[type.rawValue], verdict.fit == full, verdict.maxContext >= wanted {
                return (type.rawValue, RecommendationReason(rule: .fullFit, fit: verdict.fit, contextTokens: wanted))
            }
        }
        for type in fallbackOrder {
            if let verdict = byName[type.rawValue], verdict.fit != .none, verdict.maxContext >= min(4096, modelContext)
            {
                return (type.rawValue, RecommendationReason(rule: .fallback, fit: verdict.fit))
            }
        }
        return (nil, RecommendationReason(rule: .noFit))
    }

    public func check(_ model: CatalogModel, ollamaTag: String? = nil) throws -> CheckReport {
        var verdicts: [QuantizationVerdict] = []
        var notes: [String] = []
        let prepared = try Self.prepare(model)
        for type in Self.listedTypes {
            do {
                verdicts.append(try verdict(model, fileType: type, prepared: prepared).0)
            } catch let error as QuantizationError {
                notes.append("\(type.rawValue): \(error)")
            }
        }
        let (recommended, reasonCode) = Self.recommendation(
            verdicts, modelContext: model.contextLength, hasGPU: !machine.gpus.isEmpty)
        let reason = reasonCode.english(hasGPU: !machine.gpus.isEmpty)
        for index in verdicts.indices {
            if verdicts[index].name == recommended { verdicts[index].recommended = true }
            if verdicts[index].fit != .none {
                verdicts[index].commands = commands(model: model, verdict: verdicts[index], ollamaTag: ollamaTag)
            }
        }
        let chosen = verdicts.first { $0.recommended }
        if model.configRebuilt {
            notes.append("architecture facts rebuilt from the model card, not copied from config.json")
        }
        notes.append("file sizes are predicted with llama-quantize's recipe (llama.cpp b11434), before download")
        return CheckReport(
            schemaVersion: CheckReport.currentSchemaVersion,
            model: CheckReport.Model(
                id: model.id, displayName: model.displayName, family: model.family, architecture: model.architecture,
                parameters: model.parameters, activeParameters: model.activeParameters,
                contextLength: model.contextLength, license: model.license, useCases: model.useCases,
                huggingFace: model.huggingFaceRepository, ggufRepository: model.huggingFaceGGUFRepository),
            quantizations: verdicts, recommended: recommended, reason: reason,
            commands: chosen.map { commands(model: model, verdict: $0, ollamaTag: ollamaTag) }, notes: notes,
            reasonCode: reasonCode)
    }

    /// Commands for Ollama, llama.cpp, LM Studio, MLX (Apple Silicon) and vLLM (datacenter NVIDIA GPUs).
    public func commands(model: CatalogModel, verdict: QuantizationVerdict, ollamaTag: String?) -> RunCommands {
        let context = verdict.maxContext
        var llama = "llama-server"
        if let repository = model.huggingFaceGGUFRepository {
            llama += " -hf \(repository):\(verdict.name)"
        } else {
            llama += " -m \(model.id)-\(verdict.name).gguf"
        }
        llama += " " + verdict.llamaCppArguments.joined(separator: " ")
        // An embedding model serves vectors, not text: llama-server's `--embedding` (common/arg.cpp in b11434)
        // turns on the /v1/embeddings endpoint and Ollama's /api/embed answers instead of `ollama run`.
        let embedding = model.useCases == ["embedding"]
        if embedding { llama += " --embedding" }

        var ollama: String?
        let tag =
            ollamaTag ?? model.ollama.first { ($0.quantization ?? "").uppercased() == verdict.name }?.tag
            ?? model.ollama.first?.tag
        if let tag, embedding {
            ollama =
                "ollama pull \(tag)   then: curl http://localhost:11434/api/embed -d '{\"model\": \"\(tag)\", "
                + "\"input\": \"text to embed\"}'"
        } else if let tag {
            var command = "ollama run \(tag)"
            // Ollama's own default context is 4096 below 24 GiB of VRAM (docs/context-length.mdx); say what fits.
            var parameters: [String] = []
            if context != 4096 { parameters.append("/set parameter num_ctx \(min(context, 32768))") }
            if verdict.fit == .partial { parameters.append("/set parameter num_gpu \(verdict.gpuLayers)") }
            if !parameters.isEmpty { command += "   then in the chat: " + parameters.joined(separator: "; ") }
            ollama = command
        }
        var lmStudio: String?
        if let repository = model.huggingFaceGGUFRepository {
            var command = "lms get \(repository)@\(verdict.name.lowercased()) && lms load \(repository)"
            command += " --context-length \(min(context, 32768))"
            if verdict.fit == .gpu {
                command += " --gpu max"
            } else if verdict.fit == .partial {
                command +=
                    " --gpu \(formatFixed(Double(verdict.gpuLayers) / Double(max(1, verdict.totalLayers)), fractionDigits: 2))"
            } else {
                command += " --gpu off"
            }
            lmStudio = command
        }
        var mlx: String?
        if machine.gpus.contains(where: { $0.vendor == .apple }), let repository = model.huggingFaceRepository {
            let bits = verdict.bitsPerWeight > 6 ? 8 : 4
            let name = repository.split(separator: "/").last.map(String.init) ?? repository
            mlx = "mlx_lm.generate --model mlx-community/\(name)-\(bits)bit --prompt \"Hello\""
        }
        var vllm: String?
        let datacenter = machine.gpus.contains { gpu in
            gpu.vendor == .nvidia && (GPUDatabase.embedded.entry(id: gpu.databaseID ?? "")?.formFactor == "datacenter")
        }
        if datacenter, let repository = model.huggingFaceRepository {
            var command =
                "vllm serve \(repository) --max-model-len \(min(context, model.contextLength)) --gpu-memory-utilization 0.90"
            if machine.gpus.count > 1 { command += " --tensor-parallel-size \(machine.gpus.count)" }
            // vLLM 0.10 and later (docs.vllm.ai, "Pooling Models"): the pooling runner, converted to embeddings.
            if embedding { command += " --runner pooling --convert embed" }
            vllm = command
        }
        return RunCommands(ollama: ollama, llamaCpp: llama, lmStudio: lmStudio, mlx: mlx, vllm: vllm)
    }
}

extension RecommendationReason {
    /// The reason in English, as `CheckReport.reason` has always carried it.
    public func english(hasGPU: Bool) -> String {
        switch rule {
        case .readingSpeed:
            let place: String
            switch fit {
            case .gpu: place = "entirely on the GPU"
            case .partial: place = "with part of it in RAM"
            default: place = "in RAM"
            }
            return "the highest-quality quantization that runs \(place) at reading speed or faster (about "
                + "\(formatFixed(tokensPerSecond ?? 0, fractionDigits: 0)) tokens/s) with at least "
                + "\(contextTokens ?? 0) tokens of context"
        case .fullFit:
            let place = hasGPU ? "entirely on the GPU" : "in RAM"
            return "none reaches reading speed (10 tokens/s) here, and smaller files decode faster: the usual "
                + "balance of quality and size that runs \(place) with at least \(contextTokens ?? 0) tokens of context"
        case .fallback:
            let how = fit == .partial ? "with part of the model on the CPU (slower)" : "on the CPU"
            return "nothing fits entirely on the GPU; this is the highest-quality quantization that runs \(how)"
        case .noFit:
            return "no quantization fits this machine, not even Q2_K at a 4096-token context"
        }
    }
}
