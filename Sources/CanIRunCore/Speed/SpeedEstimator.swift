import Foundation

/// Predicts llama.cpp's generation (decode) and prompt-processing (prefill) speed from the bytes and FLOPs each
/// device handles per token and that device's memory bandwidth and compute, with efficiencies fitted to
/// published llama-bench results (`Data/speed/`) and to llama-bench runs on a CPU-only machine
/// (`bench/speed/this-machine.csv`). bench/speed/README.md has the derivation and the error tables.
///
/// Decode: every generated token reads the weights of every layer it runs (MoE: the shared parts and
/// `expert_used/expert_count` of the routed experts), the output layer, one row of the token embeddings and the
/// KV cache up to the current position (sliding-window layers at most their window, MLA its latent, recurrent
/// layers their state). Each device's bytes are divided by its effective bandwidth; the per-token kernel-launch
/// and synchronisation cost is a constant per layer per backend, plus a hand-over at each device boundary.
///
/// Prefill: 2 FLOPs per active weight per token plus attention (4 · heads · head size · position per layer),
/// divided by the device's effective dense throughput, and never faster than reading the weights once per
/// micro-batch.
public struct SpeedEstimator: Sendable {
    /// The efficiencies of one backend: achieved ÷ peak.
    public struct BackendCalibration: Sendable, Equatable {
        /// Decode: achieved weight-read bandwidth ÷ the peak bandwidth of the device's memory.
        public var bandwidthEfficiency: Double
        /// Decode: fixed seconds per layer per token (kernel launches, synchronisation).
        public var perLayerSeconds: Double
        /// Prefill: achieved matrix throughput ÷ the device's peak dense FP16 (or INT8 where FP16 is slow).
        public var computeEfficiency: Double
    }

