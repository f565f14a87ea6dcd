import CanIRunCore

/// A test-only GGUF writer: builds header bytes (and optionally zero tensor data) for any metadata and tensors,
/// including deliberately broken ones.
struct GGUFBuilder {
    enum Value {
        case u8(UInt8), i8(Int8), u16(UInt16), i16(Int16), u32(UInt32), i32(Int32), u64(UInt64), i64(Int64)
        case f32(Float), f64(Double), bool(Bool), string(String)
        /// Raw bytes as a string value (for invalid UTF-8).
        case rawString([UInt8])
        case array(GGUFValueType, [Value])

        var typeID: UInt32 {
            switch self {
            case .u8: 0
            case .i8: 1
            case .u16: 2
            case .i16: 3
            case .u32: 4
            case .i32: 5
            case .f32: 6
            case .bool: 7
            case .string, .rawString: 8
            case .array: 9
            case .u64: 10
            case .i64: 11
            case .f64: 12
            }
        }
    }

    struct Tensor {
        var name: String
        var dimensions: [UInt64]
        var typeID: UInt32
        /// nil: placed after the previous tensor, aligned.
        var offset: UInt64?
    }

    var version: UInt32 = 3
    var bigEndian = false
    var metadata: [(String, Value)] = []
    var tensors: [Tensor] = []
    var alignment: UInt64 = 32

    mutating func add(_ key: String, _ value: Value) { metadata.append((key, value)) }

    mutating func addTensor(_ name: String, _ dimensions: [UInt64], _ type: GGMLType, offset: UInt64? = nil) {
        tensors.append(Tensor(name: name, dimensions: dimensions, typeID: type.id, offset: offset))
    }

    /// Header bytes, and the size the whole file would have with its tensor data.
    func build(withData: Bool = false) -> (bytes: [UInt8], fileSize: UInt64) {
        var out: [UInt8] = []
        out += [0x47, 0x47, 0x55, 0x46]
        put32(&out, version)
        put64(&out, UInt64(tensors.count))
        put64(&out, UInt64(metadata.count))
        for (key, value) in metadata {
            putString(&out, Array(key.utf8))
            put32(&out, value.typeID)
            putValue(&out, value)
        }
        var nextOffset: UInt64 = 0
        var dataEnd: UInt64 = 0
        for tensor in tensors {
            putString(&out, Array(tensor.name.utf8))
            put32(&out, UInt32(tensor.dimensions.count))
            for dimension in tensor.dimensions { put64(&out, dimension) }
            put32(&out, tensor.typeID)
            let offset = tensor.offset ?? nextOffset
            put64(&out, offset)
            let size = Self.byteCount(tensor)
            dataEnd = max(dataEnd, offset &+ size)
            nextOffset = (offset &+ size &+ alignment - 1) / alignment * alignment
        }
        while UInt64(out.count) % alignment != 0 { out.append(0) }
        let fileSize = UInt64(out.count) &+ dataEnd
        if withData { out += [UInt8](repeating: 0, count: Int(dataEnd)) }
        return (out, fileSize)
    }

    static func byteCount(_ tensor: Tensor) -> UInt64 {
        guard let type = GGMLType.from(id: tensor.typeID) else { return 0 }
        let elements = tensor.dimensions.reduce(UInt64(1)) { $0 &* $1 }
        return type.byteCount(elements: elements) ?? 0
    }

    func put32(_ out: inout [UInt8], _ value: UInt32) {
        let v = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: v) { out += $0 }
    }

    func put64(_ out: inout [UInt8], _ value: UInt64) {
        let v = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: v) { out += $0 }
    }

    func put16(_ out: inout [UInt8], _ value: UInt16) {
        let v = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: v) { out += $0 }
    }

    func putString(_ out: inout [UInt8], _ bytes: [UInt8]) {
        put64(&out, UInt64(bytes.count))
        out += bytes
    }

    func putValue(_ out: inout [UInt8], _ value: Value) {
        switch value {
        case .u8(let v): out.append(v)
        case .i8(let v): out.append(UInt8(bitPattern: v))
        case .u16(let v): put16(&out, v)
        case .i16(let v): put16(&out, UInt16(bitPattern: v))
        case .u32(let v): put32(&out, v)
        case .i32(let v): put32(&out, UInt32(bitPattern: v))
        case .u64(let v): put64(&out, v)
        case .i64(let v): put64(&out, UInt64(bitPattern: v))
        case .f32(let v): put32(&out, v.bitPattern)
        case .f64(let v): put64(&out, v.bitPattern)
        case .bool(let v): out.append(v ? 1 : 0)
        case .string(let v): putString(&out, Array(v.utf8))
        case .rawString(let bytes): putString(&out, bytes)
        case .array(let type, let values):
            put32(&out, type.rawValue)
            put64(&out, UInt64(values.count))
            for element in values { putValue(&out, element) }
        }
    }

    /// A small llama-shaped model: 2 blocks, GQA, tied output.
    static func tinyLlama(
        blocks: Int = 2, embedding: UInt64 = 64, feedForward: UInt64 = 128, vocabulary: UInt64 = 256,
        type: GGMLType = .f16
    ) -> GGUFBuilder {
        var builder = GGUFBuilder()
        builder.add("general.architecture", .string("llama"))
        builder.add("general.name", .string("Tiny Test Llama"))
        builder.add("general.file_type", .u32(1))
        builder.add("llama.context_length", .u32(4096))
        builder.add("llama.embedding_length", .u32(UInt32(embedding)))
        builder.add("llama.block_count", .u32(UInt32(blocks)))
        builder.add("llama.feed_forward_length", .u32(UInt32(feedForward)))
        builder.add("llama.attention.head_count", .u32(4))
        builder.add("llama.attention.head_count_kv", .u32(2))
        builder.add("llama.rope.dimension_count", .u32(16))
        builder.add("llama.attention.layer_norm_rms_epsilon", .f32(1e-5))
        builder.add("tokenizer.ggml.model", .string("llama"))
        builder.add("tokenizer.ggml.tokens", .array(.string, (0..<vocabulary).map { .string("t\($0)") }))
        builder.add("tokenizer.ggml.scores", .array(.float32, (0..<vocabulary).map { _ in .f32(0) }))
        builder.addTensor("token_embd.weight", [embedding, vocabulary], type)
        for block in 0..<blocks {
            builder.addTensor("blk.\(block).attn_norm.weight", [embedding], .f32)
            builder.addTensor("blk.\(block).attn_q.weight", [embedding, embedding], type)
            builder.addTensor("blk.\(block).attn_k.weight", [embedding, embedding / 2], type)
            builder.addTensor("blk.\(block).attn_v.weight", [embedding, embedding / 2], type)
            builder.addTensor("blk.\(block).attn_output.weight", [embedding, embedding], type)
            builder.addTensor("blk.\(block).ffn_norm.weight", [embedding], .f32)
            builder.addTensor("blk.\(block).ffn_gate.weight", [embedding, feedForward], type)
            builder.addTensor("blk.\(block).ffn_up.weight", [embedding, feedForward], type)
            builder.addTensor("blk.\(block).ffn_down.weight", [feedForward, embedding], type)
        }
        builder.addTensor("output_norm.weight", [embedding], .f32)
        return builder
    }
}
