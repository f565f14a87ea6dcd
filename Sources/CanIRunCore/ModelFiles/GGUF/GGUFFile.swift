/// One tensor's description from a GGUF header.
public struct GGUFTensorInfo: Sendable, Equatable {
    public var name: String
    /// Dimensions in ggml order (the fastest-varying first: `[n_embd, n_vocab]` for token_embd).
    public var dimensions: [UInt64]
    public var type: GGMLType
    /// Offset of its data from the start of the data section of its file.
    public var offset: UInt64
    public var elementCount: UInt64
    public var byteCount: UInt64
    /// Which file of a split model holds it (0 for single files).
    public var part: Int
}

/// The byte order a GGUF file was written in.
public enum GGUFByteOrder: String, Sendable, Codable {
    case littleEndian = "little-endian"
    case bigEndian = "big-endian"
}

/// A parsed GGUF header: metadata and tensor descriptions, no tensor data.
public struct GGUFFile: Sendable {
    public var name: String
    public var version: UInt32
    public var byteOrder: GGUFByteOrder
    /// Keys in file order.
    public var metadataKeys: [String]
    public var metadata: [String: GGUFValue]
    public var tensors: [GGUFTensorInfo]
    public var alignment: UInt64
    /// Where tensor data starts (the first file's, for split models).
    public var dataOffset: UInt64
    /// Size of the file, or of all parts together.
    public var fileSize: UInt64
    /// Bytes read from the source(s) to parse the header.
    public var bytesRead: UInt64
    /// Number of files (1, or the parts of a split model).
    public var partCount: Int
    /// Each file's data offset and size, in part order.
    public var dataSections: [ModelSpec.DataSection] = []

    public subscript(key: String) -> GGUFValue? { metadata[key] }

    public var architecture: String? { metadata["general.architecture"]?.stringValue }

    /// Sum of every tensor's data bytes.
    public var tensorDataBytes: UInt64 { tensors.reduce(0) { $0 &+ $1.byteCount } }

    /// Sum of every tensor's elements (the parameter count).
    public var parameterCount: UInt64 { tensors.reduce(0) { $0 &+ $1.elementCount } }

    /// `<architecture>.<suffix>`, e.g. `llama.context_length`.
    public func architectureValue(_ suffix: String) -> GGUFValue? {
        guard let architecture else { return nil }
        return metadata["\(architecture).\(suffix)"]
    }
}
