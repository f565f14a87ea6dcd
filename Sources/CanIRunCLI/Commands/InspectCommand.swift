import ArgumentParser
import CanIRunCore
import Foundation

extension CanIRun {
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show what is inside a model file, reading only its header.",
            discussion: """
                MODEL is a .gguf file (any part of a split model), a folder with config.json and .safetensors, a \
                Hugging Face repository (hf:org/repo, org/repo:Q4_K_M, a huggingface.co URL; @revision picks a \
                branch or commit) or an Ollama model (llama3.2:1b, ollama:namespace/name:tag). Remote models are \
                read with HTTP Range requests: only their headers cross the network. HF_TOKEN, HF_ENDPOINT and \
                HF_HUB_OFFLINE work as in huggingface_hub; answers are cached (CANIRUN_CACHE_DIR, CANIRUN_NO_CACHE=1).

                Examples:
                  canirun inspect Qwen2.5-7B-Instruct-Q4_K_M.gguf
                  canirun inspect model-00001-of-00003.gguf --json
                  canirun inspect ~/.cache/huggingface/hub/models--Qwen--Qwen2.5-0.5B/snapshots/<rev>/
                  canirun inspect bartowski/Qwen2.5-7B-Instruct-GGUF:Q5_K_M --verbose
                  canirun inspect hf:Qwen/Qwen3-8B
                  canirun inspect llama3.2:1b
                """)

        @Argument(help: "A GGUF file, a safetensors folder, hf:org/repo[:QUANT] or an Ollama name:tag.")
        var path: String

        @OptionGroup var remote: RemoteOptions

        @Flag(help: "Also list every metadata key of a GGUF file.")
        var metadata = false

        @OptionGroup var output: OutputOptions

        func run() async throws {
            let sink = StandardOutputSink()
            let loaded: LoadedModel
            do {
                loaded = try await ModelSource.load(path, offline: remote.offline, verbose: remote.verbose)
            } catch {
                throw failure("\(error.localizedDescription)", code: ExitCodes.unreadable)
            }
            let spec = loaded.spec
            var report = InspectReport(spec: spec, path: loaded.location)
            report.warnings += loaded.notes
            if output.json {
                sink.write(try JSONOutput.encode(report))
                return
            }
            InspectRenderer(style: .automatic(noColorFlag: output.noColor)).render(report, to: sink)
            if metadata, spec.format == "GGUF", loaded.transfers == nil,
                let file = try? ModelFileLoader.readGGUF(path: ModelSource.expandTilde(path))
            {
                sink.write("\nMetadata\n")
                for key in file.metadataKeys {
                    sink.write("  \(key) = \(file.metadata[key]?.summary ?? "")\n")
                }
            }
        }
    }
}

struct InspectRenderer {
    var style: Style

    func render(_ report: InspectReport, to sink: any OutputSink) {
        var text = style.bold(report.name ?? (report.path as NSString).lastPathComponent) + "\n"
        text += style.dim(report.path) + "\n\n"
        func row(_ label: String, _ value: String) {
            text += style.cyan(label.padding(toLength: 16, withPad: " ", startingAt: 0)) + value + "\n"
        }
        row("architecture", report.architecture + " (\(report.format))")
        var parameters = Self.parameters(report.parameterCount)
        if report.activeParameterCount != report.parameterCount {
            parameters += " total, \(Self.parameters(report.activeParameterCount)) active per token"
            parameters += " (\(report.expertUsedCount) of \(report.expertCount) experts)"
        }
        row("parameters", parameters)
        row(
            "file",
            "\(ByteCount(report.fileBytes)) (\(ByteCount(report.fileBytes).formattedDecimal()))"
                + (report.fileType.map { " · \($0)" } ?? ""))
        row("bits per weight", formatFixed(report.bitsPerWeight, fractionDigits: 2))
        row("context", "\(report.contextLength) tokens (trained)")
        row(
            "layers", "\(report.blockCount) · embedding \(report.embeddingLength) · vocabulary \(report.vocabularySize)"
        )
        row(
            "attention",
            "\(report.headCount) heads, \(report.headCountKV) KV heads, key \(report.keyLength) / value \(report.valueLength)"
        )
        let layout = report.attentionLayout
        var parts: [String] = []
        if layout.fullAttention > 0 { parts.append("\(layout.fullAttention) full") }
        if layout.slidingWindow > 0 {
            parts.append("\(layout.slidingWindow) sliding-window (\(report.slidingWindow ?? 0) tokens)")
        }
        if layout.chunked > 0 { parts.append("\(layout.chunked) chunked (\(report.slidingWindow ?? 0) tokens)") }
        if layout.latent > 0 { parts.append("\(layout.latent) latent (MLA)") }
        if layout.recurrent > 0 { parts.append("\(layout.recurrent) recurrent") }
        if layout.noCache > 0 { parts.append("\(layout.noCache) without cache") }
        row("layer layout", parts.joined(separator: ", "))
        row("KV per token", "\(ByteCount(report.kvBytesPerTokenF16)) at f16")
        text += "\n"
        let total = max(1, report.tensorDataBytes)
        let rows = report.tensorTypes.sorted { $0.value.bytes > $1.value.bytes }.map { name, summary in
            [
                name, String(summary.count), Self.parameters(summary.parameters), ByteCount(summary.bytes).description,
                formatFixed(Double(summary.bytes) * 100 / Double(total), fractionDigits: 1) + " %",
            ]
        }
        text += TextTable(
            headers: ["type", "tensors", "parameters", "bytes", "share"], rows: rows, rightAligned: [1, 2, 3, 4]
        )
        .render()
        let readNote = report.bytesRead < report.fileBytes ? " (header only)" : ""
        text +=
            "\n" + style.dim("read \(ByteCount(report.bytesRead)) of \(ByteCount(report.fileBytes))\(readNote)") + "\n"
        if !report.warnings.isEmpty {
            text += "\n" + style.yellow("Warnings") + "\n"
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
