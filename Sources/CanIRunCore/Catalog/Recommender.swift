import Foundation

/// One ranked model in `canirun recommend`.
public struct Recommendation: Codable, Sendable, Equatable {
    public var rank: Int
    public var id: String
    public var displayName: String
    public var family: String
    public var parameters: UInt64?
    public var activeParameters: UInt64?
    public var useCases: [String]
    public var quantization: String
    public var fileBytes: Int64
    public var fit: FitVerdict
    public var gpuLayers: Int
    public var totalLayers: Int
    public var maxContext: Int
    public var memoryBytes: Int64
    public var speed: SpeedEstimate?
    public var score: Double
    public var command: String
}

/// `canirun recommend`: the best models for a machine, one row per model at its best quantization.
public struct RecommendReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var machine: HardwareSnapshot
    public var useCase: String?
    public var models: [Recommendation]
    /// How the score is made, in words.
    public var scoring: String
    public var notes: [String]
}

/// Ranks the catalog for a machine.
///
/// Score = size + generation + quantization + fit + context, all documented constants of canirun's (not measured
/// quality): size `25 × log10(10 × B)` with B the parameter count in billions (for MoE the geometric mean of total
/// and active), generation +10 for 2025 families and +5 for 2024 ones, quantization 0 (Q8_0) to −18 (Q2_K),
/// fit +10 entirely on the GPU, 0 from RAM on a machine without GPU, −20 to 0 for partial offload by the share of
/// layers on the GPU, context up to +5 at 32k tokens, speed from +10 (40 tok/s or more) through 0 (10 tok/s, about
/// reading speed) down to −50 (under 0.6 tok/s), steeper below reading speed so that a big model crawling at 1 tok/s
/// does not outrank a smaller one that can be read along with.
public struct Recommender: Sendable {
    public var advisor: ModelAdvisor
    public var catalog: ModelCatalog
    /// `PlacementSpeed.fastestWeightReadRate`, `hostWeightReadRate` and `gpuWeightCapacity` of the machine,
    /// worked out once.
    let fastestReadRate: Double
    let hostReadRate: Double
    let gpuCapacity: Double

    public init(machine: HardwareSnapshot, catalog: ModelCatalog = .embedded) {
        advisor = ModelAdvisor(machine: machine)
        self.catalog = catalog
        fastestReadRate = PlacementSpeed.fastestWeightReadRate(machine: machine)
        hostReadRate = PlacementSpeed.hostWeightReadRate(machine: machine)
        gpuCapacity = Self.gpuWeightCapacity(machine)
    }

    static let quantizationPenalty: [String: Double] = [
        "Q8_0": 0, "Q6_K": -1, "Q5_K_M": -2, "Q4_K_M": -4, "IQ4_XS": -5, "Q3_K_M": -10, "Q2_K": -18,
    ]

    /// Release year of a family, for the generation term (families released over several years take the year of
    /// the versions in the catalog).
    static func generationYear(_ model: CatalogModel) -> Int? {
        if let released = model.released, let year = Int(released.prefix(4)) { return year }
        let family = model.family.lowercased()
        let table: [(String, Int)] = [
            ("qwen3", 2025), ("gemma-3", 2025), ("gemma3", 2025), ("gemma-4", 2026), ("llama-4", 2025),
            ("gpt-oss", 2025), ("deepseek-r1", 2025), ("phi-4", 2025), ("smollm3", 2025), ("granite-4", 2025),
            ("glm-4.5", 2025), ("glm-5", 2026), ("kimi", 2025), ("minimax", 2025), ("magistral", 2025),
            ("devstral", 2025), ("mistral-small", 2025), ("falcon-h1", 2025), ("lfm2", 2025), ("olmo-2", 2025),
            ("exaone-4", 2025), ("qwen2.5", 2024), ("llama-3.3", 2024), ("llama-3.2", 2024), ("llama-3.1", 2024),
            ("gemma-2", 2024), ("phi-3.5", 2024), ("mistral-nemo", 2024), ("command-r", 2024), ("smollm2", 2024),
            ("granite-3", 2024), ("hermes", 2024), ("falcon-3", 2024), ("deepseek-v3", 2024), ("olmoe", 2024),
        ]
        return table.first { family.hasPrefix($0.0) }?.1
    }

