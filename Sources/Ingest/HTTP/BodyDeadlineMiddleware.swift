import Hummingbird

/// Gives every request a deadline for its body, counted from its arrival: a client that trickles
/// a body in (slowloris) gets 408 instead of holding a connection, and a batch slot, for as
/// long as it likes. ``RequestBodyReader`` checks it as each part of the body arrives.
struct BodyDeadlineMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyDeadline = context.arrival + timeout
        return try await next(request, context)
    }
}
