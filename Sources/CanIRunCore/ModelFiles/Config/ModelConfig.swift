import Foundation

/// A Hugging Face `config.json`, decoded into the hyperparameters canirun needs, with transformers' defaulting
/// rules applied where a key is absent.
///
/// Multimodal checkpoints nest the language model's settings in `text_config` (Gemma 3, Llama 4, Mistral 3,
/// Qwen2.5-VL / Qwen3-VL / Qwen3.5; `llm_config` in InternVL-style and `language_config` in DeepSeek-VL-style
/// checkpoints): every key is looked up there first, then at the top level, so top-level-only keys such as
/// `tie_word_embeddings` (Qwen3-VL) or `torch_dtype` (Gemma 3) still count. `vision_config` / `audio_config`
/// presence is kept.
///
/// Defaults, each from the transformers 5.24.0 configuration classes (measured: `XConfig().to_dict()` in a
/// venv with `pip install transformers==5.24.0`):
/// - `num_key_value_heads` absent or null → `num_attention_heads` (every `*Config.__post_init__`).
/// - `head_dim` absent or null → `hidden_size / num_attention_heads` (Llama, Mistral, Qwen2 and most others).
/// - `tie_word_embeddings` absent → the config class default: true for gemma, gemma2, gemma3(_text), gemma3n,
///   cohere, cohere2, starcoder2, bert and smollm3, false for every other class canirun maps (see
///   `tiedEmbeddingsByDefault`).
/// - Gemma 3 multimodal `text_config`s omit most keys: `Gemma3TextConfig` defaults are vocab 262208, 8 heads,
///   4 KV heads, head_dim 256, 131072 positions, sliding window 4096, pattern 6 (see `modelTypeDefaults`).
/// - `torch_dtype` is `dtype` in configs written by transformers 5.
public struct ModelConfig: Sendable, Equatable {
    /// Top-level `model_type` (`gemma3` for a multimodal Gemma 3).
    public var modelType: String
    /// `text_config.model_type` when nested (`gemma3_text`), else the top-level type.
    public var textModelType: String
    /// `architectures[0]`, the transformers class (`Qwen3ForCausalLM`).
    public var architectureClass: String?
    public var hasTextConfig: Bool
    public var hasVisionConfig: Bool
    public var hasAudioConfig: Bool

    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    /// Defaults to `numAttentionHeads`.
    public var numKeyValueHeads: Int
    /// Defaults to `hiddenSize / numAttentionHeads`.
    public var headDim: Int
    /// `intermediate_size` (the largest, when given per layer).
    public var intermediateSize: Int?
    /// `intermediate_size` when config.json lists one per layer (Gemma 3n).
    public var intermediateSizePerLayer: [Int]?
    public var vocabSize: Int
    public var maxPositionEmbeddings: Int?
    public var tieWordEmbeddings: Bool
    /// `torch_dtype` or `dtype`: `bfloat16`, `float16`, `float32`.
    public var torchDType: String?

    // Sliding-window attention.
    /// `sliding_window` (null or absent = none).
    public var slidingWindow: Int?
    /// Qwen2-family switch: without it, `sliding_window` is ignored (`Qwen2Config.__post_init__`).
    public var useSlidingWindow: Bool?
    /// Qwen2 family: layers from this index on use the window when `use_sliding_window` is true.
    public var maxWindowLayers: Int?
    /// `layer_types`: `sliding_attention`, `full_attention`, `chunked_attention`, `linear_attention`, ...
    public var layerTypes: [String]?
    /// Gemma 3 / Cohere 2 / EXAONE 4: every N-th layer is global (`sliding_window_pattern`, or the older
    /// `_sliding_window_pattern`).
    public var slidingWindowPattern: Int?
    /// Llama 4: `attention_chunk_size`.
    public var attentionChunkSize: Int?

