/// How the writer groups and bounds its work.
public struct WriterLimits: Sendable, Hashable {
    /// Most events in one transaction. A single submission larger than this (a batch request)
    /// still commits whole, alone.
    public var maxCommitEvents = 8_192
    /// How long a commit may wait for more requests to join it after the first one queued. Zero
    /// commits as soon as the previous commit ends (requests that arrived meanwhile join it).
    public var maxCommitDelay: Duration = .zero
    /// Most events queued and not yet committed; beyond it requests get 503 + Retry-After.
    public var queueCapacity = 50_000
    /// Most bytes of event text queued; bounds memory whatever the event sizes.
    public var queueCapacityBytes = 64 << 20

    public init() {}
}
