/// What kind of memory one layer keeps per token or per sequence.
public enum LayerCacheKind: String, Sendable, Codable, Equatable {
    /// Full causal attention: K and V for every token of the context.
    case fullAttention = "full"
    /// Sliding-window attention: K and V for the last `slidingWindow` tokens.
    case slidingWindow = "sliding-window"
    /// Chunked attention (Llama 4): like a sliding window of `chunkSize` tokens.
    case chunked
    /// Multi-head latent attention (DeepSeek): a compressed latent per token.
    case latent = "mla"
    /// A recurrent layer (Mamba, RWKV, linear attention, short convolution): a fixed state per sequence.
    case recurrent
    /// No cache (encoder-only layers, layers that reuse another layer's cache).
    case none
}

extension LayerCacheKind {
    /// The cache a layer keeps, from what llama.cpp knows of it (`llama_model::create_memory` and the layer
    /// filters): encoders keep none, recurrent layers a state, layers without KV heads nothing, MLA a latent,
    /// windowed layers a sliding or chunked cache, the rest a full one.
    static func resolve(
        isEncoder: Bool, recurrentOnly: Bool, kvHeads: Int, isMLA: Bool, sliding: Bool, chunked: Bool
    ) -> LayerCacheKind {
        if isEncoder { return .none }
        if recurrentOnly { return .recurrent }
        if kvHeads == 0 { return .none }
        if isMLA { return .latent }
        if sliding { return chunked ? .chunked : .slidingWindow }
        return .fullAttention
    }
}

/// One transformer block's attention shape and tensors.
public struct LayerSpec: Sendable, Equatable, Codable {
    public var index: Int
    public var cacheKind: LayerCacheKind
    /// Also keeps a recurrent state (parallel hybrids such as Falcon-H1 have both).
    public var hasRecurrentState: Bool
    public var headCount: Int
    public var headCountKV: Int
    /// Elements of K and V per token in this layer's cache (`n_embd_k_gqa`, `n_embd_v_gqa` in llama.cpp).
    public var keyElementsPerToken: Int
    public var valueElementsPerToken: Int
    public var feedForwardLength: Int
    /// Bytes of this block's tensors, all of them.
    public var tensorBytes: UInt64
    /// Bytes of this block's routed-expert tensors (`*_exps`), which `--cpu-moe` keeps on the CPU.
    public var expertTensorBytes: UInt64
    public var parameterCount: UInt64
    public var expertParameterCount: UInt64
}

/// Tensors grouped by where llama.cpp places them.
public struct TensorGroupSummary: Sendable, Equatable, Codable {
    public var tensorCount: Int
    public var parameterCount: UInt64
    public var bytes: UInt64

    public static let empty = TensorGroupSummary(tensorCount: 0, parameterCount: 0, bytes: 0)

    mutating func add(_ tensor: GGUFTensorInfo) {
        tensorCount += 1
        parameterCount &+= tensor.elementCount
        bytes &+= tensor.byteCount
    }
}

/// Per tensor type: how many tensors, parameters and bytes.
public struct TensorTypeSummary: Sendable, Equatable, Codable {
    public var count: Int
    public var parameters: UInt64
    public var bytes: UInt64

    static let empty = TensorTypeSummary(count: 0, parameters: 0, bytes: 0)

    mutating func add(_ tensor: GGUFTensorInfo) {
        add(parameters: tensor.elementCount, bytes: tensor.byteCount)
    }

    mutating func add(parameters: UInt64, bytes: UInt64) {
        count += 1
        self.parameters &+= parameters
        self.bytes &+= bytes
    }
}

/// One weight tensor, as the estimator needs it: where it goes and whether the CPU backend re-lays it out.
public struct ModelTensor: Sendable, Equatable {
    public enum Group: Sendable, Equatable {
        case input
        case block(Int)
        case output
    }

    public var name: String
    public var type: GGMLType
    /// ggml dimensions: ne0 (row length), ne1 (rows), ne2 (experts) ...
    public var dimensions: [UInt64]
    public var bytes: UInt64
    /// Offset of the data from the start of its file's data section, and which file (split part).
    public var offset: UInt64
    public var part: Int
    public var group: Group
    /// A routed-expert weight (`*_exps`).
    public var isRoutedExpert: Bool
    /// Used as the weight of a matrix multiplication (2-D or 3-D `.weight`), the tensors the CPU backend may
    /// repack. Token embeddings are read with GET_ROWS and never repacked.
    public var isMatmulWeight: Bool
    public var isTokenEmbedding: Bool
    /// ne1, the row count the repack rules test.
    public var rows: UInt64