    // Mixture of experts.
    /// `num_local_experts` (Mixtral, gpt-oss), `num_experts` (Qwen MoE, OLMoE), `n_routed_experts` (DeepSeek).
    public var expertCount: Int
    /// `num_experts_per_tok` (or gpt-oss's `experts_per_token`).
    public var expertsPerToken: Int
    public var moeIntermediateSize: Int?
    /// Qwen MoE: `shared_expert_intermediate_size`; Nemotron-H: `moe_shared_expert_intermediate_size`.
    public var sharedExpertIntermediateSize: Int?
    /// `n_shared_experts` (DeepSeek, GLM-4.5); 1 when only a shared-expert size is given (Qwen MoE).
    public var sharedExpertCount: Int
    /// DeepSeek / GLM-4.5: the first k layers are dense.
    public var firstKDenseReplace: Int?
    /// Qwen MoE: every k-th layer is sparse.
    public var decoderSparseStep: Int?
    /// Qwen MoE: layers that keep a dense MLP.
    public var mlpOnlyLayers: [Int]

    // Multi-head latent attention (DeepSeek-V2/V3, Kimi K2, GLM-4.7-Flash).
    public var kvLoraRank: Int?
    public var qLoraRank: Int?
    public var qkRopeHeadDim: Int?
    public var qkNopeHeadDim: Int?
    public var vHeadDim: Int?

    // Hybrid and recurrent layers.
    /// Qwen3-Next / Qwen3.5: every N-th layer is full attention, the rest gated-delta-net linear attention.
    public var fullAttentionInterval: Int?
    public var linearConvKernelDim: Int?
    public var linearKeyHeadDim: Int?
    public var linearValueHeadDim: Int?
    public var linearNumKeyHeads: Int?
    public var linearNumValueHeads: Int?
    /// Mamba-2 layers (Falcon-H1, Granite 4 hybrid, Nemotron-H, Bamba): the `mamba_` keys, or their unprefixed
    /// forms.
    public var mamba: MambaSettings?
    /// Nemotron-H / Granite: per-layer `mamba`, `attention`, `moe`, `mlp`.
    public var layersBlockType: [String]?
    /// Nemotron-H: `M` Mamba-2, `*` attention, `-` MLP, `E` MoE.
    public var hybridOverridePattern: String?
    /// Granite 4 / Bamba: attention layer indices.
    public var attentionLayerIndices: [Int]?

    public var ropeScaling: RopeScaling?
    public var quantization: QuantizationConfig?
    /// `num_nextn_predict_layers`: multi-token-prediction layers stored after the decoder layers.
    public var nextTokenPredictionLayers: Int
    /// Nomic BERT: `moe_every_n_layers` (its converter picks `nomic-bert-moe` when set).
    public var moeEveryNLayers: Int?

    /// Mamba-2 mixer sizes.
    public struct MambaSettings: Sendable, Equatable {
        public var convKernel: Int
        public var stateSize: Int
        public var groups: Int
        /// `d_inner`: the SSM's inner width.
        public var innerSize: Int
        public var headCount: Int?
        public var headDim: Int?
    }

    /// `rope_scaling` (or transformers 5's `rope_parameters`).
    public struct RopeScaling: Sendable, Equatable {
        /// `rope_type` or `type`: `linear`, `dynamic`, `yarn`, `llama3`, `longrope`, `default`, `mrope`.
        public var type: String?
        public var factor: Double?
        public var originalMaxPositionEmbeddings: Int?
    }

    /// A layer as transformers describes it.
    public enum LayerKind: String, Sendable, Equatable {
        case fullAttention = "full_attention"
        case slidingAttention = "sliding_attention"
        case chunkedAttention = "chunked_attention"
        /// Linear attention or a Mamba mixer: a fixed-size state.
        case recurrent
        /// Both attention and a Mamba mixer in parallel (Falcon-H1).
        case attentionAndRecurrent = "attention+recurrent"
        /// Only a feed-forward block (Nemotron-H `-` / `E` layers).
        case feedForwardOnly = "mlp"
    }

    /// True when the attention is multi-head latent attention (a `kv_lora_rank` is given).
    public var usesLatentAttention: Bool { (kvLoraRank ?? 0) > 0 }

