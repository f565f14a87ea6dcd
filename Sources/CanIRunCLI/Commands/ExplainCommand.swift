import ArgumentParser
import CanIRunCore

extension CanIRun {
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "The lesson behind canirun (CPU vs GPU, RAM vs VRAM, quantization) with this machine's numbers.",
            discussion: """
                TOPIC is one of: cpu-gpu, ram-vram, quantization, memory, models. Without it, all of them.
                The language follows LC_ALL / LC_MESSAGES / LANG (es_* is Spanish) unless --lang is given.

                Examples:
                  canirun explain
                  canirun explain quantization
                  canirun explain --lang es                la lección en español
                  canirun explain ram-vram --gpu "RTX 3060" --ram 16GB
                """)

        @Argument(help: "cpu-gpu, ram-vram, quantization, memory or models.")
        var topic: String?

        @Option(help: "Language: en or es (default: from LC_ALL, LC_MESSAGES or LANG).")
        var lang: String?

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let topic, LessonTopic(rawValue: topic) == nil {
                throw ValidationError(
                    "no topic '\(topic)'. Choose one of: "
                        + LessonTopic.allCases.map(\.rawValue).joined(separator: ", ") + ".")
            }
            if let lang, Language(code: lang) == nil {
                throw ValidationError("--lang must be en or es.")
            }
        }

        func run() async throws {
            let machine = try hardware.resolveMachine()
            let topics = topic.flatMap(LessonTopic.init(rawValue:)).map { [$0] } ?? LessonTopic.allCases
            // The JSON always carries the worked example; text needs it only for the memory topic.
            let lesson = Lesson.make(machine: machine, includeExample: output.json || topics.contains(.memory))
            let sink = StandardOutputSink()
            if output.json {
                sink.write(try JSONOutput.encode(lesson))
                return
            }
            LessonRenderer(
                style: .automatic(noColorFlag: output.noColor), language: Language.resolve(flag: lang)
            ).render(lesson, topics: topics, to: sink)
        }
    }
}
