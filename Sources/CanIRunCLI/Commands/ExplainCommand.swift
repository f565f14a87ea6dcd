import ArgumentParser
import CanIRunCore

extension CanIRun {
    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: HelpMessage.explainAbstract.text(.current),
            discussion: HelpMessage.explainDiscussion.text(.current))

        @Argument(help: ArgumentHelp(HelpMessage.topicArgument.text(.current)))
        var topic: String?

        @OptionGroup var hardware: HardwareOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let topic, LessonTopic(rawValue: topic) == nil {
                throw ValidationError(
                    ErrorMessage.badTopic.text(
                        .current,
                        ["topic": topic, "topics": LessonTopic.allCases.map(\.rawValue).joined(separator: ", ")]))
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
                style: .automatic(noColorFlag: output.noColor), language: output.language
            ).render(lesson, topics: topics, to: sink)
        }
    }
}
