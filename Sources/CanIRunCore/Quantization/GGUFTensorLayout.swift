import Foundation

/// The shape of a model as a config.json describes it: what `GGUFTensorLayout` needs to list the tensors that
/// llama.cpp's converter writes.
public struct LayoutHyperparameters: Sendable, Equatable {
    /// GGUF architecture name (`llama`, `qwen2`, `deepseek2` ...).
    public var architecture: String
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    public var vocabSize: Int
    public var tiedEmbeddings: Bool
    /// Routed experts (0 for dense models), experts per token, each expert's FFN width.
    public var expertCount: Int = 0
    public var expertsUsed: Int = 0
    public var expertFFN: Int = 0
    /// Shared experts: how many, and the width of the shared FFN (all shared experts together).
    public var sharedExpertCount: Int = 0
    public var sharedExpertFFN: Int = 0
    /// Leading layers with a dense FFN in an MoE model (DeepSeek `first_k_dense_replace`).
    public var firstDenseLayers: Int = 0
    /// Every `moeLayerStep`-th layer is MoE, the others dense (Llama 4 `interleave_moe_layer_step`: layer i is MoE
    /// when (i + 1) % step == 0, `src/models/llama4.cpp`); 1 when every layer past `firstDenseLayers` is.
    public var moeLayerStep: Int = 1
    /// MLA (DeepSeek-V2/V3): ranks and head parts; qLoraRank 0 means a plain `attn_q`.
    public var qLoraRank: Int = 0
    public var kvLoraRank: Int = 0
    public var qkNopeHeadDim: Int = 0
    public var qkRopeHeadDim: Int = 0
    public var vHeadDim: Int = 0
    /// Biases on Q/K/V, on the attention output, on the FFN.
    public var attentionBias: Bool = false
    public var attentionOutputBias: Bool = false
    public var mlpBias: Bool = false
    /// llama 3 style rope scaling: the converter writes `rope_freqs.weight` (head_dim / 2 floats).
    public var ropeFrequencies: Bool = false
    /// Phi-3 long-rope: `rope_factors_long/short.weight` (head_dim / 2 floats each).
    public var ropeFactorsLongShort: Bool = false
    /// DeepSeek-V3 style routing bias (`exp_probs_b.bias`).
    public var expertProbabilityBias: Bool = false
    /// Per-head Q/K norms (`[head_dim, heads]`): Command-R loads them when the model has 64 layers or more
    /// (`src/models/command-r.cpp`; Command R+ has them); StableLM when the config sets `qk_layernorm`.
    public var perHeadQKNorm: Bool = false
    /// LayerNorm biases on `attn_norm`, `ffn_norm` and `output_norm` (StableLM, PhiMoE: `src/models/stablelm.cpp`,
    /// `src/models/phimoe.cpp` create them as required tensors).
    public var normBias: Bool = false
    /// GLM-4.5: per-head Q/K norms when the config sets `use_qk_norm` (GLM-4.5 does, GLM-4.5-Air does not).
    public var glmQKNorm: Bool = false
    /// A bias on the output projection, `output.bias` (PhiMoE's `lm_head` has one: `src/models/phimoe.cpp`).
    public var outputBias: Bool = false
    /// Layers of different shapes (DeciLM / Llama-Nemotron): per layer the attention heads, KV heads and FFN width,
    /// as the converter writes them (nil when every layer has the scalar shape).
    public var layerHeads: [Int]? = nil
    public var layerKVHeads: [Int]? = nil
    public var layerFFN: [Int]? = nil
    /// Gemma 3n: AltUp streams (`altup_num_inputs`), the LAuReL rank and the per-layer input width
    /// (`hidden_size_per_layer_input`); which layers use the sliding window.
    public var altupInputs: Int = 0
    public var laurelRank: Int = 0
    public var perLayerInputWidth: Int = 0
    public var slidingLayers: [Bool]? = nil
    /// Gemma 4: full-attention layers' head size and KV heads (`global_head_dim`, `num_global_key_value_heads`),
    /// and whether they reuse K as V (`attention_k_eq_v`: no `attn_v` there).
    public var globalHeadDim: Int = 0
    public var globalKVHeadCount: Int = 0
    public var keyEqualsValue: Bool = false
    /// Hybrid models: which layers are recurrent and the recurrent sizes (nil for other models).
    public var hybrid: HybridShape? = nil
    /// LFM2: short-convolution kernel and which layers use attention.
    public var convKernel: Int = 0
    public var attentionLayers: [Int]? = nil
    /// BERT-style encoders: rows of `token_types.weight` (`type_vocab_size`) and of the absolute position table
    /// `position_embd.weight` (0 when the model uses rope, as nomic-bert does).
    public var tokenTypeCount: Int = 0
    public var positionCount: Int = 0

    public init(
        architecture: String, hiddenSize: Int, intermediateSize: Int, layerCount: Int, headCount: Int,
        kvHeadCount: Int, headDim: Int, vocabSize: Int, tiedEmbeddings: Bool
    ) {
        self.architecture = architecture
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layerCount = layerCount
        self.headCount = headCount
        self.kvHeadCount = kvHeadCount
        self.headDim = headDim
        self.vocabSize = vocabSize
        self.tiedEmbeddings = tiedEmbeddings
    }
}

/// Why a config cannot be turned into a tensor list.
public enum LayoutError: Error, Equatable, Sendable {
    case unsupportedArchitecture(String)
    case missingKey(String)
}