    /// Each layer's kind, from the first rule that applies:
    /// 1. `layer_types` (when it has one entry per layer): `sliding_attention`, `chunked_attention`,
    ///    `linear_attention` / `mamba` (recurrent), `moe` / `mlp` (feed-forward only), anything else full.
    /// 2. `hybrid_override_pattern` (Nemotron-H), then `layers_block_type` (Nemotron-H, older Granite).
    /// 3. `attn_layer_indices` (Granite 4 hybrid / Bamba): the listed layers attend, the others are Mamba-2.
    /// 4. Granite 4 hybrid / Bamba with Mamba keys but no layer list: every layer Mamba-2
    ///    (`GraniteMoeHybridConfig` default); Falcon-H1: every layer has attention and a Mamba-2 mixer side by side.
    /// 5. `full_attention_interval` N (Qwen3-Next / Qwen3.5): layer i is full when (i + 1) % N == 0, else linear
    ///    (`Qwen3NextConfig` default layer_types).
    /// 6. Qwen2 family (`use_sliding_window` present): sliding for layers ≥ `max_window_layers` only when
    ///    `use_sliding_window` is true (`Qwen2Config.__post_init__`).
    /// 7. `sliding_window_pattern` N: layer i is sliding when (i + 1) % N != 0 (`Gemma3TextConfig`).
    /// 8. Gemma 2 with a window: even layers slide (`Gemma2Config`: `(i + 1) % 2`).
    /// 9. Any other config with a `sliding_window`: every layer slides (Mistral v0.1, Phi-3, Starcoder2 in
    ///    transformers).
    /// 10. Otherwise full attention everywhere.
    public var layerKinds: [LayerKind] {
        let count = numHiddenLayers
        if let types = layerTypes, types.count == count {
            return types.map(Self.kind(ofLayerType:))
        }
        if let pattern = hybridOverridePattern, pattern.count == count {
            return pattern.map { character in
                switch character {
                case "M": .recurrent
                case "*": .fullAttention
                default: .feedForwardOnly
                }
            }
        }
        if let types = layersBlockType, types.count == count {
            return types.map(Self.kind(ofLayerType:))
        }
        if let indices = attentionLayerIndices, mamba != nil {
            let set = Set(indices)
            return (0..<count).map { set.contains($0) ? .fullAttention : .recurrent }
        }
        if mamba != nil, textModelType == "granitemoehybrid" || textModelType == "bamba" {
            // `GraniteMoeHybridConfig` without layer_types: every layer a Mamba-2 mixer (transformers 5.24.0).
            return [LayerKind](repeating: .recurrent, count: count)
        }
        if textModelType == "falcon_h1" {
            return [LayerKind](repeating: .attentionAndRecurrent, count: count)
        }
        if let interval = fullAttentionInterval, interval > 0 {
            return (0..<count).map { ($0 + 1) % interval == 0 ? .fullAttention : .recurrent }
        }
        guard let window = slidingWindow, window > 0 else {
            return [LayerKind](repeating: .fullAttention, count: count)
        }
        if let use = useSlidingWindow {
            let first = maxWindowLayers ?? 0
            return (0..<count).map { use && $0 >= first ? .slidingAttention : .fullAttention }
        }
        if let pattern = slidingWindowPattern, pattern > 0 {
            return (0..<count).map { ($0 + 1) % pattern != 0 ? .slidingAttention : .fullAttention }
        }
        if textModelType == "gemma2" {
            return (0..<count).map { ($0 + 1) % 2 != 0 ? .slidingAttention : .fullAttention }
        }
        return [LayerKind](repeating: .slidingAttention, count: count)
    }

    static func kind(ofLayerType type: String) -> LayerKind {
        switch type {
        case "sliding_attention", "local_attention", "sliding": .slidingAttention
        case "chunked_attention": .chunkedAttention
        case "linear_attention", "mamba", "mamba2", "ssm", "conv": .recurrent
        case "moe", "mlp", "ffn": .feedForwardOnly
        default: .fullAttention
        }
    }

