import Hummingbird

/// Requires `Authorization: Bearer <token>` on the routes it guards; the comparison takes the
/// same time whatever the first differing byte.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]

    init(token: String) {
        expected = Array(token.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], let presented = Self.bearerToken(header),
            Self.constantTimeEquals(Array(presented.utf8), expected)
        else {
            let detail = request.headers[.authorization] == nil ? "missing bearer token" : "invalid bearer token"
            throw IngestError(.unauthorized, detail, field: "Authorization", headers: [.wwwAuthenticate: "Bearer"])
        }
        return try await next(request, context)
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), or nil.
    static func bearerToken(_ header: String) -> Substring? {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        let token = trimmed.dropFirst(7).drop { $0 == " " }
        return token.isEmpty ? nil : token
    }

    /// Equal bytes, compared in time that depends only on the lengths.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt64(a.count ^ b.count)
        let count = max(a.count, b.count)
        for index in 0..<count {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= UInt64(x ^ y)
        }
        return difference == 0
    }
}
