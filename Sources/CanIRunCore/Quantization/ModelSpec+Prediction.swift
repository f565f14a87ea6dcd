import Foundation

/// Context and attention details the estimator needs besides the tensor list (read from the same config.json).
public struct PredictionExtras: Sendable, Equatable {
    public var contextLength: Int
    public var slidingWindow: Int?
    public var name: String?

    public init(contextLength: Int, slidingWindow: Int? = nil, name: String? = nil) {
        self.contextLength = contextLength
        self.slidingWindow = slidingWindow
        self.name = name
    }

    public init(config raw: [String: Any]) {
        let config = (raw["text_config"] as? [String: Any]) ?? raw
        func int(_ key: String) -> Int? {
            (config[key] as? Int) ?? (config[key] as? Double).map { Int($0) } ?? (raw[key] as? Int)
        }
        let context =
            LayoutHyperparameters.encoderContextLength(config: raw) ?? ModelConfig.contextLength(raw: raw) ?? 4096
        self.init(
            contextLength: context,
            slidingWindow: (config["use_sliding_window"] as? Bool) == false ? nil : int("sliding_window"),
            name: raw["_name_or_path"] as? String)
    }
}

/// A model's layout and type-independent tensor facts, prepared once for predictions at several file types.
public struct PreparedPrediction: Sendable {
    public let layout: LayoutHyperparameters
    public let extras: PredictionExtras
    public let tensors: PreparedTensors
    public let estimatedHeaderBytes: UInt64
    /// The first prediction made from this preparation; later file types only swap types and bytes in it.
    let template = TemplateSlot()

    public init(
        layout: LayoutHyperparameters, extras: PredictionExtras,
        recipe: QuantizationRecipe = QuantizationRecipe(fileType: .q8_0)
    ) throws {
        self.layout = layout
        self.extras = extras
        let source = try GGUFTensorLayout.tensors(for: layout)
        let info = QuantizationModelInfo(
            architecture: layout.architecture, blockCount: layout.layerCount, expertCount: layout.expertCount,
            headCount: layout.headCount, headCountKV: layout.architecture == "deepseek2" ? 1 : layout.kvHeadCount,
            embeddingLength: layout.hiddenSize)
        tensors = PreparedTensors(tensors: source, model: info, recipe: recipe)
        estimatedHeaderBytes = GGUFHeaderEstimate.estimate(tensors: source, vocabSize: layout.vocabSize)
    }

    /// Holds the first predicted description. `@unchecked Sendable`: the one stored value is written and read
    /// under `lock`, and a ModelSpec is an immutable value once stored.
    final class TemplateSlot: @unchecked Sendable {
        private let lock = NSLock()
        private var spec: ModelSpec?

        var value: ModelSpec? {
            lock.lock()
            defer { lock.unlock() }
            return spec
        }

        func store(_ value: ModelSpec) {
            lock.lock()
            if spec == nil { spec = value }
            lock.unlock()
        }
    }
}

/// Size of a GGUF header (metadata and tensor infos, up to where tensor data starts).
public enum GGUFHeaderEstimate {
    /// Bytes of the tensor-info section: per tensor its name (u64 length + bytes), u32 dimension count, u64 per
    /// dimension, u32 type and u64 offset (`ggml/src/gguf.cpp`).
    public static func tensorInfoBytes(_ tensors: [QuantizationTensor]) -> UInt64 {
        tensors.reduce(0) { $0 + 8 + UInt64($1.name.utf8.count) + 4 + 8 * UInt64($1.dimensions.count) + 4 + 8 }
    }

    /// An estimate for a file not seen yet: tensor infos, plus the tokenizer arrays (about 11 bytes per token for
    /// the token strings and types, measured on the fixture headers, and about as much again for BPE merges or
    /// scores), plus 16 KiB for the other keys and chat template. Approximate: real headers vary by
    /// tokenizer (a few MB at most, well under 1 % of a quantized model of 1B parameters or more).
    public static func estimate(tensors: [QuantizationTensor], vocabSize: Int) -> UInt64 {
        let raw = 24 + tensorInfoBytes(tensors) + UInt64(vocabSize) * 22 + 16 * 1024
        return (raw + 31) / 32 * 32
    }
}

extension ModelSpec {
    /// A model description for a GGUF that does not exist yet: the tensor list `GGUFTensorLayout` builds from the
    /// hyperparameters, with the types `recipe` would choose, and the metadata keys `ModelSpec(gguf:)` reads.
    /// `headerBytes` is the GGUF header size when known (otherwise estimated).
    public static func predicted(
        layout p: LayoutHyperparameters, extras: PredictionExtras, recipe: QuantizationRecipe,
        headerBytes: UInt64? = nil
    ) throws -> ModelSpec {
        let prepared = try PreparedPrediction(layout: p, extras: extras, recipe: recipe)
        return try predicted(prepared: prepared, recipe: recipe, headerBytes: headerBytes)
    }

