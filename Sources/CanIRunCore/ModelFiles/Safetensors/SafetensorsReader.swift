import Foundation

/// One tensor described in a safetensors header.
public struct SafetensorsTensorInfo: Sendable, Equatable {
    public var name: String
    public var dtype: SafetensorsDType
    public var shape: [UInt64]
    /// `data_offsets`: start and end relative to the start of the data section (the byte after the header).
    public var dataStart: UInt64
    public var dataEnd: UInt64
    public var elementCount: UInt64
    /// The shard (file name) holding the tensor.
    public var file: String

    public var byteCount: UInt64 { dataEnd - dataStart }
}

/// The parsed header of one `.safetensors` file.
public struct SafetensorsFile: Sendable, Equatable {
    public var name: String
    public var fileSize: UInt64
    /// Length of the JSON header (the little-endian u64 at the start of the file).
    public var headerLength: UInt64
    /// `__metadata__`: free-form string pairs (`format: pt` and the like).
    public var metadata: [String: String]
    /// Tensors in data-offset order.
    public var tensors: [SafetensorsTensorInfo]
    /// Bytes read to learn all this: the 8-byte length and the header, never tensor data.
    public var bytesRead: UInt64

    /// Where the data section starts in the file.
    public var dataOffset: UInt64 { 8 + headerLength }
    public var tensorDataBytes: UInt64 { tensors.reduce(0) { $0 &+ $1.byteCount } }
}

/// Reads safetensors headers from any byte source, reading only the header.
///
/// Format (huggingface/safetensors `README.md`, "Format"): 8 bytes, a little-endian u64 `N`; then `N` bytes of
/// UTF-8 JSON, an object starting with `{` that may be padded with trailing spaces; then the data section. Each
/// key but `__metadata__` names a tensor: `{"dtype": "BF16", "shape": [..], "data_offsets": [begin, end]}`, the
/// offsets relative to the start of the data section. `__metadata__` maps strings to strings.
///
/// Checks, after the reference implementation's `Metadata::validate` (`safetensors/src/tensor.rs`): a known dtype;
/// `begin <= end`; shape product × bits ÷ 8 == `end - begin` (checked arithmetic); every tensor inside the data
/// section; no two tensors overlapping. (The reference also demands that tensors tile the data section without
/// gaps; canirun accepts gaps, which cost nothing to estimate.)
public struct SafetensorsReader {
    public var limits: ParsingLimits

    public init(limits: ParsingLimits = .standard) {
        self.limits = limits
    }

    public func read(_ source: any ByteSource) throws -> SafetensorsFile {
        let name = source.name
        guard source.size >= 8 else {
            throw SafetensorsError(
                file: name, offset: 0, kind: .truncated(needed: 8, fileSize: source.size, reading: "the header length"))
        }
        let prefix = try source.read(offset: 0, count: 8)
        guard prefix.count == 8 else {
            throw SafetensorsError(
                file: name, offset: 0,
                kind: .truncated(needed: 8, fileSize: UInt64(prefix.count), reading: "the header length"))
        }
        var length: UInt64 = 0
        for (index, byte) in prefix.enumerated() { length |= UInt64(byte) << (8 * UInt64(index)) }
        guard length <= limits.maximumSafetensorsHeaderBytes else {
            throw SafetensorsError(
                file: name, offset: 0,
                kind: .headerTooLarge(length: length, limit: limits.maximumSafetensorsHeaderBytes))
        }
        // length <= the limit (far below 2^63), so 8 + length cannot overflow.
        let headerEnd = 8 + length
        guard headerEnd <= source.size else {
            throw SafetensorsError(
                file: name, offset: 0,
                kind: .truncated(needed: headerEnd, fileSize: source.size, reading: "the \(length)-byte JSON header"))
        }
        guard length >= 2 else {
            throw SafetensorsError(file: name, offset: 8, kind: .invalidHeader(reason: "it is \(length) bytes long"))
        }
        let header = try source.read(offset: 8, count: Int(length))
        guard UInt64(header.count) == length else {
            throw SafetensorsError(
                file: name, offset: 8,
                kind: .truncated(
                    needed: headerEnd, fileSize: 8 + UInt64(header.count), reading: "the \(length)-byte JSON header"))
        }
        guard header.first == UInt8(ascii: "{") else {
            throw SafetensorsError(file: name, offset: 8, kind: .invalidHeader(reason: "it does not start with '{'"))
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(header), options: [])
        } catch {
            throw SafetensorsError(
                file: name, offset: 8, kind: .invalidHeader(reason: "not valid JSON (\(error.localizedDescription))"))
        }
        guard let entries = object as? [String: Any] else {
            throw SafetensorsError(file: name, offset: 8, kind: .invalidHeader(reason: "it is not a JSON object"))
        }

