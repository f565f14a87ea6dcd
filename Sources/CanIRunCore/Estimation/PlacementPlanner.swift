/// How a model fits a machine.
public enum FitVerdict: String, Codable, Sendable, Equatable {
    /// Every layer on the GPU(s).
    case gpu
    /// Some layers (or the MoE experts) on the CPU.
    case partial
    /// No GPU used: runs from system RAM.
    case cpu
    /// Does not fit even at the smallest context.
    case none
}

/// A placement: how many layers go to the GPU(s), which experts stay on the CPU, at what context, and the
/// estimate for it.
public struct Placement: Codable, Sendable, Equatable {
    public var verdict: FitVerdict
    public var gpuLayers: Int
    public var totalLayers: Int
    public var cpuMoELayers: Int
    public var contextLength: Int
    public var estimate: MemoryEstimate
    /// Usable bytes left on each pool (host first, then GPUs); negative when over.
    public var headroomBytes: [Int64]
    /// The llama.cpp flags for this placement.
    public var llamaCppArguments: [String]
}

/// Finds the placement llama.cpp's `--fit` would aim for, before the download: all layers on the GPUs if they
/// fit, else (MoE) routed experts of the first layers on the CPU, else as many whole layers as fit; and the
/// largest context that fits, no lower than llama.cpp's `--fit-ctx` minimum of 4096 (`common/common.h`
/// `fit_params_min_ctx`) unless the model's own context is smaller.
public struct PlacementPlanner: Sendable {
    public var estimator = MemoryEstimator()
    /// `fit_params_min_ctx` in llama.cpp b11434.
    public static let minimumContext = 4096

    public init() {}

    struct Budget {
        var host: Int64
        var gpus: [Int64]
        var unified: [Bool]
    }

    static func budget(machine: HardwareSnapshot) -> Budget {
        Budget(
            host: machine.memory.usableBytes, gpus: machine.gpus.map(\.usableBytes),
            unified: machine.gpus.map(\.unifiedMemory))
    }

    /// Usable bytes left on each pool; a unified-memory GPU's buffers also come out of RAM.
    static func headroom(_ estimate: MemoryEstimate, _ budget: Budget) -> [Int64] {
        var hostUse = estimate.host.memory.total
        var result: [Int64] = []
        for (index, device) in estimate.devices.enumerated() where index < budget.gpus.count {
            if budget.unified[index] { hostUse += device.memory.total }
            result.append(budget.gpus[index] - device.memory.total)
        }
        return [budget.host - hostUse] + result
    }

    func fits(_ estimate: MemoryEstimate, _ budget: Budget) -> Bool {
        Self.headroom(estimate, budget).allSatisfy { $0 >= 0 }
    }

