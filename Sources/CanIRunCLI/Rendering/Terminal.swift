import ArgumentParser
import Foundation

/// Where rendered text goes: standard output in the tool, a string in tests.
public protocol OutputSink: AnyObject {
    func write(_ text: String)
}

public final class StandardOutputSink: OutputSink {
    public init() {}
    public func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

public final class StringOutputSink: OutputSink {
    public private(set) var text = ""
    public init() {}
    public func write(_ text: String) { self.text += text }
}

/// ANSI styling, applied only when colour is on.
struct Style {
    var enabled: Bool

    /// Colour only on a terminal, never when NO_COLOR is set or `--no-color` is given.
    static func automatic(noColorFlag: Bool, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Style
    {
        if noColorFlag || environment["NO_COLOR"] != nil || environment["TERM"] == "dumb" {
            return Style(enabled: false)
        }
        return Style(enabled: isatty(STDOUT_FILENO) == 1)
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

enum JSONOutput {
    /// Sorted keys and pretty printing, so the output is stable and diffable.
    static func encode<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// A plain text table with aligned columns; numbers right-aligned.
struct TextTable {
    var headers: [String]
    var rows: [[String]]
    var rightAligned: Set<Int> = []

    func render(indent: String = "  ", showHeaders: Bool = true) -> String {
        let columnCount = headers.count
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(columnCount).enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.prefix(columnCount).enumerated().map { index, cell -> String in
                let padding = String(repeating: " ", count: max(0, widths[index] - cell.count))
                return rightAligned.contains(index) ? padding + cell : cell + padding
            }
            return indent + padded.joined(separator: "  ").replacingTrailingSpaces() + "\n"
        }
        var text = ""
        if showHeaders {
            text += line(headers)
            text +=
                (indent + widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
                .replacingTrailingSpaces() + "\n"
        }
        for row in rows { text += line(row) }
        return text
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var result = self
        while result.hasSuffix(" ") { result.removeLast() }
        return result
    }
}

/// Prints `canirun: message` on standard error and returns the exit code to throw.
func failure(_ message: String, code: Int32) -> ExitCode {
    FileHandle.standardError.write(Data("canirun: \(message)\n".utf8))
    return ExitCode(code)
}
