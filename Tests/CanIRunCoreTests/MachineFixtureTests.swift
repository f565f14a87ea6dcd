import Foundation
import Testing

@testable import CanIRunCore

/// Replays captured probe output of many machine kinds through the real probes.
@Suite("Hardware detection on captured machines")
struct MachineFixtureTests {
    static let machinesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/machines")

    static var machineNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: machinesFolder.path)) ?? []).sorted()
    }

    struct Expected: Decodable {
        struct CPU: Decodable {
            var model: String?
            var vendor: String?
            var architecture: String?
            var sockets: Int?
            var physicalCores: Int?
            var logicalCores: Int?
            var performanceCores: Int?
            var efficiencyCores: Int?
            var features: [String]
        }
        struct Memory: Decodable {
            var totalBytes: Int64?
            var availableBytes: Int64?
            var swapTotalBytes: Int64?
            var containerLimitBytes: Int64?
        }
        struct GPU: Decodable {
            var name: String?
            var vendor: String?
            var memoryTotalBytes: Int64?
            var memoryFreeBytes: Int64?
            var computeCapability: String?
            var pciID: String?
            var unifiedMemory: Bool?
        }
        var cpu: CPU
        var memory: Memory
        var gpus: [GPU]
    }

    static func snapshot(machine: String) -> HardwareSnapshot {
        let folder = machinesFolder.appendingPathComponent(machine)
        let darwin = folder.appendingPathComponent("darwin")
        if FileManager.default.fileExists(atPath: darwin.appendingPathComponent("sysctl.txt").path) {
            func text(_ name: String) -> String? {
                try? String(contentsOf: darwin.appendingPathComponent(name), encoding: .utf8)
            }
            return DarwinSnapshotBuilder.build(
                sysctl: SysctlParser.parse(text("sysctl.txt") ?? ""), vmStat: text("vm_stat.txt"),
                displaysJSON: text("system_profiler-displays.json"), metalWorkingSetBytes: nil)
        }
        let probe = LinuxHardwareProbe(
            files: RootedFileReader(root: folder.appendingPathComponent("root").path),
            commands: FixtureCommandRunner(folder: folder.appendingPathComponent("commands")),
            database: .embedded, commandTimeoutSeconds: 1)
        return probe.probe()
    }

    @Test("at least 12 kinds of machine are captured")
    func enoughMachines() {
        #expect(Self.machineNames.count >= 12)
    }

    @Test("each captured machine is detected as its expected.json says", arguments: machineNames)
    func matchesExpectation(machine: String) throws {
        let data = try Data(contentsOf: Self.machinesFolder.appendingPathComponent("\(machine)/expected.json"))
        let expected = try JSONDecoder().decode(Expected.self, from: data)
        let snapshot = Self.snapshot(machine: machine)

        if let model = expected.cpu.model { #expect(snapshot.cpu.model == model) }
        if let vendor = expected.cpu.vendor { #expect(snapshot.cpu.vendor == vendor) }
        if let architecture = expected.cpu.architecture { #expect(snapshot.cpu.architecture == architecture) }
        if let sockets = expected.cpu.sockets { #expect(snapshot.cpu.sockets == sockets) }
        if let physical = expected.cpu.physicalCores { #expect(snapshot.cpu.physicalCores == physical) }
        if let logical = expected.cpu.logicalCores { #expect(snapshot.cpu.logicalCores == logical) }
        if let performance = expected.cpu.performanceCores { #expect(snapshot.cpu.performanceCores == performance) }
        if let efficiency = expected.cpu.efficiencyCores { #expect(snapshot.cpu.efficiencyCores == efficiency) }
        for feature in expected.cpu.features {
            #expect(snapshot.cpu.features.contains(feature), "missing feature \(feature)")
        }

        if let total = expected.memory.totalBytes {
            #expect(snapshot.memory.totalBytes == (expected.memory.containerLimitBytes ?? total))
        }
        if let limit = expected.memory.containerLimitBytes {
            #expect(snapshot.memory.containerLimitBytes == limit)
            #expect(snapshot.memory.availableBytes <= limit)
        } else if let available = expected.memory.availableBytes {
            #expect(snapshot.memory.availableBytes == available)
        }
        if let swap = expected.memory.swapTotalBytes { #expect(snapshot.memory.swapTotalBytes == swap) }
        #expect(snapshot.memory.usableBytes <= snapshot.memory.availableBytes)

        #expect(snapshot.gpus.count == expected.gpus.count, "GPUs: \(snapshot.gpus.map(\.name))")
        for (gpu, want) in zip(snapshot.gpus, expected.gpus) {
            if let name = want.name { #expect(gpu.name == name) }
            if let vendor = want.vendor { #expect(gpu.vendor.rawValue == vendor) }
            if let total = want.memoryTotalBytes { #expect(gpu.memoryTotalBytes == total, "\(gpu.name) total") }
            if let free = want.memoryFreeBytes { #expect(gpu.memoryFreeBytes == free, "\(gpu.name) free") }
            if let capability = want.computeCapability { #expect(gpu.computeCapability == capability) }
            if let pciID = want.pciID { #expect(gpu.pciID == pciID) }
            if let unified = want.unifiedMemory { #expect(gpu.unifiedMemory == unified) }
            #expect(gpu.usableBytes <= gpu.memoryTotalBytes)
        }
    }

    @Test("a failing nvidia-smi leaves a warning that names the failure")
    func failingNvidiaSMI() {
        let failed = Self.snapshot(machine: "nvidia-smi-driver-failed")
        #expect(failed.warnings.contains { $0.contains("nvidia-smi failed") })
        let old = Self.snapshot(machine: "nvidia-smi-old-driver")
        #expect(old.warnings.contains { $0.contains("nvidia-smi failed") })
    }

    @Test("a hanging nvidia-smi is abandoned at the time limit with a warning")
    func hangingNvidiaSMI() {
        let probe = LinuxHardwareProbe(
            files: RootedFileReader(root: Self.machinesFolder.appendingPathComponent("this-vm/root").path),
            commands: HangingCommandRunner(), database: .embedded, commandTimeoutSeconds: 0.2)
        let snapshot = probe.probe()
        #expect(snapshot.warnings.contains { $0.contains("did not answer") })
        #expect(snapshot.cpu.logicalCores > 0)
    }

    @Test("a real hanging command is killed at its time limit")
    func processTimeout() throws {
        let runner = ProcessCommandRunner()
        let start = ContinuousClock.now
        let result = try #require(runner.run("sleep", arguments: ["30"], timeoutSeconds: 0.3))
        #expect(result.timedOut)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(runner.run("canirun-no-such-command", arguments: [], timeoutSeconds: 1) == nil)
    }

    @Test("unreadable and garbled files still give a report with warnings")
    func garbledFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("canirun-garbled-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("proc"), withIntermediateDirectories: true)
        try Data([0xFF, 0xFE, 0x00, 0x41]).write(to: root.appendingPathComponent("proc/cpuinfo"))
        try "MemTotal: lots kB\nnonsense".write(
            to: root.appendingPathComponent("proc/meminfo"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: root) }
        let snapshot = LinuxHardwareProbe(
            files: RootedFileReader(root: root.path),
            commands: FixtureCommandRunner(folder: root.appendingPathComponent("none")),
            database: .embedded
        ).probe()
        #expect(snapshot.cpu.logicalCores >= 1)
        #expect(snapshot.warnings.count >= 2)
    }
}

/// Answers `nvidia-smi` from captured files: `nvidia-smi.txt` (stdout), `nvidia-smi.exit`, `nvidia-smi.stderr`.
/// No folder: the command is not installed.
struct FixtureCommandRunner: CommandRunner {
    var folder: URL

    func run(_ command: String, arguments: [String], timeoutSeconds: Double) -> CommandResult? {
        let output = folder.appendingPathComponent("\(command).txt")
        guard FileManager.default.fileExists(atPath: output.path) else { return nil }
        func text(_ suffix: String) -> String? {
            try? String(contentsOf: folder.appendingPathComponent("\(command).\(suffix)"), encoding: .utf8)
        }
        let exit = text("exit").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        return CommandResult(exitCode: exit, standardOutput: text("txt") ?? "", standardError: text("stderr") ?? "")
    }
}

/// Stands for an nvidia-smi stuck in the driver: it only ever times out.
struct HangingCommandRunner: CommandRunner {
    func run(_ command: String, arguments: [String], timeoutSeconds: Double) -> CommandResult? {
        CommandResult(exitCode: -1, standardOutput: "", standardError: "", timedOut: true)
    }
}
