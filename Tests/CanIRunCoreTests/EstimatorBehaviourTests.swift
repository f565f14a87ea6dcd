import Foundation
import Testing

@testable import CanIRunCore

@Suite("Estimator settings, placement and offload")
struct EstimatorBehaviourTests {
    static func spec(_ fixture: String) throws -> ModelSpec { try EngineMeasurementTests.spec(fixture: fixture) }

    static func machine(ram: Int64, gpus: [String], vram: Int64? = nil) throws -> HardwareSnapshot {
        try CatalogTests.machine(ram: ram, gpus: gpus).applying(HardwareOverrides(vramBytes: vram))
    }

    @Test("impossible settings are refused with the flag named")
    func impossibleSettings() throws {
        let model = try Self.spec("llama32_1b-q4_k_m")
        let estimator = MemoryEstimator()
        func flag(_ settings: RunSettings) -> String? {
            do {
                _ = try estimator.estimate(model: model, settings: settings, target: .cpuOnlyAVX2)
                return nil
            } catch let EstimateError.invalidSetting(flag, _) {
                return flag
            } catch {
                return "other"
            }
        }
        #expect(flag(RunSettings(batchSize: 512, microBatchSize: 1024)) == "--ubatch")
        #expect(flag(RunSettings(contextLength: 100_000_000)) == "--context")
        #expect(flag(RunSettings(flashAttention: .off, cacheTypeV: .q8_0)) == "--cache-type-v")
        #expect(flag(RunSettings(cacheTypeK: .q4_K)) == "--cache-type-k")
        #expect(flag(RunSettings(parallelSequences: 0)) == "--parallel")
        let mla = try Self.spec("dsv2_lite-q8_0")
        #expect(throws: EstimateError.self) {
            try estimator.estimate(
                model: mla, settings: RunSettings(cacheTypeK: .q8_0, cacheTypeV: .f16), target: .cpuOnlyAVX2)
        }
    }

    @Test("the default context is the model's training context, padded to 256")
    func defaultContext() throws {
        let model = try Self.spec("qwen25_05b-f16")
        let estimate = try MemoryEstimator().estimate(model: model, settings: RunSettings(), target: .cpuOnlyAVX2)
        #expect(estimate.settings.contextLength == 32768)
        let odd = try MemoryEstimator().estimate(
            model: model, settings: RunSettings(contextLength: 5000, parallelSequences: 3), target: .cpuOnlyAVX2)
        #expect(odd.settings.contextLength == 5376)
        #expect(odd.settings.contextPerSequence == 1792)
    }

    @Test("-ngl offloads the last layers, counting the output layer; KV follows its layer")
    func partialOffload() throws {
        let model = try Self.spec("llama32_1b-q4_k_m")
        let machine = try Self.machine(ram: 32 << 30, gpus: ["RTX 3060"])
        let target = EstimateTarget(machine: machine)
        let all = try MemoryEstimator().estimate(
            model: model, settings: RunSettings(contextLength: 8192), target: target)
        #expect(all.settings.gpuLayers == 17)
        #expect(all.host.memory.kvCache == 0)
        #expect(all.devices[0].memory.kvCache == 256 << 20)
        let some = try MemoryEstimator().estimate(
            model: model, settings: RunSettings(contextLength: 8192, gpuLayers: 9), target: target)
        // 9 of 17: the output layer and blocks 8...15; blocks 0...7 and their KV stay in RAM.
        #expect(some.devices[0].details.layers == 8)
        #expect(some.host.memory.kvCache == 128 << 20)
        #expect(some.devices[0].memory.kvCache == 128 << 20)
        let output = try MemoryEstimator().estimate(
            model: model, settings: RunSettings(contextLength: 8192, gpuLayers: 1), target: target)
        #expect(output.devices[0].details.layers == 0)
        #expect(output.devices[0].memory.weights > 0)
    }

    @Test("tensor split shares layers between GPUs in proportion")
    func tensorSplit() throws {
        let model = try Self.spec("llama32_1b-q4_k_m")
        let machine = try Self.machine(ram: 64 << 30, gpus: ["RTX 3090", "RTX 3090"])
        let estimate = try MemoryEstimator().estimate(
            model: model, settings: RunSettings(contextLength: 4096, tensorSplit: [3, 1]),
            target: EstimateTarget(machine: machine))
        // llama.cpp: layer i of the 17 goes to the first GPU whose cumulative share exceeds i / 17 (0.75 for the
        // first): blocks 0...12 on GPU 0; blocks 13...15 and the output layer on GPU 1.
        #expect(estimate.devices[0].details.layers == 13)
        #expect(estimate.devices[1].details.layers == 3)
    }

    @Test("the planner fits all layers on a big GPU, part of them on a small one, MoE experts in RAM")
    func planner() throws {
        let dense = try Self.spec("llama32_1b-f16")
        let big = try PlacementPlanner().plan(
            model: dense, settings: RunSettings(), machine: Self.machine(ram: 32 << 30, gpus: ["RTX 4090"]))
        #expect(big.verdict == .gpu)
        #expect(big.contextLength == 131072)
        let small = try PlacementPlanner().plan(
            model: dense, settings: RunSettings(contextLength: 8192),
            machine: Self.machine(ram: 32 << 30, gpus: ["RTX 3060"], vram: 3 << 30))
        #expect(small.verdict == .partial)
        #expect(small.gpuLayers > 0 && small.gpuLayers < small.totalLayers)
        #expect(small.headroomBytes.allSatisfy { $0 >= 0 })
        let moe = try Self.spec("olmoe_1b7b-q4_0")
        let moePlan = try PlacementPlanner().plan(
            model: moe, settings: RunSettings(contextLength: 4096),
            machine: Self.machine(ram: 32 << 30, gpus: ["RTX 3060"], vram: 3 << 30))
        #expect(moePlan.verdict == .partial)
        #expect(moePlan.cpuMoELayers > 0)
        #expect(moePlan.gpuLayers == moePlan.totalLayers)
        #expect(moePlan.llamaCppArguments.contains("--n-cpu-moe"))
        let none = try PlacementPlanner().plan(
            model: dense, settings: RunSettings(), machine: Self.machine(ram: 1 << 30, gpus: []))
        #expect(none.verdict == .none)
    }

    @Test("a quantized KV cache and a shorter context are offered as savings")
    func savings() throws {
        let model = try Self.spec("llama32_1b-q4_k_m")
        let report = try EstimateReport.make(
            model: model, path: "m.gguf", settings: RunSettings(), machine: Self.machine(ram: 32 << 30, gpus: []),
            planPlacement: false)
        #expect(report.savings.contains { $0.change.contains("q8_0") })
        #expect(report.savings.contains { $0.change == "-c 32768" })
        #expect(report.verdict == .cpu)
    }
}
