/// Bytes by kind, as llama.cpp allocates them.
public struct MemoryBreakdown: Codable, Sendable, Equatable {
    public var weights: Int64 = 0
    public var kvCache: Int64 = 0
    public var compute: Int64 = 0
    public var output: Int64 = 0
    public var overhead: Int64 = 0

    public init() {}

    public var total: Int64 { weights + kvCache + compute + output + overhead }

    static func + (lhs: MemoryBreakdown, rhs: MemoryBreakdown) -> MemoryBreakdown {
        var sum = MemoryBreakdown()
        sum.weights = lhs.weights + rhs.weights
        sum.kvCache = lhs.kvCache + rhs.kvCache
        sum.compute = lhs.compute + rhs.compute
        sum.output = lhs.output + rhs.output
        sum.overhead = lhs.overhead + rhs.overhead
        return sum
    }

    enum CodingKeys: String, CodingKey { case weights, kvCache, compute, output, overhead, total }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        weights = try container.decode(Int64.self, forKey: .weights)
        kvCache = try container.decode(Int64.self, forKey: .kvCache)
        compute = try container.decode(Int64.self, forKey: .compute)
        output = try container.decode(Int64.self, forKey: .output)
        overhead = try container.decode(Int64.self, forKey: .overhead)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(weights, forKey: .weights)
        try container.encode(kvCache, forKey: .kvCache)
        try container.encode(compute, forKey: .compute)
        try container.encode(output, forKey: .output)
        try container.encode(overhead, forKey: .overhead)
        try container.encode(total, forKey: .total)
    }
}

/// One memory pool's share of a run: the host (system RAM) or one GPU.
public struct DeviceMemory: Codable, Sendable, Equatable {
    public var name: String
    /// `host` or `gpu`.
    public var kind: String
    public var memory: MemoryBreakdown
    /// Details behind the figures, as llama.cpp names its buffers.
    public var details: Details

    public struct Details: Codable, Sendable, Equatable {
        /// Weights in a memory-mapped file buffer: the span llama.cpp logs as `CPU_Mapped` (address space;
        /// includes tensors that were repacked or offloaded but lie between mapped ones).
        public var mappedBufferBytes: Int64 = 0
        /// Weights copied into the device's (or host's) own buffer: `CPU`, `CUDA0`, `MTL0` ...
        public var modelBufferBytes: Int64 = 0
        /// Weights the CPU backend re-laid out (`CPU_REPACK`).
        public var repackedBytes: Int64 = 0
        /// Mapped bytes not needed as memory: file pages of tensors that were repacked or offloaded but lie inside
        /// the mapped span. They show in RSS after loading, and the kernel drops them under memory pressure.
        /// The logged buffers add up to `weights + reclaimableBytes` (plus KV, compute and output).
        public var reclaimableBytes: Int64 = 0
        public var layers: Int = 0
        public var kvFullBytes: Int64 = 0
        public var kvSlidingWindowBytes: Int64 = 0
        public var recurrentStateBytes: Int64 = 0
    }
}

/// The settings an estimate used, after llama.cpp's own resolution (padding, clamping, flash attention).
public struct ResolvedSettings: Codable, Sendable, Equatable {
    public var contextLength: Int
    public var contextPerSequence: Int
    public var requestedContextLength: Int?
    public var batchSize: Int
    public var microBatchSize: Int
    public var parallelSequences: Int
    public var unifiedKV: Bool
    public var flashAttention: Bool
    public var flashAttentionRequested: String
    public var cacheTypeK: String
    public var cacheTypeV: String
    public var gpuLayers: Int
    public var totalLayers: Int
    public var cpuMoELayers: Int
    public var mmap: Bool
    public var kvOffload: Bool
    public var slidingWindowCells: Int?
    /// The llama.cpp version whose allocation rules these are.
    public var engine: String
}

/// What a run of a model needs, on the host and on each GPU.
public struct MemoryEstimate: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    /// llama.cpp build whose allocation rules canirun follows.
    public static let engine = "llama.cpp b11434"

    public var schemaVersion: Int
    public var settings: ResolvedSettings
    /// The whole run, all pools together.
    public var memory: MemoryBreakdown
    public var host: DeviceMemory
    public var devices: [DeviceMemory]
    public var notes: [String]
}
