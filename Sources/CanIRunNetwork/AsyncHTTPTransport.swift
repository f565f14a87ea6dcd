import AsyncHTTPClient
import CanIRunCore
import Foundation
import NIOCore
import NIOHTTP1

/// The core's `HTTPTransport` over AsyncHTTPClient (SwiftNIO, TLS from BoringSSL, so the static binary needs no
/// system HTTP library). Redirects are not followed here: `RemoteFetcher` follows them so it can drop credentials
/// when the host changes.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    private let userAgent: String

    init(userAgent: String) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10), read: .seconds(30))
        configuration.decompression = .disabled
        // A refused or unresolvable host is reported at once instead of retried until the request's deadline.
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.userAgent = userAgent
    }

    /// Runs `body` with a transport and shuts the client down afterwards, whatever happens.
    public static func with<Result: Sendable>(
        userAgent: String, _ body: (AsyncHTTPTransport) async throws -> Result
    ) async throws -> Result {
        let transport = AsyncHTTPTransport(userAgent: userAgent)
        do {
            let result = try await body(transport)
            try? await transport.client.shutdown()
            return result
        } catch {
            try? await transport.client.shutdown()
            throw error
        }
    }

    public func send(_ request: CanIRunCore.HTTPRequest, maximumBodyBytes: Int, timeout: Duration) async throws
        -> HTTPResponse
    {
        let host = request.url.host ?? request.url.absoluteString
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .GET
        outgoing.headers.add(name: "user-agent", value: userAgent)
        for (name, value) in request.headers { outgoing.headers.replaceOrAdd(name: name, value: value) }
        let (seconds, attoseconds) = timeout.components
        let deadline = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(outgoing, timeout: deadline)
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { $0 + ", " + value } ?? value
            }
            var body: [UInt8] = []
            for try await chunk in response.body {
                guard body.count + chunk.readableBytes <= maximumBodyBytes else {
                    throw TransportError.bodyTooLarge(limit: maximumBodyBytes)
                }
                body.append(contentsOf: chunk.readableBytesView)
            }
            return HTTPResponse(status: Int(response.status.code), headers: headers, body: body)
        } catch let error as TransportError {
            throw error
        } catch let error as HTTPClientError
            where [.deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout].contains(error)
        {
            throw TransportError.timedOut(host: host)
        } catch {
            // Past the deadline, whatever broke off (a connect that NIO itself gave up on, a cancelled request) is
            // the timeout: on a loaded machine the connection can still be opening when the deadline passes.
            if ContinuousClock.now - started >= timeout { throw TransportError.timedOut(host: host) }
            throw TransportError.unreachable(host: host, reason: Self.describe(error))
        }
    }

    /// A short reason for a connection failure.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectionRefused") || text.contains("Connection refused") { return "connection refused" }
        if text.lowercased().contains("dns") || text.contains("lookup") { return "the name does not resolve" }
        return text.count > 160 ? String(text.prefix(160)) + "…" : text
    }
}
