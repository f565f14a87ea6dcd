/// The machine an estimate is for: the host CPU's instruction sets (they decide which weights the CPU backend
/// repacks) and the GPUs that take offloaded layers.
public struct EstimateTarget: Sendable, Equatable {
    public struct GPU: Sendable, Equatable {
        public var name: String
        public var backend: GPUBackend
        public var unifiedMemory: Bool
        /// What llama.cpp would split layers by when no `-ts` is given: the device's free memory.
        public var freeBytes: Int64

        public init(name: String, backend: GPUBackend, unifiedMemory: Bool, freeBytes: Int64) {
            self.name = name
            self.backend = backend
            self.unifiedMemory = unifiedMemory
            self.freeBytes = freeBytes
        }
    }

    public var cpuArchitecture: String
    public var cpuFeatures: Set<String>
    public var gpus: [GPU]

    public init(cpuArchitecture: String, cpuFeatures: Set<String>, gpus: [GPU]) {
        self.cpuArchitecture = cpuArchitecture
        self.cpuFeatures = cpuFeatures
        self.gpus = gpus
    }

    public init(machine: HardwareSnapshot) {
        cpuArchitecture = machine.cpu.architecture
        cpuFeatures = Set(machine.cpu.features)
        gpus = machine.gpus.map {
            GPU(
                name: $0.name, backend: $0.backend, unifiedMemory: $0.unifiedMemory,
                freeBytes: $0.memoryFreeBytes ?? $0.memoryTotalBytes)
        }
    }

    /// A CPU-only x86 machine with AVX2, like the one the measurements were taken on.
    public static let cpuOnlyAVX2 = EstimateTarget(
        cpuArchitecture: "x86_64", cpuFeatures: ["avx", "avx2", "fma", "f16c"], gpus: [])
}

/// Computes what llama.cpp b11434 allocates for a model and run settings, buffer by buffer.
/// Every rule cites the engine function it follows; docs/engine/llama-cpp-memory.md has the derivations.
public struct MemoryEstimator: Sendable {
    /// Bytes the llama.cpp process itself takes beyond its logged buffers (program, libraries, tokenizer
    /// tables, the CPU backend's per-call work buffer). Measured on the 9 llama-completion b11434 runs that fill
    /// their context (bench/llama-memory/measurements.csv, filled_context=1): peak RSS minus the logged weight,
    /// KV, output buffers and the touched part of the compute buffer was 51–152 MiB (median 81 MiB; the largest
    /// for the MoE model). canirun plans with 150 MiB.
    public static let processOverheadBytes: Int64 = 150 * 1_048_576
    /// Per CUDA device: the CUDA context, loaded kernels and cuBLAS handles, which llama.cpp does not log.
    /// Measured with llama.cpp b11434 built for CUDA 13.0 on an H100 80GB HBM3 (driver 580.159.04): the process's
    /// GPU memory as nvidia-smi samples it every 50 ms, minus the CUDA buffers llama.cpp logged, was 589–707 MiB
    /// over 20 runs (bench/llama-memory/gpu/gpu-measurements.csv; 689–707 MiB when F16/Q8_0 weights or op
    /// offload load cuBLAS). canirun plans with the largest. Cards with fewer multiprocessors reserve less
    /// per-thread local memory, so this errs high there.
    public static let cudaContextBytes: Int64 = 707 * 1_048_576
    /// Per Metal device: the minimum Ollama reserves for Metal (512 MiB; ollama `llm/memory.go`,
    /// `estimateGPULayers`, before 2025-11); not measured by canirun.
    public static let metalContextBytes: Int64 = 512 * 1_048_576
    /// ROCm, Vulkan and SYCL devices: taken as CUDA's measured figure until measured on such a card.
    public static let otherGPUContextBytes: Int64 = cudaContextBytes

    public init() {}

    /// The context overhead the estimate adds per GPU of this backend.
    public static func contextBytes(for backend: GPUBackend) -> Int64 {
        switch backend {
        case .cuda: cudaContextBytes
        case .metal: metalContextBytes
        default: otherGPUContextBytes
        }
    }

    // MARK: - Settings

