import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    /// `canirun bench`: measurements of this machine that the estimates can use.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Measure this machine (memory bandwidth) so speed estimates can use the result.",
            subcommands: [Memory.self],
            defaultSubcommand: Memory.self)

        struct Memory: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "memory",
                abstract: "Measure RAM read bandwidth with all cores and keep the result for speed estimates.",
                discussion: """
                    Every core streams reads through a buffer much larger than the caches; the pass is repeated \
                    (under 2 seconds in all) and the median is kept, with the slowest and fastest repeat so a \
                    busy machine shows. The result is saved to $XDG_CACHE_HOME/canirun/bandwidth.json \
                    (~/.cache/canirun/bandwidth.json) with the date and the CPU model; speed estimates on this \
                    CPU then use it (basis "measured").

                    Examples:
                      canirun bench memory
                      canirun bench memory --json
                      canirun bench memory --no-save
                    """)

            @Option(help: "Threads to read with (default: every logical core).")
            var threads: Int?

            @Option(help: "Buffer size in MiB (default 512; keep it well above the last-level cache).")
            var bufferMiB: Int = 512

            @Flag(help: "Do not save the result to the cache directory.")
            var noSave = false

            @OptionGroup var output: OutputOptions

            func validate() throws {
                if let threads, threads < 1 || threads > 1024 { throw ValidationError("--threads must be 1 to 1024") }
                if bufferMiB < 16 || bufferMiB > 16384 { throw ValidationError("--buffer-mib must be 16 to 16384") }
            }

            func run() async throws {
                let machine = HardwareDetection.defaultProbe().probe()
                let result = MemoryBandwidthBenchmark.measure(
                    threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, bufferBytes: bufferMiB << 20,
                    cpuModel: machine.cpu.model)
                var savedPath: String?
                var saveError: String?
                if !noSave {
                    let url = BandwidthCache.fileURL()
                    do {
                        try BandwidthCache.save(result, to: url)
                        savedPath = url.path
                    } catch {
                        saveError = "could not save to \(url.path): \(error.localizedDescription)"
                    }
                }
                let sink = StandardOutputSink()
                if output.json {
                    sink.write(
                        try JSONOutput.encode(BenchMemoryReport(result: result, savedTo: savedPath, warning: saveError))
                    )
                    return
                }
                func gbps(_ value: Double) -> String { formatFixed(value / 1e9, fractionDigits: 1) }
                var text =
                    "Memory read bandwidth (\(result.threads) threads, \(result.bufferBytes >> 20) MiB buffer, "
                    + "\(result.repeats) repeats)\n"
                text += "  median  \(gbps(result.bytesPerSecond)) GB/s\n"
                text += "  spread  \(gbps(result.minBytesPerSecond))–\(gbps(result.maxBytesPerSecond)) GB/s"
                text += " (\(formatFixed(result.spread * 100, fractionDigits: 0)) % of the median)\n"
                if result.spread > 0.15 {
                    text +=
                        "  the repeats disagree by more than 15 %: the machine is busy or throttling; run it again when idle\n"
                }
                text += "  CPU     \(result.cpuModel)\n"
                if let savedPath { text += "Saved to \(savedPath); speed estimates on this CPU use it.\n" }
                if let saveError { text += "Warning: \(saveError)\n" }
                sink.write(text)
            }
        }
    }
}

/// `canirun bench memory --json`.
struct BenchMemoryReport: Encodable {
    var schemaVersion = 1
    var result: MeasuredBandwidth
    var savedTo: String?
    var warning: String?

    enum CodingKeys: String, CodingKey { case schemaVersion, result, savedTo, warning }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(result, forKey: .result)
        try container.encode(savedTo, forKey: .savedTo)
        try container.encode(warning, forKey: .warning)
    }
}
