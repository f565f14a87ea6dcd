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

    private func containsUTF8(_ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !pattern.isEmpty else { return true }
        // Native strings are contiguous; a bridged one is copied once.
        let contiguous = utf8.withContiguousStorageIfAvailable { _ in true } ?? false
        let native = contiguous ? self : String(decoding: Array(utf8), as: UTF8.self)
        return native.utf8.withContiguousStorageIfAvailable { haystack -> Bool in
            guard haystack.count >= pattern.count else { return false }
            var index = 0
            while index <= haystack.count - pattern.count {
                var offset = 0
                while offset < pattern.count && haystack[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count { return true }
                index += 1
            }
            return false
        } ?? false
    }
}