    /// Speed: 5 × log2(decode tok/s ÷ 10) at reading speed or faster, up to +10 (40 tok/s or more); below it
    /// 12 × log2(decode ÷ 10): −12 at 5 tok/s, −24 at 2.5, −36 at 1.25, at most −50. 10 tok/s, about reading speed,
    /// scores 0. canirun's own constants (a judgement of usefulness, not a measurement). Increasing in the speed, so
    /// a bound on the speed bounds the term.
    static func speedTerm(_ decode: Double?) -> Double {
        guard let decode, decode > 0 else { return 0 }
        let octaves = log2(decode / ModelAdvisor.readingSpeed)
        return octaves >= 0 ? min(10, 5 * octaves) : max(-50, 12 * octaves)
    }

    /// The fewest bits per weight each file type stores in its main tensors (the ggml block sizes of its base type:
    /// Q8_0 34 bytes per 32 weights, Q6_K 210/256, Q5_K 176/256, Q4_K 144/256, IQ4_XS 136/256, Q3_K 110/256,
    /// Q2_K 84/256); llama-quantize's mixes only raise some tensors above it. A floor on a file's bytes.
    static let minimumBitsPerWeight: [QuantizationFileType: Double] = [
        .q8_0: 8.5, .q6_K: 6.5625, .q5_K_M: 5.5, .q4_K_M: 4.5, .iq4_XS: 4.25, .q3_K_M: 3.4375, .q2_K: 2.625,
    ]

    /// Parameters a token reads, split the way a speed bound needs them: `dense` (attention, shared experts, norms
    /// and the output layer: read whole for every token) and `experts` (routed experts, of which `usedFraction`
    /// is read per token). Catalog parameter counts can include what the GGUF of the text model leaves out: a
    /// tied output matrix counted twice (Qwen3 1.7B's 2.03 B against 1.72 B in its GGUF) and vision towers (about
    /// 10 % of Gemma 3 4B), so one vocabulary × width matrix is always left out and 12 % more is spared.
    /// Without the expert counts `usedFraction` is 0 and `dense` the active parameters, a looser bound.
    struct ReadParameters {
        var dense: Double
        var experts: Double
        var usedFraction: Double
        /// Cache bytes a token reads at the context speeds are quoted for: `PlacementSpeed.referenceContext` (4096)
        /// tokens, or the model's own if smaller (no recommended context is smaller), for plain models only.
        var cacheBytes: Double = 0
        /// Bits per weight of tensors the source already stores quantized, which every file type keeps (gpt-oss:
        /// MXFP4, 17 bytes per 32 weights): no file type stores them in more.
        var storedBitsPerWeight: Double? = nil
    }

    static func readParameters(_ model: CatalogModel) -> ReadParameters {
        let config = (model.config.value["text_config"] as? [String: Any]) ?? model.config.value
        func number(_ keys: String...) -> Double? {
            keys.lazy.compactMap { (config[$0] as? NSNumber)?.doubleValue }.first
        }
        let vocabulary = number("vocab_size") ?? 0
        let width = number("hidden_size") ?? 0
        let embedding = vocabulary * width
        let total = Double(model.parameters ?? 0) * 0.88
        let active = Double(model.activeParameters ?? model.parameters ?? 0) * 0.88
        let cache =
            plainCacheBytesPerToken(model) * Double(min(PlacementSpeed.referenceContext, model.contextLength))
        let stored: Double? = model.architecture == "gpt-oss" ? 4.25 : nil
        var used = 0.0
        if let count = number("num_local_experts", "num_experts", "n_routed_experts"), count > 0,
            let perToken = number("num_experts_per_tok", "num_experts_per_token", "experts_per_token"), perToken < count
        {
            used = perToken / count
        }
        guard active < total else {
            // An MoE whose active count the catalog does not state: count every parameter as a routed expert,
            // of which a token reads `used`, which reads no more than the real split does.
            if used > 0 {
                return ReadParameters(
                    dense: 0, experts: total, usedFraction: used, cacheBytes: cache, storedBitsPerWeight: stored)
            }
            return ReadParameters(
                dense: max(0, total - embedding), experts: 0, usedFraction: 1, cacheBytes: cache,
                storedBitsPerWeight: stored)
        }
        let experts = min(total, (total - active) / (1 - used))
        return ReadParameters(
            dense: max(0, total - experts - embedding), experts: experts, usedFraction: used, cacheBytes: cache,
            storedBitsPerWeight: stored)
    }

