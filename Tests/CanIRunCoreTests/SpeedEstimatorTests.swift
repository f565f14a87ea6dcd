import Foundation
import Testing

@testable import CanIRunCore

@Suite("Speed estimator: bytes per token, placement, basis, bandwidth cache")
struct SpeedEstimatorTests {
    static func machine(gpus: [GPUDevice] = [], cpuModel: String = "Test CPU") -> HardwareSnapshot {
        SpeedCalibrationTests.machine(
            cpuModel: cpuModel, architecture: "x86_64", vendor: "amd", threads: 8,
            features: ["avx", "avx2", "fma"], gpus: gpus)
    }

    static func gpu(_ id: String, memoryGiB: Int64 = 24) throws -> GPUDevice {
        let entry = try #require(GPUDatabase.embedded.entry(id: id))
        var device = SpeedCalibrationTests.gpu(entry, backend: entry.vendor == .apple ? .metal : .cuda)
        device.memoryTotalBytes = memoryGiB << 30
        device.memoryFreeBytes = memoryGiB << 30
        return device
    }

    static func run(
        _ id: String, _ type: QuantizationFileType, machine: HardwareSnapshot,
        settings: RunSettings = RunSettings(contextLength: 8192),
        context: Int = 0, host: SpeedEstimator.HostDetails = .init()
    ) throws -> (SpeedEstimate, MemoryEstimate, ModelSpec) {
        let spec = try SpeedCalibrationTests.spec(id, type)
        let memory = try MemoryEstimator().estimate(
            model: spec, settings: settings, target: EstimateTarget(machine: machine))
        return (
            SpeedEstimator().estimate(
                model: spec, memory: memory, machine: machine, context: context, promptTokens: 512, host: host), memory,
            spec
        )
    }

