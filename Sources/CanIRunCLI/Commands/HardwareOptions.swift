import ArgumentParser
import CanIRunCore
import Foundation

/// The what-if flags every command that judges against a machine takes.
struct HardwareOptions: ParsableArguments {
    @Option(
        name: .customLong("gpu"),
        help: ArgumentHelp(
            "Plan for this GPU instead of the detected ones (repeatable; `none` for no GPU).",
            valueName: "name"))
    var gpuNames: [String] = []

    @Option(help: ArgumentHelp("VRAM per GPU, e.g. 24GB (memory sizes are binary: 24GB = 24 GiB).", valueName: "size"))
    var vram: String?

    @Option(help: ArgumentHelp("System RAM, e.g. 32GB (= 32 GiB, as RAM is sold).", valueName: "size"))
    var ram: String?

    @Option(name: .customLong("cpu-cores"), help: ArgumentHelp("CPU cores.", valueName: "n"))
    var cpuCores: Int?

    @Option(
        name: .customLong("hardware"),
        help: ArgumentHelp("Load a machine saved with `canirun system --json`.", valueName: "file"))
    var hardwareFile: String?

    func validate() throws {
        if let vram, parseByteCount(vram, memoryUnits: true) == nil {
            throw ValidationError("--vram '\(vram)' is not a size; try 24GB or 16GiB.")
        }
        if let ram, parseByteCount(ram, memoryUnits: true) == nil {
            throw ValidationError("--ram '\(ram)' is not a size; try 32GB or 64GiB.")
        }
        if let cpuCores, cpuCores < 1 || cpuCores > 4096 {
            throw ValidationError("--cpu-cores must be between 1 and 4096.")
        }
        for name in gpuNames where name.lowercased() != "none" && GPUDatabase.embedded.match(name: name) == nil {
            let suggestions = GPUDatabase.embedded.suggestions(for: name, limit: 3).map(\.name)
            let hint = suggestions.isEmpty ? "" : " Did you mean: \(suggestions.joined(separator: ", "))?"
            throw ValidationError("Unknown GPU '\(name)'.\(hint) List them with `canirun gpus`.")
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
            throw failure(error.localizedDescription, code: ExitCodes.unreadable)
        }
    }
}

/// `--json`, shared by every command.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .customLong("no-color"), help: "Never colour the output (colour is used only on a terminal).")
    var noColor = false
}
