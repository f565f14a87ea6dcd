import Foundation
import Testing

@testable import CanIRunCore

/// The tensor lists `GGUFTensorLayout` builds from config.json against real GGUF headers, and the sizes it
/// predicts for files that do not exist yet.
@Suite("Quantization: tensor layouts from config.json")
struct QuantizationLayoutTests {
    static let fixtures = QuantizationRecipeTests.fixtures

    static func configs() throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("layout-configs.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
    }

    static func layout(_ model: String) throws -> (LayoutHyperparameters, [String: Any]) {
        let entry = try #require(try configs()[model])
        let config = try #require(entry["config"] as? [String: Any])
        return (try LayoutHyperparameters(config: config), entry)
    }

    @Test("F16 tensor names, shapes and types match the fixture headers", arguments: QuantizationRecipeTests.models)
    func matchesF16Files(model: String) throws {
        let fixture = try QuantizationRecipeTests.load(model)
        let (hyper, _) = try Self.layout(model)
        #expect(hyper.architecture == fixture.architecture)
        let built = try GGUFTensorLayout.tensors(for: hyper)
        let expected = Dictionary(uniqueKeysWithValues: fixture.tensors.map { ($0.name, $0) })
        let actual = Dictionary(uniqueKeysWithValues: built.map { ($0.name, $0) })
        #expect(Set(actual.keys).subtracting(expected.keys).sorted() == [], "\(model): extra tensors")
        #expect(Set(expected.keys).subtracting(actual.keys).sorted() == [], "\(model): missing tensors")
        for (name, tensor) in expected {
            guard let mine = actual[name] else { continue }
            #expect(mine.dimensions == tensor.dimensions, "\(model) \(name)")
            #expect(mine.type == tensor.type, "\(model) \(name)")
        }
    }

