/// What `canirun inspect` reports about a model file: a stable, versioned JSON shape.
public struct InspectReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public struct AttentionLayout: Codable, Sendable, Equatable {
        public var fullAttention: Int
        public var slidingWindow: Int
        public var chunked: Int
        public var latent: Int
        public var recurrent: Int
        public var noCache: Int
    }

    public var schemaVersion: Int
    public var path: String
    public var format: String
    public var architecture: String
    public var name: String?
    public var fileType: String?
    public var fileBytes: UInt64
    public var parameterCount: UInt64
    public var activeParameterCount: UInt64
    public var tensorCount: Int
    public var tensorDataBytes: UInt64
    public var bitsPerWeight: Double
    public var contextLength: Int
    public var blockCount: Int
    public var embeddingLength: Int
    public var vocabularySize: Int
    public var headCount: Int
    public var headCountKV: Int
    public var keyLength: Int
    public var valueLength: Int
    public var slidingWindow: Int?
    public var expertCount: Int
    public var expertUsedCount: Int
    public var attentionLayout: AttentionLayout
    /// KV cache bytes per token of context at f16 (layers whose cache grows with the context).
    public var kvBytesPerTokenF16: Int
    /// Tensor type name → count, parameters, bytes.
    public var tensorTypes: [String: TensorTypeSummary]
    public var bytesRead: UInt64
    public var warnings: [String]

    public init(spec: ModelSpec, path: String) {
        schemaVersion = Self.currentSchemaVersion
        self.path = path
        format = spec.format
        architecture = spec.architecture
        name = spec.name
        fileType = spec.fileType
        fileBytes = spec.fileBytes
        parameterCount = spec.parameterCount
        activeParameterCount = spec.activeParameterCount
        tensorCount = spec.tensorCount
        tensorDataBytes = spec.tensorDataBytes
        bitsPerWeight = (spec.bitsPerWeight * 1000).rounded() / 1000
        contextLength = spec.contextLength
        blockCount = spec.blockCount
        embeddingLength = spec.embeddingLength
        vocabularySize = spec.vocabularySize
        let attentionLayer = spec.layers.first { $0.cacheKind != .recurrent && $0.cacheKind != .none }
        headCount = attentionLayer?.headCount ?? spec.layers.first?.headCount ?? 0
        headCountKV = attentionLayer?.headCountKV ?? 0
        keyLength = spec.keyLength
        valueLength = spec.valueLength
        slidingWindow = spec.slidingWindow ?? spec.chunkSize
        expertCount = spec.expertCount
        expertUsedCount = spec.expertUsedCount
        let layout = spec.attentionLayout
        attentionLayout = AttentionLayout(
            fullAttention: layout[.fullAttention] ?? 0, slidingWindow: layout[.slidingWindow] ?? 0,
            chunked: layout[.chunked] ?? 0, latent: layout[.latent] ?? 0, recurrent: layout[.recurrent] ?? 0,
            noCache: layout[.none] ?? 0)
        kvBytesPerTokenF16 = spec.kvBytesPerTokenF16
        tensorTypes = spec.tensorTypes
        bytesRead = spec.bytesRead
        warnings = spec.warnings
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(path, forKey: .path)
        try container.encode(format, forKey: .format)
        try container.encode(architecture, forKey: .architecture)
        try container.encodeNullable(name, forKey: .name)
        try container.encodeNullable(fileType, forKey: .fileType)
        try container.encode(fileBytes, forKey: .fileBytes)
        try container.encode(parameterCount, forKey: .parameterCount)
        try container.encode(activeParameterCount, forKey: .activeParameterCount)
        try container.encode(tensorCount, forKey: .tensorCount)
        try container.encode(tensorDataBytes, forKey: .tensorDataBytes)
        try container.encode(bitsPerWeight, forKey: .bitsPerWeight)
        try container.encode(contextLength, forKey: .contextLength)
        try container.encode(blockCount, forKey: .blockCount)
        try container.encode(embeddingLength, forKey: .embeddingLength)
        try container.encode(vocabularySize, forKey: .vocabularySize)
        try container.encode(headCount, forKey: .headCount)
        try container.encode(headCountKV, forKey: .headCountKV)
        try container.encode(keyLength, forKey: .keyLength)
        try container.encode(valueLength, forKey: .valueLength)
        try container.encodeNullable(slidingWindow, forKey: .slidingWindow)
        try container.encode(expertCount, forKey: .expertCount)
        try container.encode(expertUsedCount, forKey: .expertUsedCount)
        try container.encode(attentionLayout, forKey: .attentionLayout)
        try container.encode(kvBytesPerTokenF16, forKey: .kvBytesPerTokenF16)
        try container.encode(tensorTypes, forKey: .tensorTypes)
        try container.encode(bytesRead, forKey: .bytesRead)
        try container.encode(warnings, forKey: .warnings)
    }
}
