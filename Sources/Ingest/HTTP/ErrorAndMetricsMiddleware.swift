import Hummingbird
import Logging

/// Outermost middleware: answers every error as FastAPI-style JSON (`{"detail": ...}`), counts
/// each answer by route and status, and records the latency of the tracking routes.
struct ErrorAndMetricsMiddleware: RouterMiddleware {
    typealias Context = IngestRequestContext
    let metrics: IngestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await next(request, context)
        } catch let error as IngestError {
            response = try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            let status = error.status
            let detail = status == .notFound ? "Not Found" : status.reasonPhrase
            response = try IngestError(status, detail).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(error)"])
            response = try IngestError(.internalServerError, "Internal Server Error").response(
                from: request, context: context)
        }
        let route = context.endpointPath ?? "unmatched"
        metrics.countRequest(route: route, status: response.status.code)
        if route.hasPrefix("/api/analytics/track") {
            metrics.recordLatency(route: route, nanoseconds: (ContinuousClock.now - context.arrival).nanoseconds)
        }
        return response
    }
}