    /// A prediction from a model prepared once (layout, tensor facts), for one file type.
    public static func predicted(
        prepared: PreparedPrediction, recipe: QuantizationRecipe, headerBytes: UInt64? = nil
    ) throws -> ModelSpec {
        let plan = try recipe.plan(prepared.tensors)
        let header = headerBytes ?? prepared.estimatedHeaderBytes
        if let template = prepared.template.value, let retyped = template.retyped(plan: plan, headerBytes: header) {
            return retyped
        }
        let spec = predicted(
            plan: plan,
            metadata: predictedMetadata(prepared.layout, extras: prepared.extras, fileType: recipe.fileType),
            headerBytes: header, name: prepared.extras.name)
        prepared.template.store(spec)
        return spec
    }

    /// This predicted description with another plan's tensor types and sizes (the same tensors in the same order):
    /// what `predicted(plan:…)` would build, without parsing the tensor names again. nil when the plan does not match.
    func retyped(plan: QuantizationPlan, headerBytes: UInt64) -> ModelSpec? {
        guard plan.tensors.count == tensors.count else { return nil }
        var spec = self
        var offset: UInt64 = 0
        var layerBytes = [UInt64](repeating: 0, count: layers.count)
        var expertBytes = [UInt64](repeating: 0, count: layers.count)
        var input = TensorGroupSummary.empty
        var output = TensorGroupSummary.empty
        var byType: [UInt32: TensorTypeSummary] = [:]
        var total: UInt64 = 0
        for (index, planned) in plan.tensors.enumerated() {
            var tensor = spec.tensors[index]
            guard tensor.name == planned.name else { return nil }
            tensor.type = planned.type
            tensor.bytes = planned.bytes
            tensor.offset = offset
            offset += (planned.bytes + 31) / 32 * 32
            total += planned.bytes
            let elements = planned.dimensions.reduce(1, &*)
            byType[planned.type.id, default: .empty].add(parameters: elements, bytes: planned.bytes)
            switch tensor.group {
            case .block(let block) where block < layers.count:
                layerBytes[block] += planned.bytes
                if tensor.isRoutedExpert { expertBytes[block] += planned.bytes }
            case .block, .output:
                output.tensorCount += 1
                output.parameterCount &+= elements
                output.bytes &+= planned.bytes
            case .input:
                input.tensorCount += 1
                input.parameterCount &+= elements
                input.bytes &+= planned.bytes
            }
            spec.tensors[index] = tensor
        }
        for index in spec.layers.indices {
            spec.layers[index].tensorBytes = layerBytes[index]
            spec.layers[index].expertTensorBytes = expertBytes[index]
        }
        spec.input = input
        spec.output = output
        spec.tensorTypes = [:]
        for (id, summary) in byType {
            if let type = GGMLType.from(id: id) { spec.tensorTypes[type.name] = summary }
        }
        spec.tensorDataBytes = total
        spec.fileBytes = headerBytes + offset
        spec.fileType = LlamaFileType.name(plan.fileType.id)
        spec.dataSections = [ModelSpec.DataSection(dataOffset: headerBytes, fileBytes: spec.fileBytes)]
        spec.warnings = spec.warnings.filter { !$0.hasPrefix("predicted: tensor types") }
        spec.warnings.append(
            "predicted: tensor types from llama-quantize's \(plan.fileType.rawValue) recipe, not read from a file")
        return spec
    }

    /// Wraps a plan (tensor types) and metadata into a ModelSpec through the same path a real header takes.
    public static func predicted(
        plan: QuantizationPlan, metadata: [String: GGUFValue], headerBytes: UInt64, name: String? = nil
    ) -> ModelSpec {
        var offset: UInt64 = 0
        var infos: [GGUFTensorInfo] = []
        infos.reserveCapacity(plan.tensors.count)
        for tensor in plan.tensors {
            infos.append(
                GGUFTensorInfo(
                    name: tensor.name, dimensions: tensor.dimensions, type: tensor.type, offset: offset,
                    elementCount: tensor.dimensions.reduce(1, &*), byteCount: tensor.bytes, part: 0))
            offset += (tensor.bytes + 31) / 32 * 32
        }
        var meta = metadata
        if let name { meta["general.name"] = .string(name) }
        let fileSize = headerBytes + offset
        let file = GGUFFile(
            name: name ?? "predicted", version: 3, byteOrder: .littleEndian, metadataKeys: meta.keys.sorted(),
            metadata: meta, tensors: infos, alignment: 32, dataOffset: headerBytes, fileSize: fileSize,
            bytesRead: 0, partCount: 1,
            dataSections: [ModelSpec.DataSection(dataOffset: headerBytes, fileBytes: fileSize)])
        var spec = ModelSpec(gguf: file)
        spec.warnings.append(
            "predicted: tensor types from llama-quantize's \(plan.fileType.rawValue) recipe, not read from a file")
        return spec
    }

