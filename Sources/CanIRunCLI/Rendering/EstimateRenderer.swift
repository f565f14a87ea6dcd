import CanIRunCore
import Foundation

/// The memory breakdown as a table and a bar, the placement, and what each setting would save.
struct EstimateRenderer {
    var style: Style

    func render(_ report: EstimateReport, to sink: any OutputSink) {
        var text = ""
        let model = report.model
        let title = model.name ?? (model.path as NSString).lastPathComponent
        text +=
            style.bold(title)
            + style.dim(
                " · \(model.architecture)" + (model.fileType.map { " · \($0)" } ?? "") + " · "
                    + InspectRenderer.parameters(model.parameterCount) + " parameters") + "\n"
        let settings = report.settings
        var settingsLine = "\(settings.engine) · context \(settings.contextLength)"
        if settings.requestedContextLength == nil { settingsLine += " (model default)" }
        settingsLine += " · batch \(settings.batchSize)/\(settings.microBatchSize)"
        settingsLine += " · flash attention \(settings.flashAttention ? "on" : "off")"
        if settings.flashAttentionRequested == "auto" { settingsLine += " (auto)" }
        settingsLine += " · KV \(settings.cacheTypeK)/\(settings.cacheTypeV)"
        if settings.parallelSequences > 1 { settingsLine += " · \(settings.parallelSequences) sequences" }
        if let cells = settings.slidingWindowCells { settingsLine += " · SWA cache \(cells) cells" }
        text += style.dim(settingsLine) + "\n\n"

        func cells(_ memory: MemoryBreakdown) -> [String] {
            [memory.weights, memory.kvCache, memory.compute, memory.output, memory.overhead, memory.total].map {
                ByteCount($0).description
            }
        }
        var rows: [[String]] = [["host (RAM)"] + cells(report.host.memory)]
        for device in report.devices { rows.append([device.name] + cells(device.memory)) }
        if !report.devices.isEmpty { rows.append(["total"] + cells(report.memory)) }
        text += TextTable(
            headers: ["", "weights", "KV cache", "compute", "output", "overhead", "total"], rows: rows,
            rightAligned: [1, 2, 3, 4, 5, 6]
        ).render()
        text += "\n  " + bar(report.memory) + "\n"
        text += "  " + style.dim("█ weights  ▓ KV cache  ▒ compute  ░ output + overhead   (GiB = 2^30 bytes)") + "\n\n"

        let layers =
            settings.gpuLayers >= settings.totalLayers
            ? "all \(settings.totalLayers)" : "\(settings.gpuLayers) of \(settings.totalLayers)"
        let verdictText: String
        switch report.verdict {
        case .gpu: verdictText = style.green("fits on the GPU: \(layers) layers offloaded")
        case .partial:
            var detail = "\(layers) layers on the GPU"
            if settings.cpuMoELayers > 0 { detail += ", MoE experts of \(settings.cpuMoELayers) layers in RAM" }
            verdictText = style.yellow("partial offload: " + detail)
        case .cpu: verdictText = style.green("fits in RAM: runs on the CPU")
        case .none: verdictText = style.red("does not fit this machine")
        }
        text += "  " + verdictText + "\n"
        var headroomParts = ["RAM \(signed(report.headroomBytes.first ?? 0))"]
        for (index, device) in report.devices.enumerated() where index + 1 < report.headroomBytes.count {
            headroomParts.append("\(device.name) \(signed(report.headroomBytes[index + 1]))")
        }
        text += "  " + style.dim("headroom: " + headroomParts.joined(separator: " · ")) + "\n"
        let speed = report.speed
        func rate(_ value: Double) -> String { formatFixed(value, fractionDigits: value >= 20 ? 0 : 1) }
        text +=
            "  " + style.bold("speed: ~\(rate(speed.decodeTokensPerSecond)) tokens/s")
            + " generating at \(speed.context) tokens of context (\(rate(speed.decodeRange.low))–\(rate(speed.decodeRange.high))),"
            + " ~\(rate(speed.decodeAtFullContextTokensPerSecond)) at \(speed.fullContext);"
            + " prompt ~\(rate(speed.prefillTokensPerSecond)) tokens/s, first token after "
            + formatFixed(speed.timeToFirstTokenSeconds, fractionDigits: 1) + " s for \(speed.promptTokens) tokens"
            + style.dim(" (\(speed.basis.rawValue))") + "\n"
        if let all = report.decodeWithAllLayersOnGPU {
            let placed =
                settings.cpuMoELayers > 0
                ? "experts of \(settings.cpuMoELayers) layers in RAM"
                : "\(settings.gpuLayers) of \(settings.totalLayers) layers on the GPU"
            text +=
                "  "
                + style.yellow(
                    "\(placed): ~\(rate(speed.decodeTokensPerSecond)) tokens/s; all on the GPU: ~\(rate(all)) tokens/s")
                + "\n"
        }
        text +=
            "  "
            + style.dim(
                "llama.cpp: llama-server -m \(report.model.path) " + report.llamaCppArguments.joined(separator: " "))
            + "\n"
        if !report.savings.isEmpty {
            text += "\n" + style.bold("To use less memory") + "\n"
            for saving in report.savings {
                text += "  • \(saving.description)  " + style.dim("(\(saving.change))") + "\n"
            }
        }
        if !report.notes.isEmpty {
            text += "\n" + style.dim("Notes") + "\n"
            for note in report.notes { text += "  " + style.dim("• " + note) + "\n" }
        }
        sink.write(text)
    }

    func signed(_ bytes: Int64) -> String {
        bytes < 0 ? "−\(ByteCount(-bytes)) short" : "\(ByteCount(bytes)) left"
    }

    /// A 50-character bar split by kind.
    func bar(_ memory: MemoryBreakdown) -> String {
        let total = max(1, memory.total)
        let width = 50
        func chars(_ value: Int64) -> Int { Int((Double(value) / Double(total) * Double(width)).rounded()) }
        let weights = chars(memory.weights)
        let kv = chars(memory.kvCache)
        let compute = chars(memory.compute)
        let rest = max(0, width - weights - kv - compute)
        return String(repeating: "█", count: weights) + String(repeating: "▓", count: kv)
            + String(repeating: "▒", count: compute) + String(repeating: "░", count: rest) + " "
            + ByteCount(memory.total).description
    }
}