    /// Context, batches and flash attention as llama.cpp resolves them (`llama_context::llama_context`).
    func resolve(_ model: ModelSpec, _ settings: RunSettings, target: EstimateTarget) throws -> ResolvedSettings {
        if let context = settings.contextLength, context < 0 || context > 16_777_216 {
            throw EstimateError.invalidSetting(
                flag: "--context", reason: "must be between 1 and 16777216 (0 = the model's \(model.contextLength))")
        }
        guard settings.batchSize >= 1, settings.batchSize <= 1 << 20 else {
            throw EstimateError.invalidSetting(flag: "--batch", reason: "must be between 1 and 1048576")
        }
        guard settings.microBatchSize >= 1, settings.microBatchSize <= settings.batchSize else {
            throw EstimateError.invalidSetting(
                flag: "--ubatch", reason: "must be between 1 and the batch size (\(settings.batchSize))")
        }
        guard settings.parallelSequences >= 1, settings.parallelSequences <= 256 else {
            throw EstimateError.invalidSetting(flag: "--parallel", reason: "must be between 1 and 256")
        }
        for (flag, type) in [("--cache-type-k", settings.cacheTypeK), ("--cache-type-v", settings.cacheTypeV)]
        where !RunSettings.allowedCacheTypes.contains(type) {
            throw EstimateError.invalidSetting(
                flag: flag,
                reason:
                    "\(type.name) is not a cache type llama.cpp accepts (f32, f16, bf16, q8_0, q4_0, q4_1, iq4_nl, q5_0, q5_1)"
            )
        }
        let vQuantized = settings.cacheTypeV.isQuantized
        // llama_init_from_model: a quantized V cache needs flash attention; `auto` is switched on for it,
        // `off` is an error.
        if vQuantized && settings.flashAttention == .off {
            throw EstimateError.invalidSetting(
                flag: "--cache-type-v",
                reason:
                    "a quantized V cache (\(settings.cacheTypeV.name)) needs flash attention; use --flash-attention on or auto"
            )
        }
        let isMLA = model.layers.contains { $0.cacheKind == .latent }
        if isMLA && settings.cacheTypeK != settings.cacheTypeV {
            throw EstimateError.invalidSetting(
                flag: "--cache-type-v", reason: "MLA models need the same K and V cache types")
        }
        // Under flash attention, quantized caches need head sizes that are whole blocks (32).
        let flashAttention = settings.flashAttention != .off && model.architecture != "grok"
        if flashAttention {
            for layer in model.layers where layer.headCountKV > 0 {
                let keyHead = layer.keyElementsPerToken / max(1, layer.headCountKV)
                if settings.cacheTypeK.isQuantized, keyHead % settings.cacheTypeK.blockSize != 0 {
                    throw EstimateError.invalidSetting(
                        flag: "--cache-type-k",
                        reason: "head size \(keyHead) is not a multiple of \(settings.cacheTypeK.blockSize)")
                }
            }
        }

        // llama_context ctor: 0 → training context; pad to 256; per-sequence split padded again.
        let requested = settings.contextLength ?? 0
        var context = requested == 0 ? model.contextLength : requested
        context = Self.pad(context, 256)
        let sequences = settings.parallelSequences
        let perSequence: Int
        if settings.unifiedKV || sequences == 1 {
            perSequence = context
        } else {
            perSequence = Self.pad(context / sequences, 256)
            context = perSequence * sequences
        }
        let batch = min(context, settings.batchSize)
        let microBatch = min(batch, settings.microBatchSize)
        let totalLayers = model.blockCount + 1
        let gpuLayers: Int
        if target.gpus.isEmpty {
            gpuLayers = 0
        } else if let requestedLayers = settings.gpuLayers, requestedLayers >= 0 {
            gpuLayers = min(requestedLayers, totalLayers)
        } else {
            gpuLayers = totalLayers
        }
        var slidingCells: Int?
        if model.layers.contains(where: { $0.cacheKind == .slidingWindow || $0.cacheKind == .chunked }) {
            slidingCells = slidingWindowCells(
                model, perSequence: perSequence, sequences: sequences,
                unified: settings.unifiedKV, microBatch: microBatch, swaFull: settings.swaFull)
        }
        return ResolvedSettings(
            contextLength: context, contextPerSequence: perSequence, requestedContextLength: settings.contextLength,
            batchSize: batch, microBatchSize: microBatch, parallelSequences: sequences, unifiedKV: settings.unifiedKV,
            flashAttention: flashAttention, flashAttentionRequested: settings.flashAttention.rawValue,
            cacheTypeK: settings.cacheTypeK.name.lowercased(), cacheTypeV: settings.cacheTypeV.name.lowercased(),
            gpuLayers: gpuLayers, totalLayers: totalLayers,
            cpuMoELayers: settings.cpuMoE ? model.blockCount : min(settings.cpuMoELayers, model.blockCount),
            mmap: settings.mmap, kvOffload: settings.kvOffload, slidingWindowCells: slidingCells,
            engine: MemoryEstimate.engine)
    }

