/// One tensor as `llama-quantize` sees it: its GGUF name, ggml dimensions and current type.
public struct QuantizationTensor: Sendable, Equatable {
    public var name: String
    /// ggml order: ne0 (row length) first.
    public var dimensions: [UInt64]
    public var type: GGMLType

    public init(name: String, dimensions: [UInt64], type: GGMLType) {
        self.name = name
        self.dimensions = dimensions
        self.type = type
    }

    public var elementCount: UInt64 { dimensions.reduce(1, &*) }
}

/// The hyperparameters the type choice consults (`qs.model.arch`, `hparams.n_layer_all`, `hparams.n_expert`,
/// `hparams.n_gqa()`, `model.type == LLM_TYPE_70B`).
public struct QuantizationModelInfo: Sendable, Equatable {
    /// The GGUF architecture name (`general.architecture`).
    public var architecture: String
    /// `<arch>.block_count`, MTP/NextN layers included (`n_layer_all`).
    public var blockCount: Int
    /// `<arch>.expert_count` (0 for dense models).
    public var expertCount: Int
    /// Layer 0's head counts (`n_head(0)`, `n_head_kv(0)`).
    public var headCount: Int
    public var headCountKV: Int
    /// `<arch>.embedding_length` and vocabulary size: only used to tell which size class a model is in.
    public var embeddingLength: Int

    public init(
        architecture: String, blockCount: Int, expertCount: Int = 0, headCount: Int, headCountKV: Int,
        embeddingLength: Int = 0
    ) {
        self.architecture = architecture
        self.blockCount = blockCount
        self.expertCount = expertCount
        self.headCount = headCount
        self.headCountKV = headCountKV
        self.embeddingLength = embeddingLength
    }

    /// `hparams.n_gqa(0)`: 0 when layer 0 has no KV heads.
    public var groupedQueryFactor: Int { headCountKV == 0 ? 0 : headCount / headCountKV }

    /// llama.cpp calls the model `LLM_TYPE_70B` (attn_v gets more bits): llama with 80 layers and GQA
    /// (`src/models/llama.cpp`), qwen2, deci and olmo with 80 layers, jais2 with 68.
    public var isType70B: Bool {
        switch architecture {
        case "llama": blockCount == 80 && headCount != headCountKV
        case "qwen2", "deci", "olmo": blockCount == 80
        case "jais2": blockCount == 68
        default: false
        }
    }

    /// Reads the values from a GGUF header.
    public init(gguf file: GGUFFile) {
        func int(_ suffix: String) -> Int? { file.architectureValue(suffix)?.intValue.flatMap { Int(exactly: $0) } }
        func first(_ suffix: String) -> Int? {
            if let array = file.architectureValue(suffix)?.intArray, let head = array.first {
                return Int(clamping: head)
            }
            return int(suffix)
        }
        let heads = first("attention.head_count") ?? 0
        self.init(
            architecture: file.architecture ?? "unknown", blockCount: int("block_count") ?? 0,
            expertCount: int("expert_count") ?? 0, headCount: heads,
            headCountKV: first("attention.head_count_kv") ?? heads, embeddingLength: int("embedding_length") ?? 0)
    }
}

/// Why a tensor list cannot be quantized to a file type.
public enum QuantizationError: Error, Equatable, Sendable {
    /// `tensor_type_fallback` has no fallback for this type (llama-quantize throws).
    case noFallback(tensor: String, type: String)
    /// The tensor's layer number is outside `[0, block_count)` (llama-quantize throws for MoE models).
    case badLayer(tensor: String)
}

/// The outcome for one tensor.
public struct QuantizedTensor: Sendable, Equatable {
    public var name: String
    public var dimensions: [UInt64]
    public var sourceType: GGMLType
    public var type: GGMLType
    public var bytes: UInt64
    /// The chosen type did not fit the row length and a fallback type was used.
    public var fellBack: Bool
    /// A real run refuses this tensor's type without an importance matrix (`tensor_requires_imatrix`).
    public var requiresImportanceMatrix: Bool
}