        guard UInt64(entries.count) <= limits.maximumTensorCount else {
            throw SafetensorsError(
                file: name, offset: 8,
                kind: .invalidHeader(
                    reason: "\(entries.count) entries, over the limit of \(limits.maximumTensorCount) tensors"))
        }
        let dataSize = source.size - headerEnd
        var metadata: [String: String] = [:]
        var tensors: [SafetensorsTensorInfo] = []
        tensors.reserveCapacity(entries.count)
        for (key, value) in entries {
            if key == "__metadata__" {
                guard let pairs = value as? [String: Any] else {
                    throw SafetensorsError(
                        file: name, offset: 8, kind: .invalidHeader(reason: "__metadata__ is not an object"))
                }
                for (metaKey, metaValue) in pairs {
                    guard let text = metaValue as? String else {
                        throw SafetensorsError(
                            file: name, offset: 8,
                            kind: .invalidHeader(reason: "__metadata__['\(metaKey)'] is not a string"))
                    }
                    metadata[metaKey] = text
                }
                continue
            }
            tensors.append(try Self.tensor(key, value, file: name, dataSize: dataSize))
        }
        tensors.sort { ($0.dataStart, $0.dataEnd, $0.name) < ($1.dataStart, $1.dataEnd, $1.name) }
        for index in tensors.indices.dropFirst() where tensors[index].dataStart < tensors[index - 1].dataEnd {
            // Empty tensors occupy no bytes and overlap nothing.
            if tensors[index].byteCount == 0 || tensors[index - 1].byteCount == 0 { continue }
            throw SafetensorsError(
                file: name, offset: nil,
                kind: .overlappingTensors(first: tensors[index - 1].name, second: tensors[index].name))
        }
        return SafetensorsFile(
            name: name, fileSize: source.size, headerLength: length, metadata: metadata, tensors: tensors,
            bytesRead: headerEnd)
    }

    /// One header entry, validated.
    static func tensor(_ name: String, _ value: Any, file: String, dataSize: UInt64) throws -> SafetensorsTensorInfo {
        func fail(_ reason: String) -> SafetensorsError {
            SafetensorsError(file: file, offset: 8, kind: .invalidTensor(tensor: name, reason: reason))
        }
        guard let entry = value as? [String: Any] else { throw fail("its entry is not a JSON object") }
        guard let dtypeName = entry["dtype"] as? String else { throw fail("no dtype string") }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw SafetensorsError(file: file, offset: 8, kind: .unknownDType(dtype: dtypeName, tensor: name))
        }
        guard let shapeValues = entry["shape"] as? [Any] else { throw fail("no shape array") }
        var shape: [UInt64] = []
        shape.reserveCapacity(shapeValues.count)
        var elements: UInt64 = 1
        for dimensionValue in shapeValues {
            guard let dimension = nonNegativeInteger(dimensionValue) else {
                throw fail("shape \(shapeValues) holds something other than a non-negative integer")
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("its element count overflows 64 bits") }
            elements = product
            shape.append(dimension)
        }
        guard let offsets = entry["data_offsets"] as? [Any], offsets.count == 2,
            let start = nonNegativeInteger(offsets[0]), let end = nonNegativeInteger(offsets[1])
        else { throw fail("data_offsets is not a pair of non-negative integers") }
        guard start <= end else { throw fail("data_offsets [\(start), \(end)] ends before it starts") }
        guard let expected = dtype.byteCount(elements: elements) else {
            throw fail("\(elements) elements of \(dtype.rawValue) do not fill a whole number of bytes")
        }
        guard expected == end - start else {
            throw fail(
                "shape \(shape) of \(dtype.rawValue) needs \(expected) bytes but data_offsets [\(start), \(end)] "
                    + "hold \(end - start)")
        }
        guard end <= dataSize else {
            throw SafetensorsError(
                file: file, offset: nil, kind: .tensorOutOfBounds(tensor: name, end: end, dataSize: dataSize))
        }
        return SafetensorsTensorInfo(
            name: name, dtype: dtype, shape: shape, dataStart: start, dataEnd: end, elementCount: elements,
            file: (file as NSString).lastPathComponent)
    }

    /// A JSON number that is a whole number from 0 to 9×10^18 (anything larger lies far beyond any file).
    static func nonNegativeInteger(_ value: Any) -> UInt64? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double >= 0, double <= 9.0e18, double.rounded() == double else { return nil }
        let integer = number.int64Value
        return integer >= 0 ? UInt64(integer) : nil
    }
}
