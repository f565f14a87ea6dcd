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
    /// Fills `destination` from `offset` (less only at the end of the file) and returns the count read. Readers
    /// use it to refill one buffer they keep, instead of a fresh array per read.
    func read(offset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    public func read(offset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        let bytes = try read(offset: offset, count: destination.count)
        destination.copyBytes(from: bytes)
        return bytes.count
    }
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

/// Growable byte storage for header parsing: the parser reads file bytes straight into its free tail and drops
/// what it has consumed from the front, so a parse allocates once, not once per read.
public final class ReadBuffer {
    private var storage = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    public private(set) var count = 0

    public init() {}

    deinit { storage.deallocate() }

    /// The bytes held.
    var bytes: UnsafeRawBufferPointer {
        count == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: storage[0..<count])
    }

    func removeAll() { count = 0 }

    /// Drops the first `n` bytes, moving the rest to the front.
    func removeFirst(_ n: Int) {
        let kept = count - n
        if kept > 0, let base = storage.baseAddress { memmove(base, base + n, kept) }
        count = max(0, kept)
    }

    /// Room for `n` more bytes after the held ones (growing the storage if needed), to be filled and then counted
    /// with `commit`.
    func reserveTail(_ n: Int) -> UnsafeMutableRawBufferPointer {
        if count + n > storage.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(
                byteCount: max(count + n, storage.count * 2), alignment: 16)
            if count > 0, let old = storage.baseAddress, let new = grown.baseAddress { memcpy(new, old, count) }
            storage.deallocate()
            storage = grown
        }
        return UnsafeMutableRawBufferPointer(rebasing: storage[count..<count + n])
    }

    func commit(_ n: Int) { count += n }
}

/// A read buffer handed from one header parse to the next, so a scan of many files does not allocate (and have the
/// kernel zero) megabytes per file. Not thread-safe: one per thread of work.
public final class ReadScratch {
    var buffer: ReadBuffer?

    public init() {}

    func take() -> ReadBuffer {
        defer { buffer = nil }
        return buffer ?? ReadBuffer()
    }

    func give(_ returned: ReadBuffer) {
        buffer = returned
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

    public func read(offset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = destination.baseAddress, destination.count > 0, offset < size else { return 0 }
        let wanted = Int(min(UInt64(destination.count), size - offset))
        var done = 0
        while done < wanted {
            let result = pread(handle.fileDescriptor, base + done, wanted - done, off_t(offset) + off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                throw ByteSourceError.readFailed(name: name, offset: offset, reason: String(cString: strerror(errno)))
            }
            if result == 0 { break }
            done += result
        }
        return done
    }

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
