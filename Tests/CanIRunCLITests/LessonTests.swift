import Foundation
import Testing

@testable import CanIRunCLI
@testable import CanIRunCore

@Suite("Explain: the lesson in English and Spanish")
struct LessonTests {
    /// The captured VM with what-if RAM and GPUs, as `--ram` and `--gpu` would give.
    static func machine(ram: Int64, gpus: [String]) throws -> HardwareSnapshot {
        try CommandLineTests.machine("this-vm").applying(
            HardwareOverrides(gpuNames: gpus.isEmpty ? ["none"] : gpus, ramBytes: ram))
    }

    @Test("every message of the lesson exists in both languages, with the same placeholders")
    func everyMessageInBothLanguages() {
        for message in LessonMessage.allCases {
            let texts = message.message
            #expect(!texts.english.isEmpty, "\(message) has no English text")
            #expect(!texts.spanish.isEmpty, "\(message) has no Spanish text")
            #expect(
                LocalizedMessage.placeholders(in: texts.english) == LocalizedMessage.placeholders(in: texts.spanish),
                "\(message) fills different placeholders in English and Spanish")
        }
    }

    @Test("the language comes from --lang, then LC_ALL, LC_MESSAGES, LANG; English otherwise")
    func languageResolution() {
        #expect(Language.resolve(flag: "es", environment: [:]) == .spanish)
        #expect(Language.resolve(flag: "en", environment: ["LANG": "es_MX.UTF-8"]) == .english)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "es_MX.UTF-8"]) == .spanish)
        #expect(Language.resolve(flag: nil, environment: ["LC_ALL": "C.UTF-8", "LANG": "es_AR.UTF-8"]) == .english)
        #expect(
            Language.resolve(flag: nil, environment: ["LC_ALL": "", "LC_MESSAGES": "es", "LANG": "en_US"]) == .spanish)
        #expect(Language.resolve(flag: nil, environment: ["LANG": "de_DE.UTF-8"]) == .english)
        #expect(Language.resolve(flag: nil, environment: [:]) == .english)
        #expect(Language(code: "estonian") == nil)
        #expect(Language(code: "es-419") == .spanish)
    }

    @Test("the lesson's scales and limits for what-if machines")
    func standingsAndLimits() throws {
        let laptop = try Self.machine(ram: 8 << 30, gpus: [])
        let lesson = Lesson.make(machine: laptop)
        #expect(lesson.ramStanding == .belowMinimum)
        #expect(lesson.vramStanding == .noGPU)
        #expect(lesson.gpuPoolBytes == 0)
        #expect(lesson.example != nil)
        #expect(Lesson.make(machine: laptop, includeExample: false).example == nil)
        // Weights only: usable bytes × 8 / bits, so 4 bits holds four times the parameters of 16 bits.
        let limits = Dictionary(uniqueKeysWithValues: lesson.precisionLimits.map { ($0.bits, $0) })
        #expect(limits[16]?.largestParametersInRAM == UInt64(lesson.ramUsableBytes / 2))
        #expect(limits[4]?.largestParametersInRAM == UInt64(lesson.ramUsableBytes * 2))
        #expect(limits[16]?.largestParametersOnGPU == 0)

        let desktop = try Self.machine(ram: 32 << 30, gpus: ["RTX 3060"])
        let withGPU = Lesson.make(machine: desktop)
        #expect(withGPU.ramStanding == .comfortable)
        #expect(withGPU.vramStanding == .twelveToSixteen)
        #expect(withGPU.gpuPoolBytes == desktop.gpus[0].usableBytes)
        #expect(withGPU.example?.fit == .gpu)
        #expect(withGPU.example?.quantization == "Q4_K_M")
        #expect(withGPU.example?.contextLength == Lesson.exampleContext)

        let workstation = try Self.machine(ram: 128 << 30, gpus: ["RTX 3090", "RTX 3090"])
        let big = Lesson.make(machine: workstation)
        #expect(big.ramStanding == .ideal)
        #expect(big.vramStanding == .large)
        #expect(big.gpuPoolBytes == workstation.gpus.reduce(0) { $0 + $1.usableBytes })
        #expect(Lesson.vramStanding(largestGPUBytes: 8 << 30) == .small)
        #expect(Lesson.ramStanding(totalBytes: 16_750_000_000) == .comfortable)
        #expect(Lesson.ramStanding(totalBytes: 8_000_000_000) == .belowMinimum)
    }

    @Test("the Spanish lesson holds no English sentence, and the English lesson no Spanish one")
    func noMixedLanguages() throws {
        let machine = try Self.machine(ram: 32 << 30, gpus: ["RTX 3060"])
        let lesson = Lesson.make(machine: machine)
        var rendered: [Language: String] = [:]
        for language in Language.allCases {
            let sink = StringOutputSink()
            LessonRenderer(style: Style(enabled: false), language: language)
                .render(lesson, topics: LessonTopic.allCases, to: sink)
            rendered[language] = sink.text
        }
        let spanish = try #require(rendered[.spanish])
        let english = try #require(rendered[.english])
        for message in LessonMessage.allCases where message.message.english != message.message.spanish {
            // Compare the placeholder-free opening of each sentence (up to 24 characters).
            let englishStart = String(message.message.english.prefix { $0 != "{" }.prefix(24))
            let spanishStart = String(message.message.spanish.prefix { $0 != "{" }.prefix(24))
            if englishStart.count >= 12, !spanishStart.hasPrefix(englishStart) {
                #expect(!spanish.contains(englishStart), "English '\(englishStart)' in the Spanish lesson")
            }
            if spanishStart.count >= 12, !englishStart.hasPrefix(spanishStart) {
                #expect(!english.contains(spanishStart), "Spanish '\(spanishStart)' in the English lesson")
            }
        }
        #expect(spanish.contains("Cuantización"))
        #expect(spanish.contains("Cabe entero en la GPU."))
        #expect(english.contains("It fits entirely on the GPU."))
    }

    @Test("explain on a what-if machine, in Spanish, without colour")
    func spanishSnapshot() throws {
        let machine = try Self.machine(ram: 16 << 30, gpus: ["RTX 3060"])
        let sink = StringOutputSink()
        LessonRenderer(style: Style(enabled: false), language: .spanish)
            .render(Lesson.make(machine: machine), topics: LessonTopic.allCases, to: sink)
        #expect(!sink.text.contains("\u{1B}["))
        try CommandLineTests().assertSnapshot(sink.text, named: "explain-es-3060-16gb")
    }

    @Test("explain parses topics and languages, and refuses unknown ones")
    func parsing() throws {
        #expect(throws: (any Error).self) { try CanIRun.parseAsRoot(["explain", "gpus"]) }
        #expect(throws: (any Error).self) { try CanIRun.parseAsRoot(["explain", "--lang", "fr"]) }
        let command = try CanIRun.parseAsRoot(["explain", "quantization", "--lang", "es"])
        let explain = try #require(command as? CanIRun.Explain)
        #expect(explain.topic == "quantization")
        #expect(explain.output.language == .spanish)
    }
}
