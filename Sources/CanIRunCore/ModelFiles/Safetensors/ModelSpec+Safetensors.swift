import Foundation

extension ModelSpec {
    /// Describes a safetensors checkpoint as llama.cpp would load it after `convert_hf_to_gguf.py`: the GGUF
    /// architecture name, per-layer cache kinds from `ArchitectureProfile` (the same rules `init(gguf:)` applies),
    /// attention shapes from config.json, and tensor sizes at their stored dtypes.
    ///
    /// - Parameters count real weights: packed GPTQ/AWQ/compressed-tensors tensors (`qweight`, `weight_packed`)
    ///   count storage bits ÷ quantized bits weights per element; MXFP4 `_blocks` and bitsandbytes 4-bit bytes
    ///   count two; scales, zero points, `g_idx`, quant states and rotary `inv_freq` buffers count as bytes, not
    ///   parameters.
    /// - Routed-expert tensors (a `experts` name component) make up the expert share; active parameters scale it
    ///   by experts-per-token ÷ experts, as `init(gguf:)` does.
    /// - Vision/audio tower and projector tensors go to llama.cpp's separate mmproj file: they count in
    ///   `fileBytes` only, with a warning. Layers past `num_hidden_layers` (multi-token-prediction heads) count in
    ///   the totals but not in `layers`.
    /// - `bytesRead` counts safetensors header bytes only (config.json and the index are not included).
    public init(safetensors files: [SafetensorsFile], config: ModelConfig, name: String?) {
        var warnings: [String] = []
        let quantization = config.quantization
        let mapped = config.ggufArchitecture
        let architecture = mapped ?? (config.textModelType.isEmpty ? "unknown" : config.textModelType)
        if mapped == nil {
            warnings.append(
                "llama.cpp b11434's convert_hf_to_gguf.py has no converter for \(config.architectureClass ?? "model_type '\(config.textModelType)'"): "
                    + "this checkpoint cannot be converted to GGUF as is")
        }
        let profile = ArchitectureProfile.resolve(architecture, warnings: &warnings)

        // Tensors.
        let names = Set(files.flatMap { $0.tensors.map(\.name) })
        let blockCount = config.numHiddenLayers
        var blocks = [(bytes: UInt64, params: UInt64, expertBytes: UInt64, expertParams: UInt64)](
            repeating: (0, 0, 0, 0), count: blockCount)
        var input = TensorGroupSummary.empty
        var output = TensorGroupSummary.empty
        var types: [String: TensorTypeSummary] = [:]
        var totalParameters: UInt64 = 0
        var totalBytes: UInt64 = 0
        var tensorCount = 0
        var expertParameters: UInt64 = 0
        var hasOutputWeight = false
        var multimodal = (count: 0, bytes: UInt64(0))
        var extraLayers = (count: 0, bytes: UInt64(0))
        var packedWithoutConfig = false
        for file in files {
            for tensor in file.tensors {
                let bytes = tensor.byteCount
                let role = Self.safetensorsRole(tensor.name)
                if role == .multimodal {
                    multimodal.count += 1
                    multimodal.bytes &+= bytes
                    continue
                }
                let parameters = Self.parameterCount(of: tensor, names: names, quantization: quantization)
                if quantization == nil, tensor.name.hasSuffix(".qweight") || tensor.name.hasSuffix(".weight_packed") {
                    packedWithoutConfig = true
                }
                tensorCount += 1
                totalParameters &+= parameters
                totalBytes &+= bytes
                types[tensor.dtype.rawValue, default: TensorTypeSummary(count: 0, parameters: 0, bytes: 0)].count += 1
                types[tensor.dtype.rawValue]?.parameters &+= parameters
                types[tensor.dtype.rawValue]?.bytes &+= bytes
                let isExpert = tensor.name.split(separator: ".").contains("experts")
                if isExpert { expertParameters &+= parameters }
                switch role {
                case .layer(let index) where index < blockCount:
                    blocks[index].bytes &+= bytes
                    blocks[index].params &+= parameters
                    if isExpert {
                        blocks[index].expertBytes &+= bytes
                        blocks[index].expertParams &+= parameters
                    }
                case .layer:
                    extraLayers.count += 1
                    extraLayers.bytes &+= bytes
                case .output(let isProjection):
                    output.tensorCount += 1
                    output.parameterCount &+= parameters
                    output.bytes &+= bytes
                    if isProjection { hasOutputWeight = true }
                case .input, .multimodal:
                    input.tensorCount += 1
                    input.parameterCount &+= parameters
                    input.bytes &+= bytes
                }
            }
        }
        if multimodal.count > 0 {
            warnings.append(
                "\(multimodal.count) vision/audio tensors (\(ByteCount(multimodal.bytes))) are left out: llama.cpp "
                    + "converts them to a separate mmproj file")
        }
        if extraLayers.count > 0 {
            warnings.append(
                "\(extraLayers.count) tensors (\(ByteCount(extraLayers.bytes))) belong to layers past "
                    + "num_hidden_layers \(blockCount) (multi-token prediction): counted in the totals, not in the layers"
            )
        }
        if packedWithoutConfig {
            warnings.append(
                "packed quantized weights but no quantization_config in config.json (older GPTQ repositories keep it "
                    + "in quantize_config.json): parameters counted as 4-bit")
        }
        if config.hasVisionConfig, multimodal.count == 0 {
            warnings.append("config.json has a vision_config but the checkpoint holds no vision tensors")
        }

        // Layers.
        let hfKinds = config.layerKinds
        var recurrent = [Bool](repeating: false, count: blockCount)
        var alsoAttention = false
        switch profile.recurrent {
        case .none: break
        case .allLayers: recurrent = [Bool](repeating: true, count: blockCount)
        case .allLayersAlsoAttention:
            recurrent = [Bool](repeating: true, count: blockCount)
            alsoAttention = true
        case .zeroKVHeads, .zeroKVHeadsAndFeedForward:
            recurrent = hfKinds.map { $0 == .recurrent }
        case .fullAttentionInterval:
            if hfKinds.contains(.recurrent) {
                recurrent = hfKinds.map { $0 == .recurrent }
            } else {
                // llama.cpp's default interval when the GGUF has no full_attention_interval.
                recurrent = (0..<blockCount).map { ($0 + 1) % 4 != 0 }
            }
        }

        var sliding = [Bool](repeating: false, count: blockCount)
        var slidingWindow: Int?
        var chunkSize: Int?
        switch profile.window {
        case .none:
            if hfKinds.contains(.slidingAttention) {
                warnings.append(
                    "config.json asks for sliding-window attention, but llama.cpp's \(architecture) graph attends to "
                        + "the full context: the KV cache is sized for full attention")
            }
        case .sliding(let pattern, let denseFirst, let requiresKey):
            if !requiresKey || (config.slidingWindow ?? 0) > 0 {
                if hfKinds.contains(.slidingAttention) {
                    sliding = hfKinds.map { $0 == .slidingAttention }
                } else {
                    sliding = ArchitectureProfile.slidingLayers(
                        count: blockCount, pattern: config.slidingWindowPattern ?? pattern, denseFirst: denseFirst)
                }
                slidingWindow = config.slidingWindow
                if slidingWindow == nil {
                    warnings.append("config.json has no sliding_window: sliding-window size unknown")
                }
            }
        case .chunked(let size, let pattern):
            if (config.attentionChunkSize ?? size) > 0 {
                sliding = ArchitectureProfile.slidingLayers(count: blockCount, pattern: pattern, denseFirst: false)
                chunkSize = size
            }
        }

        let isMLA = config.usesLatentAttention
        let latentKey = (config.kvLoraRank ?? 0) + (config.qkRopeHeadDim ?? 0)
        let feedForward = config.intermediateSize ?? config.moeIntermediateSize ?? 0
        var layers: [LayerSpec] = []
        layers.reserveCapacity(blockCount)
        for index in 0..<blockCount {
            let hfKind = index < hfKinds.count ? hfKinds[index] : .fullAttention
            var kvHeads = isMLA ? 1 : config.numKeyValueHeads
            if (recurrent[index] && !alsoAttention) || hfKind == .feedForwardOnly { kvHeads = 0 }
            let kind = LayerCacheKind.resolve(
                isEncoder: profile.isEncoder, recurrentOnly: recurrent[index] && !alsoAttention, kvHeads: kvHeads,
                isMLA: isMLA, sliding: sliding[index], chunked: chunkSize != nil)
            let hasCache = kind != .none && kind != .recurrent
            let keyElements = hasCache ? (isMLA ? latentKey : config.headDim * kvHeads) : 0
            let valueElements = hasCache && !isMLA ? config.headDim * kvHeads : 0
            let block = blocks[index]
            layers.append(
                LayerSpec(
                    index: index, cacheKind: kind, hasRecurrentState: recurrent[index],
                    headCount: config.numAttentionHeads, headCountKV: kvHeads, keyElementsPerToken: keyElements,
                    valueElementsPerToken: valueElements, feedForwardLength: feedForward, tensorBytes: block.bytes,
                    expertTensorBytes: block.expertBytes, parameterCount: block.params,
                    expertParameterCount: block.expertParams))
        }

        // Recurrent state per sequence, as llama-hparams.cpp n_embd_r / n_embd_s compute it from the values the
        // converters write (`conversion/qwen.py` Qwen3NextModel: conv kernel `linear_conv_kernel_dim`, state
        // `linear_key_head_dim`, groups `linear_num_key_heads`, inner `linear_value_head_dim ×
        // linear_num_value_heads`; Mamba-2 models: `ModelConfig.mambaSettings`).
        var convElements = 0
        var stateElements = 0
        if recurrent.contains(true) {
            if let kernel = config.linearConvKernelDim, let keyDim = config.linearKeyHeadDim,
                let keyHeads = config.linearNumKeyHeads, let valueDim = config.linearValueHeadDim,
                let valueHeads = config.linearNumValueHeads
            {
                let inner = valueDim * valueHeads
                convElements = max(0, kernel - 1) * (inner + 2 * keyHeads * keyDim)
                stateElements = keyDim * inner
            } else if let mamba = config.mamba {
                convElements = max(0, mamba.convKernel - 1) * (mamba.innerSize + 2 * mamba.groups * mamba.stateSize)
                stateElements = mamba.stateSize * mamba.innerSize
            } else {
                warnings.append("recurrent layers without state sizes in config.json: recurrent state unknown")
            }
        }

        var active = totalParameters
        let expertCount = config.expertCount
        let expertUsed = config.expertsPerToken
        if expertCount > 0, expertUsed > 0, expertUsed < expertCount {
            let unused = Double(expertParameters) * Double(expertCount - expertUsed) / Double(expertCount)
            active = totalParameters - min(totalParameters, UInt64(unused.rounded()))
        }
        var contextLength = config.maxPositionEmbeddings ?? 0
        if contextLength == 0 {
            warnings.append("config.json has no max_position_embeddings: the training context is unknown")
            contextLength = 4096
        }
        if config.textModelType == "nemotron-nas" {
            warnings.append("per-layer block_configs (Nemotron NAS) are not read: every layer is assumed uniform")
        }
        let fileType: String? =
            quantization.map { q in q.bits.map { "\(q.method) \($0)-bit" } ?? q.method }
            ?? config.torchDType.map(Self.dtypeLabel)

        self.init(
            architecture: architecture, name: name, format: "safetensors", fileType: fileType,
            fileBytes: files.reduce(0) { $0 &+ $1.fileSize }, tensorCount: tensorCount, tensorDataBytes: totalBytes,
            parameterCount: totalParameters, activeParameterCount: active, contextLength: contextLength,
            embeddingLength: config.hiddenSize, blockCount: blockCount, vocabularySize: config.vocabSize,
            keyLength: isMLA ? latentKey : config.headDim,
            valueLength: isMLA ? (config.kvLoraRank ?? 0) : config.headDim,
            slidingWindow: sliding.contains(true) ? slidingWindow : nil, chunkSize: chunkSize,
            latentRank: isMLA ? config.kvLoraRank : nil, latentRopeDimensions: isMLA ? config.qkRopeHeadDim : nil,
            expertCount: expertCount, expertUsedCount: expertUsed, expertSharedCount: config.sharedExpertCount,
            recurrentConvElements: convElements, recurrentStateElements: stateElements,
            isEmbeddingModel: profile.isEncoder, layers: layers, input: input, output: output,
            tiedEmbeddings: !hasOutputWeight && !profile.isEncoder, tensorTypes: types, warnings: warnings,
            bytesRead: files.reduce(0) { $0 &+ $1.bytesRead })
    }

