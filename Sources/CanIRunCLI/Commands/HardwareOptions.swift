import ArgumentParser
import CanIRunCore
import Foundation

/// The what-if flags every command that judges against a machine takes.
struct HardwareOptions: ParsableArguments {
    @Option(
        name: .customLong("gpu"),
        help: ArgumentHelp(
            HelpMessage.gpuOption.text(.current),
            valueName: "name"))
    var gpuNames: [String] = []

    @Option(help: ArgumentHelp(HelpMessage.vramOption.text(.current), valueName: "size"))
    var vram: String?

    @Option(help: ArgumentHelp(HelpMessage.ramOption.text(.current), valueName: "size"))
    var ram: String?

    @Option(
        name: .customLong("cpu-cores"), help: ArgumentHelp(HelpMessage.cpuCoresOption.text(.current), valueName: "n"))
    var cpuCores: Int?

    @Option(
        name: .customLong("hardware"),
        help: ArgumentHelp(HelpMessage.hardwareOption.text(.current), valueName: "file"))
    var hardwareFile: String?

    func validate() throws {
        if let vram, parseByteCount(vram, memoryUnits: true) == nil {
            throw ValidationError(ErrorMessage.badVRAM.text(.current, ["value": vram]))
        }
        if let ram, parseByteCount(ram, memoryUnits: true) == nil {
            throw ValidationError(ErrorMessage.badRAM.text(.current, ["value": ram]))
        }
        if let cpuCores, cpuCores < 1 || cpuCores > 4096 {
            throw ValidationError(ErrorMessage.badCPUCores.text(.current))
        }
        for name in gpuNames where name.lowercased() != "none" && GPUDatabase.embedded.match(name: name) == nil {
            let suggestions = GPUDatabase.embedded.suggestions(for: name, limit: 3).map(\.name)
            let hint =
                suggestions.isEmpty
                ? "" : ErrorMessage.didYouMean.text(.current, ["names": suggestions.joined(separator: ", ")])
            throw ValidationError(ErrorMessage.unknownGPU.text(.current, ["name": name, "hint": hint]))
        }
    }

    var overrides: HardwareOverrides {
        HardwareOverrides(
            gpuNames: gpuNames, vramBytes: vram.flatMap { parseByteCount($0, memoryUnits: true) }?.bytes,
            ramBytes: ram.flatMap { parseByteCount($0, memoryUnits: true) }?.bytes, cpuCores: cpuCores)
    }

    /// The detected machine with the memory that the local Ollama server's loaded models hold counted as usable
    /// (`HardwareSnapshot.releasing`), for the commands that judge models. Loaded or what-if machines are left alone.
    func resolveMachineIncludingOllama() async throws -> HardwareSnapshot {
        let machine = try resolveMachine()
        guard hardwareFile == nil, gpuNames.isEmpty, vram == nil, ram == nil else { return machine }
        return machine.releasing(await LocalOllama.runningModels())
    }

    /// This machine as detected, with the memory of Ollama's loaded models counted as usable.
    static func detectedIncludingOllama() async throws -> HardwareSnapshot {
        HardwareDetection.defaultProbe().probe().releasing(await LocalOllama.runningModels())
    }

    /// The machine to judge against: detected (or loaded), then what-if changes applied.
    func resolveMachine(probe: () -> HardwareSnapshot = { HardwareDetection.defaultProbe().probe() }) throws
        -> HardwareSnapshot
    {
        do {
            let base: HardwareSnapshot
            if let hardwareFile {
                guard let data = FileManager.default.contents(atPath: hardwareFile) else {
                    throw HardwareOverrideError.invalidSnapshot(path: hardwareFile, reason: "no such file")
                }
                base = try HardwareSnapshot.load(jsonData: data, path: hardwareFile)
            } else {
                base = probe()
            }
            return try base.applying(overrides)
        } catch let error as HardwareOverrideError {
            throw failure(FailureMessage.describe(error, language: .current), code: ExitCodes.unreadable)
        }
    }
}

/// `--json`, `--no-color` and `--lang`, shared by every command.
struct OutputOptions: ParsableArguments {
    @Flag(help: ArgumentHelp(HelpMessage.jsonFlag.text(.current)))
    var json = false

    @Flag(name: .customLong("no-color"), help: ArgumentHelp(HelpMessage.noColorFlag.text(.current)))
    var noColor = false

    @OptionGroup var languageOption: LanguageOptions

    /// The language of the text output; JSON is the same in every language.
    var language: Language { languageOption.language }
}

/// `--lang`: the language of human-readable text. Every command takes it.
struct LanguageOptions: ParsableArguments {
    @Option(help: ArgumentHelp(HelpMessage.langOption.text(.current), valueName: "en|es"))
    var lang: String?

    func validate() throws {
        if let lang, Language(code: lang) == nil {
            throw ValidationError(ErrorMessage.badLanguage.text(.current))
        }
    }

    /// `--lang` when given, else LC_ALL, LC_MESSAGES or LANG.
    var language: Language { Language.resolve(flag: lang) }
}