    @Test(
        "MoE layouts: OLMoE and DeepSeek-V2-Lite (MLA, k_b/v_b split, shared experts)",
        arguments: ["olmoe_1b7b", "dsv2_lite"])
    func matchesMoEFiles(model: String) throws {
        let (hyper, entry) = try Self.layout(model)
        let raw = try #require(entry["tensors"] as? [[Any]])
        var expected: [String: [UInt64]] = [:]
        for item in raw {
            expected[try #require(item[0] as? String)] = try #require(item[1] as? [NSNumber]).map(\.uint64Value)
        }
        let built = try GGUFTensorLayout.tensors(for: hyper)
        let actual = Dictionary(uniqueKeysWithValues: built.map { ($0.name, $0.dimensions) })
        #expect(Set(actual.keys).subtracting(expected.keys).sorted() == [], "\(model): extra tensors")
        #expect(Set(expected.keys).subtracting(actual.keys).sorted() == [], "\(model): missing tensors")
        for (name, dims) in expected where actual[name] != nil {
            #expect(actual[name] == dims, "\(model) \(name)")
        }
    }

    @Test(
        "predicted quantized files from config alone: types exact, file size within 2 %",
        arguments: QuantizationRecipeTests.models)
    func predictedSizes(model: String) throws {
        let fixture = try QuantizationRecipeTests.load(model)
        let (hyper, entry) = try Self.layout(model)
        let config = try #require(entry["config"] as? [String: Any])
        for (label, expected) in fixture.ftypes {
            let fileType = try #require(QuantizationFileType(named: label))
            let spec = try ModelSpec.predicted(
                layout: hyper, extras: PredictionExtras(config: config), recipe: QuantizationRecipe(fileType: fileType))
            #expect(spec.tensorDataBytes == expected.tensorBytes, "\(model) \(label)")
            let error = abs(Double(spec.fileBytes) - Double(expected.fileBytes)) / Double(expected.fileBytes)
            #expect(error < 0.02, "\(model) \(label): predicted \(spec.fileBytes), real \(expected.fileBytes)")
            // With the real header size, exact.
            let exact = try ModelSpec.predicted(
                layout: hyper, extras: PredictionExtras(config: config), recipe: QuantizationRecipe(fileType: fileType),
                headerBytes: fixture.outputDataOffset)
            #expect(exact.fileBytes == expected.fileBytes, "\(model) \(label)")
        }
    }

    @Test("a predicted spec carries the hyperparameters the estimator reads")
    func predictedSpecFields() throws {
        let (hyper, entry) = try Self.layout("gemma3_1b")
        let config = try #require(entry["config"] as? [String: Any])
        let spec = try ModelSpec.predicted(
            layout: hyper, extras: PredictionExtras(config: config), recipe: QuantizationRecipe(fileType: .q4_K_M))
        let real = ModelSpec(gguf: try QuantizationRecipeTests.header(try QuantizationRecipeTests.load("gemma3_1b")))
        #expect(spec.architecture == "gemma3")
        #expect(spec.blockCount == real.blockCount)
        #expect(spec.embeddingLength == real.embeddingLength)
        #expect(spec.keyLength == real.keyLength)
        #expect(spec.contextLength == real.contextLength)
        #expect(spec.parameterCount == real.parameterCount)
        #expect(spec.attentionLayout == real.attentionLayout)
        #expect(spec.tiedEmbeddings)
        #expect(spec.fileType == "Q4_K_M")
    }

    @Test("config parsing: multimodal Gemma 3 fills text defaults; MoE and MLA keys; unknown classes refused")
    func configParsing() throws {
        // google/gemma-3-4b-it config.json (as in Data/models/gemma-3.json): text_config omits default values.
        let gemma: [String: Any] = [
            "architectures": ["Gemma3ForConditionalGeneration"],
            "text_config": [
                "hidden_size": 2560, "intermediate_size": 10240, "model_type": "gemma3_text", "num_hidden_layers": 34,
                "sliding_window": 1024,
            ] as [String: Any],
        ]
        let g = try LayoutHyperparameters(config: gemma)
        #expect(g.architecture == "gemma3")
        #expect(g.headCount == 8 && g.kvHeadCount == 4 && g.headDim == 256 && g.vocabSize == 262_208)
        #expect(g.tiedEmbeddings)
        let mixtral: [String: Any] = [
            "architectures": ["MixtralForCausalLM"], "hidden_size": 4096, "intermediate_size": 14336,
            "num_hidden_layers": 32, "num_attention_heads": 32, "num_key_value_heads": 8, "vocab_size": 32000,
            "num_local_experts": 8, "num_experts_per_tok": 2,
        ]
        let m = try LayoutHyperparameters(config: mixtral)
        #expect(m.architecture == "llama" && m.expertCount == 8 && m.expertFFN == 14336 && !m.tiedEmbeddings)
        let tensors = try GGUFTensorLayout.tensors(for: m)
        // Mixtral 8x7B: 46.70 B parameters (the safetensors total).
        #expect(tensors.reduce(0) { $0 + $1.elementCount } == 46_702_792_704)
        #expect(throws: LayoutError.self) { try LayoutHyperparameters(config: ["architectures": ["T5Model"]]) }
    }

    @Test("BERT-family encoders: the converter's tensors, no output matrix, predicted as embedding models")
    func encoderLayouts() throws {
        // nomic-ai/nomic-embed-text-v1.5 config.json (NomicBertModel keys).
        let nomic: [String: Any] = [
            "architectures": ["NomicBertModel"], "n_embd": 768, "n_layer": 12, "n_head": 12, "n_inner": 3072,
            "n_positions": 8192, "max_trained_positions": 2048, "vocab_size": 30528, "type_vocab_size": 2,
        ]
        let n = try LayoutHyperparameters(config: nomic)
        #expect(n.architecture == "nomic-bert" && n.positionCount == 0 && n.tokenTypeCount == 2)
        let nomicTensors = try GGUFTensorLayout.tensors(for: n)
        // 4 embedding tensors + 9 per layer; 136,731,648 parameters, the safetensors total of the checkpoint.
        #expect(nomicTensors.count == 4 + 12 * 9)
        #expect(nomicTensors.reduce(0) { $0 + $1.elementCount } == 136_731_648)
        #expect(nomicTensors.first { $0.name == "blk.0.attn_qkv.weight" }?.dimensions == [768, 2304])
        #expect(nomicTensors.contains { $0.name == "blk.11.ffn_gate.weight" })
        // Biases only on the LayerNorms: none on Q/K/V, the attention output or the FFN.
        #expect(!nomicTensors.contains { $0.name.hasSuffix(".bias") && !$0.name.contains("_norm.") })
        #expect(!nomicTensors.contains { $0.name.hasPrefix("output") || $0.name == "position_embd.weight" })
        #expect(PredictionExtras(config: nomic).contextLength == 2048)

        // mixedbread-ai/mxbai-embed-large-v1 (BertModel): 335,141,888 parameters with the pooler, which the
        // converter drops (1024 × 1024 + 1024).
        let mxbai: [String: Any] = [
            "architectures": ["BertModel"], "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
            "num_attention_heads": 16, "vocab_size": 30522, "max_position_embeddings": 512, "type_vocab_size": 2,
        ]
        let m = try LayoutHyperparameters(config: mxbai)
        let bertTensors = try GGUFTensorLayout.tensors(for: m)
        #expect(bertTensors.count == 5 + 24 * 16)
        #expect(bertTensors.reduce(0) { $0 + $1.elementCount } == 335_141_888 - 1024 * 1024 - 1024)
        for name in ["position_embd.weight", "token_types.weight", "blk.0.attn_q.bias", "token_embd_norm.weight"] {
            #expect(bertTensors.first { $0.name == name }?.type == .f32, "\(name)")
        }
        #expect(bertTensors.first { $0.name == "position_embd.weight" }?.dimensions == [1024, 512])

        // BAAI/bge-m3 (XLMRobertaModel): the converter drops pad_token_id + 1 = 2 of the 8194 position rows.
        let bge: [String: Any] = [
            "architectures": ["XLMRobertaModel"], "hidden_size": 1024, "intermediate_size": 4096,
            "num_hidden_layers": 24, "num_attention_heads": 16, "vocab_size": 250_002, "max_position_embeddings": 8194,
            "type_vocab_size": 1, "pad_token_id": 1,
        ]
        let b = try LayoutHyperparameters(config: bge)
        #expect(b.architecture == "bert" && b.positionCount == 8192 && b.tokenTypeCount == 1)
        #expect(PredictionExtras(config: bge).contextLength == 8192)

        let spec = try ModelSpec.predicted(
            layout: n, extras: PredictionExtras(config: nomic), recipe: QuantizationRecipe(fileType: .f16))
        #expect(spec.isEmbeddingModel)
        #expect(spec.output.tensorCount == 0)
        #expect(spec.layers.allSatisfy { $0.cacheKind == .none })
        #expect(throws: LayoutError.self) {
            try LayoutHyperparameters(config: nomic.merging(["moe_every_n_layers": 2]) { _, new in new })
        }
    }