    /// `bfloat16` → `BF16`.
    static func dtypeLabel(_ torchDType: String) -> String {
        switch torchDType {
        case "bfloat16": "BF16"
        case "float16", "half": "F16"
        case "float32", "float": "F32"
        default: torchDType
        }
    }

    enum SafetensorsTensorRole: Equatable {
        case layer(Int)
        case input
        /// The output projection (`lm_head`) or the final norm.
        case output(isProjection: Bool)
        case multimodal
    }

    /// Name components that start a vision or audio tower or projector (transformers' Llava, Gemma 3,
    /// Mistral 3, Qwen-VL, Llama 4, mllama naming).
    static let multimodalComponents: [String] = [
        "vision", "visual", "audio", "multi_modal_projector", "mm_projector", "embed_vision", "embed_audio",
        "image_newline", "vpm", "resampler", "speech",
    ]

    /// Where a tensor belongs (`.layer(Int.max)` for multi-token-prediction heads): `model.layers.12.…`, `model.language_model.layers.12.…`,
    /// `language_model.model.layers.12.…`, `backbone.layers.12.…`, `transformer.h.12.…` are layer 12;
    /// `lm_head.*` and non-layer norms (`model.norm`, `backbone.norm_f`, `transformer.ln_f`) are output;
    /// vision/audio parts are multimodal; everything else (embeddings) is input.
    static func safetensorsRole(_ name: String) -> SafetensorsTensorRole {
        let components = name.split(separator: ".")
        for component in components where multimodalComponents.contains(where: { component.hasPrefix($0) }) {
            return .multimodal
        }
        // Multi-token-prediction heads (`mtp.layers.0.…` in Qwen3-Next / Qwen3.5, `mtp.…` in Nemotron-H):
        // llama.cpp's converters drop or separate them; they count like layers past num_hidden_layers.
        if components.contains(where: { $0.hasPrefix("mtp") }) { return .layer(Int.max) }
        for (position, component) in components.enumerated().dropLast()
        where ["layers", "h", "blocks", "layer"].contains(component) {
            if let index = Int(components[position + 1]), index >= 0 { return .layer(index) }
        }
        if components.contains("lm_head") || components.first == "output" {
            return .output(isProjection: true)
        }
        if let owner = components.dropLast().last,
            owner == "norm" || owner == "norm_f" || owner == "ln_f" || owner == "final_layernorm"
                || owner == "final_layer_norm"
        {
            return .output(isProjection: false)
        }
        return .input
    }