    /// `llama_kv_cache_iswa`: the SWA cache holds `GGML_PAD(min(n_ctx_seq, n_swa × (unified ? n_seq : 1) +
    /// n_ubatch), 256)` cells per stream, or the full context with `--swa-full`.
    func slidingWindowCells(
        _ model: ModelSpec, perSequence: Int, sequences: Int, unified: Bool, microBatch: Int, swaFull: Bool
    ) -> Int {
        if swaFull { return perSequence }
        let window = model.chunkSize ?? model.slidingWindow ?? perSequence
        return Self.pad(min(perSequence, window * (unified ? sequences : 1) + microBatch), 256)
    }

    static func pad(_ value: Int, _ multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }

    // MARK: - Estimate

    /// Where each layer runs: nil for the CPU, else the index of the GPU.
    /// `llama_model_base::load_tensors`: the last `ngl` of the L+1 layers (the output layer is layer L) are
    /// offloaded; GPU j takes the layers whose position among the offloaded ones falls in its cumulative split.
    func layerDevices(totalLayers: Int, gpuLayers: Int, split: [Double]) -> [Int?] {
        let firstOnGPU = max(totalLayers - gpuLayers, 0)
        let total = split.reduce(0, +)
        var cumulative: [Double] = []
        var running = 0.0
        for fraction in split {
            running += total > 0 ? fraction / total : 1.0 / Double(split.count)
            cumulative.append(running)
        }
        return (0..<totalLayers).map { layer in
            guard layer >= firstOnGPU, !split.isEmpty else { return nil }
            let position = Double(layer - firstOnGPU) / Double(max(1, gpuLayers))
            return cumulative.firstIndex { position < $0 } ?? (split.count - 1)
        }
    }