/// The result of applying a recipe to a tensor list: each tensor's type (in the input's order) and the sizes.
public struct QuantizationPlan: Sendable, Equatable {
    public var fileType: QuantizationFileType
    public var tensors: [QuantizedTensor]

    /// Sum of the tensor data bytes (without alignment padding).
    public var tensorBytes: UInt64 { tensors.reduce(0) { $0 + $1.bytes } }
    /// Tensor data bytes as written: each tensor padded to the GGUF alignment (32).
    public func paddedTensorBytes(alignment: UInt64 = 32) -> UInt64 {
        tensors.reduce(0) { $0 + ($1.bytes + alignment - 1) / alignment * alignment }
    }
    /// The whole file: header (metadata and tensor infos, padded; its `data_offset`) plus padded tensor data.
    public func fileBytes(headerBytes: UInt64, alignment: UInt64 = 32) -> UInt64 {
        headerBytes + paddedTensorBytes(alignment: alignment)
    }
    /// A real `llama-quantize` run without `--imatrix` stops on this plan.
    public var requiresImportanceMatrix: Bool { tensors.contains { $0.requiresImportanceMatrix } }
    public var fallbackCount: Int { tensors.filter(\.fellBack).count }
    public var parameterCount: UInt64 { tensors.reduce(0) { $0 + $1.dimensions.reduce(1, &*) } }
    public var bitsPerWeight: Double {
        parameterCount == 0 ? 0 : Double(tensorBytes) * 8 / Double(parameterCount)
    }

    /// Bytes per resulting type.
    public var bytesByType: [String: UInt64] {
        tensors.reduce(into: [:]) { $0[$1.type.name, default: 0] += $1.bytes }
    }
}

/// llama.cpp's choice of a type for every tensor when `llama-quantize` writes a file type: a port of
/// `src/llama-quant.cpp` at b11434 (`tensor_allows_quantization`, `llama_tensor_get_type`,
/// `llama_tensor_get_type_impl`, `tensor_type_fallback`, `tensor_requires_imatrix`,
/// `init_quantize_state_counters`), with the tool's default parameters unless set here.
/// The type-independent facts of a model's tensors for llama-quantize's choice: each tensor's category, the order
/// the loader walks them in (by layer, then name), and whether its type may change at all.
public struct PreparedTensors: Sendable {
    public let tensors: [QuantizationTensor]
    public let model: QuantizationModelInfo
    let categories: [QuantizationRecipe.Category]
    let order: [Int]
    /// Quantizable with the output tensor included (`--leave-output-tensor` is applied when planning).
    let allowed: [Bool]

    public init(tensors: [QuantizationTensor], model: QuantizationModelInfo, recipe: QuantizationRecipe) {
        self.tensors = tensors
        self.model = model
        let suffixes = tensors.map { QuantizationRecipe.nameWithoutBlock($0.name) }
        order = QuantizationRecipe.loaderOrder(tensors.map(\.name), suffixes: suffixes)
        var including = recipe
        including.quantizeOutputTensor = true
        // The category and the name test of quantizability depend on the name without its block number: blocks
        // repeat, so each distinct suffix is worked out once (the shape test is per tensor).
        var memo: [Substring: (category: QuantizationRecipe.Category, nameAllows: Bool)] = [:]
        var categories: [QuantizationRecipe.Category] = []
        var allowed: [Bool] = []
        categories.reserveCapacity(tensors.count)
        allowed.reserveCapacity(tensors.count)
        for (tensor, suffix) in zip(tensors, suffixes) {
            let facts: (category: QuantizationRecipe.Category, nameAllows: Bool)
            if let known = memo[suffix] {
                facts = known
            } else {
                facts = (
                    QuantizationRecipe.category(of: tensor.name),
                    including.allowsQuantization(name: tensor.name, architecture: model.architecture)
                )
                memo[suffix] = facts
            }
            categories.append(facts.category)
            allowed.append(facts.nameAllows && QuantizationRecipe.isMatrix(tensor.dimensions))
        }
        self.categories = categories
        self.allowed = allowed
    }
}