    /// Whether layer `index` has routed experts: none without experts; DeepSeek's first `first_k_dense_replace`
    /// layers are dense; Qwen MoE's `mlp_only_layers` are dense and only every `decoder_sparse_step`-th layer is
    /// sparse (`(i + 1) % step == 0`, `Qwen2MoeDecoderLayer`).
    public func isSparseLayer(_ index: Int) -> Bool {
        guard expertCount > 0 else { return false }
        if let dense = firstKDenseReplace, index < dense { return false }
        if mlpOnlyLayers.contains(index) { return false }
        if let step = decoderSparseStep, step > 1, (index + 1) % step != 0 { return false }
        return true
    }
}

// MARK: - Decoding

extension ModelConfig: Decodable {
    /// Reads config.json bytes, turning decoding failures into a message with the JSON path.
    public static func decode(_ data: Data, file: String = "config.json") throws -> ModelConfig {
        do {
            let decoder = JSONDecoder()
            // Python's json module writes `Infinity` and `NaN` (Nemotron-H's `time_step_limit`); JSON5 reads them.
            decoder.allowsJSON5 = true
            return try decoder.decode(ModelConfig.self, from: data)
        } catch let error as DecodingError {
            throw SafetensorsError(file: file, offset: nil, kind: .invalidConfig(reason: error.readableDescription))
        } catch {
            throw SafetensorsError(file: file, offset: nil, kind: .invalidConfig(reason: error.localizedDescription))
        }
    }

    /// The model types whose config class ties the output projection to the embeddings by default.
    public static let tiedEmbeddingsByDefault: Set<String> = [
        "gemma", "gemma2", "gemma3", "gemma3_text", "gemma3n", "gemma3n_text", "cohere", "cohere2", "starcoder2",
        "bert", "smollm3",
    ]

    /// Config-class defaults for keys real configs omit (transformers 5.24.0, measured).
    public static let modelTypeDefaults: [String: [String: Int]] = [
        "gemma3_text": [
            "vocab_size": 262_208, "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256,
            "max_position_embeddings": 131_072, "sliding_window": 4096, "sliding_window_pattern": 6,
            "hidden_size": 2304, "num_hidden_layers": 26,
        ],
        "gemma2": [
            "vocab_size": 256_000, "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256,
            "max_position_embeddings": 8192, "sliding_window": 4096,
        ],
        "gemma": ["vocab_size": 256_000, "head_dim": 256, "max_position_embeddings": 8192],
    ]

