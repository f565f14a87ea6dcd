import ArgumentParser
import CanIRunCore

extension CanIRun {
    struct GPUs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gpus",
            abstract: HelpMessage.gpusAbstract.text(.current),
            discussion: HelpMessage.gpusDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.gpusQueryArgument.text(.current)))
        var query: [String] = []

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let database = GPUDatabase.embedded
            let words = query.map { $0.lowercased() }
            let matches = database.entries.filter { entry in
                let haystack = ([entry.id, entry.name] + entry.aliases).joined(separator: " ").lowercased()
                return words.allSatisfy { haystack.contains($0) }
            }
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(GPUListReport(gpus: matches)))
                return
            }
            if matches.isEmpty {
                let suggestions = database.suggestions(for: query.joined(separator: " "), limit: 5).map(\.name)
                sink.write(
                    TableMessage.noGPUMatches.text(
                        output.language,
                        ["query": query.joined(separator: " "), "names": suggestions.joined(separator: ", ")]) + "\n")
                throw ExitCode(ExitCodes.notFound)
            }
            let rows = matches.map { entry -> [String] in
                [
                    entry.name,
                    entry.memorySizesGiB.map { formatFixed($0, fractionDigits: $0 == $0.rounded() ? 0 : 1) }.joined(
                        separator: "/") + " GiB",
                    entry.memoryBandwidthGBps.map { formatFixed($0, fractionDigits: 0) + " GB/s" } ?? "—",
                    entry.fp16TFLOPS.map { formatFixed($0, fractionDigits: 1) } ?? "—",
                    Self.formFactor(entry.formFactor, language: output.language),
                ]
            }
            let table = TextTable(
                headers: [
                    "GPU", TableMessage.memoryHeader.text(output.language),
                    TableMessage.bandwidthHeader.text(output.language), "FP16 TFLOPS",
                    TableMessage.kindHeader.text(output.language),
                ], rows: rows, rightAligned: [2, 3])
            sink.write(table.render())
            sink.write(
                "\n"
                    + TableMessage.gpuCount.text(
                        output.language, ["count": "\(matches.count)", "total": "\(database.entries.count)"]) + "\n")
        }
    }
}

extension CanIRun.GPUs {
    /// The database's form factor (`desktop`, `laptop` …) in `language`; unknown ones as they are.
    static func formFactor(_ value: String, language: Language) -> String {
        let known: [TableMessage] = [
            .formDatacenter, .formDesktop, .formIntegrated, .formLaptop, .formSoC, .formWorkstation,
        ]
        return known.first { $0.message.english == value }?.text(language) ?? value
    }
}

struct GPUListReport: Encodable {
    var schemaVersion = 1
    var gpus: [GPUSpec]
}

/// canirun's exit codes beyond 0 (success) and 64 (bad usage, from the argument parser).
enum ExitCodes {
    /// A model or GPU named on the command line was not found.
    static let notFound: Int32 = 3
    /// The model does not fit the machine.
    static let doesNotFit: Int32 = 2
    /// A file could not be read or is not a valid model.
    static let unreadable: Int32 = 1
}