public struct QuantizationRecipe: Sendable, Equatable {
    public var fileType: QuantizationFileType
    /// An importance matrix was given (`--imatrix`): changes a few choices (IQ3_XXS, IQ4_*, Q4_0/Q5_0 ffn_down).
    public var hasImportanceMatrix: Bool
    /// `--output-tensor-type`, `--token-embedding-type`.
    public var outputTensorType: GGMLType?
    public var tokenEmbeddingType: GGMLType?
    /// `--leave-output-tensor` sets this false.
    public var quantizeOutputTensor: Bool
    /// `--pure`: every quantizable tensor gets the default type.
    public var pure: Bool

    public init(
        fileType: QuantizationFileType, hasImportanceMatrix: Bool = false, outputTensorType: GGMLType? = nil,
        tokenEmbeddingType: GGMLType? = nil, quantizeOutputTensor: Bool = true, pure: Bool = false
    ) {
        self.fileType = fileType
        self.hasImportanceMatrix = hasImportanceMatrix
        self.outputTensorType = outputTensorType
        self.tokenEmbeddingType = tokenEmbeddingType
        self.quantizeOutputTensor = quantizeOutputTensor
        self.pure = pure
    }

    // MARK: - Categories (`tensor_category`, `tensor_get_category`)

    enum Category {
        case tokenEmbedding, attentionQ, attentionV, attentionK, attentionQKV, attentionKVB, attentionOutput
        case ffnUp, ffnGate, ffnDown, output, other

        var isAttentionVLike: Bool { self == .attentionV || self == .attentionQKV || self == .attentionKVB }
    }

    static func category(of name: String) -> Category {
        if name == "output.weight" { return .output }
        if isTokenEmbedding(name) { return .tokenEmbedding }
        if name.containsBytes("attn_qkv.weight") { return .attentionQKV }
        if name.containsBytes("attn_kv_b.weight") { return .attentionKVB }
        if name.containsBytes("attn_v.weight") { return .attentionV }
        if name.containsBytes("attn_k.weight") { return .attentionK }
        if name.containsBytes("attn_q.weight") { return .attentionQ }
        if name.containsBytes("attn_output.weight") { return .attentionOutput }
        if name.containsBytes("ffn_up") { return .ffnUp }
        if name.containsBytes("ffn_gate") { return .ffnGate }
        if name.containsBytes("ffn_down") { return .ffnDown }
        return .other
    }

    static func isTokenEmbedding(_ name: String) -> Bool {
        name == "token_embd.weight" || name == "per_layer_token_embd.weight"
    }

    // MARK: - Which tensors may change type (`tensor_allows_quantization`)

    private static let neverQuantized: [StaticString] = [
        "_norm.weight", "ffn_gate_inp.weight", "ffn_gate_tid2eid.weight", "altup", "laurel", "per_layer_model_proj",
        "ssm_conv1d", "shortconv.conv.weight", "indexer.k_proj.weight", "indexer.q_proj.weight",
        "time_mix_first.weight", "time_mix_w0.weight", "time_mix_w1.weight", "time_mix_w2.weight",
        "time_mix_v0.weight", "time_mix_v1.weight", "time_mix_v2.weight", "time_mix_a0.weight",
        "time_mix_a1.weight", "time_mix_a2.weight", "time_mix_g1.weight", "time_mix_g2.weight",
        "time_mix_decay_w1.weight", "time_mix_decay_w2.weight", "time_mix_lerp_fused.weight", "attn_rel_b.weight",
        ".position_embd", "sam.pos_embd", "sam.neck.", "sam.net_", ".rel_pos", ".patch_embd", ".patch_merger",
        "a.rvq.codebook", "mm.a.code_embd",
    ]
    private static let neverQuantizedGLM5Next: [StaticString] = [
        "hc_", "indexer.attn_q_b", "indexer.attn_k", "indexer.proj", "indexer_compressor_gate",
        "indexer_compressor_ape", "ssm_f_a.weight", "ssm_f_b.weight", "ssm_g_a.weight", "ssm_g_b.weight",
        "ssm_beta.weight", "attn_kv_a_mqa.weight", "attn_k_b.weight", "attn_v_b.weight",
    ]

