import Hummingbird

/// CORS for a configured list of origins (`*` allows any). Off unless origins are configured;
/// the original service allowed every origin.
struct CORSOriginMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>
    var allowsAny: Bool { origins.contains("*") }

    init(origins: [String]) {
        self.origins = Set(origins)
    }

    func allowedOrigin(_ request: Request) -> String? {
        guard let origin = request.headers[.origin], origin != "null" else { return nil }
        if allowsAny { return "*" }
        return origins.contains(origin) ? origin : nil
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let allowed = allowedOrigin(request) else { return try await next(request, context) }
        if request.method == .options {
            var headers: HTTPFields = [
                .accessControlAllowOrigin: allowed,
                .accessControlAllowMethods: "GET, POST, OPTIONS",
                .accessControlAllowHeaders: "Authorization, Content-Type",
                .accessControlMaxAge: "600",
            ]
            if !allowsAny { headers[.vary] = "Origin" }
            return Response(status: .noContent, headers: headers)
        }
        do {
            var response = try await next(request, context)
            response.headers[.accessControlAllowOrigin] = allowed
            if !allowsAny { response.headers[values: .vary].append("Origin") }
            return response
        } catch let error as IngestError {
            var error = error
            error.headers[.accessControlAllowOrigin] = allowed
            if !allowsAny { error.headers[.vary] = "Origin" }
            throw error
        }
    }
}