    /// The keys that tell a hybrid model's layers apart and size its recurrent state, as the converters write them
    /// (see `HybridShape`): `head_count_kv` per layer, 0 for layers without attention (Granite 4.0-H,
    /// Nemotron-H); `feed_forward_length` per layer, 0 for layers without an FFN (Nemotron-H);
    /// `attention.recurrent_layers` and `full_attention_interval` (Qwen3-Next/3.5); the `ssm.*` sizes.
    static func hybridMetadata(_ p: LayoutHyperparameters, shape s: HybridShape, into m: inout [String: GGUFValue]) {
        let a = p.architecture
        let count = UInt64(s.kinds.count)
        func perLayer(_ value: (HybridShape.LayerKind) -> Int) -> GGUFValue {
            .array(elementType: .int32, count: count, values: s.kinds.map { .int32(Int32(value($0))) })
        }
        switch a {
        case "granitehybrid", "nemotron_h", "nemotron_h_moe":
            m["\(a).attention.head_count_kv"] = perLayer { $0.hasAttention ? p.kvHeadCount : 0 }
            if a != "granitehybrid" {
                let width = p.expertCount > 0 ? p.expertFFN : p.intermediateSize
                m["\(a).feed_forward_length"] = perLayer { $0 == .feedForwardOnly ? width : 0 }
            }
        case "qwen3next", "qwen35", "qwen35moe":
            m["\(a).attention.recurrent_layers"] = .array(
                elementType: .bool, count: count, values: s.kinds.map { .bool($0.isRecurrent) })
            m["\(a).full_attention_interval"] = .uint32(UInt32(s.fullAttentionInterval))
        default: break
        }
        m["\(a).ssm.conv_kernel"] = .uint32(UInt32(s.convKernel))
        m["\(a).ssm.inner_size"] = .uint32(UInt32(s.innerSize))
        m["\(a).ssm.state_size"] = .uint32(UInt32(s.stateSize))
        m["\(a).ssm.group_count"] = .uint32(UInt32(s.groupCount))
        m["\(a).ssm.time_step_rank"] = .uint32(UInt32(s.headCount))
        if p.sharedExpertFFN > 0 {
            m["\(a).expert_shared_feed_forward_length"] = .uint32(UInt32(p.sharedExpertFFN))
        }
    }