    public init(
        name: String, type: GGMLType, dimensions: [UInt64], bytes: UInt64, offset: UInt64, part: Int, group: Group,
        isRoutedExpert: Bool
    ) {
        self.name = name
        self.type = type
        self.dimensions = dimensions
        self.bytes = bytes
        self.offset = offset
        self.part = part
        self.group = group
        self.isRoutedExpert = isRoutedExpert
        isTokenEmbedding = name == "token_embd.weight"
        isMatmulWeight =
            dimensions.count >= 2 && name.hasBytesSuffix(".weight") && !name.hasBytesPrefix("token_embd")
            && !name.containsBytes("norm") && !name.hasBytesPrefix("position_embd")
            && !name.hasBytesPrefix("token_types")
        rows = dimensions.count > 1 ? dimensions[1] : 1
    }
}

/// Everything the estimator needs to know about a model, from a GGUF header or from a safetensors folder.
public struct ModelSpec: Sendable, Equatable {
    public var architecture: String
    public var name: String?
    /// `GGUF` or `safetensors`.
    public var format: String
    public var fileType: String?
    public var fileBytes: UInt64
    public var tensorCount: Int
    public var tensorDataBytes: UInt64
    public var parameterCount: UInt64
    public var activeParameterCount: UInt64
    public var contextLength: Int
    public var embeddingLength: Int
    public var blockCount: Int
    public var vocabularySize: Int
    public var keyLength: Int
    public var valueLength: Int
    public var slidingWindow: Int?
    public var chunkSize: Int?
    /// MLA: the latent rank (`kv_lora_rank`) and rope part of the key that the cache holds per token.
    public var latentRank: Int?
    public var latentRopeDimensions: Int?
    public var expertCount: Int
    public var expertUsedCount: Int
    public var expertSharedCount: Int
    /// Recurrent state sizes per sequence per recurrent layer, in elements (`n_embd_r()`, `n_embd_s()`).
    public var recurrentConvElements: Int
    public var recurrentStateElements: Int
    /// Embedding models: pooled output, non-causal attention.
    public var isEmbeddingModel: Bool
    public var layers: [LayerSpec]
    /// Input tensors (token embeddings and other non-block tensors kept on the host by llama.cpp).
    public var input: TensorGroupSummary
    /// Output tensors (`output.weight`, `output_norm`), offloaded with the last layer.
    public var output: TensorGroupSummary
    /// True when the output projection reuses the token embeddings (no `output.weight`). Encoders (BERT family) have
    /// no output projection at all (`src/models/bert.cpp` builds none), so they are never tied.
    public var tiedEmbeddings: Bool
    public var tensorTypes: [String: TensorTypeSummary]
    /// Notes for the person: unknown architecture, guessed values.
    public var warnings: [String]
    /// Bytes read from the file(s) to learn all this.
    public var bytesRead: UInt64
    /// Every weight tensor (GGUF files); empty when only summaries are known.
    public var tensors: [ModelTensor] = []
    /// Where each file's tensor data starts and the file's size (split files: one entry per part).
    public var dataSections: [DataSection] = []

    public struct DataSection: Sendable, Equatable {
        public var dataOffset: UInt64
        public var fileBytes: UInt64
    }

    /// Effective bits per weight: all tensor bytes × 8 ÷ parameters.
    public var bitsPerWeight: Double {
        parameterCount == 0 ? 0 : Double(tensorDataBytes) * 8 / Double(parameterCount)
    }

    /// How many layers keep each kind of cache.
    public var attentionLayout: [LayerCacheKind: Int] {
        var counts: [LayerCacheKind: Int] = [:]
        for layer in layers { counts[layer.cacheKind, default: 0] += 1 }
        return counts
    }

    /// Bytes of KV cache per token of context at f16, summed over the layers that grow with the context
    /// (sliding-window and chunked layers counted as full, since per token they cost the same).
    public var kvBytesPerTokenF16: Int {
        layers.reduce(0) { total, layer in
            switch layer.cacheKind {
            case .fullAttention, .slidingWindow, .chunked, .latent:
                return total + (layer.keyElementsPerToken + layer.valueElementsPerToken) * 2
            case .recurrent, .none:
                return total
            }
        }
    }
}
