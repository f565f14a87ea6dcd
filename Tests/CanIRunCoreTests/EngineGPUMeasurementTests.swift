import Foundation
import Testing

@testable import CanIRunCore

/// Replays the llama.cpp b11434 runs on an H100 (CUDA 13.0) in bench/llama-memory/gpu/gpu-measurements.csv and
/// checks canirun's per-device estimate against the CUDA buffers llama.cpp logged and the process's GPU memory
/// that nvidia-smi sampled.
@Suite("Memory estimates against llama.cpp's CUDA buffers on an H100")
struct EngineGPUMeasurementTests {
    static let measurements = EngineMeasurementTests.repositoryRoot.appendingPathComponent(
        "bench/llama-memory/gpu/gpu-measurements.csv")

    /// The card as the same machine's nvidia-smi reported it (Fixtures/machines/nvidia-h100).
    static let target = EstimateTarget(
        cpuArchitecture: "x86_64", cpuFeatures: ["avx", "avx2", "fma", "f16c", "avx512f"],
        gpus: [.init(name: "NVIDIA H100 80GB HBM3", backend: .cuda, unifiedMemory: false, freeBytes: 85_017_493_504)])

    /// Runs whose CUDA compute buffer canirun does not follow within 4 %, with what is known.
    static let looseCompute: [String: String] = [
        "olmoe_1b7b-q4_0_c4096_ngl99_faon_ub512_np1_kf16_vf16_cmoe":
            "experts in system RAM: the GPU's compute buffer grows by 18 MiB (140.0 against 122.2) for the "
            + "expert matrix products it takes over from the CPU; not modelled",
        "dsv2_lite-q8_0_c16384_ngl99_faoff_ub512_np1_kf16_vf16":
            "MLA without flash attention: 612 MiB logged, 570 estimated (−7 %); the KQ term over the latent cache "
            + "is short",
    ]

    struct Run {
        var values: [String: String]
        var id: String { values["run_id"] ?? "" }
        func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
        /// MiB logged for one backend's buffer kind, e.g. ("CUDA0", "model"), summed over the log's lines.
        func buffer(_ backend: String, _ kind: String) -> Double {
            (values["buffers"] ?? "").split(separator: ";").reduce(0) { sum, entry in
                let parts = entry.split(separator: ":")
                guard parts.count == 3, parts[0] == backend, parts[1] == kind else { return sum }
                return sum + (Double(parts[2]) ?? 0)
            }
        }
    }

    static var runs: [Run] {
        guard let text = try? String(contentsOf: measurements, encoding: .utf8) else { return [] }
        return EngineMeasurementTests.parseCSV(text).filter { $0["exit_code"] == "0" }.map(Run.init)
    }

    static func settings(_ run: Run) -> RunSettings {
        let extra = run.values["extra"] ?? ""
        return RunSettings(
            contextLength: run.int("ctx"), batchSize: run.int("b") ?? 2048, microBatchSize: run.int("ub") ?? 512,
            parallelSequences: run.int("np") ?? 1,
            flashAttention: FlashAttentionSetting(rawValue: run.values["fa"] ?? "auto") ?? .auto,
            cacheTypeK: GGMLType.named(run.values["ctk"] ?? "f16") ?? .f16,
            cacheTypeV: GGMLType.named(run.values["ctv"] ?? "f16") ?? .f16, gpuLayers: run.int("ngl"),
            cpuMoE: extra.contains("-cmoe"), kvOffload: !extra.contains("-nkvo"), swaFull: extra.contains("--swa-full"))
    }

    @Test("the GPU grid is committed and every run has a fixture")
    func gridPresent() {
        #expect(Self.runs.count >= 20)
        for run in Self.runs {
            #expect(EngineMeasurementTests.manifest[run.values["fixture"] ?? ""] != nil, "\(run.id) has no fixture")
        }
    }

    @Test("GPU weights and KV exact, CUDA and pinned-host compute within 4 %, the process's GPU memory covered")
    func everyRun() throws {
        var specs: [String: ModelSpec] = [:]
        for run in Self.runs {
            let fixture = try #require(run.values["fixture"])
            let spec = try specs[fixture] ?? EngineMeasurementTests.spec(fixture: fixture)
            specs[fixture] = spec
            let estimate = try MemoryEstimator().estimate(
                model: spec, settings: Self.settings(run), target: Self.target)
            let gpu = try #require(estimate.devices.first)
            let close = EngineMeasurementTests.close
            #expect(close(gpu.memory.weights, run.buffer("CUDA0", "model"), 0.005), "\(run.id): GPU weights")
            let kvLogged = run.buffer("CUDA0", "KV") + run.buffer("CUDA0", "RS")
            #expect(close(gpu.memory.kvCache, kvLogged, 0.005), "\(run.id): GPU KV \(gpu.memory.kvCache)")
            #expect(
                close(estimate.host.details.mappedBufferBytes, run.buffer("CPU_Mapped", "model"), 0.005),
                "\(run.id): mapped")
            #expect(
                close(estimate.host.memory.compute, run.buffer("CUDA_Host", "compute"), 0.03),
                "\(run.id): host compute \(estimate.host.memory.compute)")
            let computeTolerance = Self.looseCompute[run.id] == nil ? 0.04 : 0.15
            #expect(
                close(gpu.memory.compute, run.buffer("CUDA0", "compute"), computeTolerance),
                "\(run.id): GPU compute \(gpu.memory.compute)")
            // The whole process on the GPU: covered, and not by more than 10 %.
            let processMiB = try #require(run.values["smi_peak_process_mib"].flatMap(Double.init))
            let estimatedMiB = Double(gpu.memory.total) / 1_048_576
            // Where the compute buffer is under-estimated (looseCompute) the total may fall short by that much.
            let floor = Self.looseCompute[run.id] == nil ? processMiB : processMiB * 0.97
            #expect(estimatedMiB >= floor, "\(run.id): \(estimatedMiB) MiB below the process's \(processMiB)")
            #expect(estimatedMiB <= processMiB * 1.10, "\(run.id): \(estimatedMiB) MiB against \(processMiB)")
        }
    }
}