    /// Bytes of weights the GPUs can hold at most: their usable memory less each device's context overhead (the
    /// estimator's per-backend constant), a unified GPU no more than RAM.
    static func gpuWeightCapacity(_ machine: HardwareSnapshot) -> Double {
        machine.gpus.reduce(0.0) { total, gpu in
            let usable = gpu.unifiedMemory ? min(gpu.usableBytes, machine.memory.usableBytes) : gpu.usableBytes
            return total + Double(max(0, usable - MemoryEstimator.contextBytes(for: gpu.backend)))
        }
    }

    /// A decode speed no placement of the model at this file type can beat, with 2 % to spare: every byte a token
    /// reads (weights at the type's fewest bits per weight, and a plain model's cache), the GPUs' share at the fastest device's rate and the rest at the
    /// CPU's. The GPUs' share is at most what they can hold, filled in the order that serves a token best: the
    /// dense weights first, then experts, of which a token reads `usedFraction`.
    func decodeSpeedBound(_ read: ReadParameters, _ type: QuantizationFileType) -> Double {
        let bytesPerWeight = min(Self.minimumBitsPerWeight[type] ?? 16, read.storedBitsPerWeight ?? 16) / 8
        let dense = read.dense * bytesPerWeight + read.cacheBytes
        let experts = read.experts * bytesPerWeight
        let perToken = dense + experts * read.usedFraction
        guard perToken > 0 else { return .infinity }
        guard !advisor.machine.gpus.isEmpty, hostReadRate > 0 else { return 1.02 * fastestReadRate / perToken }
        let capacity = gpuCapacity
        let onGPU = min(perToken, min(capacity, dense) + read.usedFraction * min(experts, max(0, capacity - dense)))
        return 1.02 / ((perToken - onGPU) / hostReadRate + onGPU / fastestReadRate)
    }

    /// The size and generation terms of the score.
    static func baseScore(_ model: CatalogModel) -> Double {
        let total = Double(model.parameters ?? 0) / 1e9
        let active = Double(model.activeParameters ?? model.parameters ?? 0) / 1e9
        let effective = total > 0 && active > 0 ? (total * active).squareRoot() : max(total, active)
        var score = 25 * log10(max(1, 10 * effective))
        switch generationYear(model) {
        case let year? where year >= 2025: score += 10
        case 2024?: score += 5
        default: break
        }
        return score
    }

    /// The highest score a model could reach, over the file types: the quantization term, the speed term at that
    /// type's speed bound, the fit term (+10 when the weights alone fit the GPUs, 0 when they fit only all memory
    /// together or when there is no GPU; partial offload scores at most 0) and a full 32k context. The real
    /// prediction later can only score lower, so models can be judged in the order of this bound.
    func upperBound(_ model: CatalogModel) -> Double {
        let parameters = Double(model.parameters ?? 0)
        let floor = Self.minimumOverheadBytes(model)
        let fullFit: Double = advisor.machine.gpus.isEmpty ? 0 : 10
        let read = Self.readParameters(model)
        var best = (Self.quantizationPenalty["Q4_K_M"] ?? 0) + Self.speedTerm(decodeSpeedBound(read, .q4_K_M))
        for type in ModelAdvisor.preferenceOrder {
            let needed = Self.leastWeightBytes(parameters, type, read) + floor
            guard needed <= allMemory * 1.03 else { continue }
            let fit = needed <= fullBudget * 1.03 ? fullFit : 0
            best = max(
                best,
                (Self.quantizationPenalty[type.rawValue] ?? 0) + fit + Self.speedTerm(decodeSpeedBound(read, type)))
        }
        // + 0.05: scores are rounded to one decimal.
        return Self.baseScore(model) + best + 5 + 0.05
    }