    public init(from decoder: any Decoder) throws {
        let outer = try decoder.container(keyedBy: JSONKey.self)
        var inner: KeyedDecodingContainer<JSONKey>?
        for name in ["text_config", "llm_config", "language_config"] {
            let key = JSONKey(name)
            if outer.contains(key), try !outer.decodeNil(forKey: key) {
                inner = try outer.nestedContainer(keyedBy: JSONKey.self, forKey: key)
                break
            }
        }
        let reader = ConfigReader(inner: inner, outer: outer)

        modelType = try outer.decodeIfPresent(String.self, forKey: JSONKey("model_type")) ?? ""
        textModelType = try reader.string("model_type") ?? modelType
        architectureClass = try outer.decodeIfPresent([String].self, forKey: JSONKey("architectures"))?.first
        hasTextConfig = inner != nil
        hasVisionConfig =
            try outer.contains(JSONKey("vision_config")) && !outer.decodeNil(forKey: JSONKey("vision_config"))
        hasAudioConfig =
            try outer.contains(JSONKey("audio_config")) && !outer.decodeNil(forKey: JSONKey("audio_config"))
        let defaults = Self.modelTypeDefaults[textModelType] ?? [:]
        func int(_ keys: String...) throws -> Int? {
            for key in keys { if let value = try reader.int(key) { return value } }
            for key in keys { if let value = defaults[key] { return value } }
            return nil
        }
        func required(_ key: String, _ alternatives: String..., derived: Int? = nil) throws -> Int {
            for name in [key] + alternatives { if let value = try reader.int(name) { return value } }
            if let value = defaults[key] ?? derived { return value }
            throw DecodingError.keyNotFound(
                JSONKey(key),
                DecodingError.Context(
                    codingPath: inner != nil ? [JSONKey("text_config")] : [],
                    debugDescription: "config.json has no \(key)"))
        }

        hiddenSize = try required("hidden_size", "d_model", "n_embd", "dim")
        layersBlockType = try reader.strings("layers_block_type")
        hybridOverridePattern = try reader.string("hybrid_override_pattern")
        layerTypes = try reader.strings("layer_types")
        numHiddenLayers = try required(
            "num_hidden_layers", "n_layer", "n_layers",
            derived: layersBlockType?.count ?? hybridOverridePattern?.count ?? layerTypes?.count)
        numAttentionHeads = try required("num_attention_heads", "n_head", "n_heads")
        numKeyValueHeads = try int("num_key_value_heads", "n_head_kv", "num_kv_heads") ?? numAttentionHeads
        let heads = max(numAttentionHeads, 1)
        headDim = try int("head_dim", "attention_head_dim") ?? hiddenSize / heads
        // Gemma 3n writes one intermediate_size per layer.
        intermediateSizePerLayer = try reader.intsIfArray("intermediate_size")
        intermediateSize =
            try intermediateSizePerLayer?.max()
            ?? (reader.intsIfArray("intermediate_size") == nil
                ? int("intermediate_size", "ffn_hidden_size", "n_inner") : nil)
        vocabSize = try required("vocab_size")
        maxPositionEmbeddings = try int("max_position_embeddings", "n_positions", "max_seq_len", "seq_length")
        tieWordEmbeddings =
            try reader.bool("tie_word_embeddings")
            ?? (Self.tiedEmbeddingsByDefault.contains(textModelType)
                || (inner == nil && Self.tiedEmbeddingsByDefault.contains(modelType)))
        torchDType = try reader.string("torch_dtype") ?? reader.string("dtype")

        slidingWindow = try reader.lenientInt("sliding_window") ?? defaults["sliding_window"]
        useSlidingWindow = try reader.bool("use_sliding_window")
        maxWindowLayers = try reader.int("max_window_layers")
        slidingWindowPattern =
            try reader.lenientInt("sliding_window_pattern") ?? reader.lenientInt("_sliding_window_pattern")
            ?? defaults["sliding_window_pattern"]
        attentionChunkSize = try reader.int("attention_chunk_size")

        expertCount = try int("num_local_experts", "num_experts", "n_routed_experts", "moe_num_experts") ?? 0
        expertsPerToken = try int("num_experts_per_tok", "experts_per_token", "num_experts_per_token", "moe_top_k") ?? 0
        moeIntermediateSize = try int("moe_intermediate_size", "expert_intermediate_size")
        sharedExpertIntermediateSize = try int(
            "shared_expert_intermediate_size", "moe_shared_expert_intermediate_size", "shared_intermediate_size")
        sharedExpertCount =
            try int("n_shared_experts", "num_shared_experts") ?? ((sharedExpertIntermediateSize ?? 0) > 0 ? 1 : 0)
        firstKDenseReplace = try reader.int("first_k_dense_replace")
        decoderSparseStep = try reader.int("decoder_sparse_step")
        mlpOnlyLayers = try reader.ints("mlp_only_layers") ?? []

        kvLoraRank = try reader.int("kv_lora_rank")
        qLoraRank = try reader.int("q_lora_rank")
        qkRopeHeadDim = try reader.int("qk_rope_head_dim")
        qkNopeHeadDim = try reader.int("qk_nope_head_dim")
        vHeadDim = try reader.int("v_head_dim")

        fullAttentionInterval = try reader.int("full_attention_interval")
        linearConvKernelDim = try reader.int("linear_conv_kernel_dim")
        linearKeyHeadDim = try reader.int("linear_key_head_dim")
        linearValueHeadDim = try reader.int("linear_value_head_dim")
        linearNumKeyHeads = try reader.int("linear_num_key_heads")
        linearNumValueHeads = try reader.int("linear_num_value_heads")
        attentionLayerIndices = try reader.ints("attn_layer_indices")
        mamba = try Self.mambaSettings(reader, hiddenSize: hiddenSize, modelType: textModelType)

        ropeScaling = try reader.rope("rope_scaling") ?? reader.rope("rope_parameters")
        if outer.contains(JSONKey("quantization_config")), try !outer.decodeNil(forKey: JSONKey("quantization_config"))
        {
            quantization = try outer.decode(QuantizationConfig.self, forKey: JSONKey("quantization_config"))
        } else if let inner, inner.contains(JSONKey("quantization_config")),
            try !inner.decodeNil(forKey: JSONKey("quantization_config"))
        {
            quantization = try inner.decode(QuantizationConfig.self, forKey: JSONKey("quantization_config"))
        } else {
            quantization = nil
        }
        nextTokenPredictionLayers = try int("num_nextn_predict_layers", "mtp_num_hidden_layers") ?? 0
        moeEveryNLayers = try reader.int("moe_every_n_layers")
    }