    public func estimate(model: ModelSpec, settings: RunSettings, target: EstimateTarget) throws -> MemoryEstimate {
        let resolved = try resolve(model, settings, target: target)
        var notes: [String] = []
        let gpuCount = target.gpus.count
        let split = settings.tensorSplit ?? target.gpus.map { Double(max(1, $0.freeBytes)) }
        let devicesByLayer = layerDevices(
            totalLayers: resolved.totalLayers, gpuLayers: resolved.gpuLayers, split: split)
        let outputDevice = devicesByLayer.last ?? nil

        var host = MemoryBreakdown()
        var hostDetails = DeviceMemory.Details()
        var gpus = [MemoryBreakdown](repeating: MemoryBreakdown(), count: gpuCount)
        var gpuDetails = [DeviceMemory.Details](repeating: DeviceMemory.Details(), count: gpuCount)
        for device in devicesByLayer.dropLast() {
            if let device { gpuDetails[device].layers += 1 } else { hostDetails.layers += 1 }
        }

        // Weights (§6): input tensors on the host; block and output tensors with their layer; routed experts
        // of `--cpu-moe` layers on the host. On the host, matmul weights of types the CPU backend repacks go to
        // CPU_REPACK (only when no GPU's pinned host buffer takes them first: CPU-only and Metal machines).
        let repackPossible =
            settings.repack
            && !target.gpus.contains {
                $0.backend == .cuda || $0.backend == .vulkan || $0.backend == .rocm || $0.backend == .sycl
            }
        let repack = RepackRules(architecture: target.cpuArchitecture, features: target.cpuFeatures)
        let partCount = max(1, (model.tensors.map(\.part).max() ?? 0) + 1)
        var mappedSpans = [(start: UInt64, end: UInt64)](repeating: (.max, 0), count: partCount)
        for tensor in model.tensors {
            var device: Int?
            switch tensor.group {
            case .input: device = nil
            case .block(let index): device = index < devicesByLayer.count - 1 ? devicesByLayer[index] : outputDevice
            case .output: device = outputDevice
            }
            if tensor.isRoutedExpert, case .block(let index) = tensor.group, index < resolved.cpuMoELayers {
                device = nil
            }
            let bytes = Int64(tensor.bytes)
            if let device {
                let allocated = Self.deviceAllocationBytes(tensor, backend: target.gpus[device].backend)
                gpus[device].weights += allocated
                gpuDetails[device].modelBufferBytes += allocated
                continue
            }
            if repackPossible, tensor.isMatmulWeight, repack.repacks(type: tensor.type, rows: tensor.rows) {
                // The repacked copy is anonymous memory; with mmap the file pages it came from stay mapped but are
                // clean page cache the kernel can drop (counted in `reclaimableBytes`, not in the need).
                host.weights += Self.pad64(bytes, 32)
                hostDetails.repackedBytes += Self.pad64(bytes, 32)
                continue
            }
            host.weights += bytes
            if settings.mmap {
                let span = mappedSpans[tensor.part]
                mappedSpans[tensor.part] = (min(span.start, tensor.offset), max(span.end, tensor.offset + tensor.bytes))
            } else {
                hostDetails.modelBufferBytes += Self.pad64(bytes, 32)
            }
        }
        for span in mappedSpans where span.end > span.start {
            hostDetails.mappedBufferBytes += Int64(span.end - span.start)
        }
        // Mapped address space beyond the bytes in use: repacked or offloaded tensors inside the span, and padding.
        hostDetails.reclaimableBytes = max(
            0, hostDetails.mappedBufferBytes - (host.weights - hostDetails.repackedBytes))
        // Tied embeddings: an offloaded output layer gets its own copy of token_embd (TENSOR_DUPLICATED).
        if model.tiedEmbeddings, let outputDevice, let embedding = model.tensors.first(where: \.isTokenEmbedding) {
            let allocated = Self.deviceAllocationBytes(embedding, backend: target.gpus[outputDevice].backend)
            gpus[outputDevice].weights += allocated
            gpuDetails[outputDevice].modelBufferBytes += allocated
        }
        if model.tensors.isEmpty {
            // Only summaries (a safetensors folder): every byte counted once, placed by layer.
            host.weights += Int64(model.input.bytes)
            for layer in model.layers {
                let bytes = Int64(layer.tensorBytes)
                if let device = devicesByLayer[layer.index] {
                    gpus[device].weights += bytes
                } else {
                    host.weights += bytes
                }
            }
            if let outputDevice {
                gpus[outputDevice].weights += Int64(model.output.bytes)
            } else {
                host.weights += Int64(model.output.bytes)
            }
        }

        // KV cache and recurrent state (§3): with its layer's device unless -nkvo.
        let streams = resolved.unifiedKV ? 1 : resolved.parallelSequences
        let fullCells = Int64(resolved.contextPerSequence) * Int64(streams)
        let windowCells = Int64(resolved.slidingWindowCells ?? resolved.contextPerSequence) * Int64(streams)
        let transposedV = settings.flashAttention == .off
        let maxValueWidth = model.layers.map(\.valueElementsPerToken).max() ?? 0
        for layer in model.layers {
            let device = settings.kvOffload ? devicesByLayer[layer.index] : nil
            var kvBytes: Int64 = 0
            var recurrentBytes: Int64 = 0
            var isWindow = false
            switch layer.cacheKind {
            case .fullAttention, .latent, .slidingWindow, .chunked:
                isWindow = layer.cacheKind == .slidingWindow || layer.cacheKind == .chunked
                let cells = isWindow ? windowCells : fullCells
                let valueWidth =
                    transposedV && layer.valueElementsPerToken > 0 ? maxValueWidth : layer.valueElementsPerToken
                kvBytes =
                    (settings.cacheTypeK.rowBytes(Int64(layer.keyElementsPerToken))
                        + (layer.cacheKind == .latent ? 0 : settings.cacheTypeV.rowBytes(Int64(valueWidth)))) * cells
            case .recurrent, .none:
                break
            }
            if layer.hasRecurrentState {
                // llama_memory_recurrent: F32 R and S rows, one per sequence.
                let rows = Int64(max(1, resolved.parallelSequences))
                recurrentBytes = 4 * Int64(model.recurrentConvElements + model.recurrentStateElements) * rows
            }
            if let device {
                gpus[device].kvCache += kvBytes + recurrentBytes
                if isWindow {
                    gpuDetails[device].kvSlidingWindowBytes += kvBytes
                } else {
                    gpuDetails[device].kvFullBytes += kvBytes
                }
                gpuDetails[device].recurrentStateBytes += recurrentBytes
            } else {
                host.kvCache += kvBytes + recurrentBytes
                if isWindow { hostDetails.kvSlidingWindowBytes += kvBytes } else { hostDetails.kvFullBytes += kvBytes }
                hostDetails.recurrentStateBytes += recurrentBytes
            }
        }

        // Output buffer (§4): logits for one token per sequence (plus embeddings), always in system RAM.
        let outputs = Int64(resolved.parallelSequences)
        host.output = 4 * Int64(model.vocabularySize) * outputs
        if model.isEmbeddingModel { host.output += 4 * Int64(model.embeddingLength) * outputs }

        // Compute buffers (§5).
        let compute = computeBuffers(
            model, resolved, devicesByLayer: devicesByLayer, gpuCount: gpuCount,
            offloadsOperations: target.gpus.first.map { $0.backend == .cuda || $0.backend == .rocm } ?? false)
        host.compute = compute.host
        for index in 0..<gpuCount { gpus[index].compute = compute.gpus[index] }

        // Overheads.
        host.overhead = Self.processOverheadBytes
        for (index, gpu) in target.gpus.enumerated() { gpus[index].overhead = Self.contextBytes(for: gpu.backend) }
        if target.gpus.contains(where: { $0.backend != .cuda }) {
            notes.append("GPU context overheads other than CUDA's are not measured by canirun (CUDA's was, on an H100)")
        }
        // Unified memory: a GPU that shares RAM draws its buffers from the same pool as the host.
        var devices: [DeviceMemory] = []
        for (index, gpu) in target.gpus.enumerated() {
            devices.append(DeviceMemory(name: gpu.name, kind: "gpu", memory: gpus[index], details: gpuDetails[index]))
        }
        let total = devices.reduce(host) { $0 + $1.memory }
        if resolved.requestedContextLength == nil {
            notes.append(
                "context \(resolved.contextLength): llama.cpp's default (-c 0) is the model's training context")
        }
        return MemoryEstimate(
            schemaVersion: MemoryEstimate.currentSchemaVersion, settings: resolved, memory: total,
            host: DeviceMemory(name: "host", kind: "host", memory: host, details: hostDetails), devices: devices,
            notes: notes)
    }

