import Testing

@testable import CanIRunCore

@Suite("GGUF reader")
struct GGUFReaderTests {
    func read(_ builder: GGUFBuilder, limits: ParsingLimits = .standard) throws -> GGUFFile {
        let (bytes, size) = builder.build()
        return try GGUFReader(limits: limits).read(InMemoryByteSource(bytes, name: "test.gguf", declaredSize: size))
    }

    func readError(_ bytes: [UInt8], declaredSize: UInt64? = nil, limits: ParsingLimits = .standard) -> GGUFError? {
        do {
            _ = try GGUFReader(limits: limits).read(
                InMemoryByteSource(bytes, name: "bad.gguf", declaredSize: declaredSize))
            return nil
        } catch let error as GGUFError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    @Test("reads metadata, tensors, alignment and the data offset of a small model")
    func readsTinyModel() throws {
        let file = try read(.tinyLlama())
        #expect(file.version == 3)
        #expect(file.architecture == "llama")
        #expect(file["llama.block_count"]?.intValue == 2)
        #expect(file["llama.attention.layer_norm_rms_epsilon"]?.doubleValue == Double(Float(1e-5)))
        #expect(file.tensors.count == 2 * 9 + 2)
        #expect(file.alignment == 32)
        #expect(file.dataOffset % 32 == 0)
        let embedding = try #require(file.tensors.first { $0.name == "token_embd.weight" })
        #expect(embedding.dimensions == [64, 256])
        #expect(embedding.type == .f16)
        #expect(embedding.byteCount == 64 * 256 * 2)
        #expect(file["tokenizer.ggml.tokens"]?.arrayCount == 256)
    }

    @Test("reads every metadata value type, including nested arrays")
    func readsEveryValueType() throws {
        var builder = GGUFBuilder()
        builder.add("u8", .u8(200))
        builder.add("i8", .i8(-5))
        builder.add("u16", .u16(60000))
        builder.add("i16", .i16(-30000))
        builder.add("u32", .u32(4_000_000_000))
        builder.add("i32", .i32(-2_000_000_000))
        builder.add("u64", .u64(1 << 62))
        builder.add("i64", .i64(-(1 << 62)))
        builder.add("f32", .f32(1.5))
        builder.add("f64", .f64(-2.25))
        builder.add("bool", .bool(true))
        builder.add("string", .string("héllo"))
        builder.add("nested", .array(.array, [.array(.int32, [.i32(1), .i32(2)]), .array(.int32, [.i32(3)])]))
        builder.add("layers", .array(.int32, [.i32(8), .i32(0), .i32(8)]))
        let file = try read(builder)
        #expect(file["u8"] == .uint8(200))
        #expect(file["i8"] == .int8(-5))
        #expect(file["u16"] == .uint16(60000))
        #expect(file["i16"] == .int16(-30000))
        #expect(file["u32"] == .uint32(4_000_000_000))
        #expect(file["i32"] == .int32(-2_000_000_000))
        #expect(file["u64"] == .uint64(1 << 62))
        #expect(file["i64"] == .int64(-(1 << 62)))
        #expect(file["f32"] == .float32(1.5))
        #expect(file["f64"] == .float64(-2.25))
        #expect(file["bool"] == .bool(true))
        #expect(file["string"]?.stringValue == "héllo")
        #expect(file["layers"]?.intArray == [8, 0, 8])
        guard case .array(.array, 2, let inner?) = file["nested"] else {
            Issue.record("nested array not read")
            return
        }
        #expect(inner[0].intArray == [1, 2])
        #expect(file.metadataKeys.first == "u8")
    }

    @Test("reads version 2 files and big-endian files")
    func readsVersion2AndBigEndian() throws {
        var version2 = GGUFBuilder.tinyLlama()
        version2.version = 2
        #expect(try read(version2).version == 2)
        var bigEndian = GGUFBuilder.tinyLlama()
        bigEndian.bigEndian = true
        let file = try read(bigEndian)
        #expect(file.byteOrder == .bigEndian)
        #expect(file["llama.embedding_length"]?.intValue == 64)
        #expect(file.tensors.count == 20)
    }

    @Test("rejects version 1 with a clear message")
    func rejectsVersion1() {
        var builder = GGUFBuilder.tinyLlama()
        builder.version = 1
        let error = readError(builder.build().bytes)
        #expect(error?.kind == .unsupportedVersion(1))
        #expect(error?.errorDescription?.contains("version 1 is not supported") == true)
    }

    @Test("rejects files that are not GGUF")
    func rejectsOtherFiles() {
        #expect(readError(Array("PK\u{3}\u{4}rest of a zip".utf8))?.kind == .notGGUF(magic: "50 4b 3 4"))
        #expect(readError([])?.kind == .truncated(needed: 4, fileSize: 0, reading: "the magic number"))
    }

    @Test("honours general.alignment and rejects alignments that are not powers of two")
    func alignment() throws {
        var builder = GGUFBuilder.tinyLlama()
        builder.alignment = 64
        builder.add("general.alignment", .u32(64))
        let file = try read(builder)
        #expect(file.alignment == 64)
        #expect(file.dataOffset % 64 == 0)
        var bad = GGUFBuilder.tinyLlama()
        bad.add("general.alignment", .u32(48))
        #expect(readError(bad.build().bytes, declaredSize: bad.build().fileSize)?.kind == .invalidAlignment(48))
    }

    @Test("the bytes read do not grow with the size of the tensor data")
    func headerOnlyReads() throws {
        // The same header in front of 0.3 GB and of 11 GB of tensor data: the same bytes are read.
        let small = GGUFBuilder.tinyLlama(blocks: 2, embedding: 4096, feedForward: 14336, vocabulary: 1000).build()
        let large = GGUFBuilder.tinyLlama(blocks: 64, embedding: 4096, feedForward: 14336, vocabulary: 1000).build()
        let smallFile = try GGUFReader().read(
            InMemoryByteSource(small.bytes + [UInt8](repeating: 0, count: 8 << 20), declaredSize: small.fileSize))
        let largeFile = try GGUFReader().read(
            InMemoryByteSource(large.bytes + [UInt8](repeating: 0, count: 8 << 20), declaredSize: large.fileSize))
        #expect(smallFile.fileSize == small.fileSize)
        #expect(large.fileSize > 10_000_000_000)
        // One first read of at most 2 MiB covers both headers.
        #expect(smallFile.bytesRead == largeFile.bytesRead)
        #expect(largeFile.bytesRead <= 2 << 20)
    }

    @Test("knows every ggml type of llama.cpp b11434 with its block size and bytes per block")
    func typeTable() {
        // Independent check: block sizes and bytes as gguf-py 0.19 GGML_QUANT_SIZES lists them.
        let expected: [String: (Int, Int)] = [
            "F32": (1, 4), "F16": (1, 2), "Q4_0": (32, 18), "Q4_1": (32, 20), "Q5_0": (32, 22), "Q5_1": (32, 24),
            "Q8_0": (32, 34), "Q8_1": (32, 36), "Q2_K": (256, 84), "Q3_K": (256, 110), "Q4_K": (256, 144),
            "Q5_K": (256, 176), "Q6_K": (256, 210), "Q8_K": (256, 292), "IQ2_XXS": (256, 66), "IQ2_XS": (256, 74),
            "IQ3_XXS": (256, 98), "IQ1_S": (256, 50), "IQ4_NL": (32, 18), "IQ3_S": (256, 110), "IQ2_S": (256, 82),
            "IQ4_XS": (256, 136), "I8": (1, 1), "I16": (1, 2), "I32": (1, 4), "I64": (1, 8), "F64": (1, 8),
            "IQ1_M": (256, 56), "BF16": (1, 2), "TQ1_0": (256, 54), "TQ2_0": (256, 66), "MXFP4": (32, 17),
        ]
        for (name, (block, bytes)) in expected {
            let type = GGMLType.named(name)
            #expect(type?.blockSize == block, "\(name)")
            #expect(type?.bytesPerBlock == bytes, "\(name)")
        }
        #expect(GGMLType.all.count == 35)
        #expect(Set(GGMLType.all.map(\.id)).count == 35)
    }

    @Test("an unknown tensor type id is an error naming the id and the tensor")
    func unknownTensorType() {
        var builder = GGUFBuilder()
        builder.tensors.append(.init(name: "blk.0.attn_q.weight", dimensions: [32, 32], typeID: 99, offset: 0))
        let error = readError(builder.build().bytes, declaredSize: 1 << 20)
        #expect(error?.kind == .unknownTensorType(id: 99, tensor: "blk.0.attn_q.weight"))
        #expect(error?.errorDescription?.contains("ggml type id 99") == true)
        var removed = GGUFBuilder()
        removed.tensors.append(.init(name: "w", dimensions: [32], typeID: 31, offset: 0))
        #expect(
            readError(removed.build().bytes, declaredSize: 1 << 20)?.kind == .removedTensorType(id: 31, tensor: "w"))
    }
}
