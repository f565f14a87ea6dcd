import ArgumentParser
import CanIRunCore

/// The `canirun` command line.
public struct CanIRun: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "canirun",
        abstract: "Which LLMs can I run here, how well, and exactly how do I run them?",
        discussion: """
            canirun reads this machine (CPU, RAM, every GPU) and model files (GGUF, safetensors), and computes \
            what llama.cpp would allocate before you download anything.

            Examples:
              canirun                            the best models for this machine
              canirun check llama3.1:8b          every quantization of a model, and how to run it
              canirun system                     this machine, as canirun sees it
              canirun system --json              the same as JSON (save it to plan on another machine)
              canirun system --gpu "RTX 4090"    a what-if machine
              canirun inspect model.gguf         what is inside a model file
              canirun gpus 4090                  look up GPUs in canirun's database
              canirun bench memory               measure RAM bandwidth (speed estimates then use it)
            """,
        version: CanIRunVersion.string,
        subcommands: [Recommend.self, Check.self, Scan.self, System.self, Inspect.self, Estimate.self, Quantize.self, GPUs.self, Bench.self],
        defaultSubcommand: Recommend.self
    )

    public init() {}
}

public enum CanIRunVersion {
    public static let string = "0.1.0"
}