    /// Whether llama-quantize may change this tensor's type: 2-D or 3-D `…weight` tensors other than norms,
    /// router gates, convolution kernels and a list of small or special tensors.
    public func allowsQuantization(_ tensor: QuantizationTensor, architecture: String) -> Bool {
        Self.isMatrix(tensor.dimensions) && allowsQuantization(name: tensor.name, architecture: architecture)
    }

    /// At least two dimensions as `ggml_n_dims` counts them (trailing dimensions of 1 do not count).
    static func isMatrix(_ dimensions: [UInt64]) -> Bool {
        var dims = dimensions.count
        while dims > 1 && dimensions[dims - 1] == 1 { dims -= 1 }
        return dims >= 2
    }

    /// The part of `allowsQuantization` that depends on the name alone.
    func allowsQuantization(name: String, architecture: String) -> Bool {
        guard name.hasSuffix("weight") else { return false }
        if !quantizeOutputTensor && name == "output.weight" { return false }
        if Self.neverQuantized.contains(where: { name.containsBytes($0) }) { return false }
        if name == "position_embd.weight" || name == "token_types.weight" { return false }
        if architecture == "glm5-next" && Self.neverQuantizedGLM5Next.contains(where: { name.containsBytes($0) }) {
            return false
        }
        return true
    }

    // MARK: - The per-tensor choice

    /// Counters llama.cpp keeps while it walks the tensors (`quantize_state_impl`).
    struct State {
        var attentionVCount = 0
        var ffnCount = 0
        var attentionVIndex = 0
        var ffnDownIndex = 0
        var ffnGateIndex = 0
        var ffnUpIndex = 0
        var tiedEmbeddings = true
    }