    /// CUDA: least-squares fit of 1/tg = bytes/(η·BW) + L·t over 45 published rows (RTX 20/30/40/50, RTX Ada,
    /// A40, A100, H100, L40S; Llama-2-7B Q4_0, Llama-3-8B Q4_K_M and F16, Llama-3-70B Q4_K_M):
    /// `Data/speed/published-llama-bench.csv` and `Data/speed/xiongjiedai-llama3-pp512-tg512.csv`.
    /// η = 0.90, t = 93 µs. Prefill: median of pp512 ÷ (2·params·FP16 TFLOPS) over the same rows, 0.38.
    public static let cuda = BackendCalibration(
        bandwidthEfficiency: 0.90, perLayerSeconds: 93e-6, computeEfficiency: 0.38)
    /// GPUs with HBM (A100, H100, MI-series): the 9 A100 PCIe/SXM4 and H100 PCIe rows of
    /// `Data/speed/xiongjiedai-llama3-pp512-tg512.csv` reach a smaller share of their much larger bandwidth; with
    /// the CUDA constants they were predicted a median 34 % too fast, so HBM devices (any backend) get 0.75 × η.
    public static let hbmBandwidthFactor = 0.75
    /// Metal: same fit over the 18 Apple rows of the two files (M1, M1 Max, M1 Ultra, M2, M2 Ultra, M3 Pro,
    /// M3 Max, M3 Ultra, M4): η = 0.82, t = 156 µs; prefill median 0.67.
    public static let metal = BackendCalibration(
        bandwidthEfficiency: 0.82, perLayerSeconds: 156e-6, computeEfficiency: 0.67)
    /// ROCm: the 4 rows of `published-llama-bench.csv` (W7900, RX 7900 XTX, RX 6700 XT, Radeon 780M): η = 0.73,
    /// t = 130 µs; prefill median 0.33.
    public static let rocm = BackendCalibration(
        bandwidthEfficiency: 0.73, perLayerSeconds: 130e-6, computeEfficiency: 0.33)
    /// Vulkan on NVIDIA and AMD GPUs: the 4 host-unlimited rows (RTX 2080 Ti, RTX 4090, RTX 3060, Radeon 780M):
    /// η = 0.59, t = 17 µs; prefill 0.20.
    public static let vulkan = BackendCalibration(
        bandwidthEfficiency: 0.59, perLayerSeconds: 17e-6, computeEfficiency: 0.20)
    /// Vulkan on Intel GPUs (Arc A770, Arc A310, Arc 140V rows): reads reach about a sixth of peak; η = 0.16,
    /// t = 17 µs (taken from the other Vulkan rows); prefill 0.02.
    public static let vulkanIntel = BackendCalibration(
        bandwidthEfficiency: 0.16, perLayerSeconds: 17e-6, computeEfficiency: 0.02)
    /// SYCL (Arc A770, Arc 140V rows): η = 0.42, t = 236 µs (two rows: exact fit); prefill 0.15.
    public static let sycl = BackendCalibration(
        bandwidthEfficiency: 0.42, perLayerSeconds: 236e-6, computeEfficiency: 0.15)
    /// CPU with a `canirun bench memory` figure: decode reads reach 0.85 of the measured streaming bandwidth.
    /// Fitted to llama-bench -t 2 tg128 on the model/quant pairs of bench/speed/this-machine.csv (2-core AMD EPYC
    /// VM, 24.1 GB/s measured, idle): quantized weights reached 0.72–0.98 of it, 0.85 centres them.
    public static let cpuMeasuredBandwidthEfficiency = 0.85
    /// CPU with only a peak figure (memory type or the unified-memory SoC's bandwidth): published CPU rows with a
    /// stated memory configuration (EPYC 9274F 12×DDR5-4800, Core Ultra 7 258V LPDDR5X-8533, i5-4278U
    /// DDR3L-1600, Apple M2) reached 0.30–0.52 of peak; 0.40 is used.
    public static let cpuPeakBandwidthEfficiency = 0.40
    /// CPU decode reads F32/F16/BF16 weights faster than quantized ones, which also pay for dequantizing: on this
    /// machine (bench/speed/this-machine.csv, idle) the two F16 models read at 1.11–1.14 of the measured bandwidth
    /// while the quantized ones reached 0.72–0.98; float weights get 1.3 × the quantized efficiency (0.85 → 1.1).
    public static let cpuFloatDecodeFactor = 1.3
    /// CPU: fixed seconds per layer per token (thread barriers); an assumption, 20 µs, small beside the weight reads.
    public static let cpuPerLayerSeconds = 20e-6
    /// CPU prefill with quantized weights: achieved ÷ peak FP32 FMA throughput (threads × clock × FLOPs/cycle).
    /// pp512 on this machine, measured with the machine otherwise idle (bench/speed/this-machine.csv, llama-bench
    /// -t 2, 5 repeats): 0.68 (Qwen2.5-0.5B Q4_K_M, many Q5_0/Q8_0 fallback tensors) to 1.1 (Llama-3.2-1B Q4_K_M,
    /// repacked) at the VM's nominal 2.45 GHz; 0.85 centres them. The published EPYC 9274F/9374F, Core Ultra 7 258V
    /// and i5-4278U rows reached 0.4–0.7, so elsewhere this may read high.
    public static let cpuComputeEfficiency = 0.85
    /// The same for F32/F16/BF16 weights, which the CPU backend multiplies with tiled FMA kernels: the two F16
    /// models of bench/speed/this-machine.csv reached the nominal FP32 peak (1.0).
    public static let cpuFloatComputeEfficiency = 1.0
    /// Seconds per token for handing the hidden state from one device to the next (copy and synchronise):
    /// an assumption, 100 µs, not fitted (no published split-offload llama-bench rows).
    public static let deviceHandOverSeconds = 100e-6
    /// CPU clock assumed when none is known, GHz.
    public static let defaultCPUClockGHz = 3.0
    /// RAM bandwidth assumed when neither a measurement nor the memory type is known: dual-channel DDR4-3200,
    /// 2 × 8 bytes × 3200 MT/s = 51.2 GB/s (JEDEC DDR4-3200 transfer rate on two 64-bit channels).
    public static let defaultHostBandwidth = 51.2e9
    /// GPU bandwidth assumed when the GPU is not in the database, and its FP16 TFLOPS.
    public static let defaultGPUBandwidth = 300e9
    public static let defaultGPUTFLOPS = 20.0
    /// Apple GPUs without an FP16 figure in the database: TFLOPS per GPU core, from the database's own M1/M2
    /// entries (M1 Max 32 cores 10.6 TFLOPS = 0.33; M2 Ultra 76 cores 27.2 TFLOPS = 0.36).
    public static let appleTFLOPSPerCore = 0.36

