import Foundation

/// The languages canirun speaks. English is the default; Spanish is neutral Latin American Spanish.
enum Language: String, CaseIterable, Sendable {
    case english = "en"
    case spanish = "es"

    /// `--lang` wins; otherwise the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set and not empty decides,
    /// the way POSIX programs choose their message language (`es_MX.UTF-8` → Spanish, `C` → English).
    static func resolve(flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Language
    {
        if let flag, let language = Language(code: flag) { return language }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return Language(code: value) ?? .english
            }
        }
        return .english
    }

    /// `es`, `es_AR.UTF-8`, `ES-mx` → Spanish; `en…` → English; anything else → nil.
    init?(code: String) {
        let prefix = code.lowercased().prefix(2)
        guard let language = Language(rawValue: String(prefix)),
            code.count == 2 || code.dropFirst(2).first.map({ "_-.@".contains($0) }) == true
        else { return nil }
        self = language
    }
}

/// A message in every language canirun speaks. Placeholders are `{name}`, filled by `text(_:_:)`.
struct LocalizedMessage: Sendable {
    var english: String
    var spanish: String

    func text(_ language: Language, _ values: [String: String] = [:]) -> String {
        var text = language == .spanish ? spanish : english
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The `{name}` placeholders a text uses, so tests can check that both languages fill the same ones.
    static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            names.insert(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        return names
    }
}

extension Language {
    /// The language of text made before or outside parsing (help, validation errors, failures): `--lang X` or
    /// `--lang=X` among the arguments (before a `--` terminator), otherwise the environment, as `resolve` does.
    /// An unknown `--lang` value falls back to the environment; parsing then rejects it.
    static func preScan(arguments: [String], environment: [String: String]) -> Language {
        var flag: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.endIndex {
                flag = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--lang=") {
                flag = String(argument.dropFirst("--lang=".count))
            }
            index += 1
        }
        return resolve(flag: flag, environment: environment)
    }

    /// This process's language for help texts and errors, from its own arguments and environment.
    static let current = preScan(
        arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
}

/// A table of messages: an enum whose every case has a text in each language. Tests walk every catalog to demand
/// both languages and the same placeholders.
protocol MessageCatalog: CaseIterable {
    var message: LocalizedMessage { get }
}

extension MessageCatalog {
    /// The message in `language`, with its `{name}` placeholders filled.
    func text(_ language: Language, _ values: [String: String] = [:]) -> String {
        message.text(language, values)
    }
}

extension LessonMessage: MessageCatalog {}