    /// llama.cpp's walk order: tensors of no block first, then by block number, by name within a group
    /// (`llama_model_loader::weight_name_comparer`).
    /// `suffixes`: each name's `nameWithoutBlock`, when the caller has them.
    static func loaderOrder(_ names: [String], suffixes known: [Substring]? = nil) -> [Int] {
        let layers = names.map { layerNumber(of: $0) ?? -1 }
        let suffixes = known ?? names.map(nameWithoutBlock)
        // Stable sorts: by layer first, then each run of one layer by name; the same order as one sort by
        // (layer, name), with name comparisons only within a layer.
        var order = names.indices.sorted { layers[$0] < layers[$1] }
        // A block usually holds the previous block's names under another number: when every name of a run has the
        // same block prefix and the suffixes match the previous run's one for one, so does their order. A prefix as
        // long as `blk.<layer>.` written plainly is exactly that text (a sign, leading zeros or other characters
        // after the number make it longer), so equal lengths mean equal prefixes.
        func samePrefix(_ run: [Int]) -> Bool {
            let plain = "blk.".utf8.count + String(layers[run[0]]).utf8.count + 1
            return run.allSatisfy { names[$0].utf8.count - suffixes[$0].utf8.count == plain }
        }
        var previous: (run: [Int], offsets: [Int], samePrefix: Bool)?
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && layers[order[end]] == layers[order[start]] { end += 1 }
            let run = Array(order[start..<end])
            let uniform = samePrefix(run)
            let offsets: [Int]
            if let previous, uniform, previous.samePrefix, previous.run.count == run.count,
                zip(previous.run, run).allSatisfy({ suffixes[$0] == suffixes[$1] })
            {
                offsets = previous.offsets
            } else {
                offsets = run.indices.sorted { utf8Precedes(names[run[$0]], names[run[$1]]) }
            }
            for (position, offset) in offsets.enumerated() { order[start + position] = run[offset] }
            previous = (run, offsets, uniform)
            start = end
        }
        return order
    }

    /// Byte-wise order of the names' UTF-8, as `strcmp` orders them.
    static func utf8Precedes(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { left in b.withUTF8 { right in left.lexicographicallyPrecedes(right) } }
    }

    /// `blk.12.attn_q.weight` → `attn_q.weight`; other names unchanged.
    static func nameWithoutBlock(_ name: String) -> Substring {
        let bytes = name.utf8
        guard name.hasBytesPrefix("blk."), let dot = bytes.dropFirst(4).firstIndex(of: UInt8(ascii: ".")) else {
            return name[...]
        }
        return Substring(bytes[bytes.index(after: dot)...])
    }

    /// `sscanf(name, "blk.%d.", &layer)`: the number after `blk.`, sign allowed.
    static func layerNumber(of name: String) -> Int? {
        BlockName.number(in: name, allowSign: true, requireDot: false)
    }

    /// Chooses every tensor's type. `tensors` in any order; the plan keeps that order.
    public func plan(for tensors: [QuantizationTensor], model: QuantizationModelInfo) throws -> QuantizationPlan {
        try plan(PreparedTensors(tensors: tensors, model: model, recipe: self))
    }

    /// Plans from tensors whose type-independent facts (category, loader order, quantizability) were worked out
    /// once: several file types of one model then cost only the per-tensor choice.
    public func plan(_ prepared: PreparedTensors) throws -> QuantizationPlan {
        let tensors = prepared.tensors
        let model = prepared.model
        let defaultType = fileType.defaultType
        var state = State()
        let categories = prepared.categories
        for category in categories {
            if category.isAttentionVLike { state.attentionVCount += 1 }
            if category == .output { state.tiedEmbeddings = false }
        }
        state.ffnCount = model.blockCount

        // The choices are made in the loader's order (the counters depend on it) and kept by index.
        struct Choice {
            var type: GGMLType
            var bytes: UInt64
            var fellBack: Bool
            var allowed: Bool
        }
        var choices = [Choice](
            repeating: Choice(type: .f32, bytes: 0, fellBack: false, allowed: false), count: tensors.count)
        for index in prepared.order {
            let tensor = tensors[index]
            var newType = tensor.type
            var fellBack = false
            var allowed = prepared.allowed[index]
            if allowed && !quantizeOutputTensor && tensor.name == "output.weight" { allowed = false }
            // A tensor the source already stores quantized (gpt-oss's MXFP4 experts) keeps its type:
            // llama-quantize refuses to requantize by default (`llama_model_quantize_impl`, "requantizing from
            // type %s is disabled", `allow_requantize` false), and the published files keep it (bartowski's
            // gpt-oss-20b GGUFs: MXFP4 12.1 GB, Q6_K "with all FFN kept at MXFP4_MOE" 12.04 GB).
            if allowed && tensor.type.isQuantized { allowed = false }
            if allowed {
                (newType, fellBack) = try chooseType(
                    tensor, category: categories[index], defaultType: defaultType, model: model, state: &state)
            }
            guard let bytes = newType.byteCount(elements: tensor.elementCount) else {
                throw QuantizationError.noFallback(tensor: tensor.name, type: newType.name)
            }
            choices[index] = Choice(type: newType, bytes: bytes, fellBack: fellBack, allowed: allowed)
        }
        var results: [QuantizedTensor] = []
        results.reserveCapacity(tensors.count)
        for (tensor, choice) in zip(tensors, choices) {
            results.append(
                QuantizedTensor(
                    name: tensor.name, dimensions: tensor.dimensions, sourceType: tensor.type, type: choice.type,
                    bytes: choice.bytes, fellBack: choice.fellBack,
                    requiresImportanceMatrix: choice.allowed && !hasImportanceMatrix
                        && Self.requiresImportanceMatrix(tensor.name, type: choice.type, fileType: fileType)))
        }
        return QuantizationPlan(fileType: fileType, tensors: results)
    }

    /// `llama_tensor_get_type` for a tensor that allows quantization.
    func chooseType(
        _ tensor: QuantizationTensor, category: Category, defaultType: GGMLType, model: QuantizationModelInfo,
        state: inout State
    ) throws -> (GGMLType, Bool) {
        if let tokenEmbeddingType, category == .tokenEmbedding { return (tokenEmbeddingType, false) }
        if let outputTensorType, category == .output { return (outputTensorType, false) }
        var newType = defaultType
        guard defaultType.isQuantized else { return (newType, false) }
        if !pure {
            newType = try standardType(tensor, start: newType, category: category, model: model, state: &state)
        }
        return try Self.fallback(tensor, newType)
    }

    /// `tensor_type_fallback`: a type whose block does not divide the row length is swapped for one that does.
    static func fallback(_ tensor: QuantizationTensor, _ target: GGMLType) throws -> (GGMLType, Bool) {
        let columns = tensor.dimensions.first ?? 1
        guard columns % UInt64(target.blockSize) != 0 else { return (target, false) }
        var result: GGMLType
        switch target {
        case .iq1_S, .iq1_M, .iq2_XXS, .iq2_XS, .iq2_S, .iq3_XXS, .iq3_S, .iq4_XS: result = .iq4_NL
        case .q2_0, .q2_K, .q3_K, .tq1_0, .tq2_0: result = .q4_0
        case .q4_K: result = .q5_0
        case .q5_K: result = .q5_1
        case .q6_K: result = .q8_0
        default:
            guard target.blockSize <= 32 else {
                throw QuantizationError.noFallback(tensor: tensor.name, type: target.name)
            }
            result = target
        }
        if columns % UInt64(result.blockSize) != 0 { result = .f16 }
        return (result, true)
    }

    /// `tensor_requires_imatrix`.
    static func requiresImportanceMatrix(_ name: String, type: GGMLType, fileType: QuantizationFileType) -> Bool {
        let lowBitType: Bool
        switch type {
        case .iq3_XXS, .iq2_XXS, .iq2_XS, .iq2_S, .iq1_M, .iq1_S: lowBitType = true
        case .q2_K: lowBitType = fileType == .q2_K_S
        default: lowBitType = false
        }
        return lowBitType && !isTokenEmbedding(name) && name != "output.weight"
    }

    /// `llama_tensor_get_type_impl`: the mix's per-tensor rules.
    func standardType(
        _ tensor: QuantizationTensor, start: GGMLType, category: Category, model: QuantizationModelInfo,
        state: inout State
    ) throws -> GGMLType {
        let ftype = fileType
        let arch = model.architecture
        let name = tensor.name
        let nExpert = model.expertCount
        let gqa = model.groupedQueryFactor
        var newType = start

        func useMoreBits(_ layer: Int, _ layers: Int) -> Bool {
            layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2
        }
        // With experts, the layer comes from the name; otherwise from the running counter.
        func layerInfo(_ counter: Int, _ layers: Int) throws -> (Int, Int) {
            guard max(1, nExpert) > 1 else { return (counter, layers) }
            guard let layer = Self.layerNumber(of: name) else {
                throw QuantizationError.badLayer(tensor: name)
            }
            guard layer >= 0 && layer < layers else { throw QuantizationError.badLayer(tensor: name) }
            return (layer, layers)
        }
        let isIQ2Family: Bool = [.iq2_XXS, .iq2_XS, .iq1_S, .iq2_S, .iq2_M, .iq1_M].contains(ftype)

        if arch == "glm5-next"
            && (name.containsBytes("attn_q_a") || name.containsBytes("attn_q_b") || name.containsBytes("nextn.eh_proj"))
        {
            if newType != .f32 && newType != .bf16 && newType != .f16 { return .q8_0 }
        }

        if category == .output || (state.tiedEmbeddings && category == .tokenEmbedding) {
            if let outputTensorType {
                newType = outputTensorType
            } else {
                let columns = tensor.dimensions.first ?? 1
                if ftype == .mxfp4_MoE {
                    newType = .q8_0
                } else if arch == "falcon" || columns % UInt64(newType.blockSize) != 0 {
                    newType = .q8_0
                } else if [.iq2_XXS, .iq2_XS, .iq3_XXS, .iq1_S, .iq2_S, .iq2_M, .iq1_M].contains(ftype) {
                    newType = .q5_K
                } else if newType != .q8_0 {
                    newType = .q6_K
                }
            }
        } else if ftype == .mxfp4_MoE {
            let isBailingExpert = arch == "bailingmoe3" && [.ffnUp, .ffnGate, .ffnDown].contains(category)
            let experts = tensor.dimensions.count > 2 ? tensor.dimensions[2] : 1
            newType = experts > 1 && (arch != "bailingmoe3" || isBailingExpert) ? .mxfp4 : .q8_0
        } else if category == .tokenEmbedding {
            if let tokenEmbeddingType {
                newType = tokenEmbeddingType
            } else if [.iq2_XXS, .iq2_XS, .iq1_S, .iq1_M].contains(ftype) {
                newType = .q2_K
            } else if ftype == .iq2_S || ftype == .iq2_M || ftype == .iq3_XXS {
                newType = .iq3_S
            } else if ftype == .tq1_0 || ftype == .tq2_0 || ftype == .q2_0 {
                newType = .q4_K
            }
        } else if isIQ2Family {
            let iq2sOrM = ftype == .iq2_S || ftype == .iq2_M
            if category.isAttentionVLike {
                if gqa >= 4 || nExpert >= 4 {
                    newType = .q4_K
                } else {
                    newType = iq2sOrM ? .iq3_S : .q2_K
                }
                state.attentionVIndex += 1
            } else if nExpert == 8 && category == .attentionK {
                newType = .q4_K
            } else if category == .ffnDown {
                if state.ffnDownIndex < state.ffnCount / 8 { newType = iq2sOrM ? .iq3_S : .q2_K }
                state.ffnDownIndex += 1
            } else if category == .attentionOutput {
                if nExpert == 8 {
                    newType = .q5_K
                } else if ftype == .iq1_S || ftype == .iq1_M {
                    newType = .iq2_XXS
                } else if iq2sOrM {
                    newType = .iq3_S
                }
            }
        } else if category.isAttentionVLike {
            let index = state.attentionVIndex
            if ftype == .q2_K {
                newType = gqa >= 4 ? .q4_K : .q3_K
            } else if ftype == .q2_K_S && gqa >= 4 {
                newType = .q4_K
            } else if ftype == .iq3_XXS {
                newType = gqa >= 4 ? .q4_K : !hasImportanceMatrix ? .iq3_S : .iq3_XXS
            } else if (ftype == .iq3_XS || ftype == .iq3_S) && gqa >= 4 {
                newType = .q4_K
            } else if ftype == .iq3_M {
                newType = .q4_K
            } else if ftype == .q3_K_M {
                newType = index < 2 ? .q5_K : .q4_K
            } else if ftype == .q3_K_L {
                newType = .q5_K
            } else if (ftype == .iq4_NL || ftype == .iq4_XS) && gqa >= 4 {
                newType = .q5_K
            } else if (ftype == .q4_K_M || ftype == .q5_K_M) && useMoreBits(index, state.attentionVCount) {
                newType = .q6_K
            } else if ftype == .q4_K_S && index < 4 {
                newType = .q5_K
            }
            if model.isType70B && (newType == .q3_K || newType == .q4_K) { newType = .q5_K }
            if nExpert == 8 { newType = .q8_0 }
            state.attentionVIndex += 1
        } else if category == .attentionK {
            if nExpert == 8 {
                newType = .q8_0
            } else if ftype == .iq3_XS {
                newType = .iq3_XXS
            } else if ftype == .iq3_XXS {
                newType = .iq2_S
            }
        } else if category == .attentionQ {
            if ftype == .iq3_XS {
                newType = .iq3_XXS
            } else if ftype == .iq3_XXS {
                newType = .iq2_S
            }
        } else if category == .ffnDown {
            let (layer, layers) = try layerInfo(state.ffnDownIndex, state.ffnCount)
            if ftype == .q2_K {
                newType = .q3_K
            } else if ftype == .q2_K_S {
                if layer < layers / 8 { newType = .q4_K }
            } else if ftype == .iq3_XXS && !hasImportanceMatrix {
                newType = layer < layers / 8 ? .q4_K : .q3_K
            } else if ftype == .q3_K_M {
                newType =
                    layer < layers / 16 ? .q5_K : arch != "falcon" || useMoreBits(layer, layers) ? .q4_K : .q3_K
            } else if ftype == .iq3_M && (layer < layers / 8 || (nExpert == 8 && useMoreBits(layer, layers))) {
                newType = .q4_K
            } else if ftype == .q3_K_L {
                newType = arch == "falcon" ? .q4_K : .q5_K
            } else if ftype == .q4_K_M {
                if arch == "falcon" {
                    newType = layer < layers / 16 ? .q6_K : useMoreBits(layer, layers) ? .q5_K : .q4_K
                } else if useMoreBits(layer, layers) {
                    newType = .q6_K
                }
            } else if layer < layers / 8 && (ftype == .iq4_NL || ftype == .iq4_XS) && !hasImportanceMatrix {
                newType = .q5_K
            } else if ftype == .q5_K_M && useMoreBits(layer, layers) {
                newType = .q6_K
            } else if ftype == .q4_K_S && arch != "falcon" && layer < layers / 8 {
                newType = .q5_K
            } else if (ftype == .q4_0 || ftype == .q5_0) && hasImportanceMatrix && layer < layers / 8 {
                newType = ftype == .q4_0 ? .q4_1 : .q5_1
            }
            state.ffnDownIndex += 1
        } else if category == .attentionOutput {
            if arch != "falcon" {
                if nExpert == 8 {
                    if [.q2_K, .iq3_XS, .iq3_XXS, .q3_K_S, .q3_K_M, .iq4_NL, .q4_K_S, .q4_K_M, .iq3_S, .iq3_M, .iq4_XS]
                        .contains(ftype)
                    {
                        newType = .q5_K
                    }
                } else {
                    switch ftype {
                    case .q2_K: newType = .q3_K
                    case .iq3_XXS: newType = .iq3_S
                    case .q3_K_M: newType = .q4_K
                    case .q3_K_L: newType = .q5_K
                    case .iq3_M: newType = .q4_K
                    default: break
                    }
                }
            } else if ftype == .q3_K_L {
                newType = .q4_K
            }
        } else if category == .attentionQKV {
            if ftype == .q3_K_M || ftype == .q3_K_L || ftype == .iq3_M {
                newType = .q4_K
            } else if ftype == .q4_K_M {
                newType = .q5_K
            } else if ftype == .q5_K_M {
                newType = .q6_K
            }
        } else if category == .ffnGate {
            let (layer, layers) = try layerInfo(state.ffnGateIndex, state.ffnCount)
            if ftype == .iq3_XS && layer >= layers / 8 && layer < 7 * layers / 8 { newType = .iq3_XXS }
            state.ffnGateIndex += 1
        } else if category == .ffnUp {
            let (layer, layers) = try layerInfo(state.ffnUpIndex, state.ffnCount)
            if ftype == .iq3_XS && layer >= layers / 8 && layer < 7 * layers / 8 { newType = .iq3_XXS }
            state.ffnUpIndex += 1
        }
        return newType
    }
}

extension QuantizationRecipe {
    /// Applies the recipe to a model read from a GGUF header (normally an F16/BF16/F32 file).
    public func plan(for spec: ModelSpec, model: QuantizationModelInfo) throws -> QuantizationPlan {
        try plan(
            for: spec.tensors.map { QuantizationTensor(name: $0.name, dimensions: $0.dimensions, type: $0.type) },
            model: model)
    }
}
