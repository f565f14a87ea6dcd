import ArgumentParser
import CanIRunCore

extension CanIRun {
    struct System: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "system",
            abstract: HelpMessage.systemAbstract.text(.current),
            discussion: HelpMessage.systemDiscussion.text(.current))

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let machine = try await hardware.resolveMachineIncludingOllama()
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(machine))
            } else {
                SystemRenderer(style: .automatic(noColorFlag: output.noColor), language: output.language).render(
                    machine, to: sink)
            }
        }
    }
}
