import Foundation
import Testing

@testable import CanIRunCore

/// Replays llama.cpp b11434's `llama-quantize` on the committed F16 headers: every tensor type of every recorded
/// (model, file type) and the byte counts must come out exactly (ground truth: bench/quantization/).
@Suite("Quantization recipe against llama-quantize")
struct QuantizationRecipeTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/quantization")
    static let models = ["llama32_1b", "qwen25_05b", "gemma3_1b", "lfm2_350m"]

    struct Fixture {
        var architecture: String
        var header: String
        var sourceFileBytes: UInt64
        var outputDataOffset: UInt64
        var tensors: [QuantizationTensor]
        /// File type → (types in tensor order, tensor bytes, file bytes, checked against a real file).
        var ftypes: [String: (types: [String], tensorBytes: UInt64, fileBytes: UInt64, real: Bool)]
    }

    static func load(_ model: String) throws -> Fixture {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("\(model).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let rawTensors = try #require(json["tensors"] as? [[Any]])
        var tensors: [QuantizationTensor] = []
        for entry in rawTensors {
            let name = try #require(entry[0] as? String)
            let dims = try #require(entry[1] as? [NSNumber]).map(\.uint64Value)
            let typeName = try #require(entry[2] as? String)
            let type = try #require(GGMLType.named(typeName))
            tensors.append(QuantizationTensor(name: name, dimensions: dims, type: type))
        }
        var ftypes: [String: (types: [String], tensorBytes: UInt64, fileBytes: UInt64, real: Bool)] = [:]
        for (key, value) in try #require(json["ftypes"] as? [String: [String: Any]]) {
            ftypes[key] = (
                try #require(value["types"] as? [String]), try #require(value["tensorBytes"] as? NSNumber).uint64Value,
                try #require(value["fileBytes"] as? NSNumber).uint64Value,
                (value["checkedAgainstRealFile"] as? Bool) ?? false
            )
        }
        return Fixture(
            architecture: try #require(json["architecture"] as? String),
            header: try #require(json["header"] as? String),
            sourceFileBytes: try #require(json["sourceFileBytes"] as? NSNumber).uint64Value,
            outputDataOffset: try #require(json["outputDataOffset"] as? NSNumber).uint64Value, tensors: tensors,
            ftypes: ftypes)
    }

    static func header(_ fixture: Fixture) throws -> GGUFFile {
        let bytes = try [UInt8](Data(contentsOf: fixtures.appendingPathComponent(fixture.header)))
        return try GGUFReader().read(
            InMemoryByteSource(bytes, name: fixture.header, declaredSize: fixture.sourceFileBytes))
    }

    @Test("the header-only GGUFs give the recorded tensor lists", arguments: models)
    func headerMatchesTensorList(model: String) throws {
        let fixture = try Self.load(model)
        let spec = ModelSpec(gguf: try Self.header(fixture))
        #expect(spec.tensors.map(\.name) == fixture.tensors.map(\.name))
        #expect(spec.tensors.map(\.dimensions) == fixture.tensors.map(\.dimensions))
        #expect(spec.tensors.map(\.type) == fixture.tensors.map(\.type))
        #expect(spec.fileBytes == fixture.sourceFileBytes)
    }

    @Test("every tensor type and byte count matches llama-quantize", arguments: models)
    func reproducesEveryFileType(model: String) throws {
        let fixture = try Self.load(model)
        let info = QuantizationModelInfo(gguf: try Self.header(fixture))
        #expect(fixture.ftypes.count == QuantizationFileType.allCases.count)
        for (label, expected) in fixture.ftypes.sorted(by: { $0.key < $1.key }) {
            let fileType = try #require(QuantizationFileType(named: label))
            let plan = try QuantizationRecipe(fileType: fileType).plan(for: fixture.tensors, model: info)
            let types = plan.tensors.map(\.type.name)
            let mismatches = zip(fixture.tensors, zip(types, expected.types)).filter { $1.0 != $1.1 }
                .map { "\($0.name): \($1.0) vs llama.cpp \($1.1)" }
            #expect(mismatches.isEmpty, "\(model) \(label): \(mismatches.prefix(5))")
            #expect(plan.tensorBytes == expected.tensorBytes, "\(model) \(label)")
            #expect(plan.fileBytes(headerBytes: fixture.outputDataOffset) == expected.fileBytes, "\(model) \(label)")
        }
    }

    @Test("real quantized files in the ground truth are among the checks")
    func realFilesRecorded() throws {
        var real = 0
        for model in Self.models { real += try Self.load(model).ftypes.values.filter(\.real).count }
        #expect(real >= 6)
    }

    @Test("Q4_K_M rules: attn_v and ffn_down get Q6_K on use_more_bits layers, fallback when rows are short")
    func q4KMRules() throws {
        // 8 layers, rows of 256: use_more_bits(i, 8) is true for 0, 3, 6, 7.
        var tensors = [QuantizationTensor(name: "token_embd.weight", dimensions: [256, 1000], type: .f16)]
        for layer in 0..<8 {
            tensors.append(QuantizationTensor(name: "blk.\(layer).attn_v.weight", dimensions: [256, 64], type: .f16))
            tensors.append(
                QuantizationTensor(name: "blk.\(layer).ffn_down.weight", dimensions: [512, 256], type: .f16))
            tensors.append(QuantizationTensor(name: "blk.\(layer).ffn_up.weight", dimensions: [96, 512], type: .f16))
            tensors.append(QuantizationTensor(name: "blk.\(layer).attn_norm.weight", dimensions: [256], type: .f32))
        }
        let info = QuantizationModelInfo(architecture: "llama", blockCount: 8, headCount: 8, headCountKV: 2)
        let plan = try QuantizationRecipe(fileType: .q4_K_M).plan(for: tensors, model: info)
        let byName = Dictionary(uniqueKeysWithValues: plan.tensors.map { ($0.name, $0) })
        #expect(byName["token_embd.weight"]?.type == .q6_K)  // tied: quantized like the output
        for layer in 0..<8 {
            let more = [0, 3, 6, 7].contains(layer)
            #expect(byName["blk.\(layer).attn_v.weight"]?.type == (more ? .q6_K : .q4_K))
            #expect(byName["blk.\(layer).ffn_down.weight"]?.type == (more ? .q6_K : .q4_K))
            #expect(byName["blk.\(layer).ffn_up.weight"]?.type == .q5_0)  // 96 % 256 != 0 → Q5_0
            #expect(byName["blk.\(layer).ffn_up.weight"]?.fellBack == true)
            #expect(byName["blk.\(layer).attn_norm.weight"]?.type == .f32)
        }
    }

    @Test("MoE: 8 experts put attn_v/attn_k at Q8_0; MXFP4_MOE puts 3-D experts at MXFP4 and the rest at Q8_0")
    func expertRules() throws {
        let tensors = [
            QuantizationTensor(name: "output.weight", dimensions: [512, 1000], type: .f16),
            QuantizationTensor(name: "token_embd.weight", dimensions: [512, 1000], type: .f16),
            QuantizationTensor(name: "blk.0.attn_v.weight", dimensions: [512, 128], type: .f16),
            QuantizationTensor(name: "blk.0.attn_k.weight", dimensions: [512, 128], type: .f16),
            QuantizationTensor(name: "blk.0.ffn_gate_inp.weight", dimensions: [512, 8], type: .f32),
            QuantizationTensor(name: "blk.0.ffn_down_exps.weight", dimensions: [256, 512, 8], type: .f16),
        ]
        let info = QuantizationModelInfo(
            architecture: "llama", blockCount: 1, expertCount: 8, headCount: 8, headCountKV: 8)
        let q4 = try QuantizationRecipe(fileType: .q4_K_M).plan(for: tensors, model: info).tensors.map(\.type)
        #expect(q4 == [.q6_K, .q4_K, .q8_0, .q8_0, .f32, .q6_K])
        let mx = try QuantizationRecipe(fileType: .mxfp4_MoE).plan(for: tensors, model: info).tensors.map(\.type)
        #expect(mx == [.q8_0, .q8_0, .q8_0, .q8_0, .f32, .mxfp4])
    }

    @Test("IQ2 mixes need an importance matrix; Q4_K_M does not")
    func importanceMatrix() throws {
        let fixture = try Self.load("llama32_1b")
        let info = QuantizationModelInfo(gguf: try Self.header(fixture))
        #expect(
            try QuantizationRecipe(fileType: .iq2_XXS).plan(for: fixture.tensors, model: info).requiresImportanceMatrix)
        #expect(
            try QuantizationRecipe(fileType: .q2_K_S).plan(for: fixture.tensors, model: info).requiresImportanceMatrix)
        #expect(
            try !QuantizationRecipe(fileType: .q4_K_M).plan(for: fixture.tensors, model: info).requiresImportanceMatrix)
        #expect(
            try !QuantizationRecipe(fileType: .iq4_XS).plan(for: fixture.tensors, model: info).requiresImportanceMatrix)
    }

    @Test("the loader order is the sort by (block number, name bytes), whatever the block prefixes look like")
    func loaderOrderMatchesPlainSort() {
        func plainOrder(_ names: [String]) -> [Int] {
            let layers = names.map { QuantizationRecipe.layerNumber(of: $0) ?? -1 }
            return names.indices.sorted { a, b in
                if layers[a] != layers[b] { return layers[a] < layers[b] }
                return names[a].utf8.lexicographicallyPrecedes(names[b].utf8)
            }
        }
        let suffixes = ["attn_norm.weight", "attn_q.weight", "ffn_up.weight", "attn_k.weight", "ffn_down.weight"]
        var names = ["token_embd.weight", "output_norm.weight"]
        for block in 0..<6 { names += suffixes.map { "blk.\(block).\($0)" } }
        // Blocks whose names differ from the previous block's, or whose numbers are written differently.
        names += ["blk.6.attn_q.weight", "blk.06.attn_k.weight", "blk.+6.ffn_up.weight", "blk.6.attn_q.weight"]
        names += ["blk.7.ffn_up.weight", "blk.7.attn_q.weight", "blk.07.attn_k.weight"]
        names += ["blk.8.ffn_up.weight", "blk.8.attn_q.weight", "blk.8.attn_k.weight", "blk.-1.x.weight", "blk.9"]
        names += ["output.weight", "blk.3.ffn_gate.weight", "blk.x.weight", "blk.5.attn_k.weight"]
        for list in [
            names, names.reversed(),
            names.enumerated().sorted { ($0.offset * 7) % 11 < ($1.offset * 7) % 11 }
                .map(\.element),
        ] {
            #expect(QuantizationRecipe.loaderOrder(list) == plainOrder(list))
        }
    }

    @Test("file type names and ids follow llama.h")
    func fileTypeNames() {
        #expect(QuantizationFileType(named: "q4_k") == .q4_K_M)
        #expect(QuantizationFileType(named: "Q8_0")?.id == 7)
        for fileType in QuantizationFileType.allCases {
            #expect(LlamaFileType.name(fileType.id) == fileType.rawValue)
        }
    }

    /// Synthetic F16 models (tiny widths, real names and layer counts) cover experts, MLA, fused QKV, Falcon and
    /// the 70B rule; their types come from `llama-quantize --dry-run` (bench/quantization/make_synthetic_ground_truth.py).
    @Test(
        "synthetic MoE, MLA, Falcon and 70B models: every tensor type matches llama-quantize",
        arguments: ["mixtral_like", "qwen3moe_like", "deepseek3_like", "llama70b_like", "falcon_like"])
    func reproducesSyntheticModels(model: String) throws {
        let data = try Data(contentsOf: Self.fixtures.appendingPathComponent("synthetic.json"))
        let all = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        let entry = try #require(all[model])
        let hparams = try #require(entry["hparams"] as? [String: Any])
        func int(_ key: String) -> Int { (hparams[key] as? NSNumber)?.intValue ?? 0 }
        let info = QuantizationModelInfo(
            architecture: try #require(entry["architecture"] as? String), blockCount: int("block_count"),
            expertCount: int("expert_count"), headCount: int("attention.head_count"),
            headCountKV: int("attention.head_count_kv"))
        var tensors: [QuantizationTensor] = []
        for item in try #require(entry["tensors"] as? [[Any]]) {
            let typeName = try #require(item[2] as? String)
            tensors.append(
                QuantizationTensor(
                    name: try #require(item[0] as? String),
                    dimensions: try #require(item[1] as? [NSNumber]).map(\.uint64Value),
                    type: try #require(GGMLType.named(typeName))))
        }
        let ftypes = try #require(entry["ftypes"] as? [String: [String: Any]])
        #expect(ftypes.count == QuantizationFileType.allCases.count)
        for (label, expected) in ftypes.sorted(by: { $0.key < $1.key }) {
            let recipe = QuantizationRecipe(fileType: try #require(QuantizationFileType(named: label)))
            guard let types = expected["types"] as? [String] else {
                // llama-quantize refused (a row length no fallback fits): the port must refuse too.
                #expect(throws: QuantizationError.self, "\(model) \(label)") {
                    try recipe.plan(for: tensors, model: info)
                }
                continue
            }
            let plan = try recipe.plan(for: tensors, model: info)
            let mismatches = zip(tensors, zip(plan.tensors.map(\.type.name), types)).filter { $1.0 != $1.1 }
                .map { "\($0.name): \($1.0) vs llama.cpp \($1.1)" }
            #expect(mismatches.isEmpty, "\(model) \(label): \(mismatches.prefix(5))")
            #expect(plan.tensorBytes == (expected["tensorBytes"] as? NSNumber)?.uint64Value, "\(model) \(label)")
        }
    }
}
