import Dispatch
import Foundation

/// This machine's memory read bandwidth, as `canirun bench memory` measured it.
public struct MeasuredBandwidth: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    /// Median of the repeats, bytes per second.
    public var bytesPerSecond: Double
    /// The slowest and fastest repeat: a wide spread means a busy or throttling machine.
    public var minBytesPerSecond: Double
    public var maxBytesPerSecond: Double
    public var repeats: Int
    public var threads: Int
    public var bufferBytes: Int64
    /// ISO 8601 date of the measurement.
    public var date: String
    /// The CPU it was measured on; an estimate uses the figure only on the same CPU.
    public var cpuModel: String

    public init(
        bytesPerSecond: Double, minBytesPerSecond: Double, maxBytesPerSecond: Double, repeats: Int, threads: Int,
        bufferBytes: Int64, date: String, cpuModel: String
    ) {
        schemaVersion = Self.currentSchemaVersion
        self.bytesPerSecond = bytesPerSecond
        self.minBytesPerSecond = minBytesPerSecond
        self.maxBytesPerSecond = maxBytesPerSecond
        self.repeats = repeats
        self.threads = threads
        self.bufferBytes = bufferBytes
        self.date = date
        self.cpuModel = cpuModel
    }

    /// (max − min) ÷ median.
    public var spread: Double { bytesPerSecond > 0 ? (maxBytesPerSecond - minBytesPerSecond) / bytesPerSecond : 0 }
}

/// Streaming-read bandwidth with every core: each thread sums its own slice of a buffer much larger than the
/// caches; one pass over the whole buffer is one repeat; the median repeat is the result.
public enum MemoryBandwidthBenchmark {
    /// Measures until `timeLimit` seconds are used (at least 3 repeats after one warm-up pass).
    /// `bufferBytes` should be several times the last-level cache (the default, 512 MiB, is for any current CPU).
    public static func measure(
        threads: Int = ProcessInfo.processInfo.activeProcessorCount, bufferBytes: Int = 512 << 20,
        maxRepeats: Int = 9, timeLimit: Double = 1.8, cpuModel: String = "unknown", date: Date = Date()
    ) -> MeasuredBandwidth {
        let threadCount = max(1, threads)
        let lanes = 8  // 8 × UInt64 = 64 bytes per step
        let words = max(bufferBytes / 8 / (threadCount * lanes), 1) * threadCount * lanes
        let buffer = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        defer { buffer.deallocate() }
        // Write every page first so the reads hit real memory, not the shared zero page.
        for index in stride(from: 0, to: words, by: 1) { buffer[index] = UInt64(truncatingIfNeeded: index) }
        let perThread = words / threadCount
        let sink = UnsafeMutablePointer<UInt64>.allocate(capacity: threadCount)
        defer { sink.deallocate() }
        // Addresses travel as integers: raw pointers are not Sendable, and each thread touches only its own slice.
        let baseAddress = Int(bitPattern: buffer)
        let sinkAddress = Int(bitPattern: sink)

        func pass() -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            DispatchQueue.concurrentPerform(iterations: threadCount) { thread in
                guard let base = UnsafePointer<UInt64>(bitPattern: baseAddress),
                    let results = UnsafeMutablePointer<UInt64>(bitPattern: sinkAddress)
                else { return }
                results[thread] = sumSlice(base + thread * perThread, count: perThread)
            }
            let end = DispatchTime.now().uptimeNanoseconds
            return Double(words * 8) / (Double(max(1, end - start)) / 1e9)
        }

        let clockStart = DispatchTime.now().uptimeNanoseconds
        _ = pass()  // warm-up: threads started, TLB filled
        var samples: [Double] = []
        while samples.count < maxRepeats {
            samples.append(pass())
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
            if samples.count >= 3 && elapsed > timeLimit { break }
        }
        let sorted = samples.sorted()
        let median =
            sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        let formatter = ISO8601DateFormatter()
        return MeasuredBandwidth(
            bytesPerSecond: median, minBytesPerSecond: sorted.first ?? 0, maxBytesPerSecond: sorted.last ?? 0,
            repeats: samples.count, threads: threadCount, bufferBytes: Int64(words * 8),
            date: formatter.string(from: date), cpuModel: cpuModel)
    }

    /// Sums 8 independent lanes so the loads are not serialised by one dependency chain. Optimised even in debug
    /// builds, so a debug binary measures the memory and not the unoptimised loop.
    @inline(never) @_optimize(speed)
    static func sumSlice(_ start: UnsafePointer<UInt64>, count: Int) -> UInt64 {
        var a0: UInt64 = 0, a1: UInt64 = 0, a2: UInt64 = 0, a3: UInt64 = 0
        var a4: UInt64 = 0, a5: UInt64 = 0, a6: UInt64 = 0, a7: UInt64 = 0
        var index = 0
        while index + 8 <= count {
            a0 &+= start[index]; a1 &+= start[index + 1]; a2 &+= start[index + 2]; a3 &+= start[index + 3]
            a4 &+= start[index + 4]; a5 &+= start[index + 5]; a6 &+= start[index + 6]; a7 &+= start[index + 7]
            index += 8
        }
        return a0 &+ a1 &+ a2 &+ a3 &+ a4 &+ a5 &+ a6 &+ a7
    }
}

/// Where `canirun bench memory` keeps its result: `$XDG_CACHE_HOME/canirun/bandwidth.json`, else
/// `~/.cache/canirun/bandwidth.json`.
public enum BandwidthCache {
    public static func fileURL(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        home: String = NSHomeDirectory()
    ) -> URL {
        let cacheRoot: String
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            cacheRoot = xdg
        } else {
            cacheRoot = (environment["HOME"] ?? home) + "/.cache"
        }
        return URL(fileURLWithPath: cacheRoot).appendingPathComponent("canirun/bandwidth.json")
    }

    /// The saved measurement, or nil when there is none or it cannot be read.
    public static func decode(_ data: Data) -> MeasuredBandwidth? {
        guard let value = try? JSONDecoder().decode(MeasuredBandwidth.self, from: data),
            value.schemaVersion == MeasuredBandwidth.currentSchemaVersion, value.bytesPerSecond > 0
        else { return nil }
        return value
    }

    public static func load(from url: URL = fileURL()) -> MeasuredBandwidth? {
        guard let data = try? Data(contentsOf: url) else { return nil }
        return decode(data)
    }

    public static func encode(_ value: MeasuredBandwidth) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(value)
    }

    public static func save(_ value: MeasuredBandwidth, to url: URL = fileURL()) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encode(value).write(to: url, options: .atomic)
    }
}
