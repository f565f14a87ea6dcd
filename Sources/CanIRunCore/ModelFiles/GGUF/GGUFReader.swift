/// Reads GGUF headers (versions 2 and 3, either byte order) from any byte source, reading only the header.
///
/// Format: magic `GGUF`, u32 version, u64 tensor count, u64 key/value count, the key/value pairs, the tensor
/// infos, padding to `general.alignment` (default 32), then tensor data. Source: ggml `docs/gguf.md` and
/// `ggml/src/gguf.cpp` (`gguf_init_from_file_impl`) in llama.cpp b11434.
public struct GGUFReader {
    public var limits: ParsingLimits
    /// A buffer kept between parses (see `ReadScratch`); nil allocates one per parse.
    public var scratch: ReadScratch?

    public init(limits: ParsingLimits = .standard, scratch: ReadScratch? = nil) {
        self.limits = limits
        self.scratch = scratch
    }

    /// Parses the header of one GGUF file.
    public func read(_ source: any ByteSource, part: Int = 0) throws -> GGUFFile {
        let buffer = scratch?.take() ?? ReadBuffer()
        defer { scratch?.give(buffer) }
        var cursor = GGUFCursor(source: source, limits: limits, buffer: buffer)
        let magic = try cursor.readBytes(4, reading: "the magic number")
        guard magic == [0x47, 0x47, 0x55, 0x46] else {
            throw GGUFError(file: source.name, offset: 0, kind: .notGGUF(magic: Self.describeMagic(magic)))
        }
        let versionOffset = cursor.position
        var version = try cursor.readUInt32(reading: "the version")
        // A big-endian file stores the version byte-swapped (its low 16 bits read as zero in little-endian, the
        // test ggml's gguf.cpp uses); ggml refuses such files, canirun reads them.
        if version != 0, version & 0xFFFF == 0 {
            cursor.bigEndian = true
            version = version.byteSwapped
        }
        guard version == 2 || version == 3 else {
            throw GGUFError(file: source.name, offset: versionOffset, kind: .unsupportedVersion(version))
        }
        let tensorCountOffset = cursor.position
        let tensorCount = try cursor.readUInt64(reading: "the tensor count")
        let keyValueCount = try cursor.readUInt64(reading: "the metadata count")
        try cursor.check(tensorCount, limit: limits.maximumTensorCount, what: "the tensor count", at: tensorCountOffset)
        try cursor.check(
            keyValueCount, limit: limits.maximumKeyValueCount, what: "the metadata count", at: tensorCountOffset + 8)
        // Each tensor info takes at least 8 + 4 + 8 + 4 + 8 bytes; each pair at least 8 + 4 + 1.
        try cursor.requireRemaining(
            tensorCount &* 32 &+ keyValueCount &* 13,
            reading: "\(tensorCount) tensor infos and \(keyValueCount) metadata entries")

        var keys: [String] = []
        keys.reserveCapacity(Int(keyValueCount))
        var metadata: [String: GGUFValue] = [:]
        for _ in 0..<keyValueCount {
            let keyOffset = cursor.position
            let key = try cursor.readString(reading: "a metadata key")
            let typeOffset = cursor.position
            let rawType = try cursor.readUInt32(reading: "the type of '\(key)'")
            guard let type = GGUFValueType(rawValue: rawType) else {
                throw GGUFError(file: source.name, offset: typeOffset, kind: .unknownValueType(rawType, key: key))
            }
            let value = try cursor.readValue(type: type, key: key, depth: 0)
            guard metadata.updateValue(value, forKey: key) == nil else {
                throw GGUFError(file: source.name, offset: keyOffset, kind: .duplicateKey(key))
            }
            keys.append(key)
        }

        var alignment: UInt64 = 32
        if let value = metadata["general.alignment"] {
            guard let raw = value.intValue, raw > 0, raw & (raw - 1) == 0, raw <= 1 << 30 else {
                throw GGUFError(
                    file: source.name, offset: nil, kind: .invalidAlignment(UInt64(bitPattern: value.intValue ?? 0)))
            }
            alignment = UInt64(raw)
        }

        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(Int(tensorCount))
        var names = Set<String>()
        names.reserveCapacity(Int(tensorCount))
        for _ in 0..<tensorCount {
            let infoOffset = cursor.position
            let name = try cursor.readString(reading: "a tensor name")
            let dimensionCount = try cursor.readUInt32(reading: "the dimension count of '\(name)'")
            guard dimensionCount >= 1, dimensionCount <= limits.maximumDimensions else {
                throw GGUFError(
                    file: source.name, offset: infoOffset,
                    kind: .invalidTensorShape(
                        tensor: name, reason: "\(dimensionCount) dimensions (1 to \(limits.maximumDimensions) allowed)")
                )
            }
            var dimensions: [UInt64] = []
            dimensions.reserveCapacity(Int(dimensionCount))
            var elements: UInt64 = 1
            for _ in 0..<dimensionCount {
                let dimension = try cursor.readUInt64(reading: "a dimension of '\(name)'")
                // ggml stores dimensions as int64_t: anything above Int64.max is negative there.
                guard dimension <= UInt64(Int64.max) else {
                    throw GGUFError(
                        file: source.name, offset: infoOffset,
                        kind: .invalidTensorShape(tensor: name, reason: "dimension \(dimension) is negative as int64"))
                }
                let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
                guard !overflow, product <= UInt64(Int64.max) else {
                    throw GGUFError(
                        file: source.name, offset: infoOffset,
                        kind: .invalidTensorShape(tensor: name, reason: "its element count overflows 64 bits"))
                }
                elements = product
                dimensions.append(dimension)
            }
            let typeOffset = cursor.position
            let typeID = try cursor.readUInt32(reading: "the type of '\(name)'")
            guard let type = GGMLType.from(id: typeID) else {
                let kind: GGUFError.Kind =
                    GGMLType.removedIDs.contains(typeID)
                    ? .removedTensorType(id: typeID, tensor: name) : .unknownTensorType(id: typeID, tensor: name)
                throw GGUFError(file: source.name, offset: typeOffset, kind: kind)
            }
            guard dimensions[0] % UInt64(type.blockSize) == 0, let bytes = type.byteCount(elements: elements) else {
                throw GGUFError(
                    file: source.name, offset: infoOffset,
                    kind: .invalidTensorShape(
                        tensor: name,
                        reason:
                            "first dimension \(dimensions[0]) is not a multiple of \(type.name)'s block size \(type.blockSize)"
                    ))
            }
            let offsetPosition = cursor.position
            let offset = try cursor.readUInt64(reading: "the data offset of '\(name)'")
            guard offset % alignment == 0 else {
                throw GGUFError(
                    file: source.name, offset: offsetPosition,
                    kind: .misalignedTensor(tensor: name, offset: offset, alignment: alignment))
            }
            guard names.insert(name).inserted else {
                throw GGUFError(file: source.name, offset: infoOffset, kind: .duplicateTensor(name))
            }
            tensors.append(
                GGUFTensorInfo(
                    name: name, dimensions: dimensions, type: type, offset: offset, elementCount: elements,
                    byteCount: bytes, part: part))
        }

        let headerEnd = cursor.position
        let (padded, overflow) = headerEnd.addingReportingOverflow(alignment - 1)
        guard !overflow else {
            throw GGUFError(file: source.name, offset: headerEnd, kind: .invalidAlignment(alignment))
        }
        let dataOffset = padded / alignment * alignment
        try Self.checkTensorBounds(tensors, dataOffset: dataOffset, fileSize: source.size, file: source.name)

        return GGUFFile(
            name: source.name, version: version, byteOrder: cursor.bigEndian ? .bigEndian : .littleEndian,
            metadataKeys: keys, metadata: metadata, tensors: tensors, alignment: alignment, dataOffset: dataOffset,
            fileSize: source.size, bytesRead: cursor.bytesRead, partCount: 1,
            dataSections: [ModelSpec.DataSection(dataOffset: dataOffset, fileBytes: source.size)])
    }