    /// Bands around the predictions: the 10th–90th percentile of measured ÷ predicted in the calibration data
    /// (bench/speed/README.md), widened when the bandwidth is assumed.
    static let decodeBand = (low: 0.85, high: 1.25)
    static let prefillBand = (low: 0.60, high: 1.50)
    static let assumedWidening = 0.35

    /// Peak transfer rate per 64-bit channel, GB/s, by memory type (JEDEC transfer rate × 8 bytes); two channels
    /// are assumed, as in a desktop or laptop.
    static let channelGBpsByMemoryType: [String: Double] = [
        "ddr3-1600": 12.8, "ddr4-2133": 17.07, "ddr4-2400": 19.2, "ddr4-2666": 21.33, "ddr4-3200": 25.6,
        "ddr5-4800": 38.4, "ddr5-5600": 44.8, "ddr5-6000": 48.0, "ddr5-6400": 51.2,
        "lpddr4x-4266": 34.13, "lpddr5-6400": 51.2, "lpddr5x-7500": 60.0, "lpddr5x-8533": 68.26,
    ]

    /// Optional knowledge about the host beyond the snapshot.
    public struct HostDetails: Sendable, Equatable {
        public var measuredBandwidth: MeasuredBandwidth?
        /// The RAM's peak bandwidth when known from a specification (bytes/s).
        public var peakBandwidthBytesPerSecond: Double?
        /// e.g. `DDR5-5600` (two channels assumed).
        public var memoryType: String?
        public var clockGHz: Double?
        /// CPU threads llama.cpp uses (default: physical cores).
        public var threads: Int?

        public init(
            measuredBandwidth: MeasuredBandwidth? = nil, peakBandwidthBytesPerSecond: Double? = nil,
            memoryType: String? = nil, clockGHz: Double? = nil, threads: Int? = nil
        ) {
            self.measuredBandwidth = measuredBandwidth
            self.peakBandwidthBytesPerSecond = peakBandwidthBytesPerSecond
            self.memoryType = memoryType
            self.clockGHz = clockGHz
            self.threads = threads
        }
    }

    public init() {}

    // MARK: - Devices

    struct DeviceRate {
        var name: String
        var kind: String
        var backend: String
        var bandwidth: Double  // effective, bytes/s
        var floatBandwidth: Double  // effective, bytes/s, for F32/F16/BF16 weights
        var flops: Double  // effective, FLOP/s (quantized weights)
        var floatFLOPS: Double  // effective, FLOP/s (F32/F16/BF16 weights)
        var perLayerSeconds: Double
        var basis: SpeedBasis
    }

    static func calibration(for gpu: GPUDevice) -> BackendCalibration {
        switch gpu.backend {
        case .cuda: return cuda
        case .metal: return metal
        case .rocm: return rocm
        case .sycl: return sycl
        case .vulkan: return gpu.vendor == .intel ? vulkanIntel : vulkan
        }
    }

    static func databaseEntry(for gpu: GPUDevice) -> GPUSpec? {
        let database = GPUDatabase.embedded
        if let id = gpu.databaseID, let entry = database.entry(id: id) { return entry }
        return database.match(name: gpu.name)
    }

    /// Peak dense throughput, TFLOPS: FP16 where the GPU runs it at least as fast as FP32; where FP16 is crippled
    /// (Pascal GeForce) llama.cpp's quantized kernels use DP4A, 4 INT8 multiply-adds per FP32 lane.
    static func peakTFLOPS(_ gpu: GPUDevice, _ entry: GPUSpec?) -> (Double, Bool) {
        let fp16 = (gpu.fp16TFLOPS ?? entry?.fp16TFLOPS).flatMap { $0 > 0 ? $0 : nil }
        let fp32 = entry?.fp32TFLOPS.flatMap { $0 > 0 ? $0 : nil }
        if let fp16, let fp32, fp16 < fp32 / 2 { return (4 * fp32, true) }
        if let fp16 { return (fp16, true) }
        if let cores = gpu.gpuCores ?? entry?.gpuCores, cores > 0, gpu.vendor == .apple {
            return (Double(cores) * appleTFLOPSPerCore, true)
        }
        if let fp32 { return (fp32, true) }
        return (defaultGPUTFLOPS, false)
    }

