/// What `canirun estimate` reports: the memory breakdown, the placement, and what each setting would save.
public struct EstimateReport: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1

    public struct Saving: Codable, Sendable, Equatable {
        /// What to change, e.g. `--cache-type-k q8_0 --cache-type-v q8_0`.
        public var change: String
        public var description: String
        public var savedBytes: Int64
    }

    public var schemaVersion: Int
    public var model: ModelSummary
    public var settings: ResolvedSettings
    public var memory: MemoryBreakdown
    public var host: DeviceMemory
    public var devices: [DeviceMemory]
    public var verdict: FitVerdict
    /// Usable bytes left: host first, then each GPU.
    public var headroomBytes: [Int64]
    public var llamaCppArguments: [String]
    public var savings: [Saving]
    /// Decode and prefill tokens per second for this placement.
    public var speed: SpeedEstimate
    /// With layers or experts on the CPU: decode tokens per second if all of them were on the GPU(s).
    public var decodeWithAllLayersOnGPU: Double?
    public var notes: [String]

    public struct ModelSummary: Codable, Sendable, Equatable {
        public var path: String
        public var architecture: String
        public var name: String?
        public var fileType: String?
        public var parameterCount: UInt64
        public var fileBytes: UInt64
        public var contextLength: Int
    }

    public static func make(
        model: ModelSpec, path: String, settings: RunSettings, machine: HardwareSnapshot, planPlacement: Bool,
        projector: ModelSpec? = nil
    ) throws -> EstimateReport {
        let estimator = MemoryEstimator()
        let target = EstimateTarget(machine: machine)
        let budget = PlacementPlanner.budget(machine: machine)
        var estimate: MemoryEstimate
        var verdict: FitVerdict
        var arguments: [String]
        var effective = settings
        if planPlacement && !machine.gpus.isEmpty {
            let placement = try PlacementPlanner().plan(model: model, settings: settings, machine: machine)
            estimate = placement.estimate
            verdict = placement.verdict
            arguments = placement.llamaCppArguments
            effective.gpuLayers = placement.gpuLayers
            effective.cpuMoELayers = placement.cpuMoELayers
            effective.contextLength = placement.contextLength
        } else {
            estimate = try estimator.estimate(model: model, settings: settings, target: target)
            let headroom = PlacementPlanner.headroom(estimate, budget)
            let fitsAll = headroom.allSatisfy { $0 >= 0 }
            let layers = estimate.settings.gpuLayers
            verdict =
                !fitsAll
                ? .none
                : (layers == 0
                    ? .cpu
                    : (layers >= estimate.settings.totalLayers && estimate.settings.cpuMoELayers == 0
                        ? .gpu : .partial))
            arguments = PlacementPlanner.arguments(
                settings: settings, gpuLayers: layers, cpuMoELayers: estimate.settings.cpuMoELayers,
                context: estimate.settings.contextLength, hasGPU: !machine.gpus.isEmpty,
                totalLayers: estimate.settings.totalLayers)
        }
        var notes: [String] = []
        if let projector {
            // llama.cpp's mtmd loads the projector on the first GPU when there is one (`mtmd_context_params.use_gpu`
            // defaults to true), else in RAM. Its weights are counted; the vision encoder's compute buffer is not.
            let bytes = Int64(projector.tensorDataBytes)
            if estimate.devices.isEmpty {
                estimate.host.memory.weights += bytes
            } else {
                estimate.devices[0].memory.weights += bytes
            }
            estimate.memory.weights += bytes
            notes.append(
                "multimodal projector: \(ByteCount(bytes)) of weights added; its compute buffer is not estimated")
        }
        let savings = Self.savings(model: model, settings: effective, baseline: estimate, target: target)
        let speed = PlacementSpeed.speed(model: model, memory: estimate, machine: machine)
        let allOnGPU = PlacementSpeed.decodeWithAllLayersOnGPU(
            model: model, settings: effective, memory: estimate, machine: machine)
        return EstimateReport(
            schemaVersion: currentSchemaVersion,
            model: ModelSummary(
                path: path, architecture: model.architecture, name: model.name, fileType: model.fileType,
                parameterCount: model.parameterCount, fileBytes: model.fileBytes, contextLength: model.contextLength),
            settings: estimate.settings, memory: estimate.memory, host: estimate.host, devices: estimate.devices,
            verdict: verdict, headroomBytes: PlacementPlanner.headroom(estimate, budget),
            llamaCppArguments: arguments, savings: savings, speed: speed, decodeWithAllLayersOnGPU: allOnGPU,
            notes: estimate.notes + notes + model.warnings)
    }

    /// What a q8_0 cache, a 4096 context, or flash attention would save against the baseline.
    static func savings(model: ModelSpec, settings: RunSettings, baseline: MemoryEstimate, target: EstimateTarget)
        -> [Saving]
    {
        let estimator = MemoryEstimator()
        var result: [Saving] = []
        func consider(_ change: String, _ description: String, _ modify: (inout RunSettings) -> Void) {
            var trial = settings
            modify(&trial)
            guard let estimate = try? estimator.estimate(model: model, settings: trial, target: target) else { return }
            let saved = baseline.memory.total - estimate.memory.total
            if saved > 64 * 1_048_576 {
                result.append(
                    Saving(change: change, description: "\(description) saves \(ByteCount(saved))", savedBytes: saved))
            }
        }
        if settings.cacheTypeK == .f16 || settings.cacheTypeV == .f16 {
            consider("--cache-type-k q8_0 --cache-type-v q8_0", "a q8_0 KV cache") {
                $0.cacheTypeK = .q8_0
                $0.cacheTypeV = .q8_0
                if $0.flashAttention == .off { $0.flashAttention = .on }
            }
        }
        let context = baseline.settings.contextLength
        for smaller in [32768, 8192, 4096] where smaller < context {
            consider("-c \(smaller)", "\(smaller) context instead of \(context)") { $0.contextLength = smaller }
            break
        }
        if !baseline.settings.flashAttention {
            consider("-fa on", "flash attention") { $0.flashAttention = .on }
        }
        if baseline.settings.parallelSequences > 1 && !baseline.settings.unifiedKV {
            consider("-kvu", "one unified KV cache") { $0.unifiedKV = true }
        }
        return result
    }
}
