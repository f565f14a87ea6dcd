/// The words that swift-argument-parser writes itself (help headings, its own parse errors), as canirun shows them
/// in Spanish. The parser has no hook for them, so `CanIRun.main` rewrites its finished text line by line; English
/// output is the parser's own, untouched.
enum ParserMessage: String, MessageCatalog {
    case overview, usage, arguments, options, subcommands, detailedHelp, helpFlag, versionFlag, defaultValue
    case defaultSubcommand
    case usageLine, helpLine, moreInformation, missingArgument, missingValue, unknownOption, unexpectedArgument,
        invalidValue
    case didYouMean

    var message: LocalizedMessage {
        switch self {
        case .overview: LocalizedMessage(english: "OVERVIEW: {text}", spanish: "DESCRIPCIÓN: {text}")
        case .usage: LocalizedMessage(english: "USAGE: {text}", spanish: "USO: {text}")
        case .arguments: LocalizedMessage(english: "ARGUMENTS:", spanish: "ARGUMENTOS:")
        case .options: LocalizedMessage(english: "OPTIONS:", spanish: "OPCIONES:")
        case .subcommands: LocalizedMessage(english: "SUBCOMMANDS:", spanish: "SUBCOMANDOS:")
        case .detailedHelp:
            LocalizedMessage(
                english: "  See '{command}' for detailed help.",
                spanish: "  Consulta '{command}' para ver la ayuda detallada.")
        case .helpFlag: LocalizedMessage(english: "Show help information.", spanish: "Muestra esta ayuda.")
        case .versionFlag: LocalizedMessage(english: "Show the version.", spanish: "Muestra la versión.")
        case .defaultValue: LocalizedMessage(english: "(default:", spanish: "(por omisión:")
        case .defaultSubcommand: LocalizedMessage(english: "(default)", spanish: "(por omisión)")
        case .usageLine: LocalizedMessage(english: "Usage: {text}", spanish: "Uso: {text}")
        case .helpLine: LocalizedMessage(english: "Help: {text}", spanish: "Ayuda: {text}")
        case .moreInformation:
            LocalizedMessage(
                english: "  See '{command}' for more information.",
                spanish: "  Consulta '{command}' para más información.")
        case .missingArgument:
            LocalizedMessage(
                english: "Error: Missing expected argument '{name}'", spanish: "Error: falta el argumento '{name}'")
        case .missingValue:
            LocalizedMessage(english: "Error: Missing value for '{name}'", spanish: "Error: falta el valor de '{name}'")
        case .unknownOption:
            LocalizedMessage(english: "Error: Unknown option '{name}'", spanish: "Error: opción desconocida '{name}'")
        case .unexpectedArgument:
            LocalizedMessage(
                english: "Error: Unexpected argument '{name}'", spanish: "Error: argumento inesperado '{name}'")
        case .invalidValue:
            LocalizedMessage(
                english: "Error: The value '{value}' is invalid for '{name}'",
                spanish: "Error: el valor '{value}' no es válido para '{name}'")
        case .didYouMean:
            LocalizedMessage(english: "{text}. Did you mean '{name}'?", spanish: "{text}. ¿Quisiste decir '{name}'?")
        }
    }

    /// The parser's finished text (help or error) with its own words in `language`; canirun's texts in it are
    /// already in that language.
    static func translate(_ text: String, language: Language) -> String {
        guard language != .english else { return text }
        let whole: [ParserMessage] = [
            .overview, .usage, .arguments, .options, .subcommands, .detailedHelp, .usageLine, .helpLine,
            .moreInformation,
            .didYouMean, .missingArgument, .missingValue, .unknownOption, .unexpectedArgument, .invalidValue,
        ]
        let lines = text.components(separatedBy: "\n").map { line -> String in
            var line = line
            for message in whole {
                if let values = matchTemplate(message.message.english, line) {
                    line = message.text(language, values)
                    // "… Did you mean '--x'?" wraps a parse error: word the error inside it as well.
                    if message == .didYouMean, let inner = values["text"] {
                        line = message.text(
                            language, ["text": translate(inner, language: language), "name": values["name"] ?? ""])
                    }
                    break
                }
            }
            for message in [ParserMessage.helpFlag, .versionFlag, .defaultValue] {
                line = line.replacingOccurrences(of: message.message.english, with: message.text(language))
            }
            return Self.markDefaultSubcommand(line, language: language)
        }
        return lines.joined(separator: "\n")
    }

    /// `recommend (default)   abstract…`: the mark in `language`, taking its room from the padding after it so the
    /// abstracts stay in one column.
    static func markDefaultSubcommand(_ line: String, language: Language) -> String {
        let english = ParserMessage.defaultSubcommand.message.english
        let translated = ParserMessage.defaultSubcommand.text(language)
        guard let range = line.range(of: " " + english + " ") else { return line }
        let after = line[range.upperBound...]
        let padding = after.prefix { $0 == " " }.count + 1
        let keep = max(1, padding - (translated.count - english.count))
        return line[..<range.lowerBound] + " " + translated + String(repeating: " ", count: keep)
            + after.drop { $0 == " " }
    }
}