    static func gpuRate(_ gpu: GPUDevice) -> DeviceRate {
        let entry = databaseEntry(for: gpu)
        let calibration = calibration(for: gpu)
        let peak = (gpu.memoryBandwidthBytesPerSecond ?? entry?.memoryBandwidthBytesPerSecond).map(Double.init)
            .flatMap { $0 > 0 ? $0 : nil }
        let (tflops, known) = peakTFLOPS(gpu, entry)
        let hbm = entry?.memoryType?.uppercased().hasPrefix("HBM") == true
        let bandwidth = (peak ?? defaultGPUBandwidth) * calibration.bandwidthEfficiency * (hbm ? hbmBandwidthFactor : 1)
        return DeviceRate(
            name: gpu.name, kind: "gpu", backend: gpu.backend.rawValue, bandwidth: bandwidth, floatBandwidth: bandwidth,
            flops: tflops * 1e12 * calibration.computeEfficiency,
            floatFLOPS: tflops * 1e12 * calibration.computeEfficiency,
            perLayerSeconds: calibration.perLayerSeconds, basis: peak != nil && known ? .database : .assumed)
    }

    /// FLOPs per cycle per core of the widest FMA the CPU backend uses: AVX-512 16 fp32 lanes, AVX2 8, NEON 4,
    /// times 2 (multiply-add) times 2 FMA pipes (Apple cores have 4 NEON pipes).
    static func cpuFLOPsPerCycle(_ cpu: CPUInfo) -> Double {
        let features = Set(cpu.features)
        if cpu.architecture == "arm64" { return cpu.vendor == "apple" ? 32 : 16 }
        // Zen 4 executes 512-bit FMAs as two 256-bit halves: no more FLOPs per cycle than AVX2 there.
        if features.contains("avx512f") { return cpu.vendor == "amd" ? 32 : 64 }
        if features.contains("avx2") && features.contains("fma") { return 32 }
        if features.contains("avx") { return 16 }
        return 8
    }

    static func hostRate(_ machine: HardwareSnapshot, _ details: HostDetails) -> DeviceRate {
        var bandwidth: Double
        var basis: SpeedBasis
        if let measured = details.measuredBandwidth, measured.cpuModel == machine.cpu.model, measured.bytesPerSecond > 0
        {
            bandwidth = measured.bytesPerSecond * cpuMeasuredBandwidthEfficiency
            basis = .measured
        } else if let peak = details.peakBandwidthBytesPerSecond, peak > 0 {
            bandwidth = peak * cpuPeakBandwidthEfficiency
            basis = .database
        } else if let type = details.memoryType?.lowercased(), let channel = channelGBpsByMemoryType[type] {
            bandwidth = 2 * channel * 1e9 * cpuPeakBandwidthEfficiency
            basis = .database
        } else if let soc = machine.gpus.first(where: { $0.unifiedMemory }),
            let peak = (soc.memoryBandwidthBytesPerSecond ?? databaseEntry(for: soc)?.memoryBandwidthBytesPerSecond)
                .map(Double.init), peak > 0
        {
            bandwidth = peak * cpuPeakBandwidthEfficiency
            basis = .database
        } else {
            bandwidth = defaultHostBandwidth * cpuPeakBandwidthEfficiency
            basis = .assumed
        }
        let threads = Double(max(1, details.threads ?? machine.cpu.physicalCores))
        let clock = details.clockGHz ?? defaultCPUClockGHz
        let peak = threads * clock * 1e9 * cpuFLOPsPerCycle(machine.cpu)
        return DeviceRate(
            name: machine.cpu.model, kind: "host", backend: "CPU", bandwidth: bandwidth,
            floatBandwidth: bandwidth * cpuFloatDecodeFactor,
            flops: peak * cpuComputeEfficiency, floatFLOPS: peak * cpuFloatComputeEfficiency,
            perLayerSeconds: cpuPerLayerSeconds, basis: basis)
    }

    // MARK: - Placement

    /// Bytes and FLOPs per token on each device (index 0 the host, i + 1 GPU i), re-derived from the spec with the
    /// layer split the memory estimate reports.
    struct Workload {
        var weightBytes: [Double]
        /// The part of `weightBytes` stored as F32/F16/BF16 matmul weights.
        var floatWeightBytes: [Double]
        /// Weights of the blocks only (what prefill multiplies; the output layer runs for the last token only).
        var blockParameters: [Double]
        /// The part of `blockParameters` stored as F32/F16/BF16 (the CPU multiplies these faster than quantized ones).
        var floatBlockParameters: [Double]
        var layers: [Int]
        var layerDevice: [Int]
        var outputDevice: Int
        var kvDevice: [Int]
    }