    @Test("DeepSeek-V2-Lite prediction: MLA cache fields and the Q8_0 size of the fixture file")
    func deepSeekPrediction() throws {
        let (hyper, entry) = try Self.layout("dsv2_lite")
        let config = try #require(entry["config"] as? [String: Any])
        let spec = try ModelSpec.predicted(
            layout: hyper, extras: PredictionExtras(config: config), recipe: QuantizationRecipe(fileType: .q8_0))
        #expect(spec.latentRank == 512)
        #expect(spec.expertCount == 64)
        #expect(spec.layers.first?.cacheKind == .latent)
        // dsv2_lite-q8_0.gguf is 16,699,676,064 bytes (models.json); every 2-D/3-D weight at Q8_0.
        let error = abs(Double(spec.fileBytes) - 16_699_676_064) / 16_699_676_064
        #expect(error < 0.02, "predicted \(spec.fileBytes)")
    }
}

/// Writes the layouts of the configs in `$CANIRUN_LAYOUT_CONFIGS` to `$CANIRUN_LAYOUT_DUMP`, for
/// bench/quantization/check_layouts_with_llama.py, which loads them with llama.cpp. Does nothing otherwise.
@Suite("Quantization: layout dump for the llama.cpp loader check")
struct QuantizationLayoutDump {
    @Test("dump layouts when asked")
    func dump() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let input = environment["CANIRUN_LAYOUT_CONFIGS"], let output = environment["CANIRUN_LAYOUT_DUMP"] else {
            return
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        let configs = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        var result: [String: Any] = [:]
        for (key, config) in configs {
            do {
                let hyper = try LayoutHyperparameters(config: config)
                let tensors = try GGUFTensorLayout.tensors(for: hyper)
                var metadata: [String: Any] = [:]
                for (name, value) in ModelSpec.predictedMetadata(
                    hyper, extras: PredictionExtras(config: config), fileType: .f16)
                {
                    if case .bool(let flag) = value {
                        metadata[name] = flag
                    } else if let string = value.stringValue {
                        metadata[name] = string
                    } else if let array = value.intArray {
                        metadata[name] = array
                    } else if let number = value.intValue {
                        metadata[name] = number
                    }
                }
                // The types llama-quantize's recipe gives each tensor, for the file types in
                // $CANIRUN_LAYOUT_FILE_TYPES (comma-separated, e.g. Q8_0,Q4_K_M).
                var planned: [String: [String: String]] = [:]
                for label in (environment["CANIRUN_LAYOUT_FILE_TYPES"] ?? "").split(separator: ",") {
                    let fileType = try #require(QuantizationFileType(rawValue: String(label)))
                    let spec = try ModelSpec.predicted(
                        layout: hyper, extras: PredictionExtras(config: config),
                        recipe: QuantizationRecipe(fileType: fileType))
                    planned[String(label)] = Dictionary(
                        uniqueKeysWithValues: spec.tensors.map { ($0.name, $0.type.name) })
                }
                result[key] = [
                    "architecture": hyper.architecture, "metadata": metadata,
                    "tensors": tensors.map { [$0.name, $0.dimensions, $0.type.name] as [Any] }, "planned": planned,
                ]
            } catch {
                result[key] = ["error": "\(error)"]
            }
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        try json.write(to: URL(fileURLWithPath: output))
    }
}