    /// Every tensor's data must lie inside the file, and no two may overlap.
    static func checkTensorBounds(_ tensors: [GGUFTensorInfo], dataOffset: UInt64, fileSize: UInt64, file: String)
        throws
    {
        var ranges: [(start: UInt64, end: UInt64, name: String)] = []
        ranges.reserveCapacity(tensors.count)
        for tensor in tensors {
            let (start, overflowStart) = dataOffset.addingReportingOverflow(tensor.offset)
            let (end, overflowEnd) = start.addingReportingOverflow(tensor.byteCount)
            guard !overflowStart, !overflowEnd, end <= fileSize else {
                throw GGUFError(
                    file: file, offset: nil,
                    kind: .tensorOutOfBounds(
                        tensor: tensor.name, end: overflowStart || overflowEnd ? UInt64.max : end, fileSize: fileSize))
            }
            ranges.append((start, end, tensor.name))
        }
        ranges.sort { $0.start < $1.start }
        for index in ranges.indices.dropFirst() where ranges[index].start < ranges[index - 1].end {
            throw GGUFError(
                file: file, offset: nil,
                kind: .overlappingTensors(first: ranges[index - 1].name, second: ranges[index].name))
        }
    }

    static func describeMagic(_ bytes: [UInt8]) -> String {
        if bytes.count < 4 { return "\(bytes.count) bytes" }
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return "'" + String(decoding: bytes, as: UTF8.self) + "'"
        }
        return bytes.map { String($0, radix: 16) }.joined(separator: " ")
    }
}