    /// System RAM and every dedicated GPU together: what a partial offload can fill.
    var allMemory: Double {
        Double(advisor.machine.memory.usableBytes) + Double(advisor.machine.dedicatedGPUUsableBytes)
    }

    /// Bytes every run of the model needs besides its weights, at the least: the process overhead, the logits of
    /// the 512-token reserve (`4 × vocabulary × 512`), and for plain full-attention models the f16 KV cache of
    /// 4096 tokens (the smallest context canirun recommends). Sliding-window, MLA and hybrid models count no KV,
    /// so this stays a lower bound and the score bound an upper bound.
    static func minimumOverheadBytes(_ model: CatalogModel) -> Double {
        let config = (model.config.value["text_config"] as? [String: Any]) ?? model.config.value
        var bytes = Double(MemoryEstimator.processOverheadBytes)
        if let vocabulary = (config["vocab_size"] as? NSNumber)?.doubleValue { bytes += 4 * vocabulary * 512 }
        return bytes + plainCacheBytesPerToken(model) * 4096
    }

    /// For a plain full-attention model (every layer caches K and V for every token: no sliding window, MLA or
    /// recurrent layers), the f16 cache bytes of one token, `2 × layers × KV heads × head size × 2`; 0 for the
    /// others, so that it stays a lower bound.
    static func plainCacheBytesPerToken(_ model: CatalogModel) -> Double {
        let config = (model.config.value["text_config"] as? [String: Any]) ?? model.config.value
        func int(_ key: String) -> Double? { (config[key] as? NSNumber)?.doubleValue }
        let plain = [
            "llama", "qwen2", "qwen3", "qwen3moe", "qwen2moe", "phi3", "glm4", "granite", "olmo2", "olmoe",
            "command-r", "starcoder2", "mistral3",
        ].contains(model.architecture)
        let windowed =
            config["sliding_window"] != nil && !(config["sliding_window"] is NSNull)
            && (config["use_sliding_window"] as? Bool) != false && model.architecture != "llama"
        guard plain && !windowed, let layers = int("num_hidden_layers"), let heads = int("num_attention_heads"),
            let hidden = int("hidden_size"), heads > 0
        else { return 0 }
        let kvHeads = int("num_key_value_heads") ?? heads
        let headDim = int("head_dim") ?? hidden / heads
        return 2 * layers * kvHeads * headDim * 2
    }

    static func score(_ model: CatalogModel, _ verdict: QuantizationVerdict) -> Double {
        var score = baseScore(model)
        score += quantizationPenalty[verdict.name] ?? -20
        switch verdict.fit {
        case .gpu: score += 10
        case .cpu: score += 0
        case .partial:
            // Each layer left on the CPU slows every token: from −20 (almost nothing offloaded) to 0.
            score += -20 + 20 * Double(verdict.gpuLayers) / Double(max(1, verdict.totalLayers))
        case .none: score -= 100
        }
        score += 5 * min(1, Double(verdict.maxContext) / 32768)
        score += speedTerm(verdict.speed?.decodeTokensPerSecond)
        return (score * 10).rounded() / 10
    }

    /// Fewer bytes than any file of the type can hold for a model of `parameters`: the type's fewest bits per
    /// weight (or the source's stored quantization when smaller), on 88 % of the catalog count (which can include
    /// vision towers or a doubled output matrix; see `ReadParameters`). Used by the score bound, before any tensor
    /// list is predicted.
    static func leastWeightBytes(_ parameters: Double, _ type: QuantizationFileType, _ read: ReadParameters) -> Double {
        0.88 * parameters * min(minimumBitsPerWeight[type] ?? 16, read.storedBitsPerWeight ?? 16) / 8
    }

    /// Bytes that can hold a whole model on the fastest pool: all GPUs (a unified GPU no more than RAM), or RAM.
    var fullBudget: Double {
        let machine = advisor.machine
        if machine.gpus.isEmpty { return Double(machine.memory.usableBytes) }
        return Double(
            machine.gpus.reduce(Int64(0)) { total, gpu in
                total + (gpu.unifiedMemory ? min(gpu.usableBytes, machine.memory.usableBytes) : gpu.usableBytes)
            })
    }

