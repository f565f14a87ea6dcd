import CanIRunCore
import Foundation

func fitLabel(
    _ fit: FitVerdict, gpuLayers: Int, totalLayers: Int, cpuMoELayers: Int, language: Language = .english
) -> String {
    switch fit {
    case .gpu: "GPU"
    case .partial:
        cpuMoELayers > 0
            ? TableMessage.fitPartialExperts.text(language, ["layers": "\(cpuMoELayers)"])
            : TableMessage.fitPartialLayers.text(language, ["gpu": "\(gpuLayers)", "total": "\(totalLayers)"])
    case .cpu: TableMessage.fitCPUOnly.text(language)
    case .none: TableMessage.fitNone.text(language)
    }
}

/// A sentence made in the core library in English, in `language` when it has the form of one of the known
/// sentences (their `{name}` parts are carried over as they are); other sentences stay as they are.
func knownSentence(_ english: String, in language: Language) -> String {
    guard language != .english else { return english }
    let known: [LocalizedMessage] =
        [TableMessage.predictedSizesNote, .configRebuiltNote, .singleFileNote, .reasonNoFit].map(\.message)
        + [EstimateMessage.noteTrainingContext, .noteGPUOverhead, .noteProjector].map(\.message)
    for message in known {
        if let values = matchTemplate(message.english, english) { return message.text(language, values) }
    }
    return english
}

/// The values of `template`'s `{name}` placeholders when `sentence` has its form, else nil. Each placeholder
/// takes the shortest text up to the literal words after it.
func matchTemplate(_ template: String, _ sentence: String) -> [String: String]? {
    var literals: [String] = []
    var names: [String] = []
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
        literals.append(String(rest[..<open]))
        names.append(String(rest[rest.index(after: open)..<close]))
        rest = rest[rest.index(after: close)...]
    }
    literals.append(String(rest))
    guard sentence.hasPrefix(literals[0]) else { return nil }
    var remaining = Substring(sentence).dropFirst(literals[0].count)
    var values: [String: String] = [:]
    for (index, name) in names.enumerated() {
        let next = literals[index + 1]
        if next.isEmpty, index == names.count - 1 {
            values[name] = String(remaining)
            remaining = ""
            continue
        }
        guard !next.isEmpty, let range = remaining.range(of: next) else { return nil }
        values[name] = String(remaining[..<range.lowerBound])
        remaining = remaining[range.upperBound...]
    }
    return remaining.isEmpty ? values : nil
}