    /// Bytes a GPU buffer allocates for a tensor: 128-byte alignment on CUDA plus, for quantized tensors whose
    /// rows are not a multiple of 512, one padded row chunk (`ggml_backend_cuda_buffer_type_get_alloc_size`,
    /// MATRIX_ROW_PADDING = 512). Other backends: 32-byte alignment (TENSOR_ALIGNMENT).
    static func deviceAllocationBytes(_ tensor: ModelTensor, backend: GPUBackend) -> Int64 {
        var bytes = Int64(tensor.bytes)
        if backend == .cuda {
            let rowLength = Int64(tensor.dimensions.first ?? 0)
            if tensor.type.isQuantized, rowLength % 512 != 0 {
                bytes += tensor.type.rowBytes(512 - rowLength % 512)
            }
            return pad64(bytes, 128)
        }
        return pad64(bytes, 32)
    }

    static func pad64(_ value: Int64, _ multiple: Int64) -> Int64 { (value + multiple - 1) / multiple * multiple }

    /// Whether the CPU backend repacks a matmul weight of this type (`ggml/src/ggml-cpu/repack.cpp`,
    /// `ggml_repack_get_optimal_repack_type`): on x86 with AVX2, Q4_0, Q4_K, IQ4_NL and MXFP4 with a row count
    /// divisible by 8 (Q2_K too with AVX-512); on Arm with NEON dot product or i8mm, Q4_0, IQ4_NL, MXFP4 (rows % 4)
    /// and Q4_K, Q5_K, Q6_K (rows % 8, i8mm or dot product), Q8_0 (rows % 4).
    static func cpuRepacks(type: GGMLType, rows: UInt64, architecture: String, features: Set<String>) -> Bool {
        RepackRules(architecture: architecture, features: features).repacks(type: type, rows: rows)
    }

