import Testing

@testable import CanIRunCore

/// Model files are hostile input: every malformed file must give an error, never a crash or a hang.
@Suite("GGUF hostile input")
struct GGUFHostileInputTests {
    func parse(_ bytes: [UInt8], declaredSize: UInt64? = nil) -> Result<GGUFFile, GGUFError> {
        do {
            return .success(
                try GGUFReader().read(InMemoryByteSource(bytes, name: "x.gguf", declaredSize: declaredSize)))
        } catch let error as GGUFError {
            return .failure(error)
        } catch {
            Issue.record("unexpected error type: \(error)")
            return .failure(GGUFError(file: "", offset: nil, kind: .splitMismatch(reason: "")))
        }
    }

    func kind(_ bytes: [UInt8], declaredSize: UInt64? = nil) -> GGUFError.Kind? {
        if case .failure(let error) = parse(bytes, declaredSize: declaredSize) { return error.kind }
        return nil
    }

    /// Header bytes with a custom tail after the counts.
    func header(tensors: UInt64, keyValues: UInt64, then tail: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0]
        withUnsafeBytes(of: tensors.littleEndian) { bytes += $0 }
        withUnsafeBytes(of: keyValues.littleEndian) { bytes += $0 }
        return bytes + tail
    }

    func le64(_ value: UInt64) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }
    func le32(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian) { Array($0) } }

    @Test("truncating a valid file at every offset gives an error, never a crash")
    func truncationAtEveryOffset() {
        let (bytes, _) = GGUFBuilder.tinyLlama(blocks: 1, embedding: 32, feedForward: 32, vocabulary: 16)
            .build(withData: true)
        var failures = 0
        for length in 0..<bytes.count {
            if case .failure = parse(Array(bytes[0..<length])) { failures += 1 }
        }
        // Every prefix shorter than the whole file lacks header or tensor data.
        #expect(failures == bytes.count)
        if case .failure(let error) = parse(bytes) { Issue.record("the whole file failed: \(error)") }
    }

    @Test("10,000 random byte flips (fixed seed) each give a result or an error, never a crash")
    func mutations() {
        // Header-only bytes of a bigger file: every flip lands in the header, where parsing happens.
        let (original, size) = GGUFBuilder.tinyLlama(vocabulary: 40).build()
        var generator = SplitMix64(seed: 0xC0FFEE)
        var errors = 0
        for _ in 0..<10_000 {
            var bytes = original
            let flips = Int(generator.next() % 4) + 1
            for _ in 0..<flips {
                let index = Int(generator.next() % UInt64(bytes.count))
                bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            }
            if case .failure = parse(bytes, declaredSize: size) { errors += 1 }
        }
        // Most flips land in token texts and scores, which may legally hold any value; many others break the file.
        #expect(errors > 500)
    }

    @Test("a string length of 2^63 is rejected before allocating")
    func hugeStringLength() {
        let bytes = header(
            tensors: 0, keyValues: 1, then: le64(1 << 63) + Array("key".utf8) + [UInt8](repeating: 0, count: 64))
        guard case .limitExceeded(let what, let value, _)? = kind(bytes) else {
            Issue.record("expected a limit error, got \(String(describing: kind(bytes)))")
            return
        }
        #expect(what.contains("length"))
        #expect(value == 1 << 63)
    }

    @Test("an array count of 2^62 is rejected before allocating")
    func hugeArrayCount() {
        let tail = le64(3) + Array("key".utf8) + le32(9) + le32(4) + le64(1 << 62)
        guard case .limitExceeded? = kind(header(tensors: 0, keyValues: 1, then: tail)) else {
            Issue.record("expected a limit error")
            return
        }
    }

    @Test("an array longer than the file can hold is rejected before looping")
    func arrayLongerThanFile() {
        let tail = le64(3) + Array("key".utf8) + le32(9) + le32(8) + le64(50_000_000)
        guard case .truncated? = kind(header(tensors: 0, keyValues: 1, then: tail)) else {
            Issue.record("expected a truncation error")
            return
        }
    }

    @Test("more tensors than the file can hold")
    func tooManyTensors() {
        guard case .truncated? = kind(header(tensors: 900_000, keyValues: 0, then: [])) else {
            Issue.record("expected a truncation error")
            return
        }
        guard case .limitExceeded? = kind(header(tensors: 1 << 40, keyValues: 0, then: [])) else {
            Issue.record("expected a limit error")
            return
        }
    }

    @Test("dimension products that overflow 64 bits")
    func overflowingDimensions() {
        var builder = GGUFBuilder()
        builder.tensors.append(.init(name: "w", dimensions: [1 << 32, 1 << 32, 16], typeID: 0, offset: 0))
        guard case .invalidTensorShape(let tensor, let reason)? = kind(builder.build().bytes) else {
            Issue.record("expected a shape error")
            return
        }
        #expect(tensor == "w")
        #expect(reason.contains("overflow"))
    }

    @Test("tensor offsets beyond the file, misaligned or overlapping")
    func badOffsets() {
        var beyond = GGUFBuilder()
        beyond.addTensor("w", [32, 32], .f32, offset: 1 << 40)
        guard case .tensorOutOfBounds(let name, _, _)? = kind(beyond.build().bytes) else {
            Issue.record("expected out of bounds")
            return
        }
        #expect(name == "w")
        var misaligned = GGUFBuilder()
        misaligned.addTensor("w", [32], .f32, offset: 7)
        #expect(
            kind(misaligned.build().bytes, declaredSize: 4096)
                == .misalignedTensor(tensor: "w", offset: 7, alignment: 32))
        var overlapping = GGUFBuilder()
        overlapping.addTensor("a", [64], .f32, offset: 0)
        overlapping.addTensor("b", [64], .f32, offset: 128)
        #expect(kind(overlapping.build().bytes, declaredSize: 4096) == .overlappingTensors(first: "a", second: "b"))
    }

    @Test("duplicate keys and duplicate tensors")
    func duplicates() {
        var keys = GGUFBuilder()
        keys.add("general.name", .string("a"))
        keys.add("general.name", .string("b"))
        #expect(kind(keys.build().bytes) == .duplicateKey("general.name"))
        var tensors = GGUFBuilder()
        tensors.addTensor("w", [32], .f32)
        tensors.addTensor("w", [32], .f32)
        #expect(kind(tensors.build().bytes, declaredSize: 4096) == .duplicateTensor("w"))
    }

    @Test("invalid UTF-8 in keys and values")
    func invalidUTF8() {
        var builder = GGUFBuilder()
        builder.add("general.name", .rawString([0xC3, 0x28]))
        guard case .invalidUTF8? = kind(builder.build().bytes) else {
            Issue.record("expected a UTF-8 error")
            return
        }
    }

    @Test("unknown value types, booleans other than 0/1, too deep nesting, too many dimensions")
    func otherNasties() {
        let unknownType = header(tensors: 0, keyValues: 1, then: le64(1) + [0x6B] + le32(77))
        #expect(kind(unknownType) == .unknownValueType(77, key: "k"))
        var boolean = GGUFBuilder()
        boolean.add("flag", .u8(0))
        var bytes = boolean.build().bytes
        // Turn the u8 into a bool with the value 2.
        let typeIndex = 24 + 8 + 4
        bytes[typeIndex] = 7
        bytes[typeIndex + 4] = 2
        guard case .limitExceeded? = kind(bytes) else {
            Issue.record("expected a boolean error")
            return
        }
        var nested: GGUFBuilder.Value = .array(.int32, [.i32(1)])
        for _ in 0..<6 { nested = .array(.array, [nested]) }
        var deep = GGUFBuilder()
        deep.add("deep", nested)
        guard case .limitExceeded? = kind(deep.build().bytes) else {
            Issue.record("expected a nesting error")
            return
        }
        var dimensions = GGUFBuilder()
        dimensions.tensors.append(.init(name: "w", dimensions: [1, 1, 1, 1, 1], typeID: 0, offset: 0))
        guard case .invalidTensorShape? = kind(dimensions.build().bytes, declaredSize: 4096) else {
            Issue.record("expected a shape error")
            return
        }
        var partialBlock = GGUFBuilder()
        partialBlock.addTensor("w", [33], .q4_0, offset: 0)
        guard case .invalidTensorShape? = kind(partialBlock.build().bytes, declaredSize: 4096) else {
            Issue.record("expected a block-size error")
            return
        }
    }
}

/// A small deterministic random number generator for reproducible mutation tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
