import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    /// `canirun bench`: measurements of this machine that the estimates can use.
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: HelpMessage.benchAbstract.text(.current),
            subcommands: [Memory.self],
            defaultSubcommand: Memory.self)

        struct Memory: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "memory",
                abstract: HelpMessage.benchMemoryAbstract.text(.current),
                discussion: HelpMessage.benchMemoryDiscussion.text(.current))

            @Option(help: ArgumentHelp(HelpMessage.threadsOption.text(.current)))
            var threads: Int?

            @Option(name: .customLong("buffer-mib"), help: ArgumentHelp(HelpMessage.bufferOption.text(.current)))
            var bufferMiB: Int = 512

            @Flag(help: ArgumentHelp(HelpMessage.noSaveFlag.text(.current)))
            var noSave = false

            @OptionGroup var output: OutputOptions

            func validate() throws {
                if let threads, threads < 1 || threads > 1024 {
                    throw ValidationError(ErrorMessage.badThreads.text(.current))
                }
                if bufferMiB < 16 || bufferMiB > 16384 {
                    throw ValidationError(ErrorMessage.badBufferSize.text(.current))
                }
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
                let language = output.language
                func say(_ message: TableMessage, _ values: [String: String] = [:]) -> String {
                    message.text(language, values)
                }
                // Labels padded by characters, so accented words line up.
                let labels = [say(.median), say(.spread), "CPU"]
                let width = (labels.map(\.count).max() ?? 0) + 2
                func label(_ text: String) -> String { "  " + text + String(repeating: " ", count: width - text.count) }
                var text =
                    say(
                        .bandwidthTitle,
                        [
                            "threads": "\(result.threads)", "buffer": "\(result.bufferBytes >> 20)",
                            "repeats": "\(result.repeats)",
                        ]) + "\n"
                text += label(say(.median)) + "\(gbps(result.bytesPerSecond)) GB/s\n"
                text += label(say(.spread)) + "\(gbps(result.minBytesPerSecond))–\(gbps(result.maxBytesPerSecond)) GB/s"
                text += say(.spreadShare, ["percent": formatFixed(result.spread * 100, fractionDigits: 0)]) + "\n"
                if result.spread > 0.15 { text += "  " + say(.busyMachine) + "\n" }
                text += label("CPU") + "\(result.cpuModel)\n"
                if let savedPath { text += say(.savedTo, ["path": savedPath]) + "\n" }
                if let saveError { text += say(.warning, ["text": saveError]) + "\n" }
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
