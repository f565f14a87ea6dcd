import Foundation
import Testing

@testable import CanIRunCore

/// config.json decoding: the defaulting rules, nested multimodal configs, layer layouts and quantization.
@Suite("config.json decoding")
struct ModelConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/configs")

    /// One model of a Data/models family file; its config decoded on its own so one failure names one model.
    struct CatalogEntry: Decodable {
        var id: String
        var ggufArchitecture: String?
        var config: Result<ModelConfig, any Error>?

        enum CodingKeys: String, CodingKey { case id, ggufArchitecture, config }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            ggufArchitecture = try container.decodeIfPresent(String.self, forKey: .ggufArchitecture)
            if container.contains(.config) {
                do {
                    config = .success(try container.decode(ModelConfig.self, forKey: .config))
                } catch let error as DecodingError {
                    config = .failure(
                        SafetensorsError(file: id, offset: nil, kind: .invalidConfig(reason: error.readableDescription))
                    )
                }
            }
        }
    }

    struct CatalogFamily: Decodable {
        var models: [CatalogEntry]
    }

    /// Every model entry of Data/models/*.json that has a config.
    static func catalogConfigs() throws -> [CatalogEntry] {
        let folder = root.appendingPathComponent("Data/models")
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true
        var result: [CatalogEntry] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        where name.hasSuffix(".json") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            result += try decoder.decode(CatalogFamily.self, from: data).models.filter { $0.config != nil }
        }
        return result
    }

    static func catalog(_ id: String) throws -> ModelConfig {
        guard let entry = try catalogConfigs().first(where: { $0.id == id }), let config = entry.config else {
            throw SafetensorsError(file: id, offset: nil, kind: .invalidConfig(reason: "not in Data/models"))
        }
        return try config.get()
    }

    static func fixture(_ name: String) throws -> ModelConfig {
        let url = fixtures.appendingPathComponent(name + ".json")
        return try ModelConfig.decode(try Data(contentsOf: url), file: url.path)
    }

    static func decode(_ json: String) throws -> ModelConfig {
        try ModelConfig.decode(Data(json.utf8))
    }

    @Test("every config in Data/models decodes and maps to the catalog's GGUF architecture")
    func everyCatalogConfig() throws {
        let entries = try Self.catalogConfigs()
        #expect(entries.count > 80)
        // llama.cpp b11434 has no converter for Llama 3.2 Vision (mllama).
        let unconvertible: Set<String> = ["llama-3.2-11b-vision"]
        for entry in entries {
            do {
                guard let config = try entry.config?.get() else { continue }
                #expect(config.layerKinds.count == config.numHiddenLayers, "\(entry.id)")
                #expect(config.headDim > 0, "\(entry.id)")
                if unconvertible.contains(entry.id) {
                    #expect(config.ggufArchitecture == nil, "\(entry.id)")
                } else if let expected = entry.ggufArchitecture {
                    #expect(config.ggufArchitecture == expected, "\(entry.id): \(config.ggufArchitecture ?? "nil")")
                }
            } catch {
                Issue.record("\(entry.id): \(error.localizedDescription)")
            }
        }
    }

    @Test("Llama 3.1 8B: GQA, head_dim from hidden_size / heads, llama3 rope scaling, untied")
    func llama31() throws {
        let config = try Self.catalog("llama-3.1-8b")
        #expect(config.numHiddenLayers == 32)
        #expect(config.numAttentionHeads == 32)
        #expect(config.numKeyValueHeads == 8)
        #expect(config.headDim == 128)
        #expect(config.vocabSize == 128_256)
        #expect(config.maxPositionEmbeddings == 131_072)
        #expect(!config.tieWordEmbeddings)
        #expect(config.ropeScaling?.type == "llama3")
        #expect(config.ropeScaling?.factor == 8)
        #expect(config.ggufArchitecture == "llama")
        #expect(config.layerKinds.allSatisfy { $0 == .fullAttention })
    }

    @Test("num_key_value_heads defaults to num_attention_heads; head_dim to hidden_size / heads")
    func defaults() throws {
        let config = try Self.decode(
            "{\"model_type\": \"llama\", \"hidden_size\": 2048, \"num_hidden_layers\": 2, \"num_attention_heads\": 16, \"vocab_size\": 10}"
        )
        #expect(config.numKeyValueHeads == 16)
        #expect(config.headDim == 128)
        #expect(!config.tieWordEmbeddings)
        #expect(config.expertCount == 0)
        let nulls = try Self.decode(
            "{\"model_type\": \"mixtral\", \"hidden_size\": 4096, \"num_hidden_layers\": 2, \"num_attention_heads\": 32, \"num_key_value_heads\": null, \"head_dim\": null, \"vocab_size\": 10}"
        )
        #expect(nulls.numKeyValueHeads == 32)
        #expect(nulls.headDim == 128)
        #expect(nulls.ggufArchitecture == "llama")
    }

    @Test("tie_word_embeddings defaults per config class: Gemma, Cohere, Starcoder2 tie; Llama, Qwen2 do not")
    func tiedDefaults() throws {
        #expect(try Self.catalog("gemma-2-9b-it").tieWordEmbeddings)
        #expect(try Self.catalog("aya-23-8b").tieWordEmbeddings)
        #expect(try Self.catalog("starcoder2-7b").tieWordEmbeddings)
        #expect(try !Self.catalog("codellama-7b").tieWordEmbeddings)
        #expect(try Self.catalog("qwen3-0.6b").tieWordEmbeddings)
        // Qwen3-VL writes tie_word_embeddings at the top level, outside text_config.
        let qwenVL = try Self.catalog("qwen3-vl-32b-instruct")
        #expect(qwenVL.hasTextConfig)
        #expect(!qwenVL.tieWordEmbeddings)
    }

    @Test("Gemma 3 4B: a sparse text_config filled from Gemma3TextConfig defaults, vision kept, 5:1 pattern")
    func gemma3() throws {
        let config = try Self.catalog("gemma-3-4b-it")
        #expect(config.modelType == "gemma3")
        #expect(config.textModelType == "gemma3_text")
        #expect(try Self.catalog("gemma-3-12b-it").hasVisionConfig)
        #expect(config.hiddenSize == 2560)
        #expect(config.numHiddenLayers == 34)
        #expect(config.numAttentionHeads == 8)
        #expect(config.numKeyValueHeads == 4)
        #expect(config.headDim == 256)
        #expect(config.vocabSize == 262_208)
        #expect(config.maxPositionEmbeddings == 131_072)
        #expect(config.slidingWindow == 1024)
        #expect(config.tieWordEmbeddings)
        #expect(config.torchDType == "bfloat16")
        #expect(config.ggufArchitecture == "gemma3")
        let kinds = config.layerKinds
        #expect(kinds.filter { $0 == .fullAttention }.count == 5)
        #expect(kinds[5] == .fullAttention)
        #expect(kinds[0] == .slidingAttention)
        let oneB = try Self.catalog("gemma-3-1b-it")
        #expect(oneB.ggufArchitecture == "gemma3")
        #expect(oneB.slidingWindow == 512)
    }

    @Test("Gemma 2: even layers slide")
    func gemma2() throws {
        let config = try Self.catalog("gemma-2-9b-it")
        #expect(config.layerKinds.prefix(4) == [.slidingAttention, .fullAttention, .slidingAttention, .fullAttention])
        #expect(config.slidingWindow == 4096)
    }

    @Test("Qwen2: no sliding window unless use_sliding_window; then only from max_window_layers on")
    func qwen2SlidingWindow() throws {
        let config = try Self.catalog("qwen2.5-7b")
        #expect(config.useSlidingWindow == false)
        #expect(config.layerKinds.allSatisfy { $0 == .fullAttention })
        let enabled = try Self.decode(
            """
            {"model_type": "qwen2", "hidden_size": 64, "num_hidden_layers": 4, "num_attention_heads": 4,
             "vocab_size": 10, "sliding_window": 32, "use_sliding_window": true, "max_window_layers": 2}
            """)
        #expect(enabled.layerKinds == [.fullAttention, .fullAttention, .slidingAttention, .slidingAttention])
    }

    @Test("Mistral v0.3, Mixtral: converted to llama; Mixtral's experts")
    func mistralMixtral() throws {
        #expect(try Self.catalog("mistral-7b-instruct-v0.3").ggufArchitecture == "llama")
        let mixtral = try Self.catalog("mixtral-8x7b-v0.1")
        #expect(mixtral.ggufArchitecture == "llama")
        #expect(mixtral.expertCount == 8)
        #expect(mixtral.expertsPerToken == 2)
        #expect(mixtral.isSparseLayer(0))
    }

    @Test("Qwen3-MoE: num_experts, moe_intermediate_size, decoder_sparse_step")
    func qwen3MoE() throws {
        let config = try Self.catalog("qwen3-30b-a3b")
        #expect(config.ggufArchitecture == "qwen3moe")
        #expect(config.expertCount == 128)
        #expect(config.expertsPerToken == 8)
        #expect(config.moeIntermediateSize == 768)
        #expect(config.numHiddenLayers == 48)
        #expect(config.headDim == 128)
        #expect(config.isSparseLayer(0))
        let fp8 = try Self.catalog("qwen3-30b-a3b-fp8")
        #expect(fp8.quantization?.method == "fp8")
        #expect(fp8.quantization?.weightBlockSize == [128, 128])
    }

    @Test("Qwen3-Next: every 4th layer full attention, the rest linear attention with gated-delta-net sizes")
    func qwen3Next() throws {
        let config = try Self.catalog("qwen3-next-80b-a3b-instruct")
        #expect(config.ggufArchitecture == "qwen3next")
        #expect(config.layerKinds.prefix(4) == [.recurrent, .recurrent, .recurrent, .fullAttention])
        #expect(config.layerKinds.filter { $0 == .fullAttention }.count == 12)
        #expect(config.linearNumValueHeads == 32)
        #expect(config.expertCount == 512)
        #expect(config.sharedExpertCount == 1)
        #expect(config.mamba == nil)
    }

    @Test("DeepSeek-V3: MLA keys, experts, dense first layers, FP8 blocks")
    func deepseekV3() throws {
        let config = try Self.catalog("deepseek-v3")
        #expect(config.ggufArchitecture == "deepseek2")
        #expect(config.usesLatentAttention)
        #expect(config.kvLoraRank == 512)
        #expect(config.qLoraRank == 1536)
        #expect(config.qkRopeHeadDim == 64)
        #expect(config.qkNopeHeadDim == 128)
        #expect(config.vHeadDim == 128)
        #expect(config.expertCount == 256)
        #expect(config.expertsPerToken == 8)
        #expect(config.sharedExpertCount == 1)
        #expect(config.firstKDenseReplace == 3)
        #expect(!config.isSparseLayer(2))
        #expect(config.isSparseLayer(3))
        #expect(config.nextTokenPredictionLayers == 1)
        let expected: Double = 8 + 32.0 / 16384
        #expect(config.quantization?.effectiveBitsPerWeight == expected)
        let lite = try Self.catalog("deepseek-v2-lite")
        #expect(lite.ggufArchitecture == "deepseek2")
        #expect(lite.kvLoraRank == 512)
        #expect(lite.qLoraRank == nil)
    }

    @Test("gpt-oss: layer_types alternate, 128 experts (num_local_experts), MXFP4")
    func gptOSS() throws {
        let config = try Self.catalog("gpt-oss-120b")
        #expect(config.ggufArchitecture == "gpt-oss")
        #expect(config.layerKinds.prefix(2) == [.slidingAttention, .fullAttention])
        #expect(config.slidingWindow == 128)
        #expect(config.expertCount == 128)
        #expect(config.expertsPerToken == 4)
        #expect(config.quantization?.effectiveBitsPerWeight == 4.25)
        #expect(config.quantization?.unquantizedModules.contains("lm_head") == true)
    }

    @Test("Phi-3.5 / Phi-4 mini, Command-R (aya), SmolLM2, OLMo 2, GLM-4.5: architecture names")
    func architectureNames() throws {
        #expect(try Self.catalog("phi-3.5-mini-instruct").ggufArchitecture == "phi3")
        #expect(try Self.catalog("phi-4-mini-instruct").ggufArchitecture == "phi3")
        #expect(try Self.catalog("aya-23-8b").ggufArchitecture == "command-r")
        #expect(try Self.catalog("smollm2-135m-instruct").ggufArchitecture == "llama")
        #expect(try Self.catalog("olmo-2-7b").ggufArchitecture == "olmo2")
        #expect(try Self.catalog("glm-4.5").ggufArchitecture == "glm4moe")
        #expect(try Self.catalog("qwen2.5-vl-7b-instruct").ggufArchitecture == "qwen2vl")
        #expect(try Self.catalog("mistral-small-3.1-24b-instruct-2503").ggufArchitecture == "mistral3")
    }

    @Test("Nemotron-H: layers_block_type gives Mamba, attention and MoE-only layers; experts → nemotron_h_moe")
    func nemotronH() throws {
        let config = try Self.catalog("nemotron-3-ultra-550b-a55b")
        #expect(config.ggufArchitecture == "nemotron_h_moe")
        #expect(config.numHiddenLayers == config.layersBlockType?.count)
        #expect(config.layerKinds.first == .recurrent)
        #expect(config.layerKinds.contains(.feedForwardOnly))
        #expect(config.mamba?.innerSize == 256 * 64)
        #expect(config.mamba?.groups == 8)
        #expect(config.mamba?.stateSize == 128)
    }

    @Test("fixtures: GLM-4, Granite, Granite hybrid, OLMo, OLMoE, Falcon-H1, SmolLM3, Command R7B")
    func fixtures() throws {
        let glm = try Self.fixture("glm4-defaults")
        #expect(glm.ggufArchitecture == "glm4")
        #expect(glm.numKeyValueHeads == 2)
        #expect(glm.headDim == 128)

        let granite = try Self.fixture("granite-defaults")
        #expect(granite.ggufArchitecture == "granite")

        let hybrid = try Self.fixture("granitemoehybrid-defaults")
        #expect(hybrid.ggufArchitecture == "granitehybrid")
        #expect(hybrid.layerKinds.allSatisfy { $0 == .recurrent })
        #expect(hybrid.mamba?.innerSize == 128 * 64)
        #expect(hybrid.mamba?.stateSize == 256)
        #expect(hybrid.mamba?.convKernel == 4)

        #expect(try Self.fixture("olmo-defaults").ggufArchitecture == "olmo")

        let olmoe = try Self.fixture("olmoe-1b-7b")
        #expect(olmoe.ggufArchitecture == "olmoe")
        #expect(olmoe.expertCount == 64)
        #expect(olmoe.expertsPerToken == 8)
        #expect(olmoe.headDim == 128)
        #expect(olmoe.maxPositionEmbeddings == 4096)

        let falcon = try Self.fixture("falcon-h1-0.5b")
        #expect(falcon.ggufArchitecture == "falcon-h1")
        #expect(falcon.layerKinds.allSatisfy { $0 == .attentionAndRecurrent })
        #expect(falcon.numKeyValueHeads == 2)
        #expect(falcon.headDim == 64)
        // No mamba_d_ssm in the fragment: heads × head size (24 × 64), which transformers requires to equal it.
        #expect(falcon.mamba?.innerSize == 1536)
        #expect(falcon.mamba?.stateSize == 128)

        let smol = try Self.fixture("smollm3-defaults")
        #expect(smol.ggufArchitecture == "smollm3")
        #expect(smol.tieWordEmbeddings)

        let cohere2 = try Self.fixture("cohere2-defaults")
        #expect(cohere2.ggufArchitecture == "cohere2")
        #expect(
            cohere2.layerKinds.prefix(4) == [.slidingAttention, .slidingAttention, .slidingAttention, .fullAttention])
    }

    @Test("decoding errors name the JSON path")
    func decodingErrors() {
        let cases = [
            (
                "{\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"vocab_size\": 10}",
                "hidden_size"
            ),
            (
                "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 2.5, \"num_attention_heads\": 4, \"vocab_size\": 10}",
                "num_hidden_layers"
            ),
            ("{\"text_config\": {\"hidden_size\": \"x\"}}", "text_config.hidden_size"),
            (
                "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"vocab_size\": 10, \"layer_types\": [1]}",
                "layer_types"
            ),
            ("[]", "top level"),
        ]
        for (json, path) in cases {
            do {
                _ = try Self.decode(json)
                Issue.record("\(json) decoded")
            } catch {
                #expect(error.localizedDescription.contains(path), "\(error.localizedDescription)")
            }
        }
    }

    @Test("4096.0 decodes as 4096; sliding_window false means none")
    func lenientNumbers() throws {
        let config = try Self.decode(
            """
            {"model_type": "mistral", "hidden_size": 4096.0, "num_hidden_layers": 2, "num_attention_heads": 32,
             "vocab_size": 10, "sliding_window": false}
            """)
        #expect(config.hiddenSize == 4096)
        #expect(config.slidingWindow == nil)
    }
}

