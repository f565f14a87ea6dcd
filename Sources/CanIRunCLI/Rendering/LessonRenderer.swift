import CanIRunCore

/// The parts of the lesson `canirun explain` can show on their own.
enum LessonTopic: String, CaseIterable, Sendable {
    case cpuGPU = "cpu-gpu"
    case ramVRAM = "ram-vram"
    case quantization
    case memory
    case models
}

/// `canirun explain`: the lesson in plain words with this machine's numbers, in the chosen language.
struct LessonRenderer {
    var style: Style
    var language: Language

    func render(_ lesson: LessonReport, topics: [LessonTopic], to sink: any OutputSink) {
        var text = style.bold(say(.title)) + "\n" + style.dim(say(.units)) + "\n"
        for topic in topics {
            text += "\n"
            switch topic {
            case .cpuGPU: text += cpuGPU(lesson)
            case .ramVRAM: text += ramVRAM(lesson)
            case .quantization: text += quantization(lesson)
            case .memory: text += memory(lesson)
            case .models: text += models()
            }
        }
        if topics.count > 1 { text += "\n" + style.dim(say(.topicsHint)) + "\n" }
        sink.write(text)
    }

    private func say(_ message: LessonMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    private func heading(_ message: LessonMessage) -> String { style.cyan(style.bold(say(message))) + "\n" }

    private func cpuGPU(_ lesson: LessonReport) -> String {
        var text = heading(.cpuGPUHeading) + wrap(say(.cpuGPURoles)) + "\n"
        let features =
            lesson.cpu.vectorFeatures.isEmpty
            ? say(.noVectorFeatures) : lesson.cpu.vectorFeatures.joined(separator: " ")
        text +=
            wrap(
                say(
                    .cpuLine,
                    [
                        "model": lesson.cpu.model, "cores": "\(lesson.cpu.physicalCores)",
                        "threads": "\(lesson.cpu.logicalCores)", "features": features,
                    ]), bullet: true)
        if lesson.gpus.isEmpty { text += wrap(say(.noGPU), bullet: true) }
        for gpu in lesson.gpus {
            let bandwidth = gpu.bandwidthBytesPerSecond.map {
                say(.bandwidthSuffix, ["bandwidth": ByteCount($0).formattedDecimal(fractionDigits: 0)])
            }
            text += wrap(
                say(
                    .gpuLine,
                    [
                        "name": gpu.name, "memory": ByteCount(gpu.memoryBytes).formattedBinary(),
                        "kind": say(gpu.unifiedMemory ? .gpuUnified : .gpuDedicated), "bandwidth": bandwidth ?? "",
                    ]), bullet: true)
        }
        return text + "\n" + wrap(say(.speedRule))
    }

    private func ramVRAM(_ lesson: LessonReport) -> String {
        var text = heading(.ramVRAMHeading) + wrap(say(.ramVRAMRoles)) + "\n"
        if lesson.gpus.contains(where: \.unifiedMemory) { text += wrap(say(.unifiedNote)) + "\n" }
        text += wrap(
            say(
                .ramLine,
                ["total": "\(ByteCount(lesson.ramTotalBytes))", "usable": "\(ByteCount(lesson.ramUsableBytes))"]),
            bullet: true)
        let ramStanding: String
        switch lesson.ramStanding {
        case .belowMinimum: ramStanding = style.yellow(say(.ramBelowMinimum))
        case .comfortable: ramStanding = style.green(say(.ramComfortable))
        case .ideal: ramStanding = style.green(say(.ramIdeal))
        }
        text += "    ▸ " + ramStanding + "\n"
        if lesson.vramStanding == .noGPU {
            text += wrap(say(.vramNone), bullet: true)
            return text
        }
        text += wrap(say(.vramLine, ["pool": "\(ByteCount(lesson.gpuPoolBytes))"]), bullet: true)
        let vramStanding: String
        switch lesson.vramStanding {
        case .noGPU: vramStanding = say(.vramNone)
        case .small: vramStanding = style.yellow(say(.vramSmall))
        case .twelveToSixteen: vramStanding = style.green(say(.vramTwelveToSixteen))
        case .large: vramStanding = style.green(say(.vramLarge))
        }
        return text + "    ▸ " + vramStanding + "\n"
    }

    private func quantization(_ lesson: LessonReport) -> String {
        var text = heading(.quantizationHeading) + wrap(say(.quantizationIntro)) + "\n" + wrap(say(.limitsIntro))
        var table = TextTable(headers: [say(.precisionHeader), say(.inRAMHeader)], rows: [], rightAligned: [1, 2])
        let hasGPU = lesson.vramStanding != .noGPU
        if hasGPU { table.headers.insert(say(.onGPUHeader), at: 1) }
        for limit in lesson.precisionLimits {
            var row = [say(.bitsLabel, ["bits": "\(limit.bits)"]), Self.parameters(limit.largestParametersInRAM)]
            if hasGPU { row.insert(Self.parameters(limit.largestParametersOnGPU), at: 1) }
            table.rows.append(row)
        }
        text += table.render(indent: "    ")
        return text + style.dim("  " + say(.quantizeHint)) + "\n"
    }

    private func memory(_ lesson: LessonReport) -> String {
        var text = heading(.memoryHeading)
        guard let example = lesson.example else { return text + wrap(say(.noExample)) }
        text += wrap(
            say(
                .exampleIntro,
                [
                    "model": example.displayName, "quantization": example.quantization,
                    "file": "\(ByteCount(example.fileBytes))", "context": "\(example.contextLength)",
                ]))
        let memory = example.memory
        let parts: [(LessonMessage, Int64, Character)] = [
            (.weights, memory.weights, "█"), (.kvCache, memory.kvCache, "▓"),
            (.buffers, memory.compute + memory.output, "▒"), (.overhead, memory.overhead, "░"),
        ]
        let total = max(memory.total, 1)
        let width = 40
        var bar = ""
        for (_, bytes, glyph) in parts {
            let cells = Int((Double(bytes) / Double(total) * Double(width)).rounded())
            bar += String(repeating: glyph, count: max(bytes > 0 ? 1 : 0, cells))
        }
        text += "    " + style.green(String(bar.prefix(width + 2))) + "\n"
        var table = TextTable(headers: ["", "", ""], rows: [], rightAligned: [1, 2])
        for (message, bytes, glyph) in parts {
            let share = formatFixed(Double(bytes) / Double(total) * 100, fractionDigits: 0) + " %"
            table.rows.append(["\(glyph) " + say(message), "\(ByteCount(bytes))", share])
        }
        table.rows.append(["  " + say(.total), "\(ByteCount(memory.total))", "100 %"])
        text += table.render(indent: "    ", showHeaders: false)
        let fit: LessonMessage
        switch example.fit {
        case .gpu: fit = .fitGPU
        case .partial: fit = .fitPartial
        case .cpu: fit = .fitCPU
        case .none: fit = .fitNone
        }
        return text + wrap(say(fit)) + style.dim("  " + say(.exampleHint)) + "\n"
    }

    private func models() -> String {
        let rows: [(String, LessonMessage)] = [
            ("canirun", .modelsRecommend), ("canirun check llama3.1:8b", .modelsCheckOllama),
            ("canirun check Qwen/Qwen2.5-7B-Instruct", .modelsCheckHuggingFace),
            ("canirun estimate model.gguf", .modelsEstimate), ("canirun scan", .modelsScan),
        ]
        var text = heading(.modelsHeading)
        for (command, message) in rows {
            text += "  " + style.bold(command.padding(toLength: 40, withPad: " ", startingAt: 0)) + say(message) + "\n"
        }
        return text
    }

    /// Rounded parameter counts; a dash where nothing fits.
    static func parameters(_ count: UInt64) -> String {
        count == 0 ? "—" : InspectRenderer.parameters(count, rounded: true)
    }

    /// Wraps a paragraph at 100 columns with a two-space indent (four under a bullet).
    private func wrap(_ paragraph: String, bullet: Bool = false) -> String {
        let first = bullet ? "  • " : "  "
        let rest = bullet ? "    " : "  "
        var lines: [String] = []
        var line = first
        for word in paragraph.split(separator: " ") {
            if line.count + word.count > 100, line.count > first.count {
                lines.append(line)
                line = rest
            }
            line += (line == first || line == rest ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
