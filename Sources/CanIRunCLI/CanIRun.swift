import ArgumentParser
import CanIRunCore
import Foundation

/// The `canirun` command line.
public struct CanIRun: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "canirun",
        abstract: HelpMessage.rootAbstract.text(.current),
        discussion: HelpMessage.rootDiscussion.text(.current),
        version: CanIRunVersion.string,
        subcommands: [
            Recommend.self, Check.self, Scan.self, System.self, Inspect.self, Estimate.self, Quantize.self,
            Explain.self, Serve.self, GPUs.self, Bench.self,
        ],
        defaultSubcommand: Recommend.self
    )

    public init() {}

    /// Parses the arguments and runs the command, as the parser's own `main` does; in Spanish, the parser's own
    /// words in help and errors are rewritten (`ParserMessage`). Exit codes are the parser's.
    public static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            guard Language.current != .english else { exit(withError: error) }
            let text = ParserMessage.translate(fullMessage(for: error), language: Language.current)
            let code = exitCode(for: error)
            if !text.isEmpty {
                if code == .success {
                    print(text)
                } else {
                    FileHandle.standardError.write(Data((text + "\n").utf8))
                }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

public enum CanIRunVersion {
    public static let string = "0.1.0"
}
