import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: HelpMessage.scanAbstract.text(.current),
            discussion: HelpMessage.scanDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.scanFoldersArgument.text(.current)))
        var folders: [String] = []

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let machine = try await hardware.resolveMachineIncludingOllama()
            var stores = LocalModelStores.standardStores()
            for folder in folders {
                var isDirectory: ObjCBool = false
                let exists =
                    FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
                if !exists {
                    throw failure(
                        ErrorMessage.notAFolder.text(output.language, ["path": folder]), code: ExitCodes.unreadable)
                }
                stores.append(ModelStore(kind: "folder", path: folder, exists: true))
            }
            let found = stores.flatMap { LocalModelStores.models(in: $0) }
            let report = ModelScanner.scan(stores: stores, found: found, machine: machine)
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                ScanRenderer(style: .automatic(noColorFlag: output.noColor), language: output.language).render(
                    report, to: sink)
            }
        }
    }
}

struct ScanRenderer {
    var style: Style
    var language: Language = .english

    private func say(_ message: TableMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    /// A store's kind as shown: tool names stay, a plain folder is named in `language`.
    func storeKind(_ kind: String) -> String {
        kind == TableMessage.folderStore.message.english ? say(.folderStore) : kind
    }

    func render(_ report: ScanReport, to sink: any OutputSink) {
        var text = style.bold(say(.modelsOnDisk)) + "\n\n"
        for store in report.stores {
            let count = report.models.filter { $0.path.hasPrefix(store.path) }.count
            let state = store.exists ? say(.foundCount, ["count": "\(count)"]) : style.dim(say(.notPresent))
            text +=
                "  " + storeKind(store.kind).padding(toLength: 12, withPad: " ", startingAt: 0) + style.dim(store.path)
                + "  "
                + state + "\n"
        }
        text += "\n"
        if report.models.isEmpty {
            text += say(.noModelFiles) + "\n"
            sink.write(text)
            return
        }
        let rows = report.models.map { entry -> [String] in
            let fit: String
            if let error = entry.error {
                fit = style.red(say(.unreadable, ["error": String(error.prefix(60))]))
            } else if let verdict = entry.fit {
                fit = fitLabel(
                    verdict, gpuLayers: entry.gpuLayers ?? 0, totalLayers: entry.totalLayers ?? 0, cpuMoELayers: 0,
                    language: language)
            } else {
                fit = "—"
            }
            return [
                entry.name, storeKind(entry.store), entry.format ?? "?", entry.quantization ?? "?",
                ByteCount(entry.fileBytes).description, fit, entry.maxContext.map(contextLabel) ?? "—",
                speedLabel(entry.speed), entry.duplicateOf == nil ? "" : say(.copy),
            ]
        }
        text += TextTable(
            headers: [
                say(.modelHeader), say(.storeHeader), say(.formatHeader), say(.quantHeader), say(.sizeHeader),
                say(.runsOnHeader), say(.maxContextHeader), "tok/s", "",
            ], rows: rows,
            rightAligned: [4, 7]
        ).render()
        text +=
            "\n  "
            + say(.scanTotal, ["count": "\(report.models.count)", "bytes": ByteCount(report.totalBytes).description])
        if report.duplicateBytes > 0 {
            text += ", " + style.yellow(say(.duplicates, ["bytes": ByteCount(report.duplicateBytes).description]))
        }
        text += "\n"
        sink.write(text)
    }
}
