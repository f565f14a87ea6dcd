import Foundation
import Testing

@testable import CanIRunCore

/// Builds safetensors files in memory for tests: a JSON header (keys in insertion order, padded with spaces to
/// a multiple of 8 bytes as the reference writer does) followed by zeroed tensor data.
struct SafetensorsBuilder {
    struct Tensor {
        var name: String
        var dtype: String
        var shape: [UInt64]
        /// Explicit data_offsets; nil lays tensors out back to back.
        var offsets: (UInt64, UInt64)?
    }

    var tensors: [Tensor] = []
    var metadata: [String: String] = [:]

    mutating func add(_ name: String, _ dtype: SafetensorsDType, _ shape: [UInt64]) {
        tensors.append(Tensor(name: name, dtype: dtype.rawValue, shape: shape, offsets: nil))
    }

    static func bits(_ dtype: String) -> UInt64 {
        UInt64(SafetensorsDType(rawValue: dtype)?.bitsPerElement ?? 8)
    }

    /// The header JSON and the size of the data section.
    func header() -> (json: String, dataSize: UInt64) {
        var parts: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\"\($0)\":\"\(metadata[$0] ?? "")\"" }
            parts.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var cursor: UInt64 = 0
        var dataSize: UInt64 = 0
        for tensor in tensors {
            let elements = tensor.shape.reduce(UInt64(1), { $0 &* $1 })
            let (start, end) = tensor.offsets ?? (cursor, cursor + (elements * Self.bits(tensor.dtype) + 7) / 8)
            cursor = end
            dataSize = max(dataSize, end)
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            parts.append(
                "\"\(tensor.name)\":{\"dtype\":\"\(tensor.dtype)\",\"shape\":[\(shape)],\"data_offsets\":[\(start),\(end)]}"
            )
        }
        return ("{" + parts.joined(separator: ",") + "}", dataSize)
    }

    /// The whole file, data included (zeros).
    func build() -> [UInt8] {
        let (json, dataSize) = header()
        return Self.file(json: json, dataSize: dataSize)
    }

    static func file(json: String, dataSize: UInt64, declaredLength: UInt64? = nil) -> [UInt8] {
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let length = declaredLength ?? UInt64(header.count)
        var bytes = withUnsafeBytes(of: length.littleEndian) { Array($0) }
        bytes += header
        bytes += [UInt8](repeating: 0, count: Int(dataSize))
        return bytes
    }
}

