import Foundation

/// Reads a remote file's header with Range requests that grow until the parser has what it needs: the parser runs on
/// the bytes fetched so far, and when it reaches past them (`ByteSourceError.notFetched`) the next range is fetched
/// (at least doubling what is held) and the parse starts again. A header costs about its own size in bytes, whatever
/// the file's size.
public struct RemoteHeaderReader: Sendable {
    public var fetcher: RemoteFetcher
    public var limits: ParsingLimits

    public init(fetcher: RemoteFetcher, limits: ParsingLimits = .standard) {
        self.fetcher = fetcher
        self.limits = limits
    }

    /// First request: 1 MiB covers most GGUF headers with vocabularies up to ~100k tokens (a 150k vocabulary
    /// header measured 1.7 MB) and every safetensors header seen so far.
    public static let initialBytes: UInt64 = 1 << 20

    /// The parsed header and the bytes fetched for it.
    public func read<Header>(
        _ request: HTTPRequest, resource: String, name: String, knownSize: UInt64? = nil,
        initialBytes: UInt64 = RemoteHeaderReader.initialBytes,
        parse: (any ByteSource) throws -> Header
    ) async throws -> (header: Header, bytesFetched: UInt64, fileSize: UInt64) {
        var fileSize = knownSize
        var held: [UInt8] = []
        var wanted = knownSize.map { min($0, initialBytes) } ?? initialBytes
        // The readers refuse headers over `maximumHeaderBytes`; a little more leaves room for their read-ahead.
        let ceiling = limits.maximumHeaderBytes + (8 << 20)
        while true {
            if wanted > UInt64(held.count) {
                let (bytes, total) = try await fetcher.getRange(
                    request, UInt64(held.count)..<wanted, resource: resource, freshness: .seconds(7 * 86_400))
                if fileSize == nil { fileSize = total }
                guard !bytes.isEmpty else {
                    throw RemoteModelError.badResponse(
                        resource: resource, reason: "no bytes came back for \(name) from byte \(held.count)")
                }
                held += bytes
                if let size = fileSize, wanted > size { wanted = size }
            }
            let size = fileSize ?? UInt64(held.count)
            do {
                let header = try parse(PrefixByteSource(prefix: held, fileSize: size, name: name))
                return (header, UInt64(held.count), size)
            } catch ByteSourceError.notFetched(_, let upTo) {
                let next = min(size, max(upTo, UInt64(held.count) * 2))
                guard next > UInt64(held.count), next <= ceiling else {
                    throw RemoteModelError.badResponse(
                        resource: resource, reason: "the header of \(name) does not end within \(ceiling) bytes")
                }
                wanted = next
            }
        }
    }
}