extension LayoutHyperparameters {
    /// The GGUF architecture llama.cpp's converter writes for a Hugging Face `architectures[0]` / `model_type`.
    static let architectureByHFClass: [String: String] = [
        "LlamaForCausalLM": "llama", "MistralForCausalLM": "llama", "MixtralForCausalLM": "llama",
        "Qwen2ForCausalLM": "qwen2", "Qwen2MoeForCausalLM": "qwen2moe", "Qwen3ForCausalLM": "qwen3",
        "Qwen3MoeForCausalLM": "qwen3moe", "Gemma2ForCausalLM": "gemma2", "Gemma3ForCausalLM": "gemma3",
        "Gemma3ForConditionalGeneration": "gemma3", "Phi3ForCausalLM": "phi3", "DeepseekV2ForCausalLM": "deepseek2",
        "DeepseekV3ForCausalLM": "deepseek2", "GptOssForCausalLM": "gpt-oss", "Glm4ForCausalLM": "glm4",
        "GraniteForCausalLM": "granite", "Olmo2ForCausalLM": "olmo2", "OlmoeForCausalLM": "olmoe",
        "CohereForCausalLM": "command-r", "Cohere2ForCausalLM": "cohere2", "Starcoder2ForCausalLM": "starcoder2",
        "Lfm2ForCausalLM": "lfm2", "BertModel": "bert", "BertForMaskedLM": "bert", "CamembertModel": "bert",
        "XLMRobertaModel": "bert", "NomicBertModel": "nomic-bert",
        // Llama-shaped text models under their own GGUF architecture (llama.cpp b11434 `conversion/__init__.py`
        // and the classes it names; the vision towers of the multimodal ones go to a separate mmproj file).
        "Mistral3ForConditionalGeneration": "mistral3", "Ministral3ForCausalLM": "mistral3",
        "SmolLM3ForCausalLM": "smollm3", "GemmaForCausalLM": "gemma", "MiniCPMForCausalLM": "minicpm",
        "InternLM2ForCausalLM": "internlm2", "Qwen2VLForConditionalGeneration": "qwen2vl",
        "Qwen2_5_VLForConditionalGeneration": "qwen2vl", "Qwen3VLForConditionalGeneration": "qwen3vl",
        "StableLmForCausalLM": "stablelm", "GlmForCausalLM": "chatglm", "Exaone4ForCausalLM": "exaone4",
        "PhiMoEForCausalLM": "phimoe", "PhimoeForCausalLM": "phimoe",
        "Glm4MoeForCausalLM": "glm4moe", "Llama4ForConditionalGeneration": "llama4", "Llama4ForCausalLM": "llama4",
        "MiniMaxM2ForCausalLM": "minimax-m2",
        // Hybrids (GGUFTensorLayout+Hybrid.swift). Granite 4.0 checkpoints without Mamba layers and Nemotron-H
        // configs with experts get another architecture in `init(config:)`, as their converters decide.
        "GraniteMoeHybridForCausalLM": "granitehybrid", "NemotronHForCausalLM": "nemotron_h",
        "FalconH1ForCausalLM": "falcon-h1", "Qwen3NextForCausalLM": "qwen3next",
        "Qwen3_5ForConditionalGeneration": "qwen35", "Qwen3_5ForCausalLM": "qwen35",
        "Qwen3_5MoeForConditionalGeneration": "qwen35moe", "Qwen3_5MoeForCausalLM": "qwen35moe",
        "DeciLMForCausalLM": "deci", "Gemma3nForConditionalGeneration": "gemma3n", "Gemma3nForCausalLM": "gemma3n",
        "Gemma4ForConditionalGeneration": "gemma4", "Gemma4ForCausalLM": "gemma4",
    ]