@Suite("Safetensors header reader")
struct SafetensorsReaderTests {
    func parse(_ bytes: [UInt8], declaredSize: UInt64? = nil) -> Result<SafetensorsFile, SafetensorsError> {
        do {
            return .success(
                try SafetensorsReader().read(
                    InMemoryByteSource(bytes, name: "x.safetensors", declaredSize: declaredSize)))
        } catch let error as SafetensorsError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error type: \(error)")
            return .failure(SafetensorsError(file: "", offset: nil, kind: .invalidHeader(reason: "")))
        }
    }

    func kind(_ bytes: [UInt8], declaredSize: UInt64? = nil) -> SafetensorsError.Kind? {
        if case .failure(let error) = parse(bytes, declaredSize: declaredSize) { return error.kind }
        return nil
    }

    func small() -> SafetensorsBuilder {
        var builder = SafetensorsBuilder()
        builder.metadata = ["format": "pt"]
        builder.add("model.embed_tokens.weight", .bf16, [16, 8])
        builder.add("model.layers.0.mlp.up_proj.weight", .f32, [4, 8])
        builder.add("lm_head.weight", .f16, [16, 8])
        return builder
    }

    @Test("a small file: dtypes, shapes, offsets, metadata, and only the header read")
    func readsSmallFile() throws {
        let bytes = small().build()
        let file = try parse(bytes).get()
        #expect(file.metadata == ["format": "pt"])
        #expect(
            file.tensors.map(\.name) == [
                "model.embed_tokens.weight", "model.layers.0.mlp.up_proj.weight", "lm_head.weight",
            ])
        #expect(file.tensors.map(\.dtype) == [.bf16, .f32, .f16])
        #expect(file.tensors[1].shape == [4, 8])
        #expect(file.tensors[1].dataStart == 256)
        #expect(file.tensors[1].dataEnd == 256 + 128)
        #expect(file.tensorDataBytes == 256 + 128 + 256)
        #expect(file.bytesRead == 8 + file.headerLength)
        #expect(file.dataOffset + file.tensorDataBytes == UInt64(bytes.count))
        #expect(file.bytesRead < UInt64(bytes.count))
    }

    @Test("every dtype has its documented width", arguments: SafetensorsDType.allCases)
    func everyDType(_ dtype: SafetensorsDType) throws {
        let expected: [SafetensorsDType: Int] = [
            .f64: 64, .f32: 32, .f16: 16, .bf16: 16, .f8E4M3: 8, .f8E5M2: 8, .f8E8M0: 8, .i64: 64, .u64: 64,
            .i32: 32, .u32: 32, .i16: 16, .u16: 16, .i8: 8, .u8: 8, .bool: 8, .f4: 4, .f6E2M3: 6, .f6E3M2: 6, .c64: 64,
        ]
        #expect(dtype.bitsPerElement == expected[dtype])
        var builder = SafetensorsBuilder()
        builder.add("t", dtype, [2, 8])
        let file = try parse(builder.build()).get()
        #expect(file.tensors.first?.byteCount == UInt64(16 * dtype.bitsPerElement / 8))
        #expect(file.tensors.first?.elementCount == 16)
    }

    @Test("a header length of 2^63 is rejected before allocating")
    func hugeHeaderLength() {
        let bytes = SafetensorsBuilder.file(json: "{}", dataSize: 0, declaredLength: 1 << 63)
        guard case .headerTooLarge(let length, _)? = kind(bytes) else {
            Issue.record("expected a header-size error, got \(String(describing: kind(bytes)))")
            return
        }
        #expect(length == 1 << 63)
    }

    @Test("a header longer than the file")
    func headerLongerThanFile() {
        let bytes = SafetensorsBuilder.file(json: "{}", dataSize: 0, declaredLength: 4096)
        guard case .truncated(let needed, _, _)? = kind(bytes) else {
            Issue.record("expected a truncation error")
            return
        }
        #expect(needed == 8 + 4096)
    }

    @Test("invalid JSON, a non-object header, a header not starting with '{'")
    func invalidJSON() {
        for json in ["{\"a\": ", "{\"t\": [1, 2}", "[1,2,3]", " {}", "{\"__metadata__\": {\"a\": 1}}"] {
            guard case .invalidHeader? = kind(SafetensorsBuilder.file(json: json, dataSize: 0)) else {
                Issue.record("expected an invalid-header error for \(json)")
                continue
            }
        }
    }

    @Test("byte counts that do not match shape × dtype")
    func wrongByteCount() {
        var builder = SafetensorsBuilder()
        builder.tensors.append(.init(name: "w", dtype: "F16", shape: [4, 4], offsets: (0, 30)))
        guard case .invalidTensor(let tensor, let reason)? = kind(builder.build()) else {
            Issue.record("expected a tensor error")
            return
        }
        #expect(tensor == "w")
        #expect(reason.contains("32 bytes"))
    }

    @Test("offsets beyond the file, reversed offsets")
    func offsetsBeyondFile() {
        var builder = SafetensorsBuilder()
        builder.add("a", .f32, [4])
        builder.tensors.append(.init(name: "b", dtype: "F32", shape: [4], offsets: (16, 32)))
        let (json, _) = builder.header()
        guard
            case .tensorOutOfBounds(let tensor, let end, let dataSize)? = kind(
                SafetensorsBuilder.file(json: json, dataSize: 16))
        else {
            Issue.record("expected an out-of-bounds error")
            return
        }
        #expect(tensor == "b")
        #expect(end == 32)
        #expect(dataSize == 16)

        var reversed = SafetensorsBuilder()
        reversed.tensors.append(.init(name: "r", dtype: "F32", shape: [0], offsets: (8, 0)))
        guard case .invalidTensor? = kind(reversed.build()) else {
            Issue.record("expected a tensor error for reversed offsets")
            return
        }
    }

    @Test("overlapping tensors")
    func overlapping() {
        var builder = SafetensorsBuilder()
        builder.tensors.append(.init(name: "a", dtype: "F32", shape: [4], offsets: (0, 16)))
        builder.tensors.append(.init(name: "b", dtype: "F32", shape: [4], offsets: (8, 24)))
        guard case .overlappingTensors(let first, let second)? = kind(builder.build()) else {
            Issue.record("expected an overlap error")
            return
        }
        #expect(Set([first, second]) == ["a", "b"])
    }

    @Test("an unknown dtype is named with its tensor")
    func unknownDType() {
        var builder = SafetensorsBuilder()
        builder.tensors.append(.init(name: "w", dtype: "Q4_K", shape: [4], offsets: (0, 4)))
        let bytes = builder.build()
        guard case .unknownDType(let dtype, let tensor)? = kind(bytes) else {
            Issue.record("expected an unknown-dtype error")
            return
        }
        #expect(dtype == "Q4_K")
        #expect(tensor == "w")
        if case .failure(let error) = parse(bytes) {
            #expect(error.localizedDescription.contains("x.safetensors"))
            #expect(error.localizedDescription.contains("Q4_K"))
        }
    }

    @Test("shapes whose element count overflows 64 bits, negative or fractional dimensions, sub-byte remainders")
    func badShapes() {
        for shape in ["[4294967296, 4294967296, 16]", "[-1]", "[2.5]", "[\"4\"]"] {
            let json = "{\"w\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,16]}}"
            guard case .invalidTensor? = kind(SafetensorsBuilder.file(json: json, dataSize: 16)) else {
                Issue.record("expected a tensor error for shape \(shape)")
                continue
            }
        }
        var builder = SafetensorsBuilder()
        builder.tensors.append(.init(name: "w", dtype: "F4", shape: [3], offsets: (0, 2)))
        guard case .invalidTensor? = kind(builder.build()) else {
            Issue.record("expected a tensor error for 3 F4 elements")
            return
        }
    }

    @Test("empty tensors are allowed")
    func emptyTensors() throws {
        var builder = SafetensorsBuilder()
        builder.add("empty", .f32, [0, 8])
        builder.add("w", .f32, [2])
        let file = try parse(builder.build()).get()
        #expect(file.tensors.count == 2)
    }

    @Test("files shorter than the length prefix")
    func tooShort() {
        for length in 0..<8 {
            guard case .truncated? = kind([UInt8](repeating: 0, count: length)) else {
                Issue.record("expected a truncation error for \(length) bytes")
                continue
            }
        }
    }

    @Test("truncating a valid file at every offset gives an error, never a crash")
    func truncationAtEveryOffset() {
        let bytes = small().build()
        var failures = 0
        for length in 0..<bytes.count {
            if case .failure = parse(Array(bytes[0..<length])) { failures += 1 }
        }
        // Every prefix shorter than the whole file lacks header bytes or the last tensor's data.
        #expect(failures == bytes.count)
        if case .failure(let error) = parse(bytes) { Issue.record("the whole file failed: \(error)") }
    }

    @Test("5,000 random byte flips in the header (fixed seed) each give a result or an error, never a crash")
    func mutations() {
        let original = small().build()
        let headerEnd = 8 + Int(original[0]) + Int(original[1]) << 8
        var generator = SplitMix64(seed: 0x5AFE)
        var errors = 0
        for _ in 0..<5_000 {
            var bytes = original
            let index = Int(generator.next() % UInt64(headerEnd))
            bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            if case .failure = parse(bytes) { errors += 1 }
        }
        #expect(errors > 1_000)
    }
}

