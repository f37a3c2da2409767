import Hummingbird
import Model
import Store

/// `POST /api/analytics/track` and `POST /api/analytics/track/batch`: read, validate, queue for
/// the writer, answer once committed.
struct TrackingHandlers: Sendable {
    let writer: EventWriter
    let maxSingleBodyBytes: Int
    let maxBatchBodyBytes: Int
    let maxBatchEvents: Int
    /// Batch requests being read, decoded or committed at once (memory bound); others wait.
    let batchSlots: AsyncSlots
    /// How many refused events a 422 lists (the count is always complete).
    static let listedFailures = 100

    func track(_ request: Request, context: IngestRequestContext) async throws(IngestError) -> Response {
        _ = try BodyFormat.of(request, allowNDJSON: false)
        let body = try await RequestBodyReader.read(request, context: context, limit: maxSingleBodyBytes)
        let receivedAt = Clock.nowMilliseconds()
        let decoded: Result<TrackedEvent, EventValidationError> = body.withUnsafeReadableBytes { raw in
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            do throws(EventValidationError) {
                return .success(try EventDecoder().decode(bytes, receivedAt: receivedAt))
            } catch {
                return .failure(error)
            }
        }
        let event: TrackedEvent
        switch decoded {
        case .success(let value): event = value
        case .failure(let error): throw IngestError(error)
        }
        switch await writer.submit([event], bytes: body.readableBytes) {
        case .success(let ids):
            return JSONResponse.make(.ok, #"{"success":true,"message":"Event tracked successfully","id":\#(ids[0])}"#)
        case .failure(let error):
            throw IngestError(error)
        }
    }

    func trackBatch(_ request: Request, context: IngestRequestContext) async throws(IngestError) -> Response {
        let format = try BodyFormat.of(request, allowNDJSON: true)
        return try await batchSlots.withSlot { () async throws(IngestError) -> Response in
            try await trackBatch(request, context: context, format: format)
        }
    }

    private func trackBatch(_ request: Request, context: IngestRequestContext, format: BodyFormat) async throws(IngestError) -> Response {
        let body = try await RequestBodyReader.read(request, context: context, limit: maxBatchBodyBytes)
        let parser = BatchParser(maxEvents: maxBatchEvents, receivedAt: Clock.nowMilliseconds())
        let outcome = body.withUnsafeReadableBytes { raw in
            parser.parse(raw.assumingMemoryBound(to: UInt8.self), format: format)
        }
        let events: [TrackedEvent]
        switch outcome {
        case .events(let parsed):
            events = parsed
        case .malformed(let problem):
            throw IngestError(.badRequest, problem)
        case .tooMany:
            throw IngestError(.contentTooLarge, "a batch holds at most \(maxBatchEvents) events")
        case .invalid(let failures, let total):
            throw Self.refusal(failures, total: total)
        }
        guard !events.isEmpty else {
            throw IngestError(.unprocessableContent, "the batch holds no events")
        }
        switch await writer.submit(events, bytes: body.readableBytes) {
        case .success(let ids):
            var json = #"{"success":true,"message":"Events tracked successfully","count":\#(ids.count),"ids":["#
            json.reserveCapacity(json.utf8.count + ids.count * 9 + 2)
            for (index, id) in ids.enumerated() {
                if index > 0 { json += "," }
                json += String(id)
            }
            json += "]}"
            return JSONResponse.make(.ok, json)
        case .failure(let error):
            throw IngestError(error)
        }
    }

    /// 400 when any event is unreadable JSON, else 422; lists each bad event (up to
    /// ``listedFailures``) by index, field and reason.
    static func refusal(_ failures: [BatchParser.Failure], total: Int) -> IngestError {
        let malformed = failures.contains { $0.error.isMalformed }
        var list = "\"errors\":["
        for (position, failure) in failures.prefix(listedFailures).enumerated() {
            if position > 0 { list += "," }
            list += "{\"index\":\(failure.index)"
            if let line = failure.line { list += ",\"line\":\(line)" }
            if let field = failure.error.field { list += ",\"field\":" + JSONObjectWriter.quote(field) }
            list += ",\"detail\":" + JSONObjectWriter.quote(failure.error.message) + "}"
        }
        list += "],\"invalid\":\(failures.count),\"total\":\(total)"
        let noun = total == 1 ? "event" : "events"
        let detail = "\(failures.count) of \(total) \(noun) invalid; nothing was stored"
        return IngestError(malformed ? .badRequest : .unprocessableContent, detail, extraMembers: list)
    }
}