    /// Mamba-2 sizes as llama.cpp's converters read them (`conversion/mamba.py` `Mamba2Model`,
    /// `conversion/granite.py` `GraniteHybridModel`, `conversion/falcon_h1.py`, `conversion/nemotron.py`, b11434):
    /// conv kernel `mamba_d_conv` / `conv_kernel` (default 4), state `mamba_d_state` / `ssm_state_size` /
    /// `state_size` (default 128), groups `mamba_n_groups` / `n_groups` (default 1); inner width `mamba_d_ssm`
    /// (Falcon-H1), else `mamba_num_heads × mamba_head_dim` (Nemotron-H), else `mamba_n_heads × mamba_d_head`
    /// (Granite 4 and Falcon-H1; transformers' `GraniteMoeHybridConfig` / `FalconH1Config` require it to equal the
    /// inner size), else `mamba_expand × hidden_size` (what Granite's converter computes; the same number in
    /// published Granite 4 configs). Nil when the config has no Mamba keys.
    static func mambaSettings(_ reader: ConfigReader, hiddenSize: Int, modelType: String) throws -> MambaSettings? {
        let convKernel = try reader.int("mamba_d_conv") ?? reader.int("conv_kernel")
        let state = try reader.int("mamba_d_state") ?? reader.int("ssm_state_size") ?? reader.int("state_size")
        let headsNemotron = try reader.int("mamba_num_heads")
        let headDimNemotron = try reader.int("mamba_head_dim")
        let headsGranite = try reader.int("mamba_n_heads")
        // transformers accepts `"mamba_d_head": "auto"` (derived from the inner size).
        let headDimGranite = try? reader.int("mamba_d_head")
        let expand = try reader.int("mamba_expand")
        let dSSM = try reader.int("mamba_d_ssm")
        guard convKernel != nil || state != nil || headsNemotron != nil || headsGranite != nil || dSSM != nil
        else { return nil }
        // Qwen3-Next and Qwen3.5 have none of these; a lone `conv_kernel` without a state size is not Mamba.
        guard state != nil || dSSM != nil || headsNemotron != nil || headsGranite != nil else { return nil }
        let groups = try reader.int("mamba_n_groups") ?? reader.int("n_groups") ?? 1
        var inner = 0
        if let dSSM {
            inner = dSSM
        } else if let headsNemotron, let headDimNemotron {
            inner = headsNemotron * headDimNemotron
        } else if let headsGranite, let headDimGranite {
            inner = headsGranite * headDimGranite
        } else if let expand {
            inner = expand * hiddenSize
        } else {
            inner = 2 * hiddenSize
        }
        return MambaSettings(
            convKernel: convKernel ?? 4, stateSize: state ?? 128, groups: groups, innerSize: inner,
            headCount: headsNemotron ?? headsGranite, headDim: headDimNemotron ?? headDimGranite)
    }
}

/// Any JSON key.
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Looks a key up in `text_config` first, then at the top level; numbers may be written as 4096 or 4096.0.
struct ConfigReader {
    let inner: KeyedDecodingContainer<JSONKey>?
    let outer: KeyedDecodingContainer<JSONKey>