    /// Plans for a machine. A context in `settings` is kept; without one the largest fitting context is chosen.
    public func plan(model: ModelSpec, settings: RunSettings, machine: HardwareSnapshot) throws -> Placement {
        let target = EstimateTarget(machine: machine)
        let budget = Self.budget(machine: machine)
        let totalLayers = model.blockCount + 1
        let smallest = min(Self.minimumContext, MemoryEstimator.pad(model.contextLength, 256))
        let fixedContext = settings.contextLength.flatMap { $0 > 0 ? $0 : nil }
        let probeContext = fixedContext ?? smallest

        func attempt(gpuLayers: Int, cpuMoELayers: Int, context: Int) throws -> MemoryEstimate {
            var trial = settings
            trial.gpuLayers = gpuLayers
            trial.cpuMoELayers = cpuMoELayers
            trial.cpuMoE = false
            trial.contextLength = context
            return try estimator.estimate(model: model, settings: trial, target: target)
        }

        /// The largest context (a multiple of 256 up to the model's) that fits with this placement.
        func bestContext(gpuLayers: Int, cpuMoELayers: Int) throws -> (Int, MemoryEstimate)? {
            if let fixedContext {
                let estimate = try attempt(gpuLayers: gpuLayers, cpuMoELayers: cpuMoELayers, context: fixedContext)
                return fits(estimate, budget) ? (fixedContext, estimate) : nil
            }
            let top = MemoryEstimator.pad(model.contextLength, 256) / 256
            var low = smallest / 256
            guard
                let first = Optional(try attempt(gpuLayers: gpuLayers, cpuMoELayers: cpuMoELayers, context: low * 256)),
                fits(first, budget)
            else { return nil }
            var best = first
            var high = top
            let topEstimate = try attempt(gpuLayers: gpuLayers, cpuMoELayers: cpuMoELayers, context: high * 256)
            if fits(topEstimate, budget) { return (high * 256, topEstimate) }
            while high - low > 1 {
                let middle = (low + high) / 2
                let estimate = try attempt(gpuLayers: gpuLayers, cpuMoELayers: cpuMoELayers, context: middle * 256)
                if fits(estimate, budget) {
                    low = middle
                    best = estimate
                } else {
                    high = middle
                }
            }
            return (low * 256, best)
        }

        func placement(_ verdict: FitVerdict, _ layers: Int, _ moe: Int, _ context: Int, _ estimate: MemoryEstimate)
            -> Placement
        {
            Placement(
                verdict: verdict, gpuLayers: layers, totalLayers: totalLayers, cpuMoELayers: moe,
                contextLength: context, estimate: estimate, headroomBytes: Self.headroom(estimate, budget),
                llamaCppArguments: Self.arguments(
                    settings: settings, gpuLayers: layers, cpuMoELayers: moe,
                    context: context, hasGPU: !machine.gpus.isEmpty, totalLayers: totalLayers))
        }

        if !machine.gpus.isEmpty {
            if let (context, estimate) = try bestContext(gpuLayers: totalLayers, cpuMoELayers: 0) {
                return placement(.gpu, totalLayers, 0, context, estimate)
            }
            // MoE: keep the routed experts of the first N layers on the CPU, all else on the GPU.
            if model.expertCount > 0 {
                var low = 1
                var high = model.blockCount
                if try fits(attempt(gpuLayers: totalLayers, cpuMoELayers: high, context: probeContext), budget) {
                    while low < high {
                        let middle = (low + high) / 2
                        if try fits(
                            attempt(gpuLayers: totalLayers, cpuMoELayers: middle, context: probeContext), budget)
                        {
                            high = middle
                        } else {
                            low = middle + 1
                        }
                    }
                    if let (context, estimate) = try bestContext(gpuLayers: totalLayers, cpuMoELayers: high) {
                        return placement(.partial, totalLayers, high, context, estimate)
                    }
                }
            }
            // Whole layers: the most that fit at the smallest context.
            var low = 0
            var high = totalLayers - 1
            while low < high {
                let middle = (low + high + 1) / 2
                if try fits(attempt(gpuLayers: middle, cpuMoELayers: 0, context: probeContext), budget) {
                    low = middle
                } else {
                    high = middle - 1
                }
            }
            if low > 0, let (context, estimate) = try bestContext(gpuLayers: low, cpuMoELayers: 0) {
                return placement(.partial, low, 0, context, estimate)
            }
        }
        if let (context, estimate) = try bestContext(gpuLayers: 0, cpuMoELayers: 0) {
            return placement(.cpu, 0, 0, context, estimate)
        }
        let estimate = try attempt(
            gpuLayers: machine.gpus.isEmpty ? 0 : totalLayers, cpuMoELayers: 0, context: probeContext)
        return placement(.none, machine.gpus.isEmpty ? 0 : totalLayers, 0, probeContext, estimate)
    }

    /// `llama-server` / `llama-cli` flags for a placement.
    public static func arguments(
        settings: RunSettings, gpuLayers: Int, cpuMoELayers: Int, context: Int, hasGPU: Bool, totalLayers: Int
    ) -> [String] {
        var arguments = ["-c", String(context)]
        if hasGPU { arguments += ["-ngl", gpuLayers >= totalLayers ? "all" : String(gpuLayers)] }
        if cpuMoELayers > 0 { arguments += ["--n-cpu-moe", String(cpuMoELayers)] }
        if settings.flashAttention != .auto { arguments += ["-fa", settings.flashAttention.rawValue] }
        if settings.cacheTypeK != .f16 { arguments += ["-ctk", settings.cacheTypeK.name.lowercased()] }
        if settings.cacheTypeV != .f16 { arguments += ["-ctv", settings.cacheTypeV.name.lowercased()] }
        if settings.parallelSequences > 1 { arguments += ["-np", String(settings.parallelSequences)] }
        if settings.microBatchSize != 512 { arguments += ["-ub", String(settings.microBatchSize)] }
        if settings.batchSize != 2048 { arguments += ["-b", String(settings.batchSize)] }
        // b11434 replaced --no-mmap with --load-mode (common/arg.cpp).
        if !settings.mmap { arguments += ["--load-mode", "none"] }
        return arguments
    }
}
