import CanIRunCore
import Foundation

func fitLabel(_ fit: FitVerdict, gpuLayers: Int, totalLayers: Int, cpuMoELayers: Int) -> String {
    switch fit {
    case .gpu: "GPU"
    case .partial:
        cpuMoELayers > 0
            ? "partial (experts of \(cpuMoELayers) layers in RAM)" : "partial (\(gpuLayers)/\(totalLayers) layers)"
    case .cpu: "CPU only"
    case .none: "does not fit"
    }
}

/// Context in tokens, as people say it: 8k, 9.5k, 128k.
/// Tokens per second, as people say it: 45, 7.5, 0.8.
func speedLabel(_ speed: SpeedEstimate?) -> String {
    guard let speed else { return "—" }
    let value = speed.decodeTokensPerSecond
    return formatFixed(value, fractionDigits: value >= 20 ? 0 : 1)
}

func contextLabel(_ tokens: Int) -> String {
    if tokens == 0 { return "—" }
    if tokens < 1024 { return String(tokens) }
    let thousands = Double(tokens) / 1024
    return formatFixed(thousands, fractionDigits: thousands == thousands.rounded() ? 0 : 1) + "k"
}

struct CheckRenderer {
    var style: Style

    func render(_ report: CheckReport, machine: HardwareSnapshot, to sink: any OutputSink) {
        var text = style.bold(report.model.displayName)
        var facts: [String] = [report.model.architecture]
        if let parameters = report.model.parameters {
            facts.append(InspectRenderer.parameters(parameters) + " parameters")
        }
        if let active = report.model.activeParameters, active != report.model.parameters {
            facts.append(InspectRenderer.parameters(active) + " active")
        }
        facts.append("context \(contextLabel(report.model.contextLength))")
        if let license = report.model.license { facts.append(license) }
        text += style.dim(" · " + facts.joined(separator: " · ")) + "\n\n"
        let rows = report.quantizations.map { verdict -> [String] in
            let fit = fitLabel(
                verdict.fit, gpuLayers: verdict.gpuLayers, totalLayers: verdict.totalLayers,
                cpuMoELayers: verdict.cpuMoELayers)
            let colored: String
            switch verdict.fit {
            case .gpu: colored = style.green(fit)
            case .partial: colored = style.yellow(fit)
            case .cpu: colored = machine.gpus.isEmpty ? style.green(fit) : style.yellow(fit)
            case .none: colored = style.red(fit)
            }
            let headroom = verdict.headroomBytes.map { ByteCount($0).description }.joined(separator: " / ")
            return [
                (verdict.recommended ? "▶ " : "  ") + verdict.name, ByteCount(verdict.fileBytes).description,
                formatFixed(verdict.bitsPerWeight, fractionDigits: 2), colored, contextLabel(verdict.maxContext),
                verdict.fit == .none ? "—" : ByteCount(verdict.memory.total).description, speedLabel(verdict.speed),
                verdict.fit == .none ? "—" : headroom,
            ]
        }
        text += TextTable(
            headers: ["quant", "file", "bits/w", "fits", "max context", "memory", "tok/s", "headroom (RAM / GPU)"],
            rows: rows, rightAligned: [1, 2, 5, 6]
        ).render()
        text += "\n"
        if let recommended = report.recommended {
            text += style.bold("Recommended: \(recommended)") + " — \(report.reason)\n"
        } else {
            text += style.red("Does not fit: ") + report.reason + "\n"
        }
        if let commands = report.commands {
            text += "\n" + style.bold("Run it") + "\n"
            if let ollama = commands.ollama { text += "  Ollama     " + ollama + "\n" }
            text += "  llama.cpp  " + commands.llamaCpp + "\n"
            if let lmStudio = commands.lmStudio { text += "  LM Studio  " + lmStudio + "\n" }
            if let mlx = commands.mlx { text += "  MLX        " + mlx + "\n" }
            if let vllm = commands.vllm { text += "  vLLM       " + vllm + "\n" }
        }
        text +=
            style.dim("tok/s: decode at a 4096-token context (see `canirun estimate` for ranges and prefill)") + "\n"
        if !report.notes.isEmpty {
            text += "\n"
            for note in report.notes { text += style.dim("• " + note) + "\n" }
        }
        sink.write(text)
    }
}

struct RecommendRenderer {
    var style: Style

    func render(_ report: RecommendReport, to sink: any OutputSink) {
        var text =
            "\n" + style.bold("Best models for this machine") + (report.useCase.map { " (\($0))" } ?? "") + "\n\n"
        if report.models.isEmpty {
            text += style.red("No model in the catalog fits this machine.") + "\n"
        } else {
            let rows = report.models.map { row -> [String] in
                [
                    String(row.rank), row.displayName, row.quantization, ByteCount(row.fileBytes).description,
                    fitLabel(row.fit, gpuLayers: row.gpuLayers, totalLayers: row.totalLayers, cpuMoELayers: 0),
                    contextLabel(row.maxContext), speedLabel(row.speed), formatFixed(row.score, fractionDigits: 1),
                ]
            }
            text += TextTable(
                headers: ["#", "model", "quant", "file", "runs on", "max context", "tok/s", "score"], rows: rows,
                rightAligned: [0, 3, 6, 7]
            ).render()
            if let top = report.models.first {
                text += "\n" + style.bold("Try: ") + top.command + "\n"
                text += style.dim("More on any model: canirun check \(top.id)") + "\n"
            }
        }
        text += "\n" + style.dim("Score: " + report.scoring) + "\n"
        for note in report.notes { text += style.dim("• " + note) + "\n" }
        sink.write(text)
    }
}

struct QuantizeRenderer {
    var style: Style

    func render(_ report: QuantizeReport, to sink: any OutputSink) {
        var text = style.bold("\(report.input): \(InspectRenderer.parameters(report.parameters)) parameters") + "\n\n"
        func label(_ fits: String) -> String {
            switch fits {
            case "vram": style.green("weights fit in VRAM")
            case "ram": style.yellow("weights fit in RAM")
            default: style.red("too big")
            }
        }
        let plain = report.plainPrecisions.map { [$0.name, ByteCount($0.bytes).formattedDecimal(), label($0.fitsIn)] }
        text += TextTable(headers: ["precision", "size", "here"], rows: plain, rightAligned: [1]).render()
        if let sixteen = report.plainPrecisions.first(where: { $0.name == "16-bit" }),
            let four = report.plainPrecisions.first(where: { $0.name == "4-bit" })
        {
            text +=
                "\n  "
                + style.dim(
                    "A \(ByteCount(sixteen.bytes).formattedDecimal(fractionDigits: 0)) 16-bit model is about "
                        + "\(ByteCount(four.bytes).formattedDecimal(fractionDigits: 0)) at 4 bits.") + "\n"
        }
        text += "\n"
        let gguf = report.ggufTypes.map {
            [
                $0.name, formatFixed($0.bitsPerWeight, fractionDigits: 2), ByteCount($0.bytes).formattedDecimal(),
                label($0.fitsIn),
            ]
        }
        text += TextTable(headers: ["GGUF type", "bits/weight", "size", "here"], rows: gguf, rightAligned: [1, 2])
            .render()
        text += "\n" + style.dim(report.basis) + "\n"
        text += style.dim("Weights only: the KV cache and buffers come on top (canirun check / estimate).") + "\n"
        sink.write(text)
    }
}