    static func workload(model: ModelSpec, memory: MemoryEstimate) -> Workload {
        let deviceCount = 1 + memory.devices.count
        let blocks = model.blockCount
        // Blocks in order: the host's first, then GPU 0's, GPU 1's ... (llama.cpp offloads the last layers).
        var layerDevice = [Int](repeating: 0, count: blocks)
        var position = min(blocks, memory.host.details.layers)
        for (index, device) in memory.devices.enumerated() {
            let count = device.details.layers
            for layer in position..<min(blocks, position + count) { layerDevice[layer] = index + 1 }
            position += count
        }
        var outputDevice = 0
        if memory.settings.gpuLayers > 0, !memory.devices.isEmpty {
            outputDevice = (memory.devices.lastIndex { $0.details.layers > 0 } ?? memory.devices.count - 1) + 1
        }
        var weights = [Double](repeating: 0, count: deviceCount)
        var floatWeights = [Double](repeating: 0, count: deviceCount)
        var parameters = [Double](repeating: 0, count: deviceCount)
        var floatParameters = [Double](repeating: 0, count: deviceCount)
        var layers = [Int](repeating: 0, count: deviceCount)
        for device in layerDevice { layers[device] += 1 }
        let expertFraction =
            model.expertCount > 0
            ? Double(max(1, model.expertUsedCount)) / Double(model.expertCount) : 1
        let cpuMoE = memory.settings.cpuMoELayers

        if model.tensors.isEmpty {
            for layer in model.layers where layer.index < blocks {
                let device = layerDevice[layer.index]
                let expertBytes = Double(layer.expertTensorBytes)
                let expertParameters = Double(layer.expertParameterCount)
                let expertDevice = layer.index < cpuMoE ? 0 : device
                weights[device] += Double(layer.tensorBytes) - expertBytes
                weights[expertDevice] += expertBytes * expertFraction
                parameters[device] += Double(layer.parameterCount) - expertParameters
                parameters[expertDevice] += expertParameters * expertFraction
            }
            weights[outputDevice] += Double(model.output.bytes)
            if model.tiedEmbeddings { weights[outputDevice] += Double(model.input.bytes) }
            weights[0] += Double(model.input.bytes) / Double(max(1, model.vocabularySize))
        } else {
            for tensor in model.tensors {
                var device: Int
                var isBlock = false
                switch tensor.group {
                case .input: device = 0
                case .block(let index):
                    device = index < blocks ? layerDevice[index] : outputDevice
                    isBlock = index < blocks
                case .output: device = outputDevice
                }
                if tensor.isTokenEmbedding {
                    // GET_ROWS reads one row per token; a tied output projection reads the whole matrix.
                    weights[0] += Double(tensor.bytes) / Double(max(1, tensor.rows))
                    if model.tiedEmbeddings { weights[outputDevice] += Double(tensor.bytes) }
                    continue
                }
                var fraction = 1.0
                if tensor.isRoutedExpert {
                    fraction = expertFraction
                    if case .block(let index) = tensor.group, index < cpuMoE { device = 0 }
                }
                weights[device] += Double(tensor.bytes) * fraction
                if tensor.isMatmulWeight && !tensor.type.isQuantized {
                    floatWeights[device] += Double(tensor.bytes) * fraction
                }
                if isBlock && tensor.isMatmulWeight {
                    let count = Double(tensor.dimensions.reduce(1, *)) * fraction
                    parameters[device] += count
                    if !tensor.type.isQuantized { floatParameters[device] += count }
                }
            }
        }
        let kvDevice = layerDevice.map { memory.settings.kvOffload ? $0 : 0 }
        return Workload(
            weightBytes: weights, floatWeightBytes: floatWeights, blockParameters: parameters,
            floatBlockParameters: floatParameters, layers: layers, layerDevice: layerDevice,
            outputDevice: outputDevice, kvDevice: kvDevice)
    }