    /// Reads a decoded config.json (`JSONSerialization` output). Multimodal configs with a `text_config` use it.
    public init(config raw: [String: Any]) throws {
        var config = raw
        if let text = raw["text_config"] as? [String: Any] {
            config = text.merging(raw.filter { $0.key == "architectures" }) { current, _ in current }
            // Gemma 3 multimodal configs leave out the values that equal Gemma3TextConfig's defaults
            // (transformers `models/gemma3/configuration_gemma3.py`).
            if (text["model_type"] as? String) == "gemma3_text" {
                let defaults: [String: Any] = [
                    "vocab_size": 262_208, "hidden_size": 2304, "intermediate_size": 9216, "num_hidden_layers": 26,
                    "num_attention_heads": 8, "num_key_value_heads": 4, "head_dim": 256,
                    "max_position_embeddings": 131_072, "sliding_window": 4096,
                ]
                config.merge(defaults) { current, _ in current }
            }
        }
        func int(_ keys: String...) -> Int? {
            for key in keys {
                if let value = config[key] as? Int { return value }
                if let value = config[key] as? Double, value == value.rounded() { return Int(value) }
                if let value = config[key] as? NSNumber { return value.intValue }
            }
            return nil
        }
        func bool(_ key: String) -> Bool? { config[key] as? Bool }
        let hfClass = (config["architectures"] as? [String])?.first ?? ""
        guard var arch = Self.architectureByHFClass[hfClass] else {
            throw LayoutError.unsupportedArchitecture(
                hfClass.isEmpty ? (config["model_type"] as? String ?? "?") : hfClass)
        }
        // GraniteHybridModel.__init__ (conversion/granite.py) writes plain `granite` when no layer is Mamba;
        // NemotronHModel.__init__ (conversion/nemotron.py) writes `nemotron_h_moe` when the config has
        // `num_experts_per_tok`.
        if arch == "granitehybrid", let types = config["layer_types"] as? [String], !types.contains("mamba") {
            arch = "granite"
        }
        if arch == "nemotron_h" && config["num_experts_per_tok"] != nil { arch = "nemotron_h_moe" }
        guard let hidden = int("hidden_size", "d_model", "n_embd") else { throw LayoutError.missingKey("hidden_size") }
        guard
            let layers = int("num_hidden_layers", "n_layer", "num_layers")
                ?? (config["layers_block_type"] as? [Any])?.count
        else {
            throw LayoutError.missingKey("num_hidden_layers")
        }
        guard let heads = int("num_attention_heads", "n_head") else {
            throw LayoutError.missingKey("num_attention_heads")
        }
        guard let vocab = int("vocab_size") else { throw LayoutError.missingKey("vocab_size") }
        let kvHeads = int("num_key_value_heads", "num_kv_heads") ?? heads
        var ffn = int("intermediate_size", "ffn_dim", "n_inner") ?? 4 * hidden
        let headDim = int("head_dim") ?? hidden / max(heads, 1)
        let defaultTied: Bool
        switch arch {
        case "gemma", "gemma2", "gemma3", "gemma3n", "gemma4", "command-r", "cohere2", "lfm2": defaultTied = true
        case "starcoder2": defaultTied = true
        // Granite 4.0 checkpoints hold no lm_head (the recounts equal the stated counts only without one).
        case "granite" where hfClass == "GraniteMoeHybridForCausalLM", "granitehybrid": defaultTied = true
        default: defaultTied = false
        }
        self.init(
            architecture: arch, hiddenSize: hidden, intermediateSize: ffn, layerCount: layers, headCount: heads,
            kvHeadCount: kvHeads, headDim: headDim, vocabSize: vocab,
            tiedEmbeddings: bool("tie_word_embeddings") ?? bool("tie_embedding") ?? defaultTied)

        expertCount = int("num_local_experts", "num_experts", "n_routed_experts") ?? 0
        expertsUsed = int("num_experts_per_tok", "num_experts_per_token", "experts_per_token") ?? 0
        expertFFN = int("moe_intermediate_size") ?? (expertCount > 0 ? ffn : 0)
        sharedExpertCount = int("n_shared_experts", "num_shared_experts") ?? 0
        if let shared = int("shared_expert_intermediate_size") {
            sharedExpertFFN = shared
            if sharedExpertCount == 0 { sharedExpertCount = 1 }
        } else {
            sharedExpertFFN = sharedExpertCount * expertFFN
        }
        firstDenseLayers = int("first_k_dense_replace") ?? 0
        // PhiMoE's experts are `intermediate_size` wide and llama.cpp sizes them from feed_forward_length
        // (`src/models/phimoe.cpp`), which is all the converter writes.
        if arch == "phimoe" { intermediateSize = expertFFN }
        if arch == "llama4" {
            // Llama 4: `intermediate_size` is each expert's (and the shared expert's) width, `intermediate_size_mlp`
            // the dense layers' (Llama4Model.set_gguf_parameters in conversion/llama.py writes them so).
            moeLayerStep = max(1, int("interleave_moe_layer_step") ?? 1)
            expertFFN = ffn
            sharedExpertCount = 1
            sharedExpertFFN = ffn
            if let dense = int("intermediate_size_mlp") { intermediateSize = dense }
        }
        qLoraRank = int("q_lora_rank") ?? 0
        kvLoraRank = int("kv_lora_rank") ?? 0
        qkNopeHeadDim = int("qk_nope_head_dim") ?? 0
        qkRopeHeadDim = int("qk_rope_head_dim") ?? 0
        vHeadDim = int("v_head_dim") ?? 0
        // Q/K/V biases when the config leaves the key out: Qwen2 and Qwen2-VL always have them; transformers'
        // GlmConfig defaults `attention_bias` to true; StableLM names the key `use_qkv_bias`.
        attentionBias =
            bool("attention_bias")
            ?? (["qwen2", "qwen2moe", "qwen2vl", "starcoder2", "chatglm"].contains(arch)
                || (arch == "stablelm" && (bool("use_qkv_bias") ?? false)))
        attentionOutputBias =
            arch == "starcoder2" || arch == "gpt-oss" || arch == "phimoe"
            || (arch == "granite" && (bool("attention_bias") ?? false))
        normBias = arch == "stablelm" || arch == "phimoe"
        outputBias = arch == "phimoe"
        // GemmaModel.filter_tensors drops any `lm_head.weight` and llama_model_gemma always reuses token_embd.
        if arch == "gemma" { tiedEmbeddings = true }
        mlpBias = bool("mlp_bias") ?? (arch == "starcoder2")
        if arch == "starcoder2" {
            attentionBias = bool("use_bias") ?? true; mlpBias = attentionBias; attentionOutputBias = attentionBias
        }
        if arch == "gpt-oss" { attentionBias = true }
        let rope = (config["rope_scaling"] as? [String: Any]) ?? (config["rope_parameters"] as? [String: Any])
        let ropeType = (rope?["rope_type"] as? String) ?? (rope?["type"] as? String)
        ropeFrequencies = ropeType == "llama3" && arch != "phi3" && arch != "phimoe"
        ropeFactorsLongShort = (arch == "phi3" || arch == "phimoe") && (ropeType == "longrope" || ropeType == "su")
        perHeadQKNorm =
            (arch == "command-r" && layers >= 64) || (arch == "stablelm" && (bool("qk_layernorm") ?? false))
        // The expert-selection bias (`e_score_correction_bias` → `exp_probs_b.bias`): DeepSeek-V3 style routing,
        // and always in GLM-4.5 and MiniMax-M2 (`src/models/glm4-moe.cpp`, `src/models/minimax-m2.cpp`).
        expertProbabilityBias =
            (arch == "deepseek2" && (config["topk_method"] as? String) == "noaux_tc") || arch == "glm4moe"
            || arch == "minimax-m2"
        glmQKNorm = arch == "glm4moe" && (bool("use_qk_norm") ?? false)
        if arch == "lfm2" {
            convKernel = int("conv_L_cache") ?? 3
            if let layerTypes = config["layer_types"] as? [String] {
                attentionLayers = layerTypes.indices.filter { layerTypes[$0] == "full_attention" }
            } else if let indices = config["full_attn_idxs"] as? [Int] {
                attentionLayers = indices
            }
            // LFM2's converter shrinks the FFN when block_auto_adjust_ff_dim is set (Lfm2Model.set_gguf_parameters).
            if let blockFF = int("block_ff_dim") {
                ffn = blockFF
                if bool("block_auto_adjust_ff_dim") ?? false {
                    ffn = 2 * ffn / 3
                    if let multiplier = config["block_ffn_dim_multiplier"] as? Double {
                        ffn = Int(multiplier * Double(ffn))
                    }
                    let multipleOf = int("block_multiple_of") ?? 256
                    ffn = multipleOf * ((ffn + multipleOf - 1) / multipleOf)
                }
                intermediateSize = ffn
            }
        }
        if arch == "bert" || arch == "nomic-bert" {
            try readEncoderShape(hfClass: hfClass, int: int)
        }
        if arch == "deci" { readDeciBlocks(config: config) }
        if arch == "gemma4" {
            // Gemma4Model.set_gguf_parameters (conversion/gemma.py): `head_dim` is the sliding layers' head size,
            // `global_head_dim` the full layers'; KV heads per layer from both counts; experts from
            // `moe_intermediate_size` and `top_k_experts`.
            slidingLayers = (config["layer_types"] as? [String])?.map { $0 == "sliding_attention" }
            globalHeadDim = int("global_head_dim") ?? headDim
            globalKVHeadCount = int("num_global_key_value_heads") ?? kvHeadCount
            keyEqualsValue = bool("attention_k_eq_v") ?? false
            expertsUsed = int("top_k_experts") ?? expertsUsed
            if !(bool("enable_moe_block") ?? (expertCount > 0)) { expertCount = 0 }
            expertFFN = int("moe_intermediate_size") ?? expertFFN
            sharedExpertCount = 0
            sharedExpertFFN = 0
        }
        if arch == "gemma3n" {
            // Gemma3NModel (conversion/gemma.py): per-layer FFN widths (`intermediate_size` is a list), the sliding
            // pattern from `layer_types`; both embeddings padded to `vocab_size` (262400, with the vision and
            // audio token slots).
            layerFFN = (config["intermediate_size"] as? [NSNumber])?.map(\.intValue)
            intermediateSize = layerFFN?.max() ?? intermediateSize
            altupInputs = int("altup_num_inputs") ?? 4
            laurelRank = int("laurel_rank") ?? 64
            perLayerInputWidth = int("hidden_size_per_layer_input") ?? 256
            slidingLayers = (config["layer_types"] as? [String])?.map { $0 == "sliding_attention" }
        }
        if ["granitehybrid", "nemotron_h", "nemotron_h_moe", "falcon-h1", "qwen3next", "qwen35", "qwen35moe"]
            .contains(arch)
        {
            try readHybridShape(config: config, int: int, bool: bool)
        }
        if arch == "deepseek2" && headDim == hidden / max(heads, 1) && config["head_dim"] == nil {
            self.headDim = qkNopeHeadDim + qkRopeHeadDim
        }
    }
}

