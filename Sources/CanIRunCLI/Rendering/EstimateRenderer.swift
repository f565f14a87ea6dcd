import CanIRunCore
import Foundation

/// The memory breakdown as a table and a bar, the placement, and what each setting would save.
struct EstimateRenderer {
    var style: Style
    var language: Language = .english

    private func say(_ message: EstimateMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    func render(_ report: EstimateReport, to sink: any OutputSink) {
        var text = ""
        let model = report.model
        let title = model.name ?? (model.path as NSString).lastPathComponent
        text +=
            style.bold(title)
            + style.dim(
                " · \(model.architecture)" + (model.fileType.map { " · \($0)" } ?? "") + " · "
                    + say(.parameters, ["count": InspectRenderer.parameters(model.parameterCount)])) + "\n"
        let settings = report.settings
        var settingsLine = "\(settings.engine) · " + say(.context, ["tokens": "\(settings.contextLength)"])
        if settings.requestedContextLength == nil { settingsLine += say(.modelDefault) }
        settingsLine +=
            " · " + say(.batch, ["batch": "\(settings.batchSize)", "micro": "\(settings.microBatchSize)"])
        settingsLine += " · " + say(.flashAttention, ["state": say(settings.flashAttention ? .on : .off)])
        if settings.flashAttentionRequested == "auto" { settingsLine += say(.auto) }
        settingsLine += " · KV \(settings.cacheTypeK)/\(settings.cacheTypeV)"
        if settings.parallelSequences > 1 {
            settingsLine += " · " + say(.sequences, ["count": "\(settings.parallelSequences)"])
        }
        if let cells = settings.slidingWindowCells {
            settingsLine += " · " + say(.slidingWindowCache, ["cells": "\(cells)"])
        }
        text += style.dim(settingsLine) + "\n\n"

        func cells(_ memory: MemoryBreakdown) -> [String] {
            [memory.weights, memory.kvCache, memory.compute, memory.output, memory.overhead, memory.total].map {
                ByteCount($0).description
            }
        }
        var rows: [[String]] = [[say(.hostRow)] + cells(report.host.memory)]
        for device in report.devices { rows.append([device.name] + cells(device.memory)) }
        if !report.devices.isEmpty { rows.append([say(.totalRow)] + cells(report.memory)) }
        text += TextTable(
            headers: [
                "", say(.weights), say(.kvCache), say(.compute), say(.output), say(.overhead), say(.total),
            ], rows: rows,
            rightAligned: [1, 2, 3, 4, 5, 6]
        ).render()
        text += "\n  " + bar(report.memory) + "\n"
        text += "  " + style.dim(say(.legend)) + "\n\n"

        let layers =
            settings.gpuLayers >= settings.totalLayers
            ? say(.allLayers, ["total": "\(settings.totalLayers)"])
            : say(.someLayers, ["gpu": "\(settings.gpuLayers)", "total": "\(settings.totalLayers)"])
        let verdictText: String
        switch report.verdict {
        case .gpu: verdictText = style.green(say(.fitsGPU, ["layers": layers]))
        case .partial:
            var detail = say(.layersOnGPU, ["layers": layers])
            if settings.cpuMoELayers > 0 { detail += say(.expertsInRAM, ["count": "\(settings.cpuMoELayers)"]) }
            verdictText = style.yellow(say(.partialOffload, ["detail": detail]))
        case .cpu: verdictText = style.green(say(.fitsRAM))
        case .none: verdictText = style.red(say(.doesNotFit))
        }
        text += "  " + verdictText + "\n"
        var headroomParts = ["RAM \(signed(report.headroomBytes.first ?? 0))"]
        for (index, device) in report.devices.enumerated() where index + 1 < report.headroomBytes.count {
            headroomParts.append("\(device.name) \(signed(report.headroomBytes[index + 1]))")
        }
        text += "  " + style.dim(say(.headroom, ["parts": headroomParts.joined(separator: " · ")])) + "\n"
        let speed = report.speed
        func rate(_ value: Double) -> String { formatFixed(value, fractionDigits: value >= 20 ? 0 : 1) }
        text +=
            "  " + style.bold(say(.speed, ["rate": rate(speed.decodeTokensPerSecond)]))
            + say(
                .speedDetail,
                [
                    "context": "\(speed.context)", "low": rate(speed.decodeRange.low),
                    "high": rate(speed.decodeRange.high), "full": rate(speed.decodeAtFullContextTokensPerSecond),
                    "fullContext": "\(speed.fullContext)",
                ])
            + say(
                .firstToken,
                [
                    "prefill": rate(speed.prefillTokensPerSecond),
                    "seconds": formatFixed(speed.timeToFirstTokenSeconds, fractionDigits: 1),
                    "tokens": "\(speed.promptTokens)",
                ])
            + style.dim(" (\(basis(speed.basis)))") + "\n"
        if let all = report.decodeWithAllLayersOnGPU {
            let placed =
                settings.cpuMoELayers > 0
                ? say(.placedExperts, ["count": "\(settings.cpuMoELayers)"])
                : say(.placedLayers, ["gpu": "\(settings.gpuLayers)", "total": "\(settings.totalLayers)"])
            text +=
                "  "
                + style.yellow(
                    say(.allOnGPU, ["placed": placed, "rate": rate(speed.decodeTokensPerSecond), "all": rate(all)]))
                + "\n"
        }
        text +=
            "  "
            + style.dim(
                "llama.cpp: llama-server -m \(report.model.path) " + report.llamaCppArguments.joined(separator: " "))
            + "\n"
        if !report.savings.isEmpty {
            text += "\n" + style.bold(say(.saveMemory)) + "\n"
            for saving in report.savings {
                text +=
                    "  • \(describe(saving, context: settings.contextLength))  " + style.dim("(\(saving.change))")
                    + "\n"
            }
        }
        if !report.notes.isEmpty {
            text += "\n" + style.dim(say(.notes)) + "\n"
            for note in report.notes { text += "  " + style.dim("• " + knownSentence(note, in: language)) + "\n" }
        }
        sink.write(text)
    }

    /// Where the bandwidth behind a speed came from, in words.
    func basis(_ basis: SpeedBasis) -> String {
        switch basis {
        case .measured: say(.basisMeasured)
        case .database: say(.basisDatabase)
        case .assumed: say(.basisAssumed)
        }
    }

    func signed(_ bytes: Int64) -> String {
        bytes < 0
            ? say(.short, ["bytes": ByteCount(-bytes).description])
            : say(.left, ["bytes": ByteCount(bytes).description])
    }

    /// A saving in words. English keeps the core's sentence; other languages word it from the flag it changes
    /// (`EstimateReport.savings` makes one per flag) and the bytes it saves.
    func describe(_ saving: EstimateReport.Saving, context: Int) -> String {
        guard language != .english else { return saving.description }
        let bytes = ByteCount(saving.savedBytes).description
        if saving.change.hasPrefix("--cache-type-k") { return say(.savingQ8Cache, ["bytes": bytes]) }
        if saving.change == "-fa on" { return say(.savingFlashAttention, ["bytes": bytes]) }
        if saving.change == "-kvu" { return say(.savingUnifiedKV, ["bytes": bytes]) }
        if saving.change.hasPrefix("-c "), let smaller = Int(saving.change.dropFirst(3)) {
            return say(.savingContext, ["smaller": "\(smaller)", "context": "\(context)", "bytes": bytes])
        }
        return saving.description
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
