/// Every cap the model-file readers apply before allocating, in one place.
///
/// Real files stay far below these: the largest published GGUFs have a few thousand tensors, a few dozen
/// metadata keys, vocabularies of ~260k tokens and ~500k merges, and headers under 20 MiB.
public struct ParsingLimits: Sendable, Equatable {
    /// Tensors in one GGUF file.
    public var maximumTensorCount: UInt64 = 1_000_000
    /// Metadata key/value pairs in one GGUF file.
    public var maximumKeyValueCount: UInt64 = 100_000
    /// Bytes in one string (keys, values, tensor names, token texts).
    public var maximumStringBytes: UInt64 = 64 << 20
    /// Elements in one array.
    public var maximumArrayCount: UInt64 = 64 << 20
    /// Arrays nested in arrays.
    public var maximumArrayDepth = 4
    /// Arrays with more elements than this are checked but not decoded into values.
    public var decodedArrayLimit: UInt64 = 4096
    /// Bytes of header (metadata and tensor infos) read before giving up.
    public var maximumHeaderBytes: UInt64 = 512 << 20
    /// Dimensions of one tensor (ggml's GGML_MAX_DIMS).
    public var maximumDimensions: UInt32 = 4
    /// Bytes of a safetensors JSON header (the format's own reference implementation caps it at 100 MB).
    public var maximumSafetensorsHeaderBytes: UInt64 = 100_000_000
    /// Bytes of a config.json or an index file.
    public var maximumJSONBytes: UInt64 = 64 << 20

    public init() {}

    public static let standard = ParsingLimits()
}