extension LayoutHyperparameters {
    /// DeciLM / Llama-Nemotron `block_configs`, as DeciModel.__init__ (conversion/deci.py) turns them into per-layer
    /// head counts and FFN widths: `n_heads_in_group` g gives heads / g KV heads; none with `replace_with_linear`
    /// is a linear layer (all heads, no KV: only `attn_output`), none otherwise no attention at all; `ffn_mult` m
    /// gives an FFN of 2·m·E/3 rounded up to a multiple of 256, none no FFN.
    fileprivate mutating func readDeciBlocks(config: [String: Any]) {
        guard let blocks = config["block_configs"] as? [[String: Any]] else { return }
        var heads: [Int] = []
        var kvHeads: [Int] = []
        var ffn: [Int] = []
        for block in blocks {
            let attention = block["attention"] as? [String: Any] ?? [:]
            let feedForward = block["ffn"] as? [String: Any] ?? [:]
            if let group = (attention["n_heads_in_group"] as? NSNumber)?.intValue, group > 0 {
                heads.append(headCount)
                kvHeads.append(headCount / group)
            } else {
                heads.append((attention["replace_with_linear"] as? Bool) == true ? headCount : 0)
                kvHeads.append(0)
            }
            if let multiplier = (feedForward["ffn_mult"] as? NSNumber)?.doubleValue {
                let width = Int(2 * multiplier * Double(hiddenSize) / 3)
                ffn.append(width % 256 == 0 ? width : width + 256 - width % 256)
            } else {
                ffn.append(0)
            }
        }
        layerCount = blocks.count
        layerHeads = heads
        layerKVHeads = kvHeads
        layerFFN = ffn
        kvHeadCount = kvHeads.first { $0 > 0 } ?? kvHeadCount
        intermediateSize = ffn.max() ?? intermediateSize
        headDim = hiddenSize / max(1, headCount)
    }

    /// The BERT-family facts llama.cpp b11434's converter takes from config.json (`conversion/bert.py`):
    /// - `BertModel.set_vocab` writes `type_vocab_size` as the token type count. Hugging Face configs always carry
    ///   it (BertConfig's default is 2; XLM-RoBERTa checkpoints such as bge-m3 have 1); configs that leave it out
    ///   get those defaults here.
    /// - Q/K/V, attention output and FFN carry biases in BERT checkpoints; `NomicBertModel.__init__` asserts that
    ///   nomic-bert has none (`qkv_proj_bias`, `mlp_fc1_bias`, `mlp_fc2_bias` false) and refuses other values.
    /// - `XLMRobertaModel.modify_tensors` (through `_xlmroberta_tokenizer_init`) drops the first
    ///   `pad_token_id + 1` rows of the position table and lowers `max_position_embeddings` by as many
    ///   (pad_token_id is 1 in XLM-RoBERTa configs). `BertModel` keeps all rows.
    /// - `NomicBertModel.__init__` writes a context of 2048 for n_positions 8192 with max_trained_positions 2048
    ///   (nomic-embed-text v1/v1.5), 512 for 2048/2048; it has no position table (rope).
    /// - A nomic config with `moe_every_n_layers` is nomic-bert-moe, whose layout is not listed here.
    fileprivate mutating func readEncoderShape(hfClass: String, int: (String...) -> Int?) throws {
        attentionBias = architecture == "bert"
        attentionOutputBias = architecture == "bert"
        mlpBias = architecture == "bert"
        tiedEmbeddings = true
        tokenTypeCount = int("type_vocab_size") ?? (hfClass == "XLMRobertaModel" ? 1 : 2)
        let positions = int("max_position_embeddings", "n_positions") ?? 512
        if architecture == "bert" {
            positionCount = hfClass == "XLMRobertaModel" ? positions - ((int("pad_token_id") ?? 1) + 1) : positions
        } else {
            if (int("moe_every_n_layers") ?? 0) > 0 { throw LayoutError.unsupportedArchitecture("nomic-bert-moe") }
            positionCount = 0
        }
    }