/// Sequential reads over a byte source with growing buffered reads, bounds-checked at every step.
struct GGUFCursor {
    let source: any ByteSource
    let limits: ParsingLimits
    var bigEndian = false
    private(set) var position: UInt64 = 0
    private(set) var bytesRead: UInt64 = 0
    private let buffer: ReadBuffer
    private var bufferStart: UInt64 = 0
    private var nextChunk = 2 << 20

    init(source: any ByteSource, limits: ParsingLimits, buffer: ReadBuffer = ReadBuffer()) {
        self.source = source
        self.limits = limits
        self.buffer = buffer
        buffer.removeAll()
    }

    var bufferEnd: UInt64 { bufferStart + UInt64(buffer.count) }

    func error(_ kind: GGUFError.Kind, at offset: UInt64? = nil) -> GGUFError {
        GGUFError(file: source.name, offset: offset ?? position, kind: kind)
    }

    func check(_ value: UInt64, limit: UInt64, what: @autoclosure () -> String, at offset: UInt64) throws {
        if value > limit { throw error(.limitExceeded(what: what(), value: value, limit: limit), at: offset) }
    }

    /// Fails unless the file still holds `count` bytes after the current position.
    func requireRemaining(_ count: UInt64, reading: String) throws {
        let (end, overflow) = position.addingReportingOverflow(count)
        if overflow || end > source.size {
            throw error(.truncated(needed: overflow ? .max : end, fileSize: source.size, reading: reading))
        }
    }

