public import Hummingbird

/// The request context of the daemon: Hummingbird's core storage plus the moment the request
/// arrived (for the latency histogram and the body's deadline).
public struct IngestRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    let arrival: ContinuousClock.Instant
    /// When the body must have arrived whole (``BodyDeadlineMiddleware``); nil = no deadline.
    var bodyDeadline: ContinuousClock.Instant?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        arrival = .now
    }

    /// Bodies are read with each route's own limit; this is only Hummingbird's ceiling.
    public var maxUploadSize: Int { 16 << 20 }
}
