import Foundation
import Testing

@testable import CanIRunCore

/// Replays published llama-bench results (Data/speed/) and llama-bench runs on a CPU-only machine
/// (bench/speed/this-machine.csv) through the speed model and checks the error bounds bench/speed/README.md states.
@Suite("Speed model against measured llama-bench results")
struct SpeedCalibrationTests {
    static let root = EngineMeasurementTests.repositoryRoot

    struct Outcome {
        var device: String
        var backend: String
        var model: String
        var quant: String
        var measuredDecode: Double
        var predictedDecode: Double
        var measuredPrefill: Double
        var predictedPrefill: Double
        var decodeError: Double { predictedDecode / measuredDecode - 1 }
        var prefillError: Double { predictedPrefill / measuredPrefill - 1 }
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func percent(_ value: Double) -> String { formatFixed(value * 100, fractionDigits: 0) + " %" }

    static func machine(
        cpuModel: String, architecture: String, vendor: String, threads: Int, features: [String],
        gpus: [GPUDevice]
    ) -> HardwareSnapshot {
        let ram: Int64 = 1 << 40
        return HardwareSnapshot(
            source: "what-if", operatingSystem: OperatingSystemInfo(name: "linux"),
            cpu: CPUInfo(
                model: cpuModel, vendor: vendor, architecture: architecture, sockets: 1, physicalCores: threads,
                logicalCores: threads, features: features),
            memory: MemoryInfo(
                totalBytes: ram, availableBytes: ram, swapTotalBytes: 0, swapFreeBytes: 0,
                usableBytes: ram, reserveBytes: 0, reserveReason: "test"),
            gpus: gpus, warnings: [])
    }

    static func gpu(_ entry: GPUSpec, backend: GPUBackend) -> GPUDevice {
        let memory: Int64 = 1 << 40  // every layer offloaded, as in the published runs (-ngl 99)
        return GPUDevice(
            index: 0, name: entry.name, vendor: entry.vendor, backend: backend, memoryTotalBytes: memory,
            memoryFreeBytes: memory, memoryBandwidthBytesPerSecond: entry.memoryBandwidthBytesPerSecond,
            unifiedMemory: entry.unifiedMemory, databaseID: entry.id, fp16TFLOPS: entry.fp16TFLOPS,
            gpuCores: entry.gpuCores)
    }

    nonisolated(unsafe) static var specCache: [String: ModelSpec] = [:]
    static let specLock = NSLock()

    static func spec(_ id: String, _ fileType: QuantizationFileType) throws -> ModelSpec {
        let key = id + "/" + fileType.rawValue
        specLock.lock()
        defer { specLock.unlock() }
        if let cached = specCache[key] { return cached }
        guard let model = ModelCatalog.embedded.models.first(where: { $0.id == id }) else {
            throw CatalogError.invalidCatalog("no catalog model \(id)")
        }
        let spec = try ModelAdvisor.predictedSpec(model, fileType: fileType)
        specCache[key] = spec
        return spec
    }

    /// The catalog model with the shapes of a published row's model (llama-bench prints type and size only).
    static func catalogModel(model: String, params: String, detail: String) -> String? {
        let p = params.split(separator: " ").first.map(String.init) ?? ""
        if model.hasPrefix("mistral 7B") { return "mistral-7b-instruct-v0.3" }
        // LLaMA-2-7B shapes:
        if model == "llama 7B" { return p == "7.24" ? "mistral-7b-instruct-v0.3" : "codellama-7b" }
        if model.hasPrefix("llama 8B") || model.hasPrefix("llama 3.1 8B") { return "llama-3.1-8b" }
        if model.hasPrefix("llama 70B") { return "llama-3.1-70b" }
        if model.hasPrefix("llama 3B") && (p == "3.21" || detail.contains("Llama-3.2-3B")) { return "llama-3.2-3b" }
        if model.hasPrefix("llama 1B") && p == "1.10" { return "tinyllama-1.1b-chat-v1.0" }
        if model.hasPrefix("qwen2 7B") { return "qwen2.5-7b" }
        if model.hasPrefix("qwen2 14B") { return "qwen2.5-14b" }
        if model.hasPrefix("gpt-oss 20B") { return "gpt-oss-20b" }
        return nil
    }

    static func fileType(_ quant: String) -> QuantizationFileType? {
        quant == "MXFP4" ? .mxfp4_MoE : QuantizationFileType(rawValue: quant)
    }

    /// Predicted llama-bench pp512 (empty cache) and tgN (mean position N/2) for one model on one machine.
    static func predict(spec: ModelSpec, machine: HardwareSnapshot, generated: Int, host: SpeedEstimator.HostDetails)
        throws -> (decode: Double, prefill: Double)
    {
        let memory = try MemoryEstimator().estimate(
            model: spec, settings: RunSettings(contextLength: 1024), target: EstimateTarget(machine: machine))
        let estimator = SpeedEstimator()
        let decode = estimator.estimate(
            model: spec, memory: memory, machine: machine, context: generated / 2,
            promptTokens: 1, host: host)
        let prefill = estimator.estimate(
            model: spec, memory: memory, machine: machine, context: 0, promptTokens: 512,
            host: host)
        return (decode.decodeTokensPerSecond, prefill.prefillTokensPerSecond)
    }

