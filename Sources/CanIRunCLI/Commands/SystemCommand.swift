import ArgumentParser
import CanIRunCore

extension CanIRun {
    struct System: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "system",
            abstract: "Show this machine: CPU, RAM and every GPU, with the memory canirun plans with.",
            discussion: """
                Examples:
                  canirun system
                  canirun system --json > machine.json     save it, then plan with --hardware machine.json
                  canirun system --gpu "RTX 3090" --gpu "RTX 3090" --ram 64GB
                  canirun system --gpu none                the same machine without its GPUs
                """)

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let machine = try await hardware.resolveMachineIncludingOllama()
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(machine))
            } else {
                SystemRenderer(style: .automatic(noColorFlag: output.noColor)).render(machine, to: sink)
            }
        }
    }
}