/// The reason for `check`'s recommendation in `language`, worded from its rule; the report's English sentence
/// when the report carries no rule (a report saved by an older canirun).
func recommendationReason(_ report: CheckReport, language: Language) -> String {
    guard language != .english, let code = report.reasonCode else { return report.reason }
    func place(_ fit: FitVerdict?) -> String {
        switch fit {
        case .gpu: TableMessage.placeOnGPU.text(language)
        case .partial: TableMessage.placePartial.text(language)
        default: TableMessage.placeInRAM.text(language)
        }
    }
    let context = "\(code.contextTokens ?? 0)"
    switch code.rule {
    case .readingSpeed:
        return TableMessage.reasonReadingSpeed.text(
            language,
            [
                "place": place(code.fit), "context": context,
                "speed": formatFixed(code.tokensPerSecond ?? 0, fractionDigits: 0),
            ])
    case .fullFit:
        return TableMessage.reasonFullFit.text(language, ["place": place(code.fit), "context": context])
    case .fallback:
        let how = code.fit == .partial ? TableMessage.howPartial : .howCPU
        return TableMessage.reasonFallback.text(language, ["how": how.text(language)])
    case .noFit:
        return TableMessage.reasonNoFit.text(language)
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
    var language: Language = .english

    private func say(_ message: TableMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    func render(_ report: CheckReport, machine: HardwareSnapshot, to sink: any OutputSink) {
        var text = style.bold(report.model.displayName)
        var facts: [String] = [report.model.architecture]
        if let parameters = report.model.parameters {
            facts.append(say(.parametersFact, ["count": InspectRenderer.parameters(parameters)]))
        }
        if let active = report.model.activeParameters, active != report.model.parameters {
            facts.append(say(.activeFact, ["count": InspectRenderer.parameters(active)]))
        }
        facts.append(say(.contextFact, ["context": contextLabel(report.model.contextLength)]))
        if let license = report.model.license { facts.append(license) }
        text += style.dim(" · " + facts.joined(separator: " · ")) + "\n\n"
        let rows = report.quantizations.map { verdict -> [String] in
            let fit = fitLabel(
                verdict.fit, gpuLayers: verdict.gpuLayers, totalLayers: verdict.totalLayers,
                cpuMoELayers: verdict.cpuMoELayers, language: language)
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
            headers: [
                say(.quantHeader), say(.fileHeader), say(.bitsPerWeightShortHeader), say(.fitsHeader),
                say(.maxContextHeader), say(.memoryHeader), "tok/s", say(.headroomHeader),
            ],
            rows: rows, rightAligned: [1, 2, 5, 6]
        ).render()
        text += "\n"
        let reason = recommendationReason(report, language: language)
        if let recommended = report.recommended {
            text += style.bold(say(.recommended, ["name": recommended])) + " — \(reason)\n"
        } else {
            text += style.red(say(.doesNotFit)) + reason + "\n"
        }
        if let commands = report.commands {
            text += "\n" + style.bold(say(.runIt)) + "\n"
            if let ollama = commands.ollama {
                // The core writes the chat settings after an English joint; only that joint is words.
                let joint = TableMessage.thenInTheChat
                text +=
                    "  Ollama     " + ollama.replacingOccurrences(of: joint.message.english, with: say(joint)) + "\n"
            }
            text += "  llama.cpp  " + commands.llamaCpp + "\n"
            if let lmStudio = commands.lmStudio { text += "  LM Studio  " + lmStudio + "\n" }
            if let mlx = commands.mlx { text += "  MLX        " + mlx + "\n" }
            if let vllm = commands.vllm { text += "  vLLM       " + vllm + "\n" }
        }
        text += style.dim(say(.speedBasis)) + "\n"
        if !report.notes.isEmpty {
            text += "\n"
            for note in report.notes { text += style.dim("• " + knownSentence(note, in: language)) + "\n" }
        }
        sink.write(text)
    }
}

struct RecommendRenderer {
    var style: Style
    var language: Language = .english

    private func say(_ message: TableMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    func render(_ report: RecommendReport, to sink: any OutputSink) {
        var text =
            "\n" + style.bold(say(.bestModels)) + (report.useCase.map { " (\($0))" } ?? "") + "\n\n"
        if report.models.isEmpty {
            text += style.red(say(.noModelFits)) + "\n"
        } else {
            let rows = report.models.map { row -> [String] in
                [
                    String(row.rank), row.displayName, row.quantization, ByteCount(row.fileBytes).description,
                    fitLabel(
                        row.fit, gpuLayers: row.gpuLayers, totalLayers: row.totalLayers, cpuMoELayers: 0,
                        language: language),
                    contextLabel(row.maxContext), speedLabel(row.speed), formatFixed(row.score, fractionDigits: 1),
                ]
            }
            text += TextTable(
                headers: [
                    say(.rankHeader), say(.modelHeader), say(.quantHeader), say(.fileHeader), say(.runsOnHeader),
                    say(.maxContextHeader), "tok/s", say(.scoreHeader),
                ], rows: rows,
                rightAligned: [0, 3, 6, 7]
            ).render()
            if let top = report.models.first {
                text += "\n" + style.bold(say(.tryCommand)) + top.command + "\n"
                text += style.dim(say(.moreOnModel, ["id": top.id])) + "\n"
            }
        }
        // The formula is the core's English sentence; other languages say the same formula in their words.
        let formula =
            language != .english && report.scoring == TableMessage.scoringFormula.message.english
            ? say(.scoringFormula) : report.scoring
        text += "\n" + style.dim(say(.score, ["formula": formula])) + "\n"
        for note in report.notes { text += style.dim("• " + Self.translatedNote(note, language: language)) + "\n" }
        sink.write(text)
    }

    /// The core's note on unranked architectures, reworded in `language`; other notes unchanged.
    static func translatedNote(_ note: String, language: Language) -> String {
        guard language != .english, let values = matchTemplate(TableMessage.unsupportedNote.message.english, note)
        else { return knownSentence(note, in: language) }
        return TableMessage.unsupportedNote.text(language, values)
    }
}

struct QuantizeRenderer {
    var style: Style
    var language: Language = .english

    private func say(_ message: TableMessage, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }

    func render(_ report: QuantizeReport, to sink: any OutputSink) {
        var text =
            style.bold(
                say(.parametersTitle, ["input": report.input, "count": InspectRenderer.parameters(report.parameters)]))
            + "\n\n"
        func label(_ fits: String) -> String {
            switch fits {
            case "vram": style.green(say(.fitsVRAM))
            case "ram": style.yellow(say(.fitsRAM))
            default: style.red(say(.tooBig))
            }
        }
        func precision(_ name: String) -> String {
            matchTemplate(TableMessage.bitPrecision.message.english, name).map { say(.bitPrecision, $0) } ?? name
        }
        let plain = report.plainPrecisions.map {
            [precision($0.name), ByteCount($0.bytes).formattedDecimal(), label($0.fitsIn)]
        }
        text += TextTable(
            headers: [say(.precisionHeader), say(.sizeHeader), say(.hereHeader)], rows: plain, rightAligned: [1]
        ).render()
        if let sixteen = report.plainPrecisions.first(where: { $0.name == "16-bit" }),
            let four = report.plainPrecisions.first(where: { $0.name == "4-bit" })
        {
            text +=
                "\n  "
                + style.dim(
                    say(
                        .sixteenToFour,
                        [
                            "sixteen": ByteCount(sixteen.bytes).formattedDecimal(fractionDigits: 0),
                            "four": ByteCount(four.bytes).formattedDecimal(fractionDigits: 0),
                        ])) + "\n"
        }
        text += "\n"
        let gguf = report.ggufTypes.map {
            [
                $0.name, formatFixed($0.bitsPerWeight, fractionDigits: 2), ByteCount($0.bytes).formattedDecimal(),
                label($0.fitsIn),
            ]
        }
        text += TextTable(
            headers: [say(.ggufTypeHeader), say(.bitsPerWeightHeader), say(.sizeHeader), say(.hereHeader)], rows: gguf,
            rightAligned: [1, 2]
        )
        .render()
        text += "\n" + style.dim(basis(report.basis)) + "\n"
        text += style.dim(say(.weightsOnly)) + "\n"
        sink.write(text)
    }

    /// The core's English basis sentence, reworded in `language` when it has one of its two known forms.
    func basis(_ english: String) -> String {
        guard language != .english else { return english }
        for message in [TableMessage.basisPredicted, .basisEffective] {
            if let values = matchTemplate(message.message.english, english) { return say(message, values) }
        }
        return english
    }
}