    /// The context length llama.cpp's converter writes for a BERT-family encoder (`<arch>.context_length`), from
    /// the config's own value: see `readEncoderShape`. nil for other architectures.
    static func encoderContextLength(config: [String: Any]) -> Int? {
        let hfClass = (config["architectures"] as? [String])?.first ?? ""
        func int(_ key: String) -> Int? { (config[key] as? NSNumber)?.intValue }
        switch architectureByHFClass[hfClass] {
        case "bert":
            guard let positions = int("max_position_embeddings") else { return nil }
            return hfClass == "XLMRobertaModel" ? positions - ((int("pad_token_id") ?? 1) + 1) : positions
        case "nomic-bert":
            let positions = int("n_positions") ?? int("max_position_embeddings")
            let trained = int("max_trained_positions") ?? 2048
            switch (positions, trained) {
            case (8192, 2048): return 2048
            case (2048, 2048): return int("n_positions") != nil ? 512 : 2048
            default: return positions
            }
        default: return nil
        }
    }
}

/// Lists the tensors (llama.cpp names, ggml shapes, the types convert_hf_to_gguf.py writes at `--outtype f16`)
/// of a model from its hyperparameters, for the architectures whose layout is known here. Sources: llama.cpp
/// b11434 `src/models/<arch>.cpp` (`load_tensors`), `conversion/base.py` (`prepare_tensors`: 1-D tensors,
/// norms, router gates and convolution kernels stay F32) and `conversion/deepseek.py` (kv_b split into k_b/v_b).
public enum GGUFTensorLayout {
    public static let supportedArchitectures: Set<String> = [
        "llama", "qwen2", "qwen2moe", "qwen3", "qwen3moe", "gemma2", "gemma3", "phi3", "deepseek2", "gpt-oss", "glm4",
        "granite", "olmo2", "olmoe", "command-r", "cohere2", "starcoder2", "lfm2", "bert", "nomic-bert",
        "mistral3", "smollm3", "gemma", "minicpm", "internlm2", "qwen2vl", "qwen3vl", "stablelm", "chatglm", "exaone4",
        "phimoe", "glm4moe", "llama4", "minimax-m2", "granitehybrid", "nemotron_h", "nemotron_h_moe", "falcon-h1",
        "qwen3next", "qwen35", "qwen35moe", "deci", "gemma3n", "gemma4",
    ]