    /// Bytes per element of a cache type llama.cpp accepts.
    static func cacheElementBytes(_ name: String) -> Double {
        switch name.lowercased() {
        case "f32": return 4
        case "q8_0": return 34.0 / 32
        case "q4_0", "iq4_nl": return 18.0 / 32
        case "q4_1": return 20.0 / 32
        case "q5_0": return 22.0 / 32
        case "q5_1": return 24.0 / 32
        default: return 2  // f16, bf16
        }
    }

    /// Cache bytes one decode step reads from each device with `context` tokens in the cache.
    static func cacheBytes(model: ModelSpec, memory: MemoryEstimate, workload: Workload, context: Int) -> [Double] {
        var bytes = [Double](repeating: 0, count: workload.weightBytes.count)
        let keyBytes = cacheElementBytes(memory.settings.cacheTypeK)
        let valueBytes = cacheElementBytes(memory.settings.cacheTypeV)
        let window = model.chunkSize ?? model.slidingWindow ?? context
        for layer in model.layers where layer.index < workload.kvDevice.count {
            let device = workload.kvDevice[layer.index]
            let key = Double(layer.keyElementsPerToken) * keyBytes
            let value = Double(layer.valueElementsPerToken) * valueBytes
            switch layer.cacheKind {
            case .fullAttention: bytes[device] += (key + value) * Double(context)
            case .slidingWindow, .chunked: bytes[device] += (key + value) * Double(min(window, context))
            case .latent: bytes[device] += key * Double(context)
            case .recurrent, .none: break
            }
            if layer.hasRecurrentState || layer.cacheKind == .recurrent {
                // The state is read and written back every token (F32).
                bytes[device] += 2 * 4 * Double(model.recurrentConvElements + model.recurrentStateElements)
            }
        }
        return bytes
    }

    /// Attention FLOPs for one token at `position` on each device: QKᵀ and the weighted sum of V,
    /// 2 · 2 · heads · head size · visible tokens per layer.
    static func attentionFLOPs(model: ModelSpec, workload: Workload, position: Double) -> [Double] {
        var flops = [Double](repeating: 0, count: workload.weightBytes.count)
        let window = Double(model.chunkSize ?? model.slidingWindow ?? Int.max)
        for layer in model.layers where layer.index < workload.layerDevice.count && layer.headCountKV > 0 {
            let headSize = Double(layer.keyElementsPerToken) / Double(layer.headCountKV)
            let visible: Double
            switch layer.cacheKind {
            case .fullAttention, .latent: visible = position
            case .slidingWindow, .chunked: visible = min(window, position)
            case .recurrent, .none: visible = 0
            }
            flops[workload.layerDevice[layer.index]] += 4 * Double(layer.headCount) * headSize * visible
        }
        return flops
    }

    static func boundaries(_ workload: Workload) -> Int {
        var count = 0
        var previous = workload.layerDevice.first ?? 0
        for device in workload.layerDevice.dropFirst() where device != previous {
            count += 1
            previous = device
        }
        if previous != workload.outputDevice { count += 1 }
        return count
    }

    // MARK: - Estimate