    static func publishedOutcomes() throws -> (outcomes: [Outcome], skipped: [String]) {
        let map = EngineMeasurementTests.parseCSV(
            try String(contentsOf: root.appendingPathComponent("Data/speed/published-device-map.csv"), encoding: .utf8))
        var devices: [String: [String: String]] = [:]
        for row in map { devices[row["device"] ?? ""] = row }
        var outcomes: [Outcome] = []
        var skipped: [String] = []
        for (file, column, generated) in [
            ("Data/speed/published-llama-bench.csv", "tg128_tps", 128),
            ("Data/speed/xiongjiedai-llama3-pp512-tg512.csv", "tg512_tps", 512),
        ] {
            let rows = EngineMeasurementTests.parseCSV(
                try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8))
            for row in rows {
                let device = row["device"] ?? ""
                let backendName = row["backend"] ?? ""
                let entry = devices[device]
                if entry?["use"] == "no" {
                    skipped.append("\(device): \(entry?["note"] ?? "")")
                    continue
                }
                guard
                    let id = catalogModel(
                        model: row["model"] ?? "", params: row["model_params"] ?? "",
                        detail: row["device_detail"] ?? ""),
                    let type = fileType(row["quant"] ?? ""),
                    let tg = Double(row[column] ?? ""), let pp = Double(row["pp512_tps"] ?? "")
                else {
                    skipped.append("\(device): model \(row["model"] ?? "") not mapped")
                    continue
                }
                let spec = try spec(id, type)
                let machine: HardwareSnapshot
                var host = SpeedEstimator.HostDetails()
                if backendName == "CPU" {
                    guard let entry, let bandwidth = Double(entry["cpu_peak_bandwidth_gbps"] ?? ""),
                        let threads = Int(entry["cpu_threads"] ?? ""), let clock = Double(entry["cpu_clock_ghz"] ?? "")
                    else {
                        skipped.append("\(device): CPU not described")
                        continue
                    }
                    machine = Self.machine(
                        cpuModel: device, architecture: entry["cpu_architecture"] ?? "x86_64",
                        vendor: entry["cpu_vendor"] ?? "unknown", threads: threads,
                        features: (entry["cpu_features"] ?? "").split(separator: " ").map(String.init), gpus: [])
                    host = SpeedEstimator.HostDetails(
                        peakBandwidthBytesPerSecond: bandwidth * 1e9, clockGHz: clock,
                        threads: threads)
                } else {
                    guard let backend = GPUBackend(rawValue: backendName) else {
                        skipped.append("\(device): backend \(backendName) not modelled")
                        continue
                    }
                    let override = entry?["gpu_database_id"] ?? ""
                    guard
                        let gpuEntry = override.isEmpty
                            ? GPUDatabase.embedded.match(name: device) : GPUDatabase.embedded.entry(id: override),
                        gpuEntry.memoryBandwidthBytesPerSecond != nil
                    else {
                        skipped.append("\(device): no GPU database entry with a bandwidth")
                        continue
                    }
                    machine = Self.machine(
                        cpuModel: "host", architecture: "x86_64", vendor: "amd", threads: 8,
                        features: ["avx2", "fma"], gpus: [gpu(gpuEntry, backend: backend)])
                }
                let predicted = try predict(spec: spec, machine: machine, generated: generated, host: host)
                outcomes.append(
                    Outcome(
                        device: device, backend: backendName, model: id, quant: row["quant"] ?? "", measuredDecode: tg,
                        predictedDecode: predicted.decode, measuredPrefill: pp, predictedPrefill: predicted.prefill))
            }
        }
        return (outcomes, skipped)
    }

