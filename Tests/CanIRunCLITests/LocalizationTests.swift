import Foundation
import Testing

@testable import CanIRunCLI
@testable import CanIRunCore

@Suite("Every text in English and Spanish")
struct LocalizationTests {
    /// Every message of every catalog, named for failure messages.
    static func allMessages() -> [(name: String, message: LocalizedMessage)] {
        func named<Catalog: MessageCatalog>(_ catalog: Catalog.Type) -> [(name: String, message: LocalizedMessage)] {
            Catalog.allCases.map { ("\(Catalog.self).\($0)", $0.message) }
        }
        return named(LessonMessage.self) + named(PanelMessage.self) + named(TableMessage.self)
            + named(EstimateMessage.self) + named(ErrorMessage.self) + named(HelpMessage.self)
            + named(NetworkMessage.self) + named(FailureMessage.self) + named(ParserMessage.self)
    }

    /// Messages that are rightly the same in both languages: words Spanish shares with English.
    static let sameInBothLanguages: Set<String> = [
        "LessonMessage.total", "EstimateMessage.total", "EstimateMessage.totalRow",
    ]

    @Test("every message exists in both languages, differs between them, and fills the same placeholders")
    func everyMessageInBothLanguages() {
        for (name, message) in Self.allMessages() {
            let english = message.english.trimmingCharacters(in: .whitespaces)
            let spanish = message.spanish.trimmingCharacters(in: .whitespaces)
            #expect(!english.isEmpty, "\(name) has no English text")
            // Named in the failure, so a missing translation says which message it is.
            if english == spanish && !Self.sameInBothLanguages.contains(name) {
                Issue.record("\(name) is the same in English and Spanish: '\(english)'")
            }
            #expect(!spanish.isEmpty, "\(name) has no Spanish text")
            #expect(
                LocalizedMessage.placeholders(in: message.english)
                    == LocalizedMessage.placeholders(in: message.spanish),
                "\(name) fills different placeholders in English and Spanish")
        }
    }

    @Test("help and errors take their language from --lang among the arguments, then the environment")
    func preScan() {
        let spanishEnvironment = ["LANG": "es_MX.UTF-8"]
        #expect(Language.preScan(arguments: ["check", "x", "--lang", "es"], environment: [:]) == .spanish)
        #expect(Language.preScan(arguments: ["--lang=es", "system"], environment: [:]) == .spanish)
        #expect(Language.preScan(arguments: ["system", "--lang", "en"], environment: spanishEnvironment) == .english)
        #expect(Language.preScan(arguments: ["system", "--help"], environment: spanishEnvironment) == .spanish)
        #expect(Language.preScan(arguments: ["system"], environment: [:]) == .english)
        // An unknown value leaves the choice to the environment (parsing then rejects it).
        #expect(Language.preScan(arguments: ["system", "--lang", "fr"], environment: spanishEnvironment) == .spanish)
        // `--lang` as the last word, or after `--`, is no choice.
        #expect(Language.preScan(arguments: ["system", "--lang"], environment: [:]) == .english)
        #expect(Language.preScan(arguments: ["check", "--", "--lang", "es"], environment: [:]) == .english)
    }

    @Test("every command takes --lang, and refuses a language canirun does not speak")
    func everyCommandTakesLang() throws {
        for arguments in [
            ["system"], ["recommend"], ["check", "llama3.1:8b"], ["quantize", "7B"], ["estimate", "x.gguf"],
            ["inspect", "x.gguf"], ["scan"], ["gpus"], ["explain"], ["serve"], ["bench", "memory"],
        ] {
            _ = try CanIRun.parseAsRoot(arguments + ["--lang", "es"])
            #expect(throws: (any Error).self, "\(arguments)") { try CanIRun.parseAsRoot(arguments + ["--lang", "fr"]) }
        }
        let system = try #require(try CanIRun.parseAsRoot(["system", "--lang", "es"]) as? CanIRun.System)
        #expect(system.output.language == .spanish)
    }

    /// Words of the English tables and verdicts that must not survive in Spanish output.
    static let englishWords = [
        "quant ", "bits/w", "fits", "max context", "headroom", "memory", "Recommended", "Does not fit", "Run it",
        "partial", "CPU only", "does not fit", "decode at", "runs on", "score", "Best models", "Try:",
        "More on any model", "parameters", "context ", "this machine", "available", "usable", "reserve:",
        "kept for", "cores", "threads", "features", "comfortable", "below the usual", "more than 16 GB", "under 12 GB",
        "free", "entirely on the GPU", "in RAM", "highest-quality", "file sizes are predicted",
    ]

    static func assertNoEnglish(_ text: String, _ what: String) {
        for word in englishWords {
            #expect(!text.contains(word), "English '\(word)' left in the Spanish \(what):\n\(text)")
        }
    }

    @Test("check, recommend and system in Spanish leave no English header or verdict word")
    func spanishTables() throws {
        let machine = try LessonTests.machine(ram: 16 << 30, gpus: ["RTX 3060"])
        let style = Style(enabled: false)

        let system = StringOutputSink()
        SystemRenderer(style: style, language: .spanish).render(machine, to: system)
        Self.assertNoEnglish(system.text, "machine panel")
        #expect(system.text.contains("utilizables"))

        guard case .found(let model, _) = ModelCatalog.embedded.find("llama3.1:8b") else {
            Issue.record("llama3.1:8b is not in the catalog")
            return
        }
        let check = try ModelAdvisor(machine: machine).check(model)
        #expect(check.reasonCode != nil)
        let checkText = StringOutputSink()
        CheckRenderer(style: style, language: .spanish).render(check, machine: machine, to: checkText)
        Self.assertNoEnglish(checkText.text, "check table")
        #expect(checkText.text.contains("Recomendado: "))
        #expect(checkText.text.contains("Cómo ejecutarlo"))
        // The English rendering keeps the core's own sentence for the reason.
        let englishCheck = StringOutputSink()
        CheckRenderer(style: style, language: .english).render(check, machine: machine, to: englishCheck)
        #expect(englishCheck.text.contains(check.reason))

        // A machine too small for a large model: the "does not fit" words and reason.
        let tiny = try LessonTests.machine(ram: 4 << 30, gpus: [])
        if case .found(let large, _) = ModelCatalog.embedded.find("llama-3.3-70b-instruct") {
            let none = try ModelAdvisor(machine: tiny).check(large)
            #expect(none.recommended == nil)
            let noneText = StringOutputSink()
            CheckRenderer(style: style, language: .spanish).render(none, machine: tiny, to: noneText)
            Self.assertNoEnglish(noneText.text, "check table of a model that does not fit")
            #expect(noneText.text.contains("No cabe: ninguna cuantización"))
        }

        let recommend = Recommender(machine: machine).recommend(useCase: nil, limit: 5)
        let recommendText = StringOutputSink()
        RecommendRenderer(style: style, language: .spanish).render(recommend, to: recommendText)
        Self.assertNoEnglish(recommendText.text, "recommend table")
        #expect(recommendText.text.contains("Los mejores modelos para esta máquina"))
        // The formula is matched by its English wording: the core's sentence and the table's must stay the same.
        #expect(recommend.scoring == TableMessage.scoringFormula.message.english)
        #expect(recommendText.text.contains("velocidad (+10 a 40 tok/s"))
    }

    @Test("the machine panel of a what-if machine in Spanish, without colour")
    func spanishPanelSnapshot() throws {
        let machine = try CommandLineTests.machine("this-vm").applying(
            HardwareOverrides(gpuNames: ["RTX 3090", "RTX 3090"], ramBytes: 64 << 30, cpuCores: 8))
        let sink = StringOutputSink()
        SystemRenderer(style: Style(enabled: false), language: .spanish).render(machine, to: sink)
        Self.assertNoEnglish(sink.text, "machine panel")
        #expect(sink.text.contains("máquina hipotética: RAM fijada en 64.0 GiB, 8 núcleos de CPU"))
        try CommandLineTests().assertSnapshot(sink.text, named: "system-es-what-if-2x3090")
    }

    /// A header-only GGUF fixture of the core tests, read with the size its manifest records.
    static func engineFixture(_ name: String) throws -> ModelSpec {
        let folder = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/CanIRunCoreTests/Fixtures/engine")
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.csv"), encoding: .utf8)
        let rows = manifest.components(separatedBy: .newlines).map { $0.components(separatedBy: ",") }
        let row = try #require(rows.first(where: { $0.first == name && $0.count > 4 }), "\(name) not in the manifest")
        let size = try #require(UInt64(row[4]))
        let bytes = [UInt8](try Data(contentsOf: folder.appendingPathComponent(name + ".gguf")))
        return ModelSpec(gguf: try GGUFReader().read(InMemoryByteSource(bytes, name: name, declaredSize: size)))
    }

    @Test("estimate in Spanish: table, bar legend, verdict, savings and speed leave no English word")
    func spanishEstimate() throws {
        let words = [
            "weights", "KV cache", "compute", "overhead", "host", "fits", "partial offload", "layers", "headroom",
            "speed:", "generating", "first token", "To use less memory", "saves", "context ", "instead of",
            "does not fit", " left", "short", "parameters", "all on the GPU", "assumed", "default",
        ]
        let cases: [(String, HardwareSnapshot, RunSettings)] = [
            ("olmoe_1b7b-q4_0", try LessonTests.machine(ram: 32 << 30, gpus: ["RTX 3060"]), RunSettings()),
            ("llama32_1b-q8_0", try LessonTests.machine(ram: 32 << 30, gpus: []), RunSettings()),
            ("llama32_1b-q8_0", try LessonTests.machine(ram: 1 << 30, gpus: []), RunSettings(contextLength: 4096)),
        ]
        for (fixture, machine, settings) in cases {
            let report = try EstimateReport.make(
                model: try Self.engineFixture(fixture), path: fixture + ".gguf", settings: settings, machine: machine,
                planPlacement: true, projector: nil)
            let sink = StringOutputSink()
            EstimateRenderer(style: Style(enabled: false), language: .spanish).render(report, to: sink)
            for word in words {
                #expect(!sink.text.contains(word), "English '\(word)' left in the Spanish estimate:\n\(sink.text)")
            }
            #expect(sink.text.contains("pesos") && sink.text.contains("velocidad: ~"))
        }
    }

    @Test("inspect and scan in Spanish: labels line up and no English label is left")
    func spanishInspectAndScan() throws {
        let report = InspectReport(spec: try Self.engineFixture("olmoe_1b7b-q4_0"), path: "olmoe.gguf")
        let sink = StringOutputSink()
        InspectRenderer(style: Style(enabled: false), language: .spanish).render(report, to: sink)
        for word in [
            "architecture", "parameters", "bits per weight", "layer layout", "KV per token", "tensors", "read ",
        ] {
            #expect(!sink.text.contains(word), "English '\(word)' left in the Spanish inspect:\n\(sink.text)")
        }
        // Every label row puts its value in the same column, counted in characters.
        let labels = ["arquitectura", "parámetros", "archivo", "bits por peso", "contexto"]
        var columns: Set<Int> = []
        for line in sink.text.split(separator: "\n").map(String.init) {
            guard let label = labels.first(where: { line.hasPrefix($0 + " ") }) else { continue }
            let spaces = line.dropFirst(label.count).prefix(while: { $0 == " " }).count
            columns.insert(label.count + spaces)
        }
        #expect(columns.count == 1, "values start at different columns: \(columns)")

        let scan = ModelScanner.scan(
            stores: [ModelStore(kind: "folder", path: "/nowhere", exists: true)], found: [],
            machine: try LessonTests.machine(ram: 16 << 30, gpus: []))
        let scanText = StringOutputSink()
        ScanRenderer(style: Style(enabled: false), language: .spanish).render(scan, to: scanText)
        #expect(scanText.text.contains("Modelos en este disco"))
        #expect(scanText.text.contains("carpeta"))
        #expect(!scanText.text.contains("found") && !scanText.text.contains("No model files"))
    }

    @Test("the recommendation's reason as data words the same sentence the core writes in English")
    func reasonCodeMatchesEnglish() throws {
        for (ram, gpus) in [(16 << 30, ["RTX 3060"]), (64 << 30, [String]()), (8 << 30, ["RTX 3050"])]
            as [(Int64, [String])]
        {
            let machine = try LessonTests.machine(ram: ram, gpus: gpus)
            for id in ["llama3.1:8b", "qwen2.5-7b-instruct"] {
                guard case .found(let model, _) = ModelCatalog.embedded.find(id) else { continue }
                let report = try ModelAdvisor(machine: machine).check(model)
                let code = try #require(report.reasonCode)
                #expect(code.english(hasGPU: !machine.gpus.isEmpty) == report.reason)
            }
        }
    }

    @Test("core sentences of a known form are reworded with their values; others stay as written")
    func templates() {
        #expect(matchTemplate("context {tokens}: the default", "context 4096: the default") == ["tokens": "4096"])
        #expect(matchTemplate("{a} of {b} layers", "3 of 33 layers") == ["a": "3", "b": "33"])
        #expect(matchTemplate("ends with {rest}", "ends with x, y") == ["rest": "x, y"])
        #expect(matchTemplate("context {tokens}: the default", "something else") == nil)
        #expect(matchTemplate("no value", "no value but more") == nil)
        #expect(
            knownSentence("context 8192: llama.cpp's default (-c 0) is the model's training context", in: .spanish)
                == "contexto 8192: el valor por omisión de llama.cpp (-c 0) es el contexto de entrenamiento del modelo")
        #expect(knownSentence("an unknown note", in: .spanish) == "an unknown note")
        let panel = SystemRenderer(style: Style(enabled: false), language: .spanish)
        #expect(
            panel.translatedWarning("Radeon X: not in canirun's GPU database; bandwidth unknown")
                == "Radeon X: no está en la base de datos de GPU de canirun; ancho de banda desconocido")
        #expect(
            panel.translatedWarning(
                "nvidia-smi failed (exit 9): NVML: driver mismatch; NVIDIA GPUs identified from sysfs only")
                == "nvidia-smi falló (salida 9): NVML: driver mismatch; las GPU NVIDIA se identificaron solo con sysfs")
        #expect(CanIRun.GPUs.formFactor("laptop", language: .spanish) == "portátil")
        #expect(CanIRun.GPUs.formFactor("laptop", language: .english) == "laptop")
        #expect(
            SystemRenderer(style: Style(enabled: false), language: .spanish).translatedWarning(
                "what-if machine: RAM set to 16.0 GiB, no GPU") == "máquina hipotética: RAM fijada en 16.0 GiB, sin GPU"
        )
    }

    @Test("network and machine-file errors in Spanish; English keeps the core's own words")
    func failures() {
        let errors: [any Error] = [
            RemoteModelError.accessDenied(resource: "org/m", gated: true, hasToken: false, host: "huggingface.co"),
            RemoteModelError.notFound(resource: "org/m", suggestions: ["org/n"]),
            RemoteModelError.rateLimited(host: "huggingface.co", retryAfterSeconds: 30),
            RemoteModelError.timedOut(host: "huggingface.co"),
            RemoteModelError.offline(resource: "org/m"),
            RemoteModelError.noModelFile(repository: "org/m", wanted: "Q4_K_M", available: []),
            HardwareOverrideError.invalidSnapshot(path: "m.json", reason: "no such file"),
        ]
        for error in errors {
            #expect(FailureMessage.describe(error, language: .english) == error.localizedDescription)
            let spanish = FailureMessage.describe(error, language: .spanish)
            #expect(spanish != error.localizedDescription, "\(error) has no Spanish words")
        }
        #expect(
            FailureMessage.describe(
                RemoteModelError.notFound(resource: "org/m", suggestions: ["org/n"]), language: .spanish)
                == "No se encontró org/m; revisa el nombre y la revisión. ¿Quisiste decir: org/n?")
    }

    @Test("the parser's own words in help and errors are rewritten in Spanish, and left alone in English")
    func parserWords() {
        let help = CanIRun.Estimate.helpMessage(columns: 120)
        #expect(ParserMessage.translate(help, language: .english) == help)
        let spanish = ParserMessage.translate(help, language: .spanish)
        for word in ["OVERVIEW:", "USAGE:", "ARGUMENTS:", "OPTIONS:", "(default:", "Show help information."] {
            #expect(help.contains(word))
            #expect(!spanish.contains(word), "'\(word)' left in the Spanish help")
        }
        #expect(spanish.contains("OPCIONES:") && spanish.contains("(por omisión: 2048)"))
        // The default subcommand's mark is longer in Spanish; the abstracts still start in one column.
        let root = ParserMessage.translate(CanIRun.helpMessage(columns: 120), language: .spanish)
        func abstractColumn(_ start: String) -> Int? {
            guard let line = root.components(separatedBy: "\n").first(where: { $0.hasPrefix(start) }) else {
                return nil
            }
            return start.count + line.dropFirst(start.count).prefix { $0 == " " }.count
        }
        #expect(abstractColumn("  recommend (por omisión)") != nil)
        #expect(abstractColumn("  recommend (por omisión)") == abstractColumn("  check"))
        let error = """
            Error: Unknown option '--buffer'. Did you mean '--batch'?
            Usage: canirun estimate [<options>] <model>
              See 'canirun estimate --help' for more information.
            """
        #expect(
            ParserMessage.translate(error, language: .spanish) == """
                Error: opción desconocida '--buffer'. ¿Quisiste decir '--batch'?
                Uso: canirun estimate [<options>] <model>
                  Consulta 'canirun estimate --help' para más información.
                """)
    }

    @Test("columns line up by characters when Spanish words carry accents")
    func accentedColumns() {
        let table = TextTable(headers: ["contexto máx.", "x"], rows: [["128k", "1"]])
        let lines = table.render().split(separator: "\n").map { Array(String($0)) }
        #expect(lines[0].lastIndex(of: "x") == lines[2].lastIndex(of: "1"))
        #expect(lines[0].count == lines[1].count)
    }

    @Test("the built binary prints the same JSON in both languages, and Spanish text and errors with --lang es")
    func jsonIsTheSameInEveryLanguage() throws {
        let binary = try #require(CommandLineTests.builtBinary(), "canirun binary not built")
        let machine = ["--gpu", "RTX 3060", "--ram", "16GB"]
        for command in [["system"], ["check", "llama3.1:8b"], ["quantize", "7B"]] {
            let english = try CommandLineTests.run(binary, command + machine + ["--json", "--lang", "en"])
            let spanish = try CommandLineTests.run(binary, command + machine + ["--json", "--lang", "es"])
            #expect(english.status == spanish.status, "\(command)")
            #expect(!english.output.isEmpty)
            #expect(english.output == spanish.output, "\(command) JSON differs between languages")
        }
        let text = try CommandLineTests.run(
            binary, ["system"] + machine, environment: ["LANG": "es_AR.UTF-8", "LC_ALL": ""])
        #expect(text.output.contains("esta máquina") || text.output.contains("máquina hipotética"))
        let error = try CommandLineTests.run(binary, ["system", "--ram", "mucha", "--lang", "es"])
        #expect(error.status == 64)
        #expect(error.error.contains("no es un tamaño"))
        #expect(error.error.contains("Uso: canirun system"))
        let help = try CommandLineTests.run(binary, ["check", "--help", "--lang", "es"])
        #expect(help.status == 0)
        #expect(help.output.contains("Ejemplos:") && help.output.contains("OPCIONES:"))
        let english = try CommandLineTests.run(binary, ["system", "--ram", "lots", "--lang", "en"])
        #expect(english.status == 64)
        #expect(english.error.contains("Usage: canirun system"))
        let missing = try CommandLineTests.run(binary, ["check", "lama-3.1-8b-instrct", "--lang", "es"] + machine)
        #expect(missing.status == 3)
        #expect(missing.error.contains("¿Quisiste decir"))
    }
}
