import Foundation
import Testing

@testable import CanIRunCore

@Suite("Model catalog, predicted files and verdicts")
struct CatalogTests {
    static let catalog = ModelCatalog.embedded

    @Test("the shipped catalog decodes with at least 150 variants from 35 families, ids unique")
    func catalogSize() {
        #expect(Self.catalog.models.count >= 150)
        #expect(Set(Self.catalog.models.map(\.family)).count >= 35)
        #expect(Set(Self.catalog.models.map(\.id)).count == Self.catalog.models.count)
    }

    @Test("the embedded catalog equals the data files (run scripts/embed-data.py after editing Data/)")
    func embeddedMatchesData() throws {
        let root = EngineMeasurementTests.repositoryRoot.appendingPathComponent("Data/models")
        let files = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".json") }
        // Counted as text: some configs hold Infinity, which strict JSON readers refuse (the embed script writes null).
        var count = 0
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            count += text.components(separatedBy: "\"displayName\"").count - 1
        }
        #expect(count == Self.catalog.models.count)
    }

    @Test("names people type find the model", arguments: [
        ("llama3.1:8b", "llama-3.1-8b-instruct"), ("qwen2.5:7b", "qwen2.5-7b-instruct"),
        ("gpt-oss:20b", "gpt-oss-20b"), ("Qwen/Qwen2.5-7B-Instruct", "qwen2.5-7b-instruct"),
    ])
    func find(query: String, id: String) {
        guard case .found(let model, _) = Self.catalog.find(query) else {
            Issue.record("\(query) not found")
            return
        }
        #expect(model.id == id)
    }

    @Test("an unknown name gives suggestions")
    func suggestions() {
        guard case .notFound(let suggestions) = Self.catalog.find("lama-3.1-8b-instrct") else {
            Issue.record("expected suggestions")
            return
        }
        #expect(suggestions.contains { $0.id.hasPrefix("llama-3.1-8b") })
    }

    @Test("predicted GGUF sizes agree with the sizes published for real files within 2 %")
    func publishedSizes() throws {
        var compared = 0
        // mradermacher's README "Size/GB" column (qwen2.5-7b) reads 0.1–0.15 GB above the real files for every type
        // (Q4_K_M 4.8 where bartowski lists 4.68 GB for the same weights, which canirun predicts exactly): left out.
        for model in Self.catalog.models
        where !model.publishedGGUFSizes.isEmpty && model.id != "qwen2.5-7b" {
            guard (try? LayoutHyperparameters(config: model.config.value)) != nil else { continue }
            for (label, gigabytes) in model.publishedGGUFSizes {
                guard let type = QuantizationFileType(rawValue: label) else { continue }
                let spec = try ModelAdvisor.predictedSpec(model, fileType: type)
                let published = gigabytes * 1e9
                // Listed sizes are rounded to one or two decimals: allow that rounding on top of 2 %.
                let rounding = (gigabytes * 10).rounded() == gigabytes * 10 ? 0.05e9 : 0.005e9
                let error = abs(Double(spec.fileBytes) - published)
                #expect(error <= published * 0.02 + rounding, "\(model.id) \(label): \(spec.fileBytes) vs \(published)")
                compared += 1
            }
        }
        #expect(compared >= 10)
    }

    static func machine(ram: Int64, gpus: [String]) throws -> HardwareSnapshot {
        let base = HardwareSnapshot(
            source: "what-if", operatingSystem: OperatingSystemInfo(name: "linux"),
            cpu: CPUInfo(model: "test", vendor: "amd", architecture: "x86_64", sockets: 1, physicalCores: 8,
                logicalCores: 16, features: ["avx2", "fma", "f16c"]),
            memory: MemoryInfo(totalBytes: ram, availableBytes: ram, swapTotalBytes: 0, swapFreeBytes: 0, usableBytes: 0,
                reserveBytes: 0, reserveReason: ""),
            gpus: [], warnings: [])
        return try base.applying(HardwareOverrides(gpuNames: gpus.isEmpty ? ["none"] : gpus, ramBytes: ram))
    }

    @Test("check: a 7B model on a 24 GB GPU fits at Q8_0 with commands; nothing MLX off Apple Silicon")
    func checkOnRTX4090() throws {
        let machine = try Self.machine(ram: 32 << 30, gpus: ["RTX 4090"])
        guard case .found(let model, _) = Self.catalog.find("qwen2.5-7b-instruct") else {
            Issue.record("model missing")
            return
        }
        let report = try ModelAdvisor(machine: machine).check(model)
        #expect(report.recommended == "Q8_0")
        #expect(report.quantizations.count == ModelAdvisor.listedTypes.count)
        let q8 = try #require(report.quantizations.first { $0.name == "Q8_0" })
        #expect(q8.fit == .gpu)
        #expect(q8.maxContext == 32768)
        #expect(report.commands?.llamaCpp.contains("-hf bartowski/Qwen2.5-7B-Instruct-GGUF:Q8_0") == true)
        #expect(report.commands?.mlx == nil)
        #expect(report.commands?.vllm == nil)
    }

    @Test("check: a model too big for the machine gets no recommendation")
    func checkTooBig() throws {
        let machine = try Self.machine(ram: 8 << 30, gpus: [])
        guard case .found(let model, _) = Self.catalog.find("llama-3.3-70b-instruct") else {
            Issue.record("model missing")
            return
        }
        let report = try ModelAdvisor(machine: machine).check(model)
        #expect(report.recommended == nil)
        #expect(report.quantizations.allSatisfy { $0.fit == .none })
    }

    @Test("recommend on a 16 GB CPU-only machine ranks models that run from RAM")
    func recommendCPUOnly() throws {
        let machine = try Self.machine(ram: 16 << 30, gpus: [])
        let report = Recommender(machine: machine).recommend(useCase: nil, limit: 5)
        #expect(report.models.count == 5)
        #expect(report.models.allSatisfy { $0.fit == .cpu })
        #expect(report.models.allSatisfy { !$0.command.contains("mlx") })
        #expect(zip(report.models, report.models.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test("the calculator: a 100 GB 16-bit model is 25 GB at 4 bits")
    func calculator() throws {
        let machine = try Self.machine(ram: 32 << 30, gpus: [])
        let report = QuantizationCalculator.report(parameters: 50_000_000_000, input: "100GB", machine: machine, model: nil)
        #expect(report.plainPrecisions.first { $0.name == "16-bit" }?.bytes == 100_000_000_000)
        #expect(report.plainPrecisions.first { $0.name == "4-bit" }?.bytes == 25_000_000_000)
        let q4 = try #require(report.ggufTypes.first { $0.name == "Q4_K_M" })
        #expect(q4.bitsPerWeight > 4.5 && q4.bitsPerWeight < 5.2)
        #expect(QuantizationCalculator.parameterCount("7B") == 7_000_000_000)
    }
}
