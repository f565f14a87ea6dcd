extension ModelSpec {
    /// Derives the model description from a GGUF header (one file, or the merged parts of a split model),
    /// reading hyperparameters as llama.cpp's `llm_load_hparams` and `load_arch_hparams` do.
    public init(gguf file: GGUFFile) {
        var warnings: [String] = []
        let architecture = file.architecture ?? "unknown"
        func value(_ suffix: String) -> GGUFValue? { file.architectureValue(suffix) }
        func int(_ suffix: String) -> Int? { value(suffix)?.intValue.flatMap { Int(exactly: $0) } }

        let profile = ArchitectureProfile.resolve(architecture, warnings: &warnings)

        // Tensors: per block, input, output, by type.
        let blockCountFromKey = int("block_count") ?? 0
        var blockTensors: [Int: BlockTotals] = [:]
        var input = TensorGroupSummary.empty
        var output = TensorGroupSummary.empty
        var types: [String: TensorTypeSummary] = [:]
        var expertParameters: UInt64 = 0
        var hasOutputWeight = false
        var tokenEmbeddingRows: Int?
        var byTypeID: [UInt32: TensorTypeSummary] = [:]
        var modelTensors: [ModelTensor] = []
        modelTensors.reserveCapacity(file.tensors.count)
        for tensor in file.tensors {
            let block = Self.blockIndex(of: tensor.name)
            let isExpert = Self.isRoutedExpertTensor(tensor.name)
            let group: ModelTensor.Group
            if let block {
                group = .block(block)
            } else if tensor.name.hasBytesPrefix("output") || tensor.name.hasBytesPrefix("cls") {
                group = .output
            } else {
                group = .input
            }
            modelTensors.append(
                ModelTensor(
                    name: tensor.name, type: tensor.type, dimensions: tensor.dimensions, bytes: tensor.byteCount,
                    offset: tensor.offset, part: tensor.part, group: group, isRoutedExpert: isExpert))
            byTypeID[tensor.type.id, default: .empty].add(tensor)
            if isExpert { expertParameters &+= tensor.elementCount }
            switch group {
            case .block(let block): blockTensors[block, default: BlockTotals()].add(tensor, isExpert: isExpert)
            case .output:
                output.add(tensor)
                if tensor.name == "output.weight" { hasOutputWeight = true }
            case .input:
                input.add(tensor)
                if tensor.name == "token_embd.weight", tensor.dimensions.count >= 2 {
                    tokenEmbeddingRows = Int(exactly: tensor.dimensions[1])
                }
            }
        }

        for (id, summary) in byTypeID {
            if let type = GGMLType.from(id: id) { types[type.name] = summary }
        }
        let blockCount = max(blockCountFromKey, (blockTensors.keys.max() ?? -1) + 1)
        let embedding = int("embedding_length") ?? 0
        let headCounts = Self.perLayer(value("attention.head_count"), count: blockCount, default: 0)
        let headCountsKV = Self.perLayer(
            value("attention.head_count_kv"), count: blockCount, defaults: headCounts)
        let feedForward = Self.perLayer(value("feed_forward_length"), count: blockCount, default: 0)
        let firstHeads = headCounts.first { $0 > 0 } ?? 1
        let keyLength = int("attention.key_length") ?? (firstHeads > 0 ? embedding / firstHeads : 0)
        let valueLength = int("attention.value_length") ?? keyLength
        let keyLengthSWA = int("attention.key_length_swa") ?? keyLength
        let valueLengthSWA = int("attention.value_length_swa") ?? valueLength
        let isMLA = int("attention.key_length_mla") != nil && int("attention.value_length_mla") != nil
        let slidingWindowKey = int("attention.sliding_window")

        // Which layers use a window.
        var sliding = [Bool](repeating: false, count: blockCount)
        var chunkSize: Int?
        var slidingWindow: Int?
        switch profile.window {
        case .none:
            break
        case .sliding(let pattern, let denseFirst, let requiresKey):
            if !requiresKey || (slidingWindowKey ?? 0) > 0 {
                sliding = Self.slidingPattern(
                    value("attention.sliding_window_pattern"), count: blockCount, defaultPattern: pattern,
                    denseFirst: denseFirst)
                slidingWindow = slidingWindowKey
                if slidingWindow == nil {
                    warnings.append("no \(architecture).attention.sliding_window key: sliding-window size unknown")
                }
            }
        case .chunked(let size, let pattern):
            if slidingWindowKey != 0 {
                sliding = Self.slidingPattern(
                    value("attention.sliding_window_pattern"), count: blockCount, defaultPattern: pattern,
                    denseFirst: false)
                chunkSize = size
            }
        }

        // Which layers are recurrent.
        var recurrent = [Bool](repeating: false, count: blockCount)
        var alsoAttention = false
        switch profile.recurrent {
        case .none: break
        case .allLayers: recurrent = [Bool](repeating: true, count: blockCount)
        case .allLayersAlsoAttention:
            recurrent = [Bool](repeating: true, count: blockCount)
            alsoAttention = true
        case .zeroKVHeads: recurrent = headCountsKV.map { $0 == 0 }
        case .zeroKVHeadsAndFeedForward: recurrent = zip(headCountsKV, feedForward).map { $0 == 0 && $1 == 0 }
        case .fullAttentionInterval:
            if let explicit = value("attention.recurrent_layers")?.boolArray, explicit.count >= blockCount {
                recurrent = Array(explicit.prefix(blockCount))
            } else {
                let interval = max(1, int("full_attention_interval") ?? 4)
                recurrent = (0..<blockCount).map { ($0 + 1) % interval != 0 }
            }
        }

        var layers: [LayerSpec] = []
        layers.reserveCapacity(blockCount)
        for index in 0..<blockCount {
            let isSliding = sliding[index]
            let kvHeads = headCountsKV[index]
            var kind = LayerCacheKind.resolve(
                isEncoder: profile.isEncoder, recurrentOnly: recurrent[index] && !alsoAttention, kvHeads: kvHeads,
                isMLA: isMLA, sliding: isSliding, chunked: chunkSize != nil)
            if let first = Self.firstLayerReusingKV[architecture], index >= first { kind = .none }
            let keyPerHead = isSliding ? keyLengthSWA : keyLength
            let valuePerHead = isSliding ? valueLengthSWA : valueLength
            let tensors = blockTensors[index] ?? BlockTotals()
            layers.append(
                LayerSpec(
                    index: index, cacheKind: kind, hasRecurrentState: recurrent[index], headCount: headCounts[index],
                    headCountKV: kvHeads,
                    keyElementsPerToken: kind == .none || kind == .recurrent ? 0 : keyPerHead * kvHeads,
                    valueElementsPerToken: kind == .none || kind == .recurrent || isMLA ? 0 : valuePerHead * kvHeads,
                    feedForwardLength: feedForward[index], tensorBytes: tensors.bytes,
                    expertTensorBytes: tensors.expertBytes, parameterCount: tensors.params,
                    expertParameterCount: tensors.expertParams))
        }

        // Recurrent state per sequence (llama-hparams.cpp n_embd_r / n_embd_s).
        let convKernel = int("ssm.conv_kernel") ?? 0
        let innerSize = int("ssm.inner_size") ?? 0
        let stateSize = int("ssm.state_size") ?? 0
        let groups = int("ssm.group_count") ?? 0
        let wkvHeadSize = int("wkv.head_size") ?? 0
        let shortConvCache = int("shortconv.l_cache") ?? 0
        var convElements = 0
        var stateElements = 0
        if wkvHeadSize != 0 {
            convElements = (int("token_shift_count") ?? 2) * embedding
            stateElements = embedding * wkvHeadSize
        } else if shortConvCache != 0 {
            convElements = embedding * (shortConvCache - 1)
            stateElements = stateSize * innerSize
        } else {
            convElements = max(0, convKernel - 1) * (innerSize + 2 * groups * stateSize)
            stateElements = stateSize * innerSize
        }

        let expertCount = int("expert_count") ?? 0
        let expertUsed = int("expert_used_count") ?? 0
        var active = file.parameterCount
        if expertCount > 0, expertUsed > 0, expertUsed < expertCount {
            let unused = Double(expertParameters) * Double(expertCount - expertUsed) / Double(expertCount)
            active = file.parameterCount - UInt64(unused.rounded())
        }
        let vocabulary =
            int("vocab_size") ?? file["tokenizer.ggml.tokens"]?.arrayCount.flatMap { Int(exactly: $0) }
            ?? tokenEmbeddingRows ?? 0
        let fileTypeLabel = file["general.file_type"]?.intValue.flatMap(LlamaFileType.name)
        var contextLength = int("context_length") ?? 0
        if contextLength == 0 {
            warnings.append("no \(architecture).context_length key: the training context is unknown")
            contextLength = 4096
        }

        self.init(
            architecture: architecture, name: file["general.name"]?.stringValue, format: "GGUF",
            fileType: fileTypeLabel, fileBytes: file.fileSize, tensorCount: file.tensors.count,
            tensorDataBytes: file.tensorDataBytes, parameterCount: file.parameterCount, activeParameterCount: active,
            contextLength: contextLength, embeddingLength: embedding, blockCount: blockCount,
            vocabularySize: vocabulary, keyLength: keyLength, valueLength: valueLength, slidingWindow: slidingWindow,
            chunkSize: chunkSize, latentRank: int("attention.kv_lora_rank"),
            latentRopeDimensions: isMLA ? int("rope.dimension_count") : nil, expertCount: expertCount,
            expertUsedCount: expertUsed, expertSharedCount: int("expert_shared_count") ?? 0,
            recurrentConvElements: recurrent.contains(true) ? convElements : 0,
            recurrentStateElements: recurrent.contains(true) ? stateElements : 0,
            isEmbeddingModel: profile.isEncoder || (int("pooling_type") ?? 0) > 0, layers: layers, input: input,
            output: output, tiedEmbeddings: !hasOutputWeight && !profile.isEncoder, tensorTypes: types,
            warnings: warnings,
            bytesRead: file.bytesRead)
        self.tensors = modelTensors
        self.dataSections = file.dataSections
    }

    /// Architectures whose later layers reuse an earlier layer's KV cache and hold none of their own:
    /// llama.cpp sets `n_layer_kv_from_start = 20` for Gemma 3n (`llama_model_gemma3n::load_arch_hparams`) and
    /// gives layers from there a reuse callback instead of cache tensors (`llama_model::create_memory`).
    static let firstLayerReusingKV: [String: Int] = ["gemma3n": 20]

    /// Bytes and parameters of one block's tensors, and of its routed experts.
    private struct BlockTotals {
        var bytes: UInt64 = 0
        var params: UInt64 = 0
        var expertBytes: UInt64 = 0
        var expertParams: UInt64 = 0

        mutating func add(_ tensor: GGUFTensorInfo, isExpert: Bool) {
            bytes &+= tensor.byteCount
            params &+= tensor.elementCount
            if isExpert {
                expertBytes &+= tensor.byteCount
                expertParams &+= tensor.elementCount
            }
        }
    }

    /// `blk.12.attn_q.weight` → 12.
    static func blockIndex(of name: String) -> Int? {
        BlockName.number(in: name, allowSign: false, requireDot: true)
    }

    /// Routed-expert weights (`ffn_up_exps`, `ffn_gate_exps`, `ffn_down_exps`, `ffn_gate_up_exps`): the tensors
    /// `--cpu-moe` keeps on the CPU; shared experts (`*_shexp`) are not routed.
    static func isRoutedExpertTensor(_ name: String) -> Bool {
        name.containsBytes("_exps.")
    }

    /// A per-layer hyperparameter: an array, or one number for every layer.
    static func perLayer(_ value: GGUFValue?, count: Int, default fallback: Int) -> [Int] {
        perLayer(value, count: count, defaults: [Int](repeating: fallback, count: count))
    }

    static func perLayer(_ value: GGUFValue?, count: Int, defaults: [Int]) -> [Int] {
        if let array = value?.intArray, !array.isEmpty {
            return (0..<count).map {
                $0 < array.count ? Int(clamping: array[$0]) : Int(clamping: array[array.count - 1])
            }
        }
        if let scalar = value?.intValue { return [Int](repeating: Int(clamping: scalar), count: count) }
        return defaults
    }

    static func slidingPattern(_ value: GGUFValue?, count: Int, defaultPattern: Int, denseFirst: Bool) -> [Bool] {
        if let array = value?.boolArray, case .array(.bool, _, _)? = value, array.count >= count {
            return Array(array.prefix(count))
        }
        let pattern = value?.intValue.flatMap { Int(exactly: $0) } ?? defaultPattern
        return ArchitectureProfile.slidingLayers(count: count, pattern: pattern, denseFirst: denseFirst)
    }
}