    /// The repack rules for one CPU, with its features looked up once.
    struct RepackRules {
        let x86AVX2: Bool
        let x86AVX512: Bool
        let armDot: Bool

        init(architecture: String, features: Set<String>) {
            x86AVX2 = architecture == "x86_64" && features.contains("avx2")
            x86AVX512 = x86AVX2 && features.contains("avx512f")
            armDot = architecture == "arm64" && (features.contains("i8mm") || features.contains("dotprod"))
        }

        func repacks(type: GGMLType, rows: UInt64) -> Bool {
            if x86AVX2 {
                switch type {
                case .q4_0, .q4_K, .iq4_NL, .mxfp4: return rows % 8 == 0
                case .q2_K: return x86AVX512 && rows % 8 == 0
                default: return false
                }
            }
            if armDot {
                switch type {
                case .q4_0, .iq4_NL, .mxfp4, .q8_0: return rows % 4 == 0
                case .q4_K, .q5_K, .q6_K: return rows % 8 == 0
                default: return false
                }
            }
            return false
        }
    }

    // MARK: - Compute buffers

    /// The compute buffer of each backend at the pp reserve (T = n_ubatch tokens, n_outputs = T, the whole cache
    /// visible: `llama_context::sched_reserve`). The peak live set of ggml-alloc is modelled as the graph inputs
    /// (KQ masks: `n_kv × T` in F16 with flash attention, F32 without, one per cache) plus the largest of:
    /// - the logits `4·V·T` of the output layer with what is live beside them, 20·T·E bytes with flash attention
    ///   and 22·T·E without;
    /// - without flash attention, KQ `4·n_kv·T·H` of the largest layer with 26·T·E bytes beside it;
    /// - the FFN of one layer: gate, up and GLU outputs alive together, `12·T·F` (MoE: `12·T·k·F_exp`), plus
    ///   20·T·E;
    /// - MLA: the absorbed query `4·(kv_lora_rank + n_rot)·H·T` (and KQ over the latent cache without FA).
    /// The 20/22/26·T·E terms were fitted to llama.cpp b11434's logged CPU compute buffers for four
    /// architectures (bench/llama-memory/measurements.csv); the rest follow the graph in `src/llama-graph.cpp`.
    /// The same peak describes the CUDA compute buffer within 4 % (over, never under) on 18 of 20 runs on an H100
    /// (bench/llama-memory/gpu/gpu-measurements.csv).
    ///
    /// `offloadsOperations`: CUDA and ROCm take the batch's large operations even for layers left in system RAM
    /// (`ggml_backend_sched` with `op_offload`, on by default), so the host's compute buffer keeps only the graph
    /// inputs: 16·T·E bytes plus the KQ masks, measured on all 20 H100 runs (llama-completion's `CUDA_Host
    /// compute buffer`, E = 896…2048, T = 512 and 2048, 0 to all layers offloaded), and the first GPU computes
    /// every layer left on the host, with the output weights copied in when the output layer stays there
    /// (`-ngl 0`: 767.5 MiB logged for Llama 3.2 1B F16, logits + 20·T·E + the 501 MiB tied embedding = 771.5).
    func computeBuffers(
        _ model: ModelSpec, _ settings: ResolvedSettings, devicesByLayer: [Int?], gpuCount: Int,
        offloadsOperations: Bool = false
    ) -> (host: Int64, gpus: [Int64]) {
        let tokens = Int64(settings.microBatchSize)
        let embedding = Int64(model.embeddingLength)
        let fa = settings.flashAttention
        let maskBytes: Int64 = fa ? 2 : 4
        let fullCells = Int64(settings.contextPerSequence)
        let windowCells = Int64(settings.slidingWindowCells ?? settings.contextPerSequence)
        let logits = 4 * Int64(model.vocabularySize) * tokens
        let outputDevice = devicesByLayer.last ?? nil

        func peak(layers: [LayerSpec], holdsOutput: Bool) -> Int64 {
            var masks: Int64 = 0
            if layers.contains(where: { $0.cacheKind == .fullAttention || $0.cacheKind == .latent }) {
                masks += fullCells * tokens * maskBytes
            }
            if layers.contains(where: { $0.cacheKind == .slidingWindow || $0.cacheKind == .chunked }) {
                masks += windowCells * tokens * maskBytes
            }
            var largest: Int64 = 0
            if holdsOutput { largest = logits + (fa ? 20 : 22) * tokens * embedding }
            for layer in layers {
                let cells: Int64
                switch layer.cacheKind {
                case .fullAttention, .latent: cells = fullCells
                case .slidingWindow, .chunked: cells = windowCells
                case .recurrent, .none: cells = 0
                }
                if !fa, cells > 0 {
                    largest = max(largest, 4 * cells * tokens * Int64(layer.headCount) + 26 * tokens * embedding)
                }
                if layer.cacheKind == .latent {
                    let latent = Int64(model.latentRank ?? 0) + Int64(model.latentRopeDimensions ?? 0)
                    largest = max(largest, 4 * latent * Int64(layer.headCount) * tokens + 20 * tokens * embedding)
                }
                // Gate, up and the GLU result alive together: [F, T] each (MoE: [F_exp, k, T]).
                let ffnWidth: Int64
                if model.expertCount > 0, layer.expertParameterCount > 0 {
                    let expertLength =
                        Int64(layer.expertParameterCount) / max(1, Int64(model.expertCount) * 3 * embedding)
                    ffnWidth = Int64(model.expertUsedCount) * expertLength
                } else {
                    ffnWidth = Int64(layer.feedForwardLength)
                }
                largest = max(largest, 12 * tokens * ffnWidth + 20 * tokens * embedding)
            }
            if layers.isEmpty && !holdsOutput { return 0 }
            return masks + max(largest, 20 * tokens * embedding)
        }

        var gpuCompute = [Int64](repeating: 0, count: gpuCount)
        var hostLayers: [LayerSpec] = []
        var gpuLayers = [[LayerSpec]](repeating: [], count: gpuCount)
        for layer in model.layers {
            if layer.index < devicesByLayer.count, let device = devicesByLayer[layer.index] {
                gpuLayers[device].append(layer)
            } else {
                hostLayers.append(layer)
            }
        }
        for index in 0..<gpuCount {
            gpuCompute[index] = peak(layers: gpuLayers[index], holdsOutput: outputDevice == index)
        }
        if gpuCount > 0 && offloadsOperations {
            var masks: Int64 = 0
            if model.layers.contains(where: { $0.cacheKind == .fullAttention || $0.cacheKind == .latent }) {
                masks += fullCells * tokens * maskBytes
            }
            if model.layers.contains(where: { $0.cacheKind == .slidingWindow || $0.cacheKind == .chunked }) {
                masks += windowCells * tokens * maskBytes
            }
            if !hostLayers.isEmpty || outputDevice == nil {
                var offloaded = peak(
                    layers: hostLayers + gpuLayers[0], holdsOutput: outputDevice == nil || outputDevice == 0)
                if outputDevice == nil {
                    let outputWeights = Int64(model.tiedEmbeddings ? model.input.bytes : model.output.bytes)
                    offloaded = max(offloaded, logits + 20 * tokens * embedding + outputWeights)
                }
                gpuCompute[0] = max(gpuCompute[0], offloaded)
            }
            return (16 * embedding * tokens + masks, gpuCompute)
        }
        var hostCompute = peak(layers: hostLayers, holdsOutput: outputDevice == nil)
        if gpuCount > 0 {
            // The host always embeds the tokens (token_embd stays on the CPU) and fills the graph inputs.
            let inputs = 4 * embedding * tokens + fullCells * tokens * maskBytes
            hostCompute = max(hostCompute, inputs)
        }
        return (hostCompute, gpuCompute)
    }
}
