import Foundation

/// Reads small text files of the system (`/proc`, `/sys`) under a root folder, so tests can point the probe
/// at a captured tree.
public protocol SystemFileReader: Sendable {
    /// The file's text, or nil when it is missing, unreadable, not UTF-8 or larger than `maximumBytes`.
    func readText(_ path: String, maximumBytes: Int) -> String?
    /// Names in a folder, or nil when it is missing.
    func listDirectory(_ path: String) -> [String]?
}

extension SystemFileReader {
    public func readText(_ path: String) -> String? { readText(path, maximumBytes: 4 << 20) }
}

/// Reads files below `root` (`/` for the real machine).
public struct RootedFileReader: SystemFileReader {
    public let root: String

    public init(root: String = "/") { self.root = root }

    func resolve(_ path: String) -> String {
        root == "/" ? path : (root.hasSuffix("/") ? String(root.dropLast()) : root) + path
    }

    public func readText(_ path: String, maximumBytes: Int) -> String? {
        guard let handle = FileHandle(forReadingAtPath: resolve(path)) else { return nil }
        defer { try? handle.close() }
        // sysfs files report a size of 4096 whatever they hold, so read up to the cap instead of trusting it.
        guard let data = try? handle.read(upToCount: maximumBytes + 1), data.count <= maximumBytes else {
            return nil
        }
        return String(data: data, encoding: .utf8)
    }

    public func listDirectory(_ path: String) -> [String]? {
        try? FileManager.default.contentsOfDirectory(atPath: resolve(path)).sorted()
    }
}

/// The outcome of running a command.
public struct CommandResult: Sendable, Equatable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String
    public var timedOut: Bool

    public init(exitCode: Int32, standardOutput: String, standardError: String, timedOut: Bool = false) {
        self.exitCode = exitCode
        self.standardOutput = standardOutput
        self.standardError = standardError
        self.timedOut = timedOut
    }
}

/// Runs external tools (nvidia-smi, system_profiler) with a time limit.
public protocol CommandRunner: Sendable {
    /// Runs `command` (looked up on PATH) and returns its result, or nil when the command is not installed.
    func run(_ command: String, arguments: [String], timeoutSeconds: Double) -> CommandResult?
}

/// Runs commands as child processes. A command that outlives its time limit is terminated, then killed;
/// the caller gets a `timedOut` result at the deadline even if the child cannot be reaped (a hung driver).
public struct ProcessCommandRunner: CommandRunner {
    public let searchPath: [String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let path = environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        searchPath = path.split(separator: ":").map(String.init)
    }

    public func locate(_ command: String) -> String? {
        if command.contains("/") { return FileManager.default.isExecutableFile(atPath: command) ? command : nil }
        for folder in searchPath {
            let candidate = folder + "/" + command
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func run(_ command: String, arguments: [String], timeoutSeconds: Double) -> CommandResult? {
        guard let executable = locate(command) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = FileHandle.nullDevice

        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (pipe, isError) in [(outputPipe, false), (errorPipe, true)] {
            group.enter()
            let handle = pipe.fileHandleForReading
            DispatchQueue.global().async {
                let data = handle.readDataToEndOfFile()
                collected.store(data, isError: isError)
                group.leave()
            }
        }
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return CommandResult(exitCode: 127, standardOutput: "", standardError: "\(error)")
        }
        if exited.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            if exited.wait(timeout: .now() + 0.5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
            }
            return CommandResult(exitCode: -1, standardOutput: "", standardError: "", timedOut: true)
        }
        _ = group.wait(timeout: .now() + 1)
        let (output, error) = collected.snapshot()
        return CommandResult(exitCode: process.terminationStatus, standardOutput: output, standardError: error)
    }
}

/// Output gathered from two reader threads.
/// `@unchecked Sendable`: every access goes through `lock`.
private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var output = Data()
    private var error = Data()

    func store(_ data: Data, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isError { error = data } else { output = data }
    }

    func snapshot() -> (String, String) {
        lock.lock()
        defer { lock.unlock() }
        return (String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }
}

/// Detects the hardware of one kind of system.
public protocol HardwareProbe: Sendable {
    func probe() -> HardwareSnapshot
}