    /// The tensor list at F16 (or BF16/F32 with `floatType`), in the converter's usual order.
    public static func tensors(for p: LayoutHyperparameters, floatType: GGMLType = .f16) throws -> [QuantizationTensor]
    {
        guard supportedArchitectures.contains(p.architecture) else {
            throw LayoutError.unsupportedArchitecture(p.architecture)
        }
        if p.architecture == "bert" || p.architecture == "nomic-bert" {
            return encoderTensors(for: p, floatType: floatType)
        }
        if let shape = p.hybrid { return hybridTensors(for: p, shape: shape, floatType: floatType) }
        if p.architecture == "gemma3n" { return gemma3nTensors(for: p, floatType: floatType) }
        if p.architecture == "gemma4" { return gemma4Tensors(for: p, floatType: floatType) }
        if let heads = p.layerHeads, let kvHeads = p.layerKVHeads, let ffn = p.layerFFN {
            return deciTensors(for: p, heads: heads, kvHeads: kvHeads, ffn: ffn, floatType: floatType)
        }
        var list: [QuantizationTensor] = []
        let h = UInt64(p.hiddenSize)
        let arch = p.architecture
        func add(_ name: String, _ dims: [Int], _ forceF32: Bool = false) {
            list.append(converterTensor(name, dims, floatType: floatType, forceF32: forceF32))
        }
        let hidden = p.hiddenSize
        let hd = p.headDim
        // EXAONE 4 normalises after attention and after the FFN only (`src/models/exaone4.cpp`), as OLMo 2 does.
        // GLM-4.5's pre-FFN norm is loaded as `post_attention_norm` (`src/models/glm4-moe.cpp`). Its
        // multi-token-prediction layer (`num_nextn_predict_layers`), which Glm4MoeModel writes unless converted with
        // --no-mtp, is left out: llama.cpp creates it with TENSOR_SKIP unless MTP is loaded, so it takes no memory;
        // files that carry it are about 1.5 % larger than predicted here.
        let postAttentionNorm = ["gemma2", "gemma3", "glm4", "olmo2", "gpt-oss", "exaone4", "glm4moe"].contains(arch)
        let ffnNorm = !["olmo2", "command-r", "cohere2", "gpt-oss", "exaone4", "glm4moe"].contains(arch)
        let postFFNNorm = ["gemma2", "gemma3", "glm4", "olmo2", "exaone4"].contains(arch)
        let hasNormBias = arch == "starcoder2" || p.normBias
        let q = p.headCount * hd
        let kv = p.kvHeadCount * hd

        add("token_embd.weight", [hidden, p.vocabSize])
        if p.ropeFrequencies { add("rope_freqs.weight", [hd / 2]) }
        if p.ropeFactorsLongShort {
            add("rope_factors_long.weight", [hd / 2])
            add("rope_factors_short.weight", [hd / 2])
        }
        for i in 0..<p.layerCount {
            let b = "blk.\(i)."
            // Attention.
            let isLFM2Conv = arch == "lfm2" && !(p.attentionLayers?.contains(i) ?? true)
            if arch != "olmo2" && arch != "exaone4" { add(b + "attn_norm.weight", [hidden]) }
            if hasNormBias { add(b + "attn_norm.bias", [hidden]) }
            if isLFM2Conv {
                add(b + "shortconv.conv.weight", [p.convKernel, hidden], true)
                add(b + "shortconv.in_proj.weight", [hidden, 3 * hidden])
                add(b + "shortconv.out_proj.weight", [hidden, hidden])
            } else if arch == "deepseek2" {
                let qHead = p.qkNopeHeadDim + p.qkRopeHeadDim
                if p.qLoraRank > 0 {
                    add(b + "attn_q_a.weight", [hidden, p.qLoraRank])
                    add(b + "attn_q_a_norm.weight", [p.qLoraRank])
                    add(b + "attn_q_b.weight", [p.qLoraRank, p.headCount * qHead])
                } else {
                    add(b + "attn_q.weight", [hidden, p.headCount * qHead])
                }
                add(b + "attn_kv_a_mqa.weight", [hidden, p.kvLoraRank + p.qkRopeHeadDim])
                add(b + "attn_kv_a_norm.weight", [p.kvLoraRank])
                add(b + "attn_k_b.weight", [p.qkNopeHeadDim, p.kvLoraRank, p.headCount])
                add(b + "attn_v_b.weight", [p.kvLoraRank, p.vHeadDim, p.headCount])
                add(b + "attn_output.weight", [p.headCount * p.vHeadDim, hidden])
            } else {
                if arch == "phi3" {
                    add(b + "attn_qkv.weight", [hidden, q + 2 * kv])
                } else {
                    add(b + "attn_q.weight", [hidden, q])
                    add(b + "attn_k.weight", [hidden, kv])
                    add(b + "attn_v.weight", [hidden, kv])
                    if p.attentionBias {
                        add(b + "attn_q.bias", [q])
                        add(b + "attn_k.bias", [kv])
                        add(b + "attn_v.bias", [kv])
                    }
                }
                switch arch {
                case "qwen3", "qwen3moe", "qwen3vl", "gemma3", "lfm2", "exaone4":
                    add(b + "attn_q_norm.weight", [hd])
                    add(b + "attn_k_norm.weight", [hd])
                case "command-r" where p.perHeadQKNorm, "stablelm" where p.perHeadQKNorm:
                    add(b + "attn_q_norm.weight", [hd, p.headCount])
                    add(b + "attn_k_norm.weight", [hd, p.kvHeadCount])
                case "olmo2", "olmoe", "minimax-m2":
                    add(b + "attn_q_norm.weight", [q])
                    add(b + "attn_k_norm.weight", [kv])
                case "glm4moe" where p.glmQKNorm:
                    add(b + "attn_q_norm.weight", [hd])
                    add(b + "attn_k_norm.weight", [hd])
                default: break
                }
                add(b + "attn_output.weight", [q, hidden])
                if p.attentionOutputBias { add(b + "attn_output.bias", [hidden]) }
                if arch == "gpt-oss" { add(b + "attn_sinks.weight", [p.headCount]) }
            }
            if postAttentionNorm { add(b + "post_attention_norm.weight", [hidden]) }
            // Feed-forward.
            if ffnNorm { add(b + "ffn_norm.weight", [hidden]) }
            if hasNormBias { add(b + "ffn_norm.bias", [hidden]) }
            let isMoELayer = p.expertCount > 0 && i >= p.firstDenseLayers && (i + 1) % p.moeLayerStep == 0
            if isMoELayer {
                let e = p.expertCount
                let f = p.expertFFN
                add(b + "ffn_gate_inp.weight", [hidden, e], true)
                if arch == "gpt-oss" { add(b + "ffn_gate_inp.bias", [e]) }
                // gpt-oss ships its experts in MXFP4 and the converter keeps them so.
                let expertType: GGMLType = arch == "gpt-oss" ? .mxfp4 : floatType
                list.append(
                    QuantizationTensor(
                        name: b + "ffn_gate_exps.weight", dimensions: [h, UInt64(f), UInt64(e)], type: expertType))
                list.append(
                    QuantizationTensor(
                        name: b + "ffn_down_exps.weight", dimensions: [UInt64(f), h, UInt64(e)], type: expertType))
                list.append(
                    QuantizationTensor(
                        name: b + "ffn_up_exps.weight", dimensions: [h, UInt64(f), UInt64(e)], type: expertType))
                if arch == "gpt-oss" {
                    add(b + "ffn_gate_exps.bias", [f, e])
                    add(b + "ffn_down_exps.bias", [hidden, e])
                    add(b + "ffn_up_exps.bias", [f, e])
                }
                if p.expertProbabilityBias { add(b + "exp_probs_b.bias", [e]) }
                if p.sharedExpertCount > 0 && p.sharedExpertFFN > 0 {
                    if arch == "qwen2moe" { add(b + "ffn_gate_inp_shexp.weight", [hidden], true) }
                    add(b + "ffn_gate_shexp.weight", [hidden, p.sharedExpertFFN])
                    add(b + "ffn_down_shexp.weight", [p.sharedExpertFFN, hidden])
                    add(b + "ffn_up_shexp.weight", [hidden, p.sharedExpertFFN])
                }
            } else if arch == "phi3" || arch == "glm4" || arch == "chatglm" {
                add(b + "ffn_up.weight", [hidden, 2 * p.intermediateSize])
                add(b + "ffn_down.weight", [p.intermediateSize, hidden])
            } else if arch == "starcoder2" {
                add(b + "ffn_up.weight", [hidden, p.intermediateSize])
                add(b + "ffn_up.bias", [p.intermediateSize])
                add(b + "ffn_down.weight", [p.intermediateSize, hidden])
                add(b + "ffn_down.bias", [hidden])
            } else {
                add(b + "ffn_gate.weight", [hidden, p.intermediateSize])
                add(b + "ffn_down.weight", [p.intermediateSize, hidden])
                add(b + "ffn_up.weight", [hidden, p.intermediateSize])
                if p.mlpBias {
                    add(b + "ffn_gate.bias", [p.intermediateSize])
                    add(b + "ffn_down.bias", [hidden])
                    add(b + "ffn_up.bias", [p.intermediateSize])
                }
            }
            if postFFNNorm { add(b + "post_ffw_norm.weight", [hidden]) }
        }
        add(arch == "lfm2" ? "token_embd_norm.weight" : "output_norm.weight", [hidden])
        if hasNormBias { add("output_norm.bias", [hidden]) }
        if !p.tiedEmbeddings { add("output.weight", [hidden, p.vocabSize]) }
        if p.outputBias { add("output.bias", [p.vocabSize]) }
        return list
    }