    @Test(
        "dense model fully on one GPU: bytes per token are the weights less all but one embedding row, plus the cache")
    func denseBytes() throws {
        let (speed, _, spec) = try Self.run(
            "llama-3.1-8b", .q4_K_M, machine: Self.machine(gpus: [try Self.gpu("nvidia-geforce-rtx-4090")]))
        let embedding = spec.tensors.first(where: \.isTokenEmbedding)!
        let expectedWeights = Double(spec.tensorDataBytes - embedding.bytes)
        let gpuBytes = Double(speed.devices[1].bytesPerToken)
        #expect(abs(gpuBytes - expectedWeights) / expectedWeights < 0.001)
        #expect(speed.devices[0].bytesPerToken < 1 << 20)  // the host reads one embedding row
        #expect(speed.basis == .database)
        #expect(
            speed.decodeRange.low < speed.decodeTokensPerSecond && speed.decodeTokensPerSecond < speed.decodeRange.high)
    }

    @Test("decode slows as the cache fills; the full-context figure is the slowest")
    func contextFallOff() throws {
        let machine = Self.machine(gpus: [try Self.gpu("nvidia-geforce-rtx-4090")])
        let (empty, _, _) = try Self.run(
            "llama-3.1-8b", .q4_K_M, machine: machine, settings: RunSettings(contextLength: 32768), context: 0)
        let (half, _, _) = try Self.run(
            "llama-3.1-8b", .q4_K_M, machine: machine, settings: RunSettings(contextLength: 32768), context: 16384)
        #expect(half.decodeTokensPerSecond < empty.decodeTokensPerSecond)
        #expect(empty.decodeAtFullContextTokensPerSecond < half.decodeTokensPerSecond)
        #expect(empty.fullContext == 32768)
        // 8B with 8 KV heads: 128 KiB of f16 cache per token → 16384 tokens add 2 GiB to the ~4.6 GB read.
        #expect(Double(half.devices[1].bytesPerToken - empty.devices[1].bytesPerToken) == Double(16384 * 131072))
    }

    @Test("MoE: only the routed experts in use are read per token")
    func moeActiveExperts() throws {
        let machine = Self.machine(gpus: [try Self.gpu("nvidia-rtx-6000-ada", memoryGiB: 48)])
        let (speed, _, spec) = try Self.run("gpt-oss-20b", .mxfp4_MoE, machine: machine)
        let expertBytes = spec.tensors.filter(\.isRoutedExpert).reduce(0.0) { $0 + Double($1.bytes) }
        let fraction = Double(spec.expertUsedCount) / Double(spec.expertCount)
        let total = Double(speed.devices.reduce(0) { $0 + $1.bytesPerToken })
        #expect(total < Double(spec.tensorDataBytes) - expertBytes * (1 - fraction) + 1e8)
        #expect(total > Double(spec.tensorDataBytes) - expertBytes * (1 - fraction) - 1e9)
    }

    @Test("partial offload: CPU layers are read at RAM speed, so fewer GPU layers is slower")
    func partialOffload() throws {
        let machine = Self.machine(gpus: [try Self.gpu("nvidia-geforce-rtx-3090")])
        let (full, _, _) = try Self.run(
            "llama-3.1-8b", .q4_K_M, machine: machine, settings: RunSettings(contextLength: 4096, gpuLayers: 99))
        let (half, memory, _) = try Self.run(
            "llama-3.1-8b", .q4_K_M, machine: machine, settings: RunSettings(contextLength: 4096, gpuLayers: 16))
        #expect(half.devices[0].layers == memory.host.details.layers)
        #expect(half.devices[0].layers == 17)
        #expect(half.devices[0].bytesPerToken > 1_000_000_000)
        #expect(half.decodeTokensPerSecond < full.decodeTokensPerSecond / 3)
        #expect(half.prefillTokensPerSecond < full.prefillTokensPerSecond)
    }

    @Test("CPU only: a measured bandwidth on the same CPU gives basis measured; another CPU's is ignored")
    func measuredBasis() throws {
        let machine = Self.machine()
        let measured = MeasuredBandwidth(
            bytesPerSecond: 40e9, minBytesPerSecond: 39e9, maxBytesPerSecond: 41e9, repeats: 5,
            threads: 8, bufferBytes: 1 << 29, date: "2026-01-01T00:00:00Z", cpuModel: "Test CPU")
        let (withMeasurement, _, _) = try Self.run(
            "llama-3.2-1b-instruct", .q4_0, machine: machine, host: .init(measuredBandwidth: measured))
        #expect(withMeasurement.basis == .measured)
        var other = measured
        other.cpuModel = "Another CPU"
        let (without, _, _) = try Self.run(
            "llama-3.2-1b-instruct", .q4_0, machine: machine, host: .init(measuredBandwidth: other))
        #expect(without.basis == .assumed)
        #expect(
            without.decodeRange.high / without.decodeRange.low > withMeasurement.decodeRange.high
                / withMeasurement.decodeRange.low)
        let (typed, _, _) = try Self.run(
            "llama-3.2-1b-instruct", .q4_0, machine: machine, host: .init(memoryType: "DDR5-5600"))
        #expect(typed.basis == .database)
        #expect(withMeasurement.timeToFirstTokenSeconds > 0)
    }

    @Test("sliding-window layers read at most their window")
    func slidingWindow() throws {
        let machine = Self.machine(gpus: [try Self.gpu("nvidia-geforce-rtx-4090")])
        let settings = RunSettings(contextLength: 32768)
        let (near, _, spec) = try Self.run("gemma-3-1b-it", .q4_0, machine: machine, settings: settings, context: 16384)
        let (far, _, _) = try Self.run("gemma-3-1b-it", .q4_0, machine: machine, settings: settings, context: 32768)
        // Only the full-attention layers grow between 16384 and 32768 tokens.
        let fullLayers = spec.layers.filter { $0.cacheKind == .fullAttention }
        let perToken = fullLayers.reduce(0) { $0 + ($1.keyElementsPerToken + $1.valueElementsPerToken) * 2 }
        #expect(far.devices[1].bytesPerToken - near.devices[1].bytesPerToken == Int64(perToken * 16384))
    }

    @Test("the bandwidth cache: XDG_CACHE_HOME first, then ~/.cache; a saved result loads back")
    func bandwidthCache() throws {
        #expect(
            BandwidthCache.fileURL(environment: ["XDG_CACHE_HOME": "/x/cache"], home: "/home/u").path
                == "/x/cache/canirun/bandwidth.json")
        #expect(
            BandwidthCache.fileURL(environment: ["HOME": "/home/u"], home: "/ignored").path
                == "/home/u/.cache/canirun/bandwidth.json")
        let value = MeasuredBandwidth(
            bytesPerSecond: 2e10, minBytesPerSecond: 1.9e10, maxBytesPerSecond: 2.1e10, repeats: 7,
            threads: 4, bufferBytes: 1 << 29, date: "2026-11-27T00:00:00Z", cpuModel: "CPU")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "canirun-speed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("canirun/bandwidth.json")
        try BandwidthCache.save(value, to: url)
        #expect(BandwidthCache.load(from: url) == value)
        #expect(BandwidthCache.decode(Data("{}".utf8)) == nil)
        #expect(abs(value.spread - 0.1) < 1e-9)
    }

    @Test("the measuring function returns a positive median between its min and max (small buffer, no timing assert)")
    func measureRuns() {
        let result = MemoryBandwidthBenchmark.measure(
            threads: 2, bufferBytes: 8 << 20, maxRepeats: 3, timeLimit: 0.1, cpuModel: "x")
        #expect(result.bytesPerSecond > 0)
        #expect(result.minBytesPerSecond <= result.bytesPerSecond && result.bytesPerSecond <= result.maxBytesPerSecond)
        #expect(result.repeats >= 3 && result.threads == 2)
    }

    @Test("estimates encode to JSON and back unchanged")
    func codable() throws {
        let (speed, _, _) = try Self.run(
            "llama-3.2-1b-instruct", .q4_K_M, machine: Self.machine(gpus: [try Self.gpu("apple-m2-10c")]))
        let data = try JSONEncoder().encode(speed)
        #expect(try JSONDecoder().decode(SpeedEstimate.self, from: data) == speed)
        #expect(!speed.explanation.isEmpty)
    }
}