    /// Makes `[position, position + count)` available in the buffer.
    mutating func ensure(_ count: UInt64, reading: @autoclosure () -> String) throws {
        let (end, overflow) = position.addingReportingOverflow(count)
        if overflow || end > source.size {
            throw error(.truncated(needed: overflow ? .max : end, fileSize: source.size, reading: reading()))
        }
        if end <= bufferEnd { return }
        if end > limits.maximumHeaderBytes {
            throw error(.limitExceeded(what: "the header size", value: end, limit: limits.maximumHeaderBytes))
        }
        // Drop what was consumed (moving the unread tail to the front, keeping the capacity), then read enough for
        // this request straight into the buffer, growing the chunk each time.
        let missing = Int(end - bufferEnd)
        let want = max(missing, nextChunk)
        nextChunk = min(nextChunk * 2, 4 << 20)
        let readOffset = bufferEnd
        let consumed = min(Int(position - bufferStart), buffer.count)
        if consumed > 0 {
            buffer.removeFirst(consumed)
            bufferStart = position
        }
        let got = try source.read(offset: readOffset, into: buffer.reserveTail(want))
        buffer.commit(min(got, want))
        bytesRead += UInt64(got)
        if end > bufferEnd {
            throw error(.truncated(needed: end, fileSize: bufferEnd, reading: reading()))
        }
    }

    private var localIndex: Int { Int(position - bufferStart) }

    mutating func readBytes(_ count: Int, reading: String) throws -> [UInt8] {
        try ensure(UInt64(count), reading: reading)
        let start = localIndex
        position += UInt64(count)
        return Array(buffer.bytes[start..<start + count])
    }

    mutating func skip(_ count: UInt64, reading: @autoclosure () -> String) throws {
        try ensure(count, reading: reading())
        position += count
    }

    mutating func readUInt8(reading: @autoclosure () -> String) throws -> UInt8 {
        try ensure(1, reading: reading())
        let value = buffer.bytes[localIndex]
        position += 1
        return value
    }

    mutating func readUInt16(reading: @autoclosure () -> String) throws -> UInt16 {
        try ensure(2, reading: reading())
        let raw = buffer.bytes.loadUnaligned(fromByteOffset: localIndex, as: UInt16.self)
        position += 2
        return bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
    }

