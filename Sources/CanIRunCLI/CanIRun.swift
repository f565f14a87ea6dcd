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
              canirun                          the best models for this machine
              canirun check llama3.1:8b        each quantization, and how to run it
              canirun estimate model.gguf      memory per buffer, placement, speed
              canirun scan                     models already on this disk
              canirun system --json            this machine as JSON
              canirun system --gpu "RTX 4090"  a what-if machine
              canirun inspect model.gguf       what is inside a model file
              canirun gpus 4090                look up GPUs in the database
              canirun bench memory             measure RAM bandwidth for speed
              canirun explain --lang es        the lesson with this machine's numbers
            """,
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