    /// Name endings of quantization side tensors, which hold bytes but no weights (GPTQ/AWQ `scales`, `qzeros`,
    /// `g_idx`; FP8 `weight_scale_inv`, `weight_scale`, `input_scale`; compressed-tensors `weight_zero_point`,
    /// `weight_g_idx`, `weight_shape`, global scales; bitsandbytes `absmax`, `quant_map`, `SCB`, `weight_format`;
    /// KV-cache `k_scale` / `v_scale`; rotary `inv_freq` buffers in old checkpoints).
    static let auxiliarySuffixes: [String] = [
        ".scales", ".qzeros", ".g_idx", ".weight_scale", ".weight_scale_inv", ".weight_scale_2", ".input_scale",
        ".weight_zero_point", ".weight_g_idx", ".weight_shape", ".weight_global_scale", ".input_global_scale",
        ".absmax", ".quant_map", ".nested_absmax", ".nested_quant_map", ".SCB", ".weight_format", ".k_scale",
        ".v_scale", ".inv_freq",
    ]

    /// Real weights held by one stored tensor (see `init(safetensors:config:name:)`).
    static func parameterCount(of tensor: SafetensorsTensorInfo, names: Set<String>, quantization: QuantizationConfig?)
        -> UInt64
    {
        let name = tensor.name
        if name.contains(".quant_state.") || auxiliarySuffixes.contains(where: { name.hasSuffix($0) }) { return 0 }
        if name.hasSuffix("_scales"), names.contains(String(name.dropLast(7)) + "_blocks") { return 0 }
        let storageBits = UInt64(tensor.dtype.bitsPerElement)
        if name.hasSuffix(".qweight") || name.hasSuffix(".weight_packed") {
            let bits = UInt64(max(1, quantization?.bits ?? 4))
            let (total, overflow) = tensor.elementCount.multipliedReportingOverflow(by: storageBits)
            return overflow ? tensor.elementCount : total / bits
        }
        if name.hasSuffix("_blocks"), tensor.dtype == .u8 {
            // MXFP4: two 4-bit elements per byte.
            return tensor.elementCount &* 2
        }
        if tensor.dtype == .u8,
            names.contains(name + ".quant_state.bitsandbytes__nf4")
                || names.contains(name + ".quant_state.bitsandbytes__fp4")
                || (quantization?.loadIn4Bit == true && names.contains(name + ".absmax"))
        {
            // bitsandbytes 4-bit: a flat byte tensor with two weights per byte.
            return tensor.elementCount &* 2
        }
        return tensor.elementCount
    }
}