    /// DeciLM / Llama-Nemotron, layer by layer (`llama_model_deci::load_arch_tensors` in `src/models/deci.cpp`): a
    /// layer with KV heads has Q/K/V/output, a linear one only `attn_output` {E, E}, an attention-free one none; a
    /// layer with an FFN has its norm and gate/down/up.
    static func deciTensors(
        for p: LayoutHyperparameters, heads: [Int], kvHeads: [Int], ffn: [Int], floatType: GGMLType
    ) -> [QuantizationTensor] {
        var list: [QuantizationTensor] = []
        func add(_ name: String, _ dims: [Int]) {
            list.append(converterTensor(name, dims, floatType: floatType, forceF32: false))
        }
        let e = p.hiddenSize
        let hd = p.headDim
        add("token_embd.weight", [e, p.vocabSize])
        if p.ropeFrequencies { add("rope_freqs.weight", [hd / 2]) }
        for i in 0..<min(heads.count, kvHeads.count, ffn.count) {
            let b = "blk.\(i)."
            if kvHeads[i] > 0 {
                add(b + "attn_norm.weight", [e])
                add(b + "attn_q.weight", [e, hd * heads[i]])
                add(b + "attn_k.weight", [e, hd * kvHeads[i]])
                add(b + "attn_v.weight", [e, hd * kvHeads[i]])
                add(b + "attn_output.weight", [hd * heads[i], e])
            } else if heads[i] > 0 {
                add(b + "attn_norm.weight", [e])
                add(b + "attn_output.weight", [e, e])
            }
            if ffn[i] > 0 {
                add(b + "ffn_norm.weight", [e])
                add(b + "ffn_gate.weight", [e, ffn[i]])
                add(b + "ffn_down.weight", [ffn[i], e])
                add(b + "ffn_up.weight", [e, ffn[i]])
            }
        }
        add("output_norm.weight", [e])
        if !p.tiedEmbeddings { add("output.weight", [e, p.vocabSize]) }
        return list
    }

    /// Gemma 3n (`llama_model_gemma3n::load_arch_tensors` in `src/models/gemma3n.cpp`): Gemma 3 layers plus the
    /// per-layer token embeddings and their projections, the AltUp projections, router and coefficients, and the
    /// LAuReL low-rank branch.
    static func gemma3nTensors(for p: LayoutHyperparameters, floatType: GGMLType) -> [QuantizationTensor] {
        var list: [QuantizationTensor] = []
        func add(_ name: String, _ dims: [Int]) {
            list.append(converterTensor(name, dims, floatType: floatType, forceF32: false))
        }
        let e = p.hiddenSize
        let hd = p.headDim
        let n = p.altupInputs
        let perLayer = p.perLayerInputWidth * p.layerCount
        add("token_embd.weight", [e, p.vocabSize])
        add("altup_proj.weight", [e, e, n - 1])
        add("altup_unembd_proj.weight", [e, e, n - 1])
        add("per_layer_token_embd.weight", [perLayer, p.vocabSize])
        add("per_layer_model_proj.weight", [e, perLayer])
        add("per_layer_proj_norm.weight", [p.perLayerInputWidth])
        for i in 0..<p.layerCount {
            let b = "blk.\(i)."
            let ffn = p.layerFFN.map { i < $0.count ? $0[i] : p.intermediateSize } ?? p.intermediateSize
            add(b + "attn_norm.weight", [e])
            add(b + "attn_q.weight", [e, hd * p.headCount])
            add(b + "attn_k.weight", [e, hd * p.kvHeadCount])
            add(b + "attn_v.weight", [e, hd * p.kvHeadCount])
            add(b + "attn_output.weight", [hd * p.headCount, e])
            add(b + "attn_q_norm.weight", [hd])
            add(b + "attn_k_norm.weight", [hd])
            add(b + "post_attention_norm.weight", [e])
            add(b + "ffn_norm.weight", [e])
            add(b + "ffn_gate.weight", [e, ffn])
            add(b + "ffn_up.weight", [e, ffn])
            add(b + "ffn_down.weight", [ffn, e])
            add(b + "post_ffw_norm.weight", [e])
            add(b + "inp_gate.weight", [e, p.perLayerInputWidth])
            add(b + "proj.weight", [p.perLayerInputWidth, e])
            add(b + "post_norm.weight", [e])
            add(b + "altup_correct_coef.weight", [n, n])
            add(b + "altup_correct_scale.weight", [e])
            add(b + "altup_predict_coef.weight", [n, n * n])
            add(b + "altup_router.weight", [e, n])
            add(b + "altup_router_norm.weight", [e])
            add(b + "laurel_l.weight", [e, p.laurelRank])
            add(b + "laurel_r.weight", [p.laurelRank, e])
            add(b + "laurel_post_norm.weight", [e])
        }
        add("output_norm.weight", [e])
        return list
    }