@Suite("quantization_config bits per weight")
struct QuantizationConfigTests {
    func bits(_ json: String) throws -> Double? {
        try JSONDecoder().decode(QuantizationConfig.self, from: Data(json.utf8)).effectiveBitsPerWeight
    }

    @Test("GPTQ: bits + 16/group (fp16 scales) + bits/group (packed zeros)")
    func gptq() throws {
        #expect(
            try bits("{\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 128}") == 4 + 16.0 / 128 + 4.0 / 128)
        #expect(try bits("{\"quant_method\": \"gptq\", \"bits\": 8, \"group_size\": -1}") == 8)
        #expect(try bits("{\"quant_method\": \"gptq\", \"bits\": 3, \"group_size\": 32}") == 3 + 16.0 / 32 + 3.0 / 32)
    }

    @Test("AWQ: w_bit and q_group_size, the same formula")
    func awq() throws {
        #expect(
            try bits("{\"quant_method\": \"awq\", \"w_bit\": 4, \"q_group_size\": 128, \"zero_point\": true}")
                == 4 + 16.0 / 128 + 4.0 / 128)
        #expect(
            try bits("{\"quant_method\": \"awq\", \"bits\": 4, \"group_size\": 64, \"version\": \"gemm\"}")
                == 4 + 16.0 / 64 + 4.0 / 64)
    }

    @Test("bitsandbytes: 4-bit with fp32 absmax per 64 = 4.5, double quant ≈ 4.127, 8-bit = 8")
    func bitsandbytes() throws {
        #expect(
            try bits("{\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true, \"bnb_4bit_quant_type\": \"nf4\"}")
                == 4.5)
        #expect(
            try bits("{\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true, \"bnb_4bit_quant_type\": \"fp4\"}")
                == 4.5)
        let double = try bits(
            "{\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true, \"bnb_4bit_use_double_quant\": true}")
        let expected: Double = 4.0 + 0.125 + 32.0 / 16384.0
        #expect(double == expected)
        #expect(try bits("{\"quant_method\": \"bitsandbytes\", \"load_in_8bit\": true}") == 8)
    }

    @Test("FP8: 8 + fp32 scale per weight block; MXFP4 4.25")
    func fp8AndMXFP4() throws {
        #expect(try bits("{\"quant_method\": \"fp8\", \"weight_block_size\": [128, 128]}") == 8 + 32.0 / 16384)
        #expect(try bits("{\"quant_method\": \"fp8\"}") == 8)
        #expect(try bits("{\"quant_method\": \"mxfp4\"}") == 4.25)
    }

    @Test("compressed-tensors: config_groups weights num_bits and group_size")
    func compressedTensors() throws {
        let w4a16 = """
            {"quant_method": "compressed-tensors", "format": "pack-quantized", "config_groups": {"group_0": {
              "targets": ["Linear"], "weights": {"num_bits": 4, "type": "int", "symmetric": true,
              "strategy": "group", "group_size": 128}}}, "ignore": ["lm_head"]}
            """
        #expect(try bits(w4a16) == 4 + 16.0 / 128)
        let nvfp4 = """
            {"quant_method": "compressed-tensors", "format": "nvfp4-pack-quantized", "config_groups": {"group_0": {
              "weights": {"num_bits": 4, "type": "float", "symmetric": true, "strategy": "tensor_group",
              "group_size": 16}}}}
            """
        #expect(try bits(nvfp4) == 4.5)
        let fp8 = """
            {"quant_method": "compressed-tensors", "config_groups": {"group_0": {
              "weights": {"num_bits": 8, "type": "float", "symmetric": true, "strategy": "channel"}}}}
            """
        #expect(try bits(fp8) == 8)
        let asymmetric = """
            {"quant_method": "compressed-tensors", "config_groups": {"group_0": {
              "weights": {"num_bits": 4, "type": "int", "symmetric": false, "strategy": "group", "group_size": 32}}}}
            """
        #expect(try bits(asymmetric) == 4 + 16.0 / 32 + 4.0 / 32)
    }

    @Test("an unknown method has no estimate")
    func unknown() throws {
        #expect(try bits("{\"quant_method\": \"hqq\"}") == nil)
    }
}
