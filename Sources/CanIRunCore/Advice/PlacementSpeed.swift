import Foundation

/// Speed for a placement, the way every command reports it: decode at a 4096-token context (or the placement's, if
/// smaller), its fall-off to the full context, prefill and the time to first token for a 512-token prompt, on this
/// machine's measured RAM bandwidth when `canirun bench memory` has saved one.
public enum PlacementSpeed {
    /// The measurement `canirun bench memory` kept, read once per process.
    static let measuredBandwidth: MeasuredBandwidth? = BandwidthCache.load()

    /// The context at which the headline decode speed is given.
    public static let referenceContext = 4096

    public static func speed(model: ModelSpec, memory: MemoryEstimate, machine: HardwareSnapshot) -> SpeedEstimate {
        let host = SpeedEstimator.HostDetails(
            measuredBandwidth: machine.source == "detected" ? measuredBandwidth : nil,
            clockGHz: machine.cpu.frequencyMHz.map { $0 / 1000 })
        return SpeedEstimator().estimate(
            model: model, memory: memory, machine: machine,
            context: min(referenceContext, memory.settings.contextLength), promptTokens: 512, host: host)
    }

    /// The fastest rate, in bytes/s, at which any device of the machine reads quantized weights, with the same
    /// calibration as `speed`: no placement decodes a token faster than the quantized weight bytes it reads per
    /// token divided by this, so the ranking can bound a model's speed before predicting its files. (A CPU reads
    /// F32/F16 tensors faster, but in the quantized files ranked they are the norms, well under 1 % of the bytes.)
    public static func fastestWeightReadRate(machine: HardwareSnapshot) -> Double {
        var fastest = hostWeightReadRate(machine: machine)
        for gpu in machine.gpus { fastest = max(fastest, SpeedEstimator.gpuRate(gpu).bandwidth) }
        return fastest
    }

    /// The rate, in bytes/s, at which the CPU reads quantized weights from RAM, calibrated as in `speed`.
    public static func hostWeightReadRate(machine: HardwareSnapshot) -> Double {
        let host = SpeedEstimator.HostDetails(
            measuredBandwidth: machine.source == "detected" ? measuredBandwidth : nil,
            clockGHz: machine.cpu.frequencyMHz.map { $0 / 1000 })
        return SpeedEstimator.hostRate(machine, host).bandwidth
    }

    /// For a partial offload: decode speed if every layer were on the GPU(s), to show what the offload costs.
    public static func decodeWithAllLayersOnGPU(
        model: ModelSpec, settings: RunSettings, memory: MemoryEstimate, machine: HardwareSnapshot
    ) -> Double? {
        guard !machine.gpus.isEmpty,
            memory.settings.gpuLayers < memory.settings.totalLayers
                || memory.settings.cpuMoELayers > 0
        else { return nil }
        var all = settings
        all.gpuLayers = nil
        all.cpuMoE = false
        all.cpuMoELayers = 0
        all.contextLength = memory.settings.contextLength
        guard
            let full = try? MemoryEstimator().estimate(
                model: model, settings: all, target: EstimateTarget(machine: machine))
        else { return nil }
        return speed(model: model, memory: full, machine: machine).decodeTokensPerSecond
    }
}