@Suite("Safetensors checkpoint folders")
struct SafetensorsFolderTests {
    /// A temporary folder that removes itself.
    final class TemporaryFolder {
        let path: String

        init() throws {
            path = NSTemporaryDirectory() + "canirun-st-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ name: String, _ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + name))
        }

        func write(_ name: String, json: String) throws {
            try write(name, Array(json.utf8))
        }
    }

    /// A Llama-style checkpoint: `layers` blocks of hidden size `hidden`, `kvHeads` of 4 heads.
    static func llamaTensors(
        layers: Int, hidden: UInt64 = 64, feedForward: UInt64 = 128, vocabulary: UInt64 = 100, kvHeads: UInt64 = 2,
        prefix: String = "model.", tied: Bool = false, dtype: SafetensorsDType = .bf16
    ) -> SafetensorsBuilder {
        var builder = SafetensorsBuilder()
        let headDim = hidden / 4
        builder.add(prefix + "embed_tokens.weight", dtype, [vocabulary, hidden])
        for layer in 0..<layers {
            let p = prefix + "layers.\(layer)."
            builder.add(p + "input_layernorm.weight", dtype, [hidden])
            builder.add(p + "self_attn.q_proj.weight", dtype, [hidden, hidden])
            builder.add(p + "self_attn.k_proj.weight", dtype, [kvHeads * headDim, hidden])
            builder.add(p + "self_attn.v_proj.weight", dtype, [kvHeads * headDim, hidden])
            builder.add(p + "self_attn.o_proj.weight", dtype, [hidden, hidden])
            builder.add(p + "post_attention_layernorm.weight", dtype, [hidden])
            builder.add(p + "mlp.gate_proj.weight", dtype, [feedForward, hidden])
            builder.add(p + "mlp.up_proj.weight", dtype, [feedForward, hidden])
            builder.add(p + "mlp.down_proj.weight", dtype, [hidden, feedForward])
        }
        builder.add(prefix + "norm.weight", dtype, [hidden])
        if !tied { builder.add("lm_head.weight", dtype, [vocabulary, hidden]) }
        return builder
    }

