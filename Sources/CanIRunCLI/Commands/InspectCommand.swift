import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: HelpMessage.inspectAbstract.text(.current),
            discussion: HelpMessage.inspectDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.inspectPathArgument.text(.current)))
        var path: String

        @OptionGroup var remote: RemoteOptions

        @Flag(help: ArgumentHelp(HelpMessage.metadataFlag.text(.current)))
        var metadata = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sink = StandardOutputSink()
            let loaded: LoadedModel
            do {
                loaded = try await ModelSource.load(path, offline: remote.offline, verbose: remote.verbose)
            } catch {
                throw failure(FailureMessage.describe(error, language: output.language), code: ExitCodes.unreadable)
            }
            let spec = loaded.spec
            var report = InspectReport(spec: spec, path: loaded.location)
            report.warnings += loaded.notes
            if output.json {
                sink.write(try JSONOutput.encode(report))
                return
            }
            InspectRenderer(style: .automatic(noColorFlag: output.noColor), language: output.language).render(
                report, to: sink)
            if metadata, spec.format == "GGUF", loaded.transfers == nil,
                let file = try? ModelFileLoader.readGGUF(path: ModelSource.expandTilde(path))
            {
                sink.write("\n" + TableMessage.metadata.text(output.language) + "\n")
                for key in file.metadataKeys {
                    sink.write("  \(key) = \(file.metadata[key]?.summary ?? "")\n")
                }
            }
        }
    }
}

struct InspectRenderer {
    var style: Style
    var language: Language = .english

    private func say(_ message: TableMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    func render(_ report: InspectReport, to sink: any OutputSink) {
        var text = style.bold(report.name ?? (report.path as NSString).lastPathComponent) + "\n"
        text += style.dim(report.path) + "\n\n"
        let labels: [TableMessage] = [
            .architectureLabel, .parametersLabel, .fileLabel, .bitsPerWeightLabel, .contextLabel, .layersLabel,
            .attentionLabel, .layerLayoutLabel, .kvPerTokenLabel,
        ]
        // Characters, not bytes: accented labels line up too.
        let labelWidth = max(16, (labels.map { say($0).count }.max() ?? 0) + 1)
        func row(_ label: TableMessage, _ value: String) {
            let name = say(label)
            text += style.cyan(name + String(repeating: " ", count: max(0, labelWidth - name.count))) + value + "\n"
        }
        row(.architectureLabel, report.architecture + " (\(report.format))")
        var parameters = Self.parameters(report.parameterCount)
        if report.activeParameterCount != report.parameterCount {
            parameters = say(
                .totalAndActive,
                ["total": parameters, "active": Self.parameters(report.activeParameterCount)])
            parameters += say(.expertsUsed, ["used": "\(report.expertUsedCount)", "count": "\(report.expertCount)"])
        }
        row(.parametersLabel, parameters)
        row(
            .fileLabel,
            "\(ByteCount(report.fileBytes)) (\(ByteCount(report.fileBytes).formattedDecimal()))"
                + (report.fileType.map { " · \($0)" } ?? ""))
        row(.bitsPerWeightLabel, formatFixed(report.bitsPerWeight, fractionDigits: 2))
        row(.contextLabel, say(.trainedContext, ["count": "\(report.contextLength)"]))
        row(
            .layersLabel,
            say(
                .layersValue,
                [
                    "blocks": "\(report.blockCount)", "embedding": "\(report.embeddingLength)",
                    "vocabulary": "\(report.vocabularySize)",
                ]))
        row(
            .attentionLabel,
            say(
                .attentionValue,
                [
                    "heads": "\(report.headCount)", "kvHeads": "\(report.headCountKV)", "key": "\(report.keyLength)",
                    "value": "\(report.valueLength)",
                ]))
        let layout = report.attentionLayout
        var parts: [String] = []
        let window = "\(report.slidingWindow ?? 0)"
        if layout.fullAttention > 0 { parts.append(say(.layoutFull, ["count": "\(layout.fullAttention)"])) }
        if layout.slidingWindow > 0 {
            parts.append(say(.layoutSlidingWindow, ["count": "\(layout.slidingWindow)", "tokens": window]))
        }
        if layout.chunked > 0 { parts.append(say(.layoutChunked, ["count": "\(layout.chunked)", "tokens": window])) }
        if layout.latent > 0 { parts.append(say(.layoutLatent, ["count": "\(layout.latent)"])) }
        if layout.recurrent > 0 { parts.append(say(.layoutRecurrent, ["count": "\(layout.recurrent)"])) }
        if layout.noCache > 0 { parts.append(say(.layoutNoCache, ["count": "\(layout.noCache)"])) }
        row(.layerLayoutLabel, parts.joined(separator: ", "))
        row(.kvPerTokenLabel, say(.kvAtF16, ["bytes": ByteCount(report.kvBytesPerTokenF16).description]))
        text += "\n"
        let total = max(1, report.tensorDataBytes)
        let rows = report.tensorTypes.sorted { $0.value.bytes > $1.value.bytes }.map { name, summary in
            [
                name, String(summary.count), Self.parameters(summary.parameters), ByteCount(summary.bytes).description,
                formatFixed(Double(summary.bytes) * 100 / Double(total), fractionDigits: 1) + " %",
            ]
        }
        text += TextTable(
            headers: [
                say(.typeHeader), say(.tensorsHeader), say(.parametersHeader), say(.bytesHeader), say(.shareHeader),
            ], rows: rows, rightAligned: [1, 2, 3, 4]
        )
        .render()
        let readNote = report.bytesRead < report.fileBytes ? say(.headerOnly) : ""
        text +=
            "\n"
            + style.dim(
                say(
                    .bytesRead,
                    [
                        "read": ByteCount(report.bytesRead).description,
                        "total": ByteCount(report.fileBytes).description,
                        "note": readNote,
                    ])) + "\n"
        if !report.warnings.isEmpty {
            text += "\n" + style.yellow(PanelMessage.warnings.text(language)) + "\n"
            for warning in report.warnings { text += "  • \(warning)\n" }
        }
        sink.write(text)
    }

    /// A parameter count the way models are named (7.62B, 494.0M); `rounded` keeps only what a rule of thumb
    /// needs (7.9B, 24B, 500M).
    static func parameters(_ count: UInt64, rounded: Bool = false) -> String {
        let value = Double(count)
        if value >= 1e9 {
            return formatFixed(value / 1e9, fractionDigits: rounded ? (value < 1e10 ? 1 : 0) : 2) + "B"
        }
        if value >= 1e6 { return formatFixed(value / 1e6, fractionDigits: rounded ? 0 : 1) + "M" }
        if value >= 1e3 { return formatFixed(value / 1e3, fractionDigits: 1) + "K" }
        return String(count)
    }
}