    /// The quantization `canirun check` would recommend for this model here, predicting as few file types as
    /// possible. `ModelAdvisor.recommend` picks, in its three stages: the first of `readingSpeedOrder` that
    /// runs at reading speed with the preferred context; else the first in fallback order that runs entirely on the
    /// fastest pool with it; else the first in fallback order that runs at all with 4096 tokens. Each stage here
    /// predicts only the types that stage could pick (weights that fit, a speed bound at reading speed or more) and
    /// stops at its first pick, so `recommend` over these verdicts picks what it would over all of them.
    func best(_ model: CatalogModel, layout: LayoutHyperparameters? = nil) -> QuantizationVerdict? {
        let full: FitVerdict = advisor.machine.gpus.isEmpty ? .cpu : .gpu
        let wanted = min(ModelAdvisor.preferredContext, model.contextLength)
        let parameters = Double(model.parameters ?? 0)
        let floor = Self.minimumOverheadBytes(model)
        guard let prepared = try? ModelAdvisor.prepare(model, layout: layout) else { return nil }
        let read = Self.readParameters(model)
        var verdicts: [QuantizationFileType: QuantizationVerdict] = [:]
        func verdict(_ type: QuantizationFileType) -> QuantizationVerdict? {
            if let known = verdicts[type] { return known }
            guard let (verdict, _) = try? advisor.verdict(model, fileType: type, prepared: prepared) else { return nil }
            verdicts[type] = verdict
            return verdict
        }
        // A floor on each file's weight bytes from the predicted tensor list itself: tensors the source stores
        // quantized keep their bytes; every other one takes at least the type's fewest bits per weight (norms stay
        // F32, tensors left unquantized stay F16/F32, mixes only raise types).
        var storedBytes = 0.0
        var otherElements = 0.0
        for tensor in prepared.tensors.tensors {
            if tensor.type.isQuantized, let bytes = tensor.type.byteCount(elements: tensor.elementCount) {
                storedBytes += Double(bytes)
            } else {
                otherElements += Double(tensor.elementCount)
            }
        }
        func fits(_ type: QuantizationFileType, within limit: Double) -> Bool {
            let least = storedBytes + otherElements * (Self.minimumBitsPerWeight[type] ?? 16) / 8
            return parameters <= 0 || least + floor <= limit * 1.03
        }
        let hasGPU = !advisor.machine.gpus.isEmpty
        func pick() -> QuantizationVerdict? {
            let listed = Array(verdicts.values)
            guard let name = ModelAdvisor.recommend(listed, modelContext: model.contextLength, hasGPU: hasGPU).0 else {
                return nil
            }
            return listed.first { $0.name == name }
        }
        // Stage 1: quality first among those that read along (a MoE with its experts in RAM often qualifies).
        for type in ModelAdvisor.readingSpeedOrder
        where fits(type, within: allMemory) && decodeSpeedBound(read, type) >= ModelAdvisor.readingSpeed {
            guard let candidate = verdict(type) else { continue }
            if candidate.fit != .none, candidate.maxContext >= wanted,
                (candidate.speed?.decodeTokensPerSecond ?? 0) >= ModelAdvisor.readingSpeed
            {
                return pick()
            }
        }
        // Stage 2: entirely on the fastest pool with the preferred context.
        for type in ModelAdvisor.fallbackOrder where fits(type, within: fullBudget) {
            guard let candidate = verdict(type) else { continue }
            if candidate.fit == full, candidate.maxContext >= wanted { return pick() }
        }
        // Stage 3: anywhere, with 4096 tokens.
        for type in ModelAdvisor.fallbackOrder where fits(type, within: allMemory) {
            guard let candidate = verdict(type) else { continue }
            if candidate.fit != .none, candidate.maxContext >= min(4096, model.contextLength) { return pick() }
        }
        return pick()
    }

