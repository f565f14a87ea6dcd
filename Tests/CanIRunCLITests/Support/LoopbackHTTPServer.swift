import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the loopback server saw it.
struct RecordedRequest: Sendable {
    var method: String
    /// Path and query.
    var uri: String
    /// Header names in lower case.
    var headers: [String: String]

    var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
}

/// What the loopback server answers.
struct ServedResponse: Sendable {
    var status: Int
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    /// Wait this long before answering (slow servers, timeouts).
    var delay: Duration = .zero

    static func json(_ text: String, status: Int = 200) -> ServedResponse {
        ServedResponse(status: status, headers: ["content-type": "application/json"], body: Array(text.utf8))
    }

    static func redirect(to location: String, status: Int = 302) -> ServedResponse {
        ServedResponse(status: status, headers: ["location": location])
    }

    /// A file served the way real file servers and CDNs do: `Range: bytes=first-last` (or `first-`) gives 206 with
    /// `Content-Range: bytes first-last/total`; a range past the end gives 416; no Range gives 200 and everything.
    static func file(_ bytes: [UInt8], for request: RecordedRequest) -> ServedResponse {
        guard let range = request.headers["range"] else { return ServedResponse(status: 200, body: bytes) }
        let spec = range.replacingOccurrences(of: "bytes=", with: "")
        let bounds = spec.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard bounds.count == 2, let first = bounds[0], first >= 0 else { return ServedResponse(status: 400) }
        guard first < bytes.count else {
            return ServedResponse(status: 416, headers: ["content-range": "bytes */\(bytes.count)"])
        }
        let last = min(bytes.count - 1, bounds[1] ?? (bytes.count - 1))
        guard last >= first else { return ServedResponse(status: 416) }
        return ServedResponse(
            status: 206, headers: ["content-range": "bytes \(first)-\(last)/\(bytes.count)"],
            body: Array(bytes[first...last]))
    }
}

/// A real HTTP/1.1 server on 127.0.0.1 (SwiftNIO), answering every request with `handler`. Tests start one, point the
/// code under test at `baseURL`, and read back what it was asked.
final class LoopbackHTTPServer: @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`; the channel is set once in `start`.
    typealias Handler = @Sendable (RecordedRequest) -> ServedResponse

    private let group: MultiThreadedEventLoopGroup
    private var channel: (any Channel)?
    private let lock = NSLock()
    private var recorded: [RecordedRequest] = []
    let handler: Handler

    private init(handler: @escaping Handler) {
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.handler = handler
    }

    static func start(handler: @escaping Handler) async throws -> LoopbackHTTPServer {
        let server = LoopbackHTTPServer(handler: handler)
        let bootstrap = ServerBootstrap(group: server.group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(RequestHandler(server: server))
                }
            }
        server.channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        return server
    }

    var baseURL: URL {
        URL(string: "http://127.0.0.1:\(channel?.localAddress?.port ?? 0)") ?? URL(fileURLWithPath: "/")
    }

    var requests: [RecordedRequest] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    fileprivate func record(_ request: RecordedRequest) {
        lock.lock()
        recorded.append(request)
        lock.unlock()
    }

    func stop() async {
        try? await channel?.close()
        try? await group.shutdownGracefully()
    }

    /// Runs `body` with a started server and stops it afterwards.
    static func with<Result>(
        handler: @escaping Handler, _ body: (LoopbackHTTPServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(handler: handler)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

private final class RequestHandler: ChannelInboundHandler, @unchecked Sendable {
    // @unchecked: NIO calls a handler on its channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: LoopbackHTTPServer
    var head: HTTPRequestHead?

    init(server: LoopbackHTTPServer) {
        self.server = server
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let request = RecordedRequest(method: "\(head.method)", uri: head.uri, headers: headers)
            server.record(request)
            let response = server.handler(request)
            let keepAlive = head.isKeepAlive
            let (seconds, attoseconds) = response.delay.components
            let delay = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                let (handler, context) = loopBound.value
                handler.write(response, keepAlive: keepAlive, context: context)
            }
            self.head = nil
        }
    }

    private func write(_ response: ServedResponse, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