    static func report(_ title: String, _ outcomes: [Outcome]) -> String {
        var text =
            "\(title)\n| device | backend | model | quant | tg measured | tg predicted | error | pp measured | pp predicted | error |\n|---|---|---|---|---|---|---|---|---|---|\n"
        for o in outcomes {
            text +=
                "| \(o.device) | \(o.backend) | \(o.model) | \(o.quant) | \(formatFixed(o.measuredDecode, fractionDigits: 1)) | "
                + "\(formatFixed(o.predictedDecode, fractionDigits: 1)) | \(percent(o.decodeError)) | "
                + "\(formatFixed(o.measuredPrefill, fractionDigits: 1)) | \(formatFixed(o.predictedPrefill, fractionDigits: 1)) | "
                + "\(percent(o.prefillError)) |\n"
        }
        let decode = outcomes.map { abs($0.decodeError) }
        let prefill = outcomes.map { abs($0.prefillError) }
        text += "decode: median |error| \(percent(median(decode))), worst \(percent(decode.max() ?? 0))"
        if let worst = outcomes.max(by: { abs($0.decodeError) < abs($1.decodeError) }) {
            text += " (\(worst.device), \(worst.model) \(worst.quant))"
        }
        text += "; prefill: median |error| \(percent(median(prefill))), worst \(percent(prefill.max() ?? 0))"
        if let worst = outcomes.max(by: { abs($0.prefillError) < abs($1.prefillError) }) {
            text += " (\(worst.device), \(worst.model) \(worst.quant))"
        }
        let ratios = outcomes.map { $0.measuredDecode / $0.predictedDecode }.sorted()
        let prefillRatios = outcomes.map { $0.measuredPrefill / $0.predictedPrefill }.sorted()
        if ratios.count >= 10 {
            text +=
                "\nmeasured/predicted 10th-90th percentile: decode \(formatFixed(ratios[ratios.count / 10], fractionDigits: 2))"
                + "-\(formatFixed(ratios[ratios.count * 9 / 10], fractionDigits: 2)), prefill "
                + "\(formatFixed(prefillRatios[prefillRatios.count / 10], fractionDigits: 2))-"
                + "\(formatFixed(prefillRatios[prefillRatios.count * 9 / 10], fractionDigits: 2))"
        }
        return text + "\n"
    }

    @Test("published llama-bench results: at least 30 devices, decode median error at most 20 %, prefill at most 35 %")
    func published() throws {
        let (outcomes, skipped) = try Self.publishedOutcomes()
        print(Self.report("Published llama-bench results", outcomes))
        print("skipped: " + skipped.joined(separator: "; "))
        let devices = Set(outcomes.map { GPUDatabase.normalize($0.device) })
        #expect(devices.count >= 30)
        #expect(Self.median(outcomes.map { abs($0.decodeError) }) <= 0.20)
        #expect(Self.median(outcomes.map { abs($0.prefillError) }) <= 0.35)
        // No row more than 3× off in decode (host-limited rows are excluded in published-device-map.csv).
        #expect(
            outcomes.allSatisfy {
                $0.predictedDecode / $0.measuredDecode < 3 && $0.measuredDecode / $0.predictedDecode < 3
            })
    }

    static func thisMachineOutcomes() throws -> [Outcome] {
        let rows = EngineMeasurementTests.parseCSV(
            try String(contentsOf: root.appendingPathComponent("bench/speed/this-machine.csv"), encoding: .utf8))
        var outcomes: [Outcome] = []
        for row in rows {
            guard let id = row["catalog_model"], let type = fileType(row["quant"] ?? ""),
                let tg = Double(row["tg128_tps"] ?? ""), let pp = Double(row["pp512_tps"] ?? ""),
                let bandwidth = Double(row["measured_bandwidth_gbps"] ?? ""), let threads = Int(row["threads"] ?? ""),
                let clock = Double(row["cpu_clock_ghz"] ?? "")
            else { continue }
            let cpuModel = row["cpu_model"] ?? "cpu"
            let machine = Self.machine(
                cpuModel: cpuModel, architecture: "x86_64", vendor: "amd", threads: threads,
                features: (row["cpu_features"] ?? "").split(separator: " ").map(String.init), gpus: [])
            let measured = MeasuredBandwidth(
                bytesPerSecond: bandwidth * 1e9, minBytesPerSecond: bandwidth * 1e9, maxBytesPerSecond: bandwidth * 1e9,
                repeats: 1, threads: threads, bufferBytes: 0, date: "", cpuModel: cpuModel)
            let host = SpeedEstimator.HostDetails(measuredBandwidth: measured, clockGHz: clock, threads: threads)
            let predicted = try predict(spec: try spec(id, type), machine: machine, generated: 128, host: host)
            outcomes.append(
                Outcome(
                    device: cpuModel, backend: "CPU", model: id, quant: row["quant"] ?? "", measuredDecode: tg,
                    predictedDecode: predicted.decode, measuredPrefill: pp, predictedPrefill: predicted.prefill))
        }
        return outcomes
    }

    @Test("this machine (CPU only, measured bandwidth): every decode and prefill prediction within 25 %")
    func thisMachine() throws {
        let outcomes = try Self.thisMachineOutcomes()
        print(Self.report("This machine (bench/speed/this-machine.csv)", outcomes))
        #expect(outcomes.count >= 6)
        for outcome in outcomes {
            #expect(
                abs(outcome.decodeError) <= 0.25,
                "\(outcome.model) \(outcome.quant): decode \(Self.percent(outcome.decodeError))")
            #expect(
                abs(outcome.prefillError) <= 0.25,
                "\(outcome.model) \(outcome.quant): prefill \(Self.percent(outcome.prefillError))")
        }
    }
}