    mutating func readUInt32(reading: @autoclosure () -> String) throws -> UInt32 {
        try ensure(4, reading: reading())
        let raw = buffer.bytes.loadUnaligned(fromByteOffset: localIndex, as: UInt32.self)
        position += 4
        return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    mutating func readUInt64(reading: @autoclosure () -> String) throws -> UInt64 {
        try ensure(8, reading: reading())
        let raw = buffer.bytes.loadUnaligned(fromByteOffset: localIndex, as: UInt64.self)
        position += 8
        return bigEndian ? UInt64(bigEndian: raw) : UInt64(littleEndian: raw)
    }

    /// A length-prefixed UTF-8 string.
    mutating func readString(reading: @autoclosure () -> String) throws -> String {
        let lengthOffset = position
        let length = try readUInt64(reading: reading())
        try check(length, limit: limits.maximumStringBytes, what: "the length of \(reading())", at: lengthOffset)
        try ensure(length, reading: reading())
        let start = localIndex
        let end = start + Int(length)
        position += length
        let decoded = String(validating: buffer.bytes[start..<end], as: UTF8.self)
        guard let decoded else { throw error(.invalidUTF8(reading: reading()), at: lengthOffset) }
        return decoded
    }

    /// Skips `count` length-prefixed strings (a vocabulary): strings wholly inside the buffer are stepped over
    /// in a tight loop; the rest go through the checked, refilling path one at a time.
    mutating func skipStrings(_ count: UInt64, key: String) throws {
        var remaining = count
        let limit = limits.maximumStringBytes
        let swap = bigEndian
        while remaining > 0 {
            let start = localIndex
            var index = start
            var skipped: UInt64 = 0
            let raw = buffer.bytes
            let end = raw.count
            // Stops at a length over the limit or a string that runs past the buffer.
            while skipped < remaining, index + 8 <= end {
                let rawLength = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let length = swap ? UInt64(bigEndian: rawLength) : UInt64(littleEndian: rawLength)
                if length > limit { break }
                let next = index + 8 + Int(length)
                if next > end { break }
                index = next
                skipped += 1
            }
            position += UInt64(index - start)
            remaining -= skipped
            if remaining > 0 {
                // Too long, or straddling the end of the buffer: the checked path reports or refills.
                try skipString(reading: "an element of '\(key)'")
                remaining -= 1
            }
        }
    }

    /// Skips a length-prefixed string without decoding it.
    mutating func skipString(reading: @autoclosure () -> String) throws {
        let lengthOffset = position
        let length = try readUInt64(reading: reading())
        try check(length, limit: limits.maximumStringBytes, what: "the length of \(reading())", at: lengthOffset)
        try skip(length, reading: reading())
    }

    mutating func readValue(type: GGUFValueType, key: String, depth: Int) throws -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try readUInt8(reading: "'\(key)'"))
        case .int8: return .int8(Int8(bitPattern: try readUInt8(reading: "'\(key)'")))
        case .uint16: return .uint16(try readUInt16(reading: "'\(key)'"))
        case .int16: return .int16(Int16(bitPattern: try readUInt16(reading: "'\(key)'")))
        case .uint32: return .uint32(try readUInt32(reading: "'\(key)'"))
        case .int32: return .int32(Int32(bitPattern: try readUInt32(reading: "'\(key)'")))
        case .uint64: return .uint64(try readUInt64(reading: "'\(key)'"))
        case .int64: return .int64(Int64(bitPattern: try readUInt64(reading: "'\(key)'")))
        case .float32: return .float32(Float(bitPattern: try readUInt32(reading: "'\(key)'")))
        case .float64: return .float64(Double(bitPattern: try readUInt64(reading: "'\(key)'")))
        case .bool:
            let offset = position
            let byte = try readUInt8(reading: "'\(key)'")
            guard byte <= 1 else {
                throw error(.limitExceeded(what: "the boolean '\(key)'", value: UInt64(byte), limit: 1), at: offset)
            }
            return .bool(byte == 1)
        case .string: return .string(try readString(reading: "the value of '\(key)'"))
        case .array: return try readArray(key: key, depth: depth)
        }
    }

    mutating func readArray(key: String, depth: Int) throws -> GGUFValue {
        let start = position
        guard depth < limits.maximumArrayDepth else {
            throw error(
                .limitExceeded(
                    what: "the array nesting of '\(key)'", value: UInt64(depth + 1),
                    limit: UInt64(limits.maximumArrayDepth)), at: start)
        }
        let rawType = try readUInt32(reading: "the element type of '\(key)'")
        guard let elementType = GGUFValueType(rawValue: rawType) else {
            throw error(.unknownValueType(rawType, key: key), at: start)
        }
        let countOffset = position
        let count = try readUInt64(reading: "the length of '\(key)'")
        try check(count, limit: limits.maximumArrayCount, what: "the length of array '\(key)'", at: countOffset)
        // Before looping, the file must hold at least the smallest possible encoding of every element.
        let (minimum, overflow) = count.multipliedReportingOverflow(by: UInt64(elementType.minimumSize))
        if overflow {
            throw error(
                .limitExceeded(what: "the array '\(key)'", value: count, limit: limits.maximumArrayCount),
                at: countOffset)
        }
        try requireRemaining(minimum, reading: "the \(count) elements of '\(key)'")

        if count > limits.decodedArrayLimit {
            // Long arrays (vocabularies, merges, scores): check every length, decode nothing.
            if let size = elementType.fixedSize {
                try skip(count * UInt64(size), reading: "the elements of '\(key)'")
            } else if elementType == .string {
                try skipStrings(count, key: key)
            } else {
                for _ in 0..<count { _ = try readArray(key: key, depth: depth + 1) }
            }
            return .array(elementType: elementType, count: count, values: nil)
        }
        var values: [GGUFValue] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<count { values.append(try readValue(type: elementType, key: key, depth: depth + 1)) }
        return .array(elementType: elementType, count: count, values: values)
    }
}