    /// The architecture keys llama.cpp's converter writes that the estimator reads.
    public static func predictedMetadata(
        _ p: LayoutHyperparameters, extras: PredictionExtras, fileType: QuantizationFileType
    ) -> [String: GGUFValue] {
        let a = p.architecture
        var m: [String: GGUFValue] = [
            "general.architecture": .string(a),
            "general.file_type": .uint32(UInt32(fileType.id)),
            "\(a).block_count": .uint32(UInt32(p.layerCount)),
            "\(a).context_length": .uint32(UInt32(extras.contextLength)),
            "\(a).embedding_length": .uint32(UInt32(p.hiddenSize)),
            "\(a).feed_forward_length": .uint32(UInt32(p.intermediateSize)),
            "\(a).attention.head_count": .uint32(UInt32(p.headCount)),
            "\(a).vocab_size": .uint32(UInt32(p.vocabSize)),
        ]
        if a == "deepseek2" {
            m["\(a).attention.head_count_kv"] = .uint32(1)
            m["\(a).attention.key_length"] = .uint32(UInt32(p.kvLoraRank + p.qkRopeHeadDim))
            m["\(a).attention.value_length"] = .uint32(UInt32(p.kvLoraRank))
            m["\(a).attention.key_length_mla"] = .uint32(UInt32(p.qkNopeHeadDim + p.qkRopeHeadDim))
            m["\(a).attention.value_length_mla"] = .uint32(UInt32(p.vHeadDim))
            m["\(a).attention.kv_lora_rank"] = .uint32(UInt32(p.kvLoraRank))
            m["\(a).rope.dimension_count"] = .uint32(UInt32(p.qkRopeHeadDim))
            m["\(a).leading_dense_block_count"] = .uint32(UInt32(p.firstDenseLayers))
        } else if a == "lfm2", let attention = p.attentionLayers {
            let perLayer = (0..<p.layerCount).map { GGUFValue.int32(attention.contains($0) ? Int32(p.kvHeadCount) : 0) }
            m["\(a).attention.head_count_kv"] = .array(
                elementType: .int32, count: UInt64(p.layerCount), values: perLayer)
            m["\(a).shortconv.l_cache"] = .uint32(UInt32(p.convKernel))
            m["\(a).attention.key_length"] = .uint32(UInt32(p.headDim))
            m["\(a).attention.value_length"] = .uint32(UInt32(p.headDim))
        } else {
            m["\(a).attention.head_count_kv"] = .uint32(UInt32(p.kvHeadCount))
            m["\(a).attention.key_length"] = .uint32(UInt32(p.headDim))
            m["\(a).attention.value_length"] = .uint32(UInt32(p.headDim))
        }
        if let shape = p.hybrid { hybridMetadata(p, shape: shape, into: &m) }
        // Gemma3NModel and Gemma4Model.set_gguf_parameters write the sliding pattern from `layer_types`.
        if let sliding = p.slidingLayers {
            m["\(a).attention.sliding_window_pattern"] = .array(
                elementType: .bool, count: UInt64(sliding.count), values: sliding.map { .bool($0) })
        }
        if a == "gemma3n" {
            m["\(a).embedding_length_per_layer_input"] = .uint32(UInt32(p.perLayerInputWidth))
            m["\(a).altup_num_inputs"] = .uint32(UInt32(p.altupInputs))
        }
        if a == "gemma4", let sliding = p.slidingLayers {
            // Gemma4Model.set_gguf_parameters: full-layer head size as key/value_length, the sliding layers' as
            // the _swa keys, KV heads per layer.
            m["\(a).attention.key_length"] = .uint32(UInt32(p.globalHeadDim))
            m["\(a).attention.value_length"] = .uint32(UInt32(p.globalHeadDim))
            m["\(a).attention.key_length_swa"] = .uint32(UInt32(p.headDim))
            m["\(a).attention.value_length_swa"] = .uint32(UInt32(p.headDim))
            m["\(a).attention.head_count_kv"] = .array(
                elementType: .int32, count: UInt64(sliding.count),
                values: sliding.map { .int32(Int32($0 ? p.kvHeadCount : p.globalKVHeadCount)) })
            m["\(a).embedding_length_per_layer_input"] = .uint32(0)
        }
        // DeciModel.set_gguf_parameters writes head counts and FFN widths per layer.
        for (key, values) in [
            ("attention.head_count", p.layerHeads), ("attention.head_count_kv", p.layerKVHeads),
            ("feed_forward_length", p.layerFFN),
        ] {
            if let values {
                m["\(a).\(key)"] = .array(
                    elementType: .int32, count: UInt64(values.count), values: values.map { .int32(Int32($0)) })
            }
        }
        if a == "bert" || a == "nomic-bert" {
            // BertModel.set_gguf_parameters (conversion/bert.py) writes causal attention false, and set_vocab the
            // token type count; llama.cpp reads them in llama_model_base::load_hparams (src/llama-model.cpp) and
            // llama_vocab::impl::load (src/llama-vocab.cpp). An encoder needs no KV cache: ArchitectureProfile
            // marks bert and nomic-bert isEncoder, so ModelSpec(gguf:) gives their layers no cache.
            m["\(a).attention.causal"] = .bool(false)
            m["tokenizer.ggml.token_type_count"] = .uint32(UInt32(p.tokenTypeCount))
        }
        if p.expertCount > 0 {
            m["\(a).expert_count"] = .uint32(UInt32(p.expertCount))
            m["\(a).expert_used_count"] = .uint32(UInt32(p.expertsUsed))
            m["\(a).expert_feed_forward_length"] = .uint32(UInt32(p.expertFFN))
            if p.sharedExpertCount > 0 { m["\(a).expert_shared_count"] = .uint32(UInt32(p.sharedExpertCount)) }
            // Leading dense layers (Glm4MoeModel.set_gguf_parameters writes `first_k_dense_replace` so; llama.cpp
            // creates no expert tensors for them).
            if p.firstDenseLayers > 0 {
                m["\(a).leading_dense_block_count"] = .uint32(UInt32(p.firstDenseLayers))
            }
        }
        if let window = extras.slidingWindow,
            ["gemma2", "gemma3", "gemma3n", "gemma4", "cohere2", "gpt-oss", "phi3", "starcoder2", "exaone4"].contains(a)
        {
            m["\(a).attention.sliding_window"] = .uint32(UInt32(window))
        }
        return m
    }
}