    /// Gemma 4 (`llama_model_gemma4::load_arch_tensors` in `src/models/gemma4.cpp`, Gemma4Model in
    /// conversion/gemma.py): sliding layers with `head_dim`-sized heads, full layers with `global_head_dim`-sized
    /// heads and K reused as V; a dense FFN in every layer and, with `enable_moe_block`, experts beside it with
    /// their router scale, extra norms and per-expert output scale; one `rope_freqs` for the full layers.
    static func gemma4Tensors(for p: LayoutHyperparameters, floatType: GGMLType) -> [QuantizationTensor] {
        var list: [QuantizationTensor] = []
        func add(_ name: String, _ dims: [Int], _ forceF32: Bool = false) {
            list.append(converterTensor(name, dims, floatType: floatType, forceF32: forceF32))
        }
        let e = p.hiddenSize
        add("token_embd.weight", [e, p.vocabSize])
        add("rope_freqs.weight", [p.globalHeadDim / 2])
        for i in 0..<p.layerCount {
            let b = "blk.\(i)."
            let sliding = p.slidingLayers.map { i < $0.count ? $0[i] : true } ?? true
            let hd = sliding ? p.headDim : p.globalHeadDim
            let kv = sliding ? p.kvHeadCount : p.globalKVHeadCount
            add(b + "attn_norm.weight", [e])
            add(b + "attn_q.weight", [e, hd * p.headCount])
            add(b + "attn_k.weight", [e, hd * kv])
            if sliding || !p.keyEqualsValue { add(b + "attn_v.weight", [e, hd * kv]) }
            add(b + "attn_output.weight", [hd * p.headCount, e])
            add(b + "attn_q_norm.weight", [hd])
            add(b + "attn_k_norm.weight", [hd])
            add(b + "post_attention_norm.weight", [e])
            add(b + "layer_output_scale.weight", [1])
            add(b + "ffn_norm.weight", [e])
            add(b + "ffn_gate.weight", [e, p.intermediateSize])
            add(b + "ffn_up.weight", [e, p.intermediateSize])
            add(b + "ffn_down.weight", [p.intermediateSize, e])
            add(b + "post_ffw_norm.weight", [e])
            if p.expertCount > 0 {
                add(b + "ffn_gate_inp.weight", [e, p.expertCount], true)
                add(b + "ffn_gate_inp.scale", [e])
                add(b + "pre_ffw_norm_2.weight", [e])
                add(b + "post_ffw_norm_1.weight", [e])
                add(b + "post_ffw_norm_2.weight", [e])
                add(b + "ffn_gate_exps.weight", [e, p.expertFFN, p.expertCount])
                add(b + "ffn_up_exps.weight", [e, p.expertFFN, p.expertCount])
                add(b + "ffn_down_exps.weight", [p.expertFFN, e, p.expertCount])
                add(b + "ffn_down_exps.scale", [p.expertCount])
            }
        }
        add("output_norm.weight", [e])
        return list
    }

    /// A tensor as the converter writes it: 1-D tensors, norms, biases and `forceF32` ones (router gates,
    /// convolution kernels) in F32, the rest in `floatType` (`conversion/base.py`, `prepare_tensors`).
    static func converterTensor(_ name: String, _ dims: [Int], floatType: GGMLType, forceF32: Bool)
        -> QuantizationTensor
    {
        let isF32 =
            forceF32 || dims.count <= 1 || name.hasBytesSuffix("_norm.weight") || !name.hasBytesSuffix(".weight")
        return QuantizationTensor(name: name, dimensions: dims.map(UInt64.init), type: isF32 ? .f32 : floatType)
    }

    /// BERT-family encoders, as llama.cpp b11434 loads them (`llama_model_bert::load_arch_tensors` in
    /// `src/models/bert.cpp`, `llama_model_nomic_bert::load_arch_tensors` in `src/models/nomic-bert.cpp`,
    /// `llama_model_base::create_tensor_qkv` in `src/llama-model.cpp`) and as the converter writes them
    /// (`conversion/bert.py`; types from `ModelBase.prepare_tensors` in `conversion/base.py`):
    /// - `token_embd` (F16); `token_types` and bert's absolute `position_embd` stay F32 (prepare_tensors keeps
    ///   POS_EMBD and TOKEN_TYPES in F32); nomic-bert uses rope and has no position table;
    /// - `token_embd_norm` weight and bias (the embedding LayerNorm), F32;
    /// - per layer, bert: `attn_q/k/v` with biases, `attn_output` with bias, `attn_output_norm` weight and bias,
    ///   `ffn_up`/`ffn_down` with biases (GELU), `layer_output_norm` weight and bias;
    ///   nomic-bert: the fused `attn_qkv` (Wqkv, no bias), `attn_output` (no bias), `attn_output_norm`,
    ///   `ffn_up`/`ffn_gate`/`ffn_down` (SwiGLU, no biases), `layer_output_norm`;
    /// - no `output_norm` and no `output.weight`: the encoders end at the last layer's norm, and the converter
    ///   drops the pooler and the masked-LM head (`BertModel.filter_tensors`).
    static func encoderTensors(for p: LayoutHyperparameters, floatType: GGMLType) -> [QuantizationTensor] {
        var list: [QuantizationTensor] = []
        func add(_ name: String, _ dims: [Int], _ forceF32: Bool = false) {
            list.append(converterTensor(name, dims, floatType: floatType, forceF32: forceF32))
        }
        let hidden = p.hiddenSize
        let ffn = p.intermediateSize
        let q = p.headCount * p.headDim
        let kv = p.kvHeadCount * p.headDim
        let isNomic = p.architecture == "nomic-bert"
        add("token_embd.weight", [hidden, p.vocabSize])
        if p.tokenTypeCount > 0 { add("token_types.weight", [hidden, p.tokenTypeCount], true) }
        if !isNomic { add("position_embd.weight", [hidden, p.positionCount], true) }
        add("token_embd_norm.weight", [hidden])
        add("token_embd_norm.bias", [hidden])
        for i in 0..<p.layerCount {
            let b = "blk.\(i)."
            if isNomic {
                add(b + "attn_qkv.weight", [hidden, q + 2 * kv])
            } else {
                add(b + "attn_q.weight", [hidden, q])
                add(b + "attn_q.bias", [q])
                add(b + "attn_k.weight", [hidden, kv])
                add(b + "attn_k.bias", [kv])
                add(b + "attn_v.weight", [hidden, kv])
                add(b + "attn_v.bias", [kv])
            }
            add(b + "attn_output.weight", [q, hidden])
            if p.attentionOutputBias { add(b + "attn_output.bias", [hidden]) }
            add(b + "attn_output_norm.weight", [hidden])
            add(b + "attn_output_norm.bias", [hidden])
            add(b + "ffn_up.weight", [hidden, ffn])
            if p.mlpBias { add(b + "ffn_up.bias", [ffn]) }
            if isNomic { add(b + "ffn_gate.weight", [hidden, ffn]) }
            add(b + "ffn_down.weight", [ffn, hidden])
            if p.mlpBias { add(b + "ffn_down.bias", [hidden]) }
            add(b + "layer_output_norm.weight", [hidden])
            add(b + "layer_output_norm.bias", [hidden])
        }
        return list
    }
}
