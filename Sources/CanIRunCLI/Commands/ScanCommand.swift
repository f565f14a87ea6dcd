import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "Find the models already on this disk and judge each against this machine.",
            discussion: """
                Looks in the Hugging Face cache (HF_HUB_CACHE, HF_HOME or ~/.cache/huggingface/hub), Ollama's store \
                (OLLAMA_MODELS or ~/.ollama/models), LM Studio's folders and llama.cpp's cache (LLAMA_CACHE), plus \
                any folders given. Reads headers only.

                Examples:
                  canirun scan
                  canirun scan ~/models /mnt/data/gguf
                  canirun scan --json
                """)

        @Argument(help: "More folders to search (recursively).")
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
                if !exists { throw failure("\(folder) is not a folder", code: ExitCodes.unreadable) }
                stores.append(ModelStore(kind: "folder", path: folder, exists: true))
            }
            let found = stores.flatMap { LocalModelStores.models(in: $0) }
            let report = ModelScanner.scan(stores: stores, found: found, machine: machine)
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(report))
            } else {
                ScanRenderer(style: .automatic(noColorFlag: output.noColor)).render(report, to: sink)
            }
        }
    }
}

struct ScanRenderer {
    var style: Style

    func render(_ report: ScanReport, to sink: any OutputSink) {
        var text = style.bold("Models on this disk") + "\n\n"
        for store in report.stores {
            let count = report.models.filter { $0.path.hasPrefix(store.path) }.count
            let state = store.exists ? "\(count) found" : style.dim("not present")
            text +=
                "  " + store.kind.padding(toLength: 12, withPad: " ", startingAt: 0) + style.dim(store.path) + "  "
                + state + "\n"
        }
        text += "\n"
        if report.models.isEmpty {
            text += "No model files found. Check one from the catalog: canirun check llama3.1:8b\n"
            sink.write(text)
            return
        }
        let rows = report.models.map { entry -> [String] in
            let fit: String
            if let error = entry.error {
                fit = style.red("unreadable: " + String(error.prefix(60)))
            } else if let verdict = entry.fit {
                fit = fitLabel(
                    verdict, gpuLayers: entry.gpuLayers ?? 0, totalLayers: entry.totalLayers ?? 0, cpuMoELayers: 0)
            } else {
                fit = "—"
            }
            return [
                entry.name, entry.store, entry.format ?? "?", entry.quantization ?? "?",
                ByteCount(entry.fileBytes).description, fit, entry.maxContext.map(contextLabel) ?? "—",
                speedLabel(entry.speed), entry.duplicateOf == nil ? "" : "copy",
            ]
        }
        text += TextTable(
            headers: ["model", "store", "format", "quant", "size", "runs on", "max context", "tok/s", ""], rows: rows,
            rightAligned: [4, 7]
        ).render()
        text += "\n  \(report.models.count) models, \(ByteCount(report.totalBytes)) on disk"
        if report.duplicateBytes > 0 {
            text += ", " + style.yellow("\(ByteCount(report.duplicateBytes)) in duplicate copies")
        }
        text += "\n"
        sink.write(text)
    }
}