    /// - Parameters:
    ///   - context: tokens already in the cache when decoding (and before the prompt, for prefill).
    ///   - promptTokens: the prompt to process; time to first token is for this many tokens.
    public func estimate(
        model: ModelSpec, memory: MemoryEstimate, machine: HardwareSnapshot, context: Int, promptTokens: Int = 512,
        host: HostDetails = HostDetails()
    ) -> SpeedEstimate {
        var rates = [Self.hostRate(machine, host)]
        for index in memory.devices.indices {
            if index < machine.gpus.count {
                rates.append(Self.gpuRate(machine.gpus[index]))
            } else {
                rates.append(
                    DeviceRate(
                        name: memory.devices[index].name, kind: "gpu", backend: "unknown",
                        bandwidth: Self.defaultGPUBandwidth * Self.vulkan.bandwidthEfficiency,
                        floatBandwidth: Self.defaultGPUBandwidth * Self.vulkan.bandwidthEfficiency,
                        flops: Self.defaultGPUTFLOPS * 1e12 * Self.vulkan.computeEfficiency,
                        floatFLOPS: Self.defaultGPUTFLOPS * 1e12 * Self.vulkan.computeEfficiency,
                        perLayerSeconds: Self.vulkan.perLayerSeconds, basis: .assumed))
            }
        }
        let workload = Self.workload(model: model, memory: memory)
        let handOver = Double(Self.boundaries(workload)) * Self.deviceHandOverSeconds

        func decodeSeconds(at position: Int) -> (Double, [Double]) {
            let cache = Self.cacheBytes(model: model, memory: memory, workload: workload, context: max(0, position))
            var seconds = handOver
            var bytes: [Double] = []
            for (index, rate) in rates.enumerated() {
                let total = workload.weightBytes[index] + cache[index]
                let float = workload.floatWeightBytes[index]
                bytes.append(total)
                seconds +=
                    (total - float) / rate.bandwidth + float / rate.floatBandwidth
                    + Double(workload.layers[index]) * rate.perLayerSeconds
            }
            return (seconds, bytes)
        }

        let prompt = max(1, promptTokens)
        let microBatch = Double(max(1, min(prompt, memory.settings.microBatchSize)))
        let attention = Self.attentionFLOPs(
            model: model, workload: workload, position: Double(context) + Double(prompt) / 2)
        var prefillSeconds = 0.0
        for (index, rate) in rates.enumerated() where workload.layers[index] > 0 || workload.blockParameters[index] > 0
        {
            let float = workload.floatBlockParameters[index]
            let compute =
                (2 * (workload.blockParameters[index] - float) + attention[index]) / rate.flops
                + 2 * float / rate.floatFLOPS
            let reading = workload.weightBytes[index] / rate.bandwidth / microBatch
            prefillSeconds += max(compute, reading) + Double(workload.layers[index]) * rate.perLayerSeconds / microBatch
        }
        prefillSeconds += handOver / microBatch
        prefillSeconds = max(prefillSeconds, 1e-9)

        let (decode, bytes) = decodeSeconds(at: context)
        let fullContext = memory.settings.contextPerSequence
        let (decodeFull, _) = decodeSeconds(at: fullContext)
        let used = rates.indices.filter { workload.layers[$0] > 0 || bytes[$0] > 1_048_576 }
        let basis: SpeedBasis
        let usedBases: [SpeedBasis] = used.map { rates[$0].basis }
        if usedBases.contains(.assumed) {
            basis = .assumed
        } else if usedBases.contains(.measured) {
            basis = .measured
        } else {
            basis = .database
        }
        let widen = basis == .assumed ? Self.assumedWidening : 0
        let decodeRate = 1 / decode
        let prefillRate = 1 / prefillSeconds

        let shares = rates.enumerated().map { index, rate in
            DeviceSpeedShare(
                name: rate.name, kind: rate.kind, backend: rate.backend, layers: workload.layers[index],
                bytesPerToken: Int64(bytes[index].rounded()), effectiveBandwidthBytesPerSecond: rate.bandwidth,
                effectiveFLOPS: rate.flops, basis: rate.basis)
        }
        let parts = used.map { index -> String in
            let rate = rates[index]
            return "\(formatGB(bytes[index])) GB from \(rate.kind == "host" ? "RAM" : rate.name) at "
                + "\(formatGB(rate.bandwidth)) GB/s effective (\(rate.basis.rawValue))"
        }
        let explanation =
            "decode reads " + parts.joined(separator: " + ") + " per token at context \(context)"
            + "; prefill \(formatGB(2 * workload.blockParameters.reduce(0, +))) GFLOP per token"

        return SpeedEstimate(
            decodeTokensPerSecond: decodeRate, prefillTokensPerSecond: prefillRate,
            decodeRange: SpeedRange(
                low: decodeRate * (Self.decodeBand.low - widen), high: decodeRate * (Self.decodeBand.high + widen)),
            prefillRange: SpeedRange(
                low: prefillRate * max(0.1, Self.prefillBand.low - widen),
                high: prefillRate * (Self.prefillBand.high + widen)),
            basis: basis, context: context, fullContext: fullContext,
            decodeAtFullContextTokensPerSecond: 1 / decodeFull,
            promptTokens: prompt, timeToFirstTokenSeconds: Double(prompt) * prefillSeconds + decode,
            devices: shares, explanation: explanation)
    }

    private func formatGB(_ value: Double) -> String {
        String(format: "%.2f", value / 1e9)
    }
}