    public func recommend(useCase: String?, limit: Int) -> RecommendReport {
        let machine = advisor.machine
        // Models whose smallest file could not fit all usable memory are skipped without estimating.
        let usable = Double(
            machine.memory.usableBytes + machine.dedicatedGPUUsableBytes)
        var candidates: [(model: CatalogModel, layout: LayoutHyperparameters)] = []
        var unsupported: [String] = []
        let ids = Set(catalog.models.map(\.id))
        for model in catalog.models {
            if let useCase {
                guard model.useCases.contains(useCase) else { continue }
            } else if model.isEmbeddingModel && !model.useCases.contains("chat") {
                continue
            }
            let parameters = Double(model.parameters ?? 0)
            if parameters * 2.6 / 8 > usable { continue }
            // One row per model: skip base checkpoints that have an instruct twin, and FP8 re-uploads.
            if model.id.hasSuffix("-fp8") || ids.contains(model.id + "-instruct") || ids.contains(model.id + "-it")
                || (model.id.hasSuffix("-base") && ids.contains(String(model.id.dropLast(5))))
            {
                continue
            }
            guard let layout = try? ModelAdvisor.layout(for: model) else {
                unsupported.append(model.id)
                continue
            }
            candidates.append((model, layout))
        }
        // Branch and bound: a model's score can be no higher than its size and generation terms plus the best
        // quantization, fit and context terms (0 + 10 + 5). Judge models in order of that bound, a batch at a time
        // spread over the cores, and stop once no remaining model could enter the top `limit`.
        let ordered = candidates.map { ($0, upperBound($0.model)) }.sorted { $0.1 > $1.1 }
        var rows: [(CatalogModel, QuantizationVerdict, Double)] = []
        var next = 0
        let batch = max(4, ProcessInfo.processInfo.activeProcessorCount * 2)
        while next < ordered.count {
            let threshold = rows.count >= limit ? rows.sorted { $0.2 > $1.2 }[limit - 1].2 : -Double.infinity
            if ordered[next].1 < threshold { break }
            let slice = ordered[next..<min(ordered.count, next + batch)].map(\.0)
            next += slice.count
            let results = ResultSlots<(CatalogModel, QuantizationVerdict, Double)>(count: slice.count)
            DispatchQueue.concurrentPerform(iterations: slice.count) { index in
                let (model, layout) = slice[index]
                if let verdict = best(model, layout: layout) {
                    results.set(index, (model, verdict, Self.score(model, verdict)))
                }
            }
            rows += results.values.compactMap { $0 }
        }
        rows.sort { $0.2 > $1.2 || ($0.2 == $1.2 && $0.0.id < $1.0.id) }
        let models = rows.prefix(limit).enumerated().map { index, row in
            let (model, verdict, score) = row
            let command = advisor.commands(model: model, verdict: verdict, ollamaTag: nil).llamaCpp
            return Recommendation(
                rank: index + 1, id: model.id, displayName: model.displayName, family: model.family,
                parameters: model.parameters, activeParameters: model.activeParameters, useCases: model.useCases,
                quantization: verdict.name, fileBytes: verdict.fileBytes, fit: verdict.fit,
                gpuLayers: verdict.gpuLayers,
                totalLayers: verdict.totalLayers, maxContext: verdict.maxContext, memoryBytes: verdict.memory.total,
                speed: verdict.speed, score: score, command: command)
        }
        var notes: [String] = []
        if !unsupported.isEmpty {
            notes.append(
                "\(unsupported.count) catalog models use architectures whose tensors canirun cannot predict yet and "
                    + "are not ranked: " + unsupported.prefix(12).joined(separator: ", ")
                    + (unsupported.count > 12 ? ", ..." : ""))
        }
        return RecommendReport(
            schemaVersion: RecommendReport.currentSchemaVersion, machine: machine, useCase: useCase,
            models: Array(models),
            scoring: "size 25×log10(10×B) + generation (2025: +10, 2024: +5) + quantization (Q8_0 0 … Q2_K −18) "
                + "+ fit (GPU +10, RAM 0, partial −20…0 by layers on the GPU) + context (up to +5 at 32k) "
                + "+ speed (+10 at 40 tok/s, 0 at 10, −12 per halving below)", notes: notes
        )
    }
}

/// Fixed slots filled from concurrent work. `@unchecked Sendable`: each index is written by one iteration only,
/// under `lock`, and read after all iterations finish.
final class ResultSlots<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}
