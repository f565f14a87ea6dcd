import ArgumentParser
import Foundation
import Testing

@testable import CanIRunCLI
@testable import CanIRunCore

@Suite("Command line")
struct CommandLineTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let machines = repositoryRoot.appendingPathComponent("Tests/CanIRunCoreTests/Fixtures/machines")
    static let snapshots = repositoryRoot.appendingPathComponent("Tests/CanIRunCLITests/Snapshots")

    static func machine(_ name: String) -> HardwareSnapshot {
        let folder = machines.appendingPathComponent(name)
        return LinuxHardwareProbe(
            files: RootedFileReader(root: folder.appendingPathComponent("root").path),
            commands: NoCommands(), database: .embedded
        ).probe()
    }

    /// Compares with a committed snapshot; set CANIRUN_UPDATE_SNAPSHOTS=1 to rewrite them.
    func assertSnapshot(_ text: String, named name: String) throws {
        let file = Self.snapshots.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["CANIRUN_UPDATE_SNAPSHOTS"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(text == expected, "snapshot \(name) differs")
    }

    @Test("estimate's flags also take llama.cpp's own spellings, so a llama.cpp command line can be pasted")
    func llamaCppSpellings() throws {
        let options = try RunOptions.parse([
            "-c", "4096", "-ngl", "20", "-fa", "on", "-ctk", "q8_0", "-ctv", "q4_0", "-ub", "256", "-np", "2",
            "-kvu", "-nkvo", "-nr", "-cmoe", "-ts", "3,1",
        ])
        #expect(options.context == 4096 && options.gpuLayers == "20" && options.flashAttention == "on")
        #expect(options.cacheTypeK == "q8_0" && options.cacheTypeV == "q4_0")
        #expect(options.ubatch == 256 && options.parallel == 2 && options.kvUnified && options.noKVOffload)
        #expect(options.noRepack && options.cpuMoE && options.tensorSplit == "3,1")
        let long = try RunOptions.parse(["--n-gpu-layers", "99", "--flash-attn", "off", "--ubatch-size", "128"])
        #expect(long.gpuLayers == "99" && long.flashAttention == "off" && long.ubatch == 128)
    }

    @Test("the machine panel of a captured container machine, without colour")
    func systemPanel() throws {
        let sink = StringOutputSink()
        SystemRenderer(style: Style(enabled: false)).render(Self.machine("container-cgroup-v1"), to: sink)
        #expect(!sink.text.contains("\u{1B}["))
        #expect(sink.text.contains("container limit"))
        try assertSnapshot(sink.text, named: "system-container-cgroup-v1")
    }

    @Test("a what-if machine with two GPUs and 64 GB RAM")
    func whatIfPanel() throws {
        let base = Self.machine("this-vm")
        let machine = try base.applying(HardwareOverrides(gpuNames: ["RTX 3090", "RTX 3090"], ramBytes: 64 << 30))
        #expect(machine.gpus.count == 2)
        #expect(machine.memory.totalBytes == 64 << 30)
        #expect(machine.gpus.allSatisfy { $0.usableBytes == 23 << 30 })
        let sink = StringOutputSink()
        SystemRenderer(style: Style(enabled: false)).render(machine, to: sink)
        try assertSnapshot(sink.text, named: "system-what-if-2x3090")
    }

    @Test("the lesson's RAM and VRAM scales")
    func lessonScale() {
        let style = Style(enabled: false)
        #expect(SystemRenderer.ramScale(totalBytes: 8 << 30, style: style).contains("below the usual 16 GB minimum"))
        #expect(SystemRenderer.ramScale(totalBytes: 32 << 30, style: style).contains("comfortable"))
        #expect(SystemRenderer.ramScale(totalBytes: 128 << 30, style: style).contains("ideal"))
        func gpu(_ gib: Int64) -> GPUDevice {
            GPUDevice(
                index: 0, name: "x", vendor: .nvidia, backend: .cuda, memoryTotalBytes: gib << 30, memoryFreeBytes: nil,
                unifiedMemory: false)
        }
        #expect(SystemRenderer.vramScale(gpu: gpu(8), style: style).contains("under 12 GB"))
        #expect(SystemRenderer.vramScale(gpu: gpu(16), style: style).contains("12–16 GB"))
        #expect(SystemRenderer.vramScale(gpu: gpu(24), style: style).contains("more than 16 GB"))
    }

    @Test("bad flags fail validation with exit code 64 and a message naming the flag")
    func badFlags() {
        let cases: [([String], String)] = [
            (["system", "--ram", "lots"], "--ram"),
            (["system", "--gpu", "RTX 9999 Ultra"], "'RTX 9999 Ultra'"),
            (["estimate", "x.gguf", "--ubatch", "4096", "--batch", "512"], "--ubatch"),
            (["estimate", "x.gguf", "--cache-type-k", "q3_k"], "--cache-type-k"),
            (["estimate", "x.gguf", "--flash-attention", "maybe"], "--flash-attention"),
            (["estimate", "x.gguf", "--gpu-layers", "-3"], "--gpu-layers"),
        ]
        for (arguments, needle) in cases {
            do {
                _ = try CanIRun.parseAsRoot(arguments)
                Issue.record("\(arguments) parsed")
            } catch {
                #expect(CanIRun.exitCode(for: error).rawValue == 64, "\(arguments)")
                #expect(CanIRun.message(for: error).contains(needle), "\(arguments): \(CanIRun.message(for: error))")
            }
        }
    }

    @Test("help texts carry examples")
    func helpHasExamples() {
        for command in ["system", "inspect", "estimate", "gpus"] {
            let help = CanIRun.helpMessage(for: CanIRun.self, columns: 120)
            // Help follows the language of the process running the tests.
            #expect(help.contains(Language.current == .spanish ? "Ejemplos" : "Examples"))
            #expect(help.contains(command))
        }
        #expect(CanIRun.Estimate.helpMessage(columns: 120).contains("canirun estimate model.gguf --context 8192"))
    }

    @Test("the built binary: JSON on stdout, exit codes for unreadable input and bad usage")
    func endToEnd() throws {
        let binary = try #require(Self.builtBinary(), "canirun binary not built")
        let json = try Self.run(binary, ["system", "--json", "--gpu", "none", "--ram", "16GB"])
        #expect(json.status == 0)
        let decoded = try JSONDecoder().decode(HardwareSnapshot.self, from: Data(json.output.utf8))
        #expect(decoded.schemaVersion == 1)
        #expect(decoded.memory.totalBytes == 16 << 30)
        let missing = try Self.run(binary, ["inspect", "/no/such/model.gguf"])
        #expect(missing.status == 1)
        #expect(missing.error.contains("no such file"))
        let usage = try Self.run(binary, ["estimate"])
        #expect(usage.status == 64)
    }

    static func builtBinary() -> URL? {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("canirun"),
            Bundle.main.bundleURL.appendingPathComponent("canirun"),
            repositoryRoot.appendingPathComponent(".build/debug/canirun"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }

    static func run(_ binary: URL, _ arguments: [String], environment extra: [String: String] = [:]) throws -> (
        status: Int32, output: String, error: String
    ) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        // English unless a test asks for another language: the tests read the binary's words.
        environment["LC_ALL"] = nil
        environment["LC_MESSAGES"] = nil
        environment["LANG"] = "C.UTF-8"
        environment.merge(extra) { $1 }
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outputData, as: UTF8.self),
            String(decoding: errorData, as: UTF8.self)
        )
    }
}

/// No external tools at all.
struct NoCommands: CommandRunner {
    func run(_ command: String, arguments: [String], timeoutSeconds: Double) -> CommandResult? { nil }
}
