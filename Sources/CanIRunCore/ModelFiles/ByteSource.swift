import Foundation

/// Random access to the bytes of a model file: a local file, bytes in memory, or (later) HTTP Range requests.
/// Readers fetch only the byte ranges they need, so a header costs the same whatever the file's size.
public protocol ByteSource: Sendable {
    /// Total size of the file in bytes.
    var size: UInt64 { get }
    /// A name for error messages (a path or a URL).
    var name: String { get }
    /// Up to `count` bytes starting at `offset` (fewer only at the end of the file).
    func read(offset: UInt64, count: Int) throws -> [UInt8]
}

public enum ByteSourceError: Error, Equatable, LocalizedError {
    case cannotOpen(path: String, reason: String)
    case readFailed(name: String, offset: UInt64, reason: String)
    /// A remote file's bytes up to `upTo` are needed but not fetched yet (see `PrefixByteSource`); the remote reader
    /// fetches more and parses again. Never reaches the user.
    case notFetched(name: String, upTo: UInt64)

    public var errorDescription: String? {
        switch self {
        case .cannotOpen(let path, let reason): "Cannot open \(path): \(reason)."
        case .readFailed(let name, let offset, let reason): "Reading \(name) at byte \(offset) failed: \(reason)."
        case .notFetched(let name, let upTo): "\(name): bytes up to \(upTo) were not fetched."
        }
    }
}

/// Bytes held in memory (tests, fuzzing, small files).
public struct InMemoryByteSource: ByteSource {
    public let bytes: [UInt8]
    public let name: String
    /// The size to report; larger than `bytes.count` for a header-only copy of a bigger file.
    public let size: UInt64

    public init(_ bytes: [UInt8], name: String = "(memory)", declaredSize: UInt64? = nil) {
        self.bytes = bytes
        self.name = name
        self.size = max(declaredSize ?? UInt64(bytes.count), UInt64(bytes.count))
    }

    public func read(offset: UInt64, count: Int) throws -> [UInt8] {
        guard offset < UInt64(bytes.count), count > 0 else { return [] }
        let start = Int(offset)
        let end = min(bytes.count, start + count)
        return Array(bytes[start..<end])
    }
}

/// The first bytes of a larger remote file. Reads inside the prefix are answered; a read that reaches past it (but not
/// past the file's end) throws `ByteSourceError.notFetched` so the caller can fetch more and parse again.
public struct PrefixByteSource: ByteSource {
    public let prefix: [UInt8]
    public let name: String
    public let size: UInt64

    public init(prefix: [UInt8], fileSize: UInt64, name: String) {
        self.prefix = prefix
        self.size = max(fileSize, UInt64(prefix.count))
        self.name = name
    }

    public func read(offset: UInt64, count: Int) throws -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let (requestedEnd, overflow) = offset.addingReportingOverflow(UInt64(count))
        let end = overflow ? size : min(size, requestedEnd)
        if end > UInt64(prefix.count) { throw ByteSourceError.notFetched(name: name, upTo: end) }
        return Array(prefix[Int(offset)..<Int(end)])
    }
}

/// A local file, read with positioned reads.
public final class FileByteSource: ByteSource {
    public let name: String
    public let size: UInt64
    private let handle: FileHandle

    public init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ByteSourceError.cannotOpen(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw ByteSourceError.cannotOpen(path: path, reason: "it is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ByteSourceError.cannotOpen(path: path, reason: "permission denied or unreadable")
        }
        self.handle = handle
        self.name = path
        do {
            self.size = try handle.seekToEnd()
        } catch {
            throw ByteSourceError.cannotOpen(path: path, reason: "cannot determine its size")
        }
    }

    deinit { try? handle.close() }

    public func read(offset: UInt64, count: Int) throws -> [UInt8] {
        guard count > 0, offset < size else { return [] }
        let wanted = Int(min(UInt64(count), size - offset))
        let descriptor = handle.fileDescriptor
        var failure: Int32 = 0
        // Positioned reads straight into the result: no seek state, no intermediate Data.
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
            var done = 0
            guard let base = buffer.baseAddress else {
                initialized = 0
                return
            }
            while done < wanted {
                let result = pread(descriptor, base + done, wanted - done, off_t(offset) + off_t(done))
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    break
                }
                if result == 0 { break }
                done += result
            }
            initialized = done
        }
        if failure != 0 {
            throw ByteSourceError.readFailed(name: name, offset: offset, reason: String(cString: strerror(failure)))
        }
        return bytes
    }
}

// `FileHandle` is not Sendable; it is only used for its descriptor, read with positioned `pread`, which
// keeps no shared file position, so concurrent reads are safe.
extension FileByteSource: @unchecked Sendable {}