    static func llamaParameters(
        layers: UInt64, hidden: UInt64 = 64, feedForward: UInt64 = 128, vocabulary: UInt64 = 100,
        kvHeads: UInt64 = 2, tied: Bool = false
    ) -> UInt64 {
        let headDim = hidden / 4
        let perLayer = 2 * hidden + 2 * hidden * hidden + 2 * kvHeads * headDim * hidden + 3 * feedForward * hidden
        return vocabulary * hidden * (tied ? 1 : 2) + hidden + layers * perLayer
    }

    static let llamaConfig = """
        {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64, "intermediate_size": 128,
         "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100,
         "max_position_embeddings": 2048, "torch_dtype": "bfloat16", "tie_word_embeddings": false}
        """

    @Test("a single-file Llama checkpoint becomes a ModelSpec with the exact parameter count")
    func singleFileLlama() throws {
        let folder = try TemporaryFolder()
        try folder.write("config.json", json: Self.llamaConfig)
        let bytes = Self.llamaTensors(layers: 2).build()
        try folder.write("model.safetensors", bytes)
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        let parameters = Self.llamaParameters(layers: 2)
        #expect(spec.format == "safetensors")
        #expect(spec.architecture == "llama")
        #expect(spec.parameterCount == parameters)
        #expect(spec.activeParameterCount == parameters)
        #expect(spec.tensorDataBytes == parameters * 2)
        #expect(spec.fileBytes == UInt64(bytes.count))
        #expect(spec.bytesRead < spec.fileBytes)
        #expect(spec.blockCount == 2)
        #expect(spec.contextLength == 2048)
        #expect(spec.vocabularySize == 100)
        #expect(spec.embeddingLength == 64)
        #expect(spec.keyLength == 16)
        #expect(spec.layers.map(\.cacheKind) == [.fullAttention, .fullAttention])
        #expect(spec.layers[0].keyElementsPerToken == 32)
        #expect(spec.layers[0].valueElementsPerToken == 32)
        #expect(spec.layers[0].headCountKV == 2)
        #expect(spec.kvBytesPerTokenF16 == 2 * (32 + 32) * 2)
        #expect(spec.input.parameterCount == 100 * 64)
        #expect(spec.output.tensorCount == 2)
        #expect(spec.output.parameterCount == 100 * 64 + 64)
        #expect(!spec.tiedEmbeddings)
        #expect(spec.tensorTypes["BF16"]?.parameters == parameters)
        #expect(spec.fileType == "BF16")
        #expect(
            spec.layers.reduce(0) { $0 + $1.parameterCount } + spec.input.parameterCount + spec.output.parameterCount
                == parameters)
        #expect(spec.warnings.isEmpty)
    }

    @Test("a sharded checkpoint: the index is read and every shard's header")
    func shardedCheckpoint() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: Self.llamaConfig.replacingOccurrences(
                of: "\"num_hidden_layers\": 2", with: "\"num_hidden_layers\": 4"))
        let all = Self.llamaTensors(layers: 4, tied: true)
        var first = SafetensorsBuilder()
        var second = SafetensorsBuilder()
        for tensor in all.tensors {
            if tensor.name.contains("layers.2.") || tensor.name.contains("layers.3.")
                || tensor.name.contains("norm.weight") && !tensor.name.contains("layers")
            {
                second.tensors.append(tensor)
            } else {
                first.tensors.append(tensor)
            }
        }
        var map: [String] = []
        for tensor in first.tensors { map.append("\"\(tensor.name)\": \"model-00001-of-00002.safetensors\"") }
        for tensor in second.tensors { map.append("\"\(tensor.name)\": \"model-00002-of-00002.safetensors\"") }
        try folder.write("model-00001-of-00002.safetensors", first.build())
        try folder.write("model-00002-of-00002.safetensors", second.build())
        try folder.write(
            "model.safetensors.index.json",
            json: "{\"metadata\": {\"total_size\": 1}, \"weight_map\": {" + map.joined(separator: ",") + "}}")
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.parameterCount == Self.llamaParameters(layers: 4, tied: true))
        #expect(spec.tiedEmbeddings)
        #expect(spec.blockCount == 4)
        #expect(spec.layers.allSatisfy { $0.parameterCount > 0 })
        #expect(spec.fileBytes == UInt64(first.build().count + second.build().count))

        // A shard the index names but the folder lacks.
        try FileManager.default.removeItem(atPath: folder.path + "/model-00002-of-00002.safetensors")
        do {
            _ = try SafetensorsFolder.loadSpec(folder: folder.path)
            Issue.record("a missing shard must fail")
        } catch let error as SafetensorsError {
            #expect(error.kind == .missingShard(file: "model-00002-of-00002.safetensors"))
        }
    }

    @Test("index files: path traversal, non-string entries, tensors stored elsewhere")
    func hostileIndex() throws {
        for json in [
            "{\"weight_map\": {\"a\": \"../../etc/passwd\"}}", "{\"weight_map\": {\"a\": 3}}", "{\"weight_map\": {}}",
            "{\"weight_map\": []}", "not json",
        ] {
            #expect(throws: SafetensorsError.self) { try SafetensorsIndex.parse(Data(json.utf8), file: "index.json") }
        }
        let folder = try TemporaryFolder()
        try folder.write("config.json", json: Self.llamaConfig)
        try folder.write("model-00001-of-00001.safetensors", Self.llamaTensors(layers: 2).build())
        try folder.write(
            "model.safetensors.index.json",
            json: "{\"weight_map\": {\"model.missing.weight\": \"model-00001-of-00001.safetensors\"}}")
        do {
            _ = try SafetensorsFolder.loadSpec(folder: folder.path)
            Issue.record("an index naming an absent tensor must fail")
        } catch let error as SafetensorsError {
            guard case .invalidIndex = error.kind else {
                Issue.record("expected an index error, got \(error)")
                return
            }
        }
    }

    @Test("weights without config.json: a clear error saying config.json is needed")
    func missingConfig() throws {
        let folder = try TemporaryFolder()
        try folder.write("model.safetensors", Self.llamaTensors(layers: 1).build())
        do {
            _ = try ModelFileLoader.loadSpec(path: folder.path + "/model.safetensors")
            Issue.record("a lone safetensors file must fail")
        } catch let error as SafetensorsError {
            #expect(error.kind == .missingConfig(folder: folder.path))
            #expect(error.localizedDescription.contains("config.json"))
        }
        try folder.write("config.json", json: Self.llamaConfig)
        try FileManager.default.removeItem(atPath: folder.path + "/model.safetensors")
        #expect(throws: SafetensorsError.self) { try SafetensorsFolder.loadSpec(folder: folder.path) }
    }

    @Test("a config.json that does not decode names the JSON path")
    func badConfig() throws {
        let folder = try TemporaryFolder()
        try folder.write("config.json", json: "{\"model_type\": \"llama\", \"hidden_size\": \"big\"}")
        try folder.write("model.safetensors", Self.llamaTensors(layers: 1).build())
        do {
            _ = try SafetensorsFolder.loadSpec(folder: folder.path)
            Issue.record("must fail")
        } catch let error as SafetensorsError {
            #expect(error.localizedDescription.contains("hidden_size"))
        }
    }

    @Test("MoE: routed experts scale the active parameters by experts_per_tok / experts")
    func mixtureOfExperts() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["Qwen3MoeForCausalLM"], "model_type": "qwen3_moe", "hidden_size": 64,
                 "intermediate_size": 128, "moe_intermediate_size": 32, "num_hidden_layers": 1,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 100,
                 "num_experts": 8, "num_experts_per_tok": 2, "max_position_embeddings": 4096,
                 "tie_word_embeddings": false, "torch_dtype": "bfloat16"}
                """)
        var builder = SafetensorsBuilder()
        builder.add("model.embed_tokens.weight", .bf16, [100, 64])
        builder.add("model.layers.0.self_attn.q_proj.weight", .bf16, [64, 64])
        builder.add("model.layers.0.mlp.gate.weight", .bf16, [8, 64])
        for expert in 0..<8 {
            for projection in ["gate_proj", "up_proj", "down_proj"] {
                builder.add("model.layers.0.mlp.experts.\(expert).\(projection).weight", .bf16, [32, 64])
            }
        }
        builder.add("model.norm.weight", .bf16, [64])
        builder.add("lm_head.weight", .bf16, [100, 64])
        try folder.write("model.safetensors", builder.build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        let experts: UInt64 = 8 * 3 * 32 * 64
        let total: UInt64 = 100 * 64 * 2 + 64 * 64 + 8 * 64 + experts + 64
        #expect(spec.architecture == "qwen3moe")
        #expect(spec.parameterCount == total)
        #expect(spec.activeParameterCount == total - experts * 6 / 8)
        #expect(spec.layers[0].expertParameterCount == experts)
        #expect(spec.layers[0].expertTensorBytes == experts * 2)
        #expect(spec.expertCount == 8)
        #expect(spec.expertUsedCount == 2)
    }

    @Test("packed GPTQ weights count 8 weights per int32; scales, zeros and g_idx count none")
    func gptqPacking() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: Self.llamaConfig.replacingOccurrences(
                of: "\"num_hidden_layers\": 2",
                with:
                    "\"num_hidden_layers\": 1, \"quantization_config\": {\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 32}"
            ))
        var builder = SafetensorsBuilder()
        builder.add("model.embed_tokens.weight", .f16, [100, 64])
        let p = "model.layers.0.mlp.down_proj."
        builder.add(p + "qweight", .i32, [128 / 8, 64])
        builder.add(p + "qzeros", .i32, [128 / 32, 64 / 8])
        builder.add(p + "scales", .f16, [128 / 32, 64])
        builder.add(p + "g_idx", .i32, [128])
        builder.add("lm_head.weight", .f16, [100, 64])
        try folder.write("model.safetensors", builder.build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.parameterCount == 100 * 64 * 2 + 128 * 64)
        #expect(spec.layers[0].parameterCount == 128 * 64)
        #expect(spec.tensorTypes["I32"]?.parameters == 128 * 64)
        #expect(spec.fileType == "gptq 4-bit")
    }

    @Test("gpt-oss MXFP4: _blocks count two weights per byte, _scales none; sliding layers alternate")
    func mxfp4() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["GptOssForCausalLM"], "model_type": "gpt_oss", "hidden_size": 64,
                 "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "head_dim": 16, "vocab_size": 100, "num_local_experts": 4, "num_experts_per_tok": 2,
                 "experts_per_token": 2, "sliding_window": 128, "max_position_embeddings": 131072,
                 "layer_types": ["sliding_attention", "full_attention"],
                 "quantization_config": {"quant_method": "mxfp4"}}
                """)
        var builder = SafetensorsBuilder()
        builder.add("model.embed_tokens.weight", .bf16, [100, 64])
        for layer in 0..<2 {
            builder.add("model.layers.\(layer).mlp.experts.down_proj_blocks", .u8, [4, 64, 2, 16])
            builder.add("model.layers.\(layer).mlp.experts.down_proj_scales", .u8, [4, 64, 2])
        }
        builder.add("lm_head.weight", .bf16, [100, 64])
        try folder.write("model.safetensors", builder.build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        let expertsPerLayer: UInt64 = 4 * 64 * 64
        #expect(spec.architecture == "gpt-oss")
        #expect(spec.parameterCount == 2 * 100 * 64 + 2 * expertsPerLayer)
        #expect(spec.activeParameterCount == 2 * 100 * 64 + expertsPerLayer)
        #expect(spec.layers.map(\.cacheKind) == [.slidingWindow, .fullAttention])
        #expect(spec.slidingWindow == 128)
    }

    @Test("DeepSeek MLA: latent cache of kv_lora_rank + qk_rope_head_dim, no V, one KV head; MTP layers kept out")
    func latentAttention() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3", "hidden_size": 64,
                 "intermediate_size": 128, "num_hidden_layers": 1, "num_attention_heads": 4, "num_key_value_heads": 4,
                 "vocab_size": 100, "kv_lora_rank": 32, "q_lora_rank": 48, "qk_rope_head_dim": 8,
                 "qk_nope_head_dim": 16, "v_head_dim": 16, "max_position_embeddings": 163840,
                 "num_nextn_predict_layers": 1}
                """)
        var builder = SafetensorsBuilder()
        builder.add("model.embed_tokens.weight", .bf16, [100, 64])
        builder.add("model.layers.0.self_attn.kv_a_proj_with_mqa.weight", .f8E4M3, [40, 64])
        builder.add("model.layers.0.self_attn.kv_a_proj_with_mqa.weight_scale_inv", .f32, [1, 1])
        builder.add("model.layers.1.self_attn.kv_a_proj_with_mqa.weight", .bf16, [40, 64])
        builder.add("lm_head.weight", .bf16, [100, 64])
        try folder.write("model.safetensors", builder.build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.architecture == "deepseek2")
        #expect(spec.layers.count == 1)
        #expect(spec.layers[0].cacheKind == .latent)
        #expect(spec.layers[0].keyElementsPerToken == 40)
        #expect(spec.layers[0].valueElementsPerToken == 0)
        #expect(spec.layers[0].headCountKV == 1)
        #expect(spec.layers[0].parameterCount == 40 * 64)
        #expect(spec.layers[0].tensorBytes == 40 * 64 + 4)
        #expect(spec.latentRank == 32)
        #expect(spec.parameterCount == 2 * 100 * 64 + 2 * 40 * 64)
        #expect(spec.warnings.contains { $0.contains("multi-token prediction") })
        #expect(spec.tensorTypes["F8_E4M3"]?.count == 1)
    }

    @Test("Qwen3-Next: linear-attention layers are recurrent with the gated-delta-net state sizes")
    func qwen3Next() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["Qwen3NextForCausalLM"], "model_type": "qwen3_next", "hidden_size": 64,
                 "intermediate_size": 128, "num_hidden_layers": 8, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "head_dim": 32, "vocab_size": 100, "full_attention_interval": 4, "linear_conv_kernel_dim": 4,
                 "linear_key_head_dim": 16, "linear_num_key_heads": 2, "linear_value_head_dim": 16,
                 "linear_num_value_heads": 4, "num_experts": 0, "max_position_embeddings": 262144}
                """)
        try folder.write("model.safetensors", Self.llamaTensors(layers: 8).build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.architecture == "qwen3next")
        #expect(
            spec.layers.map(\.cacheKind) == [
                .recurrent, .recurrent, .recurrent, .fullAttention, .recurrent, .recurrent, .recurrent, .fullAttention,
            ])
        #expect(spec.layers[3].keyElementsPerToken == 64)
        #expect(spec.recurrentConvElements == 3 * (64 + 2 * 2 * 16))
        #expect(spec.recurrentStateElements == 16 * 64)
    }

    @Test("Gemma 3 multimodal: model.language_model.layers prefixes, vision tensors left out, 5:1 sliding pattern")
    func gemma3Multimodal() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["Gemma3ForConditionalGeneration"], "model_type": "gemma3",
                 "text_config": {"model_type": "gemma3_text", "hidden_size": 64, "intermediate_size": 128,
                   "num_hidden_layers": 6, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
                   "vocab_size": 100, "sliding_window": 1024},
                 "vision_config": {"model_type": "siglip_vision_model"}}
                """)
        var builder = Self.llamaTensors(layers: 6, prefix: "model.language_model.", tied: true)
        builder.add("model.vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight", .bf16, [64, 64])
        builder.add("model.multi_modal_projector.mm_input_projection_weight", .bf16, [64, 64])
        try folder.write("model.safetensors", builder.build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.architecture == "gemma3")
        #expect(spec.parameterCount == Self.llamaParameters(layers: 6, tied: true))
        #expect(
            spec.layers.map(\.cacheKind) == [
                .slidingWindow, .slidingWindow, .slidingWindow, .slidingWindow, .slidingWindow, .fullAttention,
            ])
        #expect(spec.slidingWindow == 1024)
        #expect(spec.contextLength == 131_072)
        #expect(spec.tiedEmbeddings)
        #expect(spec.warnings.contains { $0.contains("mmproj") })
    }

    @Test("tensor names: layer prefixes, output, multimodal parts, prediction heads")
    func tensorRoles() {
        typealias Role = ModelSpec.SafetensorsTensorRole
        let cases: [(String, Role)] = [
            ("model.layers.12.self_attn.q_proj.weight", .layer(12)),
            ("model.language_model.layers.3.mlp.up_proj.weight", .layer(3)),
            ("language_model.model.layers.7.input_layernorm.weight", .layer(7)),
            ("backbone.layers.0.mixer.in_proj.weight", .layer(0)),
            ("transformer.h.5.attn.c_attn.weight", .layer(5)),
            ("mtp.layers.0.self_attn.q_proj.weight", .layer(Int.max)),
            ("lm_head.weight", .output(isProjection: true)),
            ("lm_head.qweight", .output(isProjection: true)),
            ("model.norm.weight", .output(isProjection: false)),
            ("backbone.norm_f.weight", .output(isProjection: false)),
            ("model.embed_tokens.weight", .input),
            ("model.visual.blocks.0.attn.qkv.weight", .multimodal),
            ("vision_tower.vision_model.encoder.layers.0.mlp.fc1.weight", .multimodal),
            ("model.audio_tower.conformer.0.ffw.weight", .multimodal),
        ]
        for (name, role) in cases {
            #expect(ModelSpec.safetensorsRole(name) == role, "\(name)")
        }
    }

    @Test("Falcon-H1: every layer keeps attention and a Mamba-2 state")
    func falconH1() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["FalconH1ForCausalLM"], "model_type": "falcon_h1", "hidden_size": 64,
                 "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "head_dim": 16, "vocab_size": 100, "mamba_d_ssm": 128, "mamba_d_state": 16, "mamba_d_conv": 4,
                 "mamba_n_groups": 1, "mamba_n_heads": 8, "mamba_d_head": 16, "max_position_embeddings": 16384}
                """)
        try folder.write("model.safetensors", Self.llamaTensors(layers: 2).build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.architecture == "falcon-h1")
        #expect(spec.layers.map(\.cacheKind) == [.fullAttention, .fullAttention])
        #expect(spec.layers.allSatisfy { $0.hasRecurrentState })
        #expect(spec.recurrentConvElements == 3 * (128 + 2 * 16))
        #expect(spec.recurrentStateElements == 16 * 128)
    }

    @Test("Granite 4 hybrid: Mamba layers are recurrent, attention layers keep a KV cache")
    func graniteHybrid() throws {
        let folder = try TemporaryFolder()
        try folder.write(
            "config.json",
            json: """
                {"architectures": ["GraniteMoeHybridForCausalLM"], "model_type": "granitemoehybrid", "hidden_size": 64,
                 "intermediate_size": 128, "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "vocab_size": 100, "layer_types": ["mamba", "mamba", "mamba", "attention"], "mamba_d_conv": 4,
                 "mamba_d_state": 16, "mamba_n_groups": 1, "mamba_expand": 2, "mamba_n_heads": 8, "mamba_d_head": 16,
                 "max_position_embeddings": 131072, "tie_word_embeddings": true}
                """)
        try folder.write("model.safetensors", Self.llamaTensors(layers: 4, tied: true).build())
        let spec = try SafetensorsFolder.loadSpec(folder: folder.path)
        #expect(spec.architecture == "granitehybrid")
        #expect(spec.layers.map(\.cacheKind) == [.recurrent, .recurrent, .recurrent, .fullAttention])
        #expect(spec.layers.map(\.headCountKV) == [0, 0, 0, 2])
        #expect(spec.recurrentConvElements == 3 * (128 + 2 * 16))
        #expect(spec.recurrentStateElements == 16 * 128)
    }
}