    /// The container holding a non-null `name`, inner first.
    private func container(_ name: String) throws -> KeyedDecodingContainer<JSONKey>? {
        let key = JSONKey(name)
        if let inner, inner.contains(key), try !inner.decodeNil(forKey: key) { return inner }
        if outer.contains(key), try !outer.decodeNil(forKey: key) { return outer }
        return nil
    }

    func int(_ name: String) throws -> Int? {
        guard let container = try container(name) else { return nil }
        let key = JSONKey(name)
        do {
            return try container.decode(Int.self, forKey: key)
        } catch {
            // Linux Foundation throws a non-DecodingError for 2.5 read as Int; either way, try a Double.
            guard let double = try? container.decode(Double.self, forKey: key) else { throw error }
            guard double.rounded() == double, let value = Int(exactly: double) else {
                throw DecodingError.typeMismatch(
                    Int.self,
                    DecodingError.Context(
                        codingPath: container.codingPath + [key], debugDescription: "\(double) is not a whole number"))
            }
            return value
        }
    }

    /// An integer, or nil for `false` (a few configs write `"sliding_window": false`).
    func lenientInt(_ name: String) throws -> Int? {
        guard let container = try container(name) else { return nil }
        if let flag = try? container.decode(Bool.self, forKey: JSONKey(name)), !flag,
            (try? container.decode(Int.self, forKey: JSONKey(name))) == nil
        {
            return nil
        }
        return try int(name)
    }

    func ints(_ name: String) throws -> [Int]? {
        guard let container = try container(name) else { return nil }
        return try container.decode([Int].self, forKey: JSONKey(name))
    }

    /// An array of integers, or nil when absent or not an array.
    func intsIfArray(_ name: String) throws -> [Int]? {
        guard let container = try container(name) else { return nil }
        guard (try? container.decode(Double.self, forKey: JSONKey(name))) == nil else { return nil }
        return try container.decode([Int].self, forKey: JSONKey(name))
    }

    func bool(_ name: String) throws -> Bool? {
        guard let container = try container(name) else { return nil }
        return try container.decode(Bool.self, forKey: JSONKey(name))
    }

    func string(_ name: String) throws -> String? {
        guard let container = try container(name) else { return nil }
        return try container.decode(String.self, forKey: JSONKey(name))
    }

    /// An array of strings; nil when absent or when the value is a single string.
    func strings(_ name: String) throws -> [String]? {
        guard let container = try container(name) else { return nil }
        if (try? container.decode(String.self, forKey: JSONKey(name))) != nil { return nil }
        return try container.decode([String].self, forKey: JSONKey(name))
    }

    func rope(_ name: String) throws -> ModelConfig.RopeScaling? {
        guard let container = try container(name) else { return nil }
        let nested = try container.nestedContainer(keyedBy: JSONKey.self, forKey: JSONKey(name))
        let reader = ConfigReader(inner: nil, outer: nested)
        let type = try reader.string("rope_type") ?? reader.string("type")
        var factor: Double?
        if nested.contains(JSONKey("factor")), try !nested.decodeNil(forKey: JSONKey("factor")) {
            factor = try nested.decode(Double.self, forKey: JSONKey("factor"))
        }
        let original = try reader.int("original_max_position_embeddings")
        return ModelConfig.RopeScaling(type: type, factor: factor, originalMaxPositionEmbeddings: original)
    }
}

extension ModelConfig {
    /// The trained context of a config.json held as JSON objects: the (text config's) position limit, or the
    /// config class's default when the file leaves it out (`modelTypeDefaults`, e.g. Gemma 3's 131072).
    public static func contextLength(raw: [String: Any]) -> Int? {
        let text = (raw["text_config"] as? [String: Any]) ?? raw
        for key in ["max_position_embeddings", "n_positions", "max_seq_len", "seq_length", "max_sequence_length"] {
            if let value = (text[key] as? NSNumber)?.intValue ?? (raw[key] as? NSNumber)?.intValue, value > 0 {
                return value
            }
        }
        let modelType = (text["model_type"] as? String) ?? (raw["model_type"] as? String) ?? ""
        return modelTypeDefaults[modelType]?["max_position_embeddings"]
    }
}
