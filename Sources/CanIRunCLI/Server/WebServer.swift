import CanIRunCore
import Foundation
import Hummingbird

/// `canirun serve`: the page and the JSON API on one Hummingbird router. Everything is served from the binary;
/// nothing is fetched from elsewhere.
enum WebServer {
    static func router(api: WebAPI) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/") { _, _ in
            html(WebPage.html)
        }
        router.get("/api/v1/system") { request, _ in
            try await answer { try api.system(query(request)) }
        }
        router.get("/api/v1/recommend") { request, _ in
            try await answer { try await api.recommend(query(request)) }
        }
        router.get("/api/v1/check/:model") { request, context in
            let model = context.parameters.get("model") ?? ""
            return try await answer { try api.check(model.removingPercentEncoding ?? model, query(request)) }
        }
        router.get("/api/v1/estimate") { request, _ in
            try await answer { try api.estimate(query(request)) }
        }
        router.get("/api/v1/gpus") { _, _ in
            try await answer { try api.gpus() }
        }
        router.get("/api/v1/explain") { request, _ in
            try await answer { try api.explain(query(request)) }
        }
        return router
    }

    /// Query parameters with repeated keys kept (`gpu=a&gpu=b`).
    static func query(_ request: Request) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (key, value) in request.uri.queryParameters {
            let name = String(key).removingPercentEncoding ?? String(key)
            let text = String(value).replacingOccurrences(of: "+", with: " ")
            result[name, default: []].append(text.removingPercentEncoding ?? text)
        }
        return result
    }

    static func html(_ text: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func answer(_ body: () async throws -> String) async throws -> Response {
        do {
            return json(try await body())
        } catch let failure as WebAPI.Failure {
            return errorResponse(failure)
        }
    }

    static func errorResponse(_ failure: WebAPI.Failure) -> Response {
        let message = (try? JSONOutput.encode(["error": failure.message])) ?? "{}"
        return json(message, status: .init(code: failure.status))
    }
}
