/// Memory figures from Linux `/proc/meminfo`, in bytes.
public struct ParsedMeminfo: Sendable, Equatable {
    public var totalBytes: Int64?
    public var availableBytes: Int64?
    public var freeBytes: Int64?
    public var buffersBytes: Int64?
    public var cachedBytes: Int64?
    public var swapTotalBytes: Int64?
    public var swapFreeBytes: Int64?

    /// MemAvailable, or on kernels before 3.14 the classic free + buffers + cached.
    public var bestAvailableBytes: Int64? {
        if let availableBytes { return availableBytes }
        guard let freeBytes else { return nil }
        return freeBytes + (buffersBytes ?? 0) + (cachedBytes ?? 0)
    }
}

public enum MeminfoParser {
    public static func parse(_ text: String) -> ParsedMeminfo {
        var result = ParsedMeminfo()
        for line in text.lines() {
            guard let (key, value) = String(line).splitKeyValue(separator: ":") else { continue }
            let words = value.split(separator: " ")
            guard let first = words.first, let number = Int64(first), number >= 0 else { continue }
            let multiplier: Int64 = words.count > 1 && words[1].lowercased() == "kb" ? 1024 : 1
            let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { continue }
            switch key {
            case "MemTotal": result.totalBytes = bytes
            case "MemAvailable": result.availableBytes = bytes
            case "MemFree": result.freeBytes = bytes
            case "Buffers": result.buffersBytes = bytes
            case "Cached": result.cachedBytes = bytes
            case "SwapTotal": result.swapTotalBytes = bytes
            case "SwapFree": result.swapFreeBytes = bytes
            default: break
            }
        }
        return result
    }
}

/// A cgroup memory limit and current usage (v2 `memory.max`/`memory.current`, v1 `memory.limit_in_bytes`/
/// `memory.usage_in_bytes`).
public struct CgroupMemory: Sendable, Equatable {
    public var limitBytes: Int64?
    public var usageBytes: Int64?
    public var version: Int
}

public enum CgroupParser {
    /// v1 reports "no limit" as a page-aligned value near Int64.max; anything above 2^60 means unlimited.
    static let unlimitedThreshold: Int64 = 1 << 60

    /// Parses a limit file: `max` (v2, unlimited), a byte count, or garbage (nil).
    public static func parseLimit(_ text: String) -> Int64? {
        let trimmed = text.trimmingWhitespace()
        guard trimmed != "max", let value = Int64(trimmed), value > 0, value < unlimitedThreshold else {
            return nil
        }
        return value
    }

    public static func parseUsage(_ text: String) -> Int64? {
        guard let value = Int64(text.trimmingWhitespace()), value >= 0 else { return nil }
        return value
    }
}
