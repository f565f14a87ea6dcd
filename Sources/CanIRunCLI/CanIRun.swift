import ArgumentParser
import CanIRunCore

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
}

public enum CanIRunVersion {
    public static let string = "0.1.0"
}
