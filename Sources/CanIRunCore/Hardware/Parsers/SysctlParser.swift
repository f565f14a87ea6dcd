/// Parses `sysctl` output (`name: value` per line, as `sysctl -a` or `sysctl k1 k2` prints it on macOS).
public enum SysctlParser {
    public static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.lines() {
            let string = String(line)
            // macOS prints `name: value`; BSD-style `name = value` is accepted too.
            if let (key, value) = string.splitKeyValue(separator: ":"), !key.contains(" ") {
                values[key] = value
            } else if let (key, value) = string.splitKeyValue(separator: "="), !key.contains(" ") {
                values[key] = value
            }
        }
        return values
    }

    /// `vm.swapusage: total = 2048.00M  used = 1024.00M  free = 1024.00M  (encrypted)` → (total, free) bytes.
    public static func parseSwapUsage(_ value: String) -> (total: Int64, free: Int64)? {
        func field(_ name: String) -> Int64? {
            guard let range = value.range(of: name + " = ") else { return nil }
            let rest = value[range.upperBound...]
            let token = rest.prefix { !$0.isWhitespace }
            return parseByteCount(String(token))?.bytes
        }
        guard let total = field("total"), let free = field("free") else { return nil }
        return (total, free)
    }
}

/// Parses macOS `vm_stat` output into page counts.
public enum VMStatParser {
    public struct Result: Sendable, Equatable {
        public var pageSize: Int64
        public var pages: [String: Int64]

        /// Free, inactive and speculative pages can be handed to a new program without swapping out active
        /// memory: canirun's "available" on macOS. (Purgeable pages are left out: they are counted inside
        /// the active and inactive pages already.)
        public var availableBytes: Int64? {
            guard let free = pages["Pages free"] else { return nil }
            let reclaimable = (pages["Pages inactive"] ?? 0) + (pages["Pages speculative"] ?? 0)
            return (free + reclaimable) * pageSize
        }
    }

    public static func parse(_ text: String) -> Result {
        var pageSize: Int64 = 16_384
        var pages: [String: Int64] = [:]
        for line in text.lines() {
            let string = String(line)
            if string.hasPrefix("Mach Virtual Memory Statistics"), let range = string.range(of: "page size of ") {
                let digits = string[range.upperBound...].prefix { $0.isNumber }
                if let size = Int64(digits), size > 0, size <= 1 << 20 { pageSize = size }
                continue
            }
            guard let (key, value) = string.splitKeyValue(separator: ":") else { continue }
            let digits = value.filter(\.isNumber)
            if let count = Int64(digits), count >= 0, count < 1 << 40 { pages[key] = count }
        }
        return Result(pageSize: pageSize, pages: pages)
    }
}
