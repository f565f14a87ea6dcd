extension StringProtocol {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Splits into lines on `\n`, dropping `\r`.
    func lines() -> [Substring] {
        split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? Substring(line.dropLast()) : Substring(line)
        }
    }
}

extension String {
    /// Splits `key: value` (or `key = value`) at the first separator; nil when there is none.
    func splitKeyValue(separator: Character) -> (key: String, value: String)? {
        guard let index = firstIndex(of: separator) else { return nil }
        let key = self[..<index].trimmingWhitespace()
        let value = self[self.index(after: index)...].trimmingWhitespace()
        return (key, value)
    }
}

extension String {
    /// Substring search over UTF-8 bytes: cheaper than Foundation's `contains` on hot paths.
    func containsBytes(_ needle: StaticString) -> Bool {
        containsUTF8(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
    }

    /// Substring search over UTF-8 bytes for non-literal needles (Foundation's `contains` is slow on Linux).
    func containsSubstring(_ needle: String) -> Bool {
        Array(needle.utf8).withUnsafeBufferPointer { containsUTF8($0) }
    }

    /// Prefix test over UTF-8 bytes (as C's `strncmp` does it): cheaper than `hasPrefix` on hot paths.
    func hasBytesPrefix(_ prefix: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        return withUTF8Bytes { bytes in bytes.count >= pattern.count && Self.bytes(bytes, at: 0, equal: pattern) }
    }

    /// Suffix test over UTF-8 bytes: cheaper than `hasSuffix` on hot paths.
    func hasBytesSuffix(_ suffix: StaticString) -> Bool {
        let pattern = UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount)
        return withUTF8Bytes { bytes in
            bytes.count >= pattern.count && Self.bytes(bytes, at: bytes.count - pattern.count, equal: pattern)
        }
    }

    private func containsUTF8(_ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = pattern.first else { return true }
        return withUTF8Bytes { haystack -> Bool in
            var start = 0
            while start + pattern.count <= haystack.count {
                if haystack[start] == first && Self.bytes(haystack, at: start, equal: pattern) { return true }
                start += 1
            }
            return false
        }
    }

    /// Whether `bytes` holds `pattern` at `offset` (the caller checks that it fits).
    private static func bytes(
        _ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, equal pattern: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        var index = 0
        while index < pattern.count && bytes[offset + index] == pattern[index] { index += 1 }
        return index == pattern.count
    }

    /// The string's UTF-8 bytes in place (native strings are contiguous; a bridged one is copied once).
    private func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(utf8).withUnsafeBufferPointer(body)
    }
}
