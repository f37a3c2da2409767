import Hummingbird
import Model

/// An error answered as JSON in FastAPI's shape: `{"detail": "...", "field": "..."}`, with any
/// extra members (the per-event list of a refused batch) after them.
struct IngestError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var detail: String
    var field: String?
    var headers: HTTPFields = [:]
    /// Extra JSON members, already rendered (`"errors":[...]`), appended to the object.
    var extraMembers: String?

    init(
        _ status: HTTPResponse.Status, _ detail: String, field: String? = nil, headers: HTTPFields = [:],
        extraMembers: String? = nil
    ) {
        self.status = status
        self.detail = detail
        self.field = field
        self.headers = headers
        self.extraMembers = extraMembers
    }

    /// 400 for unreadable JSON, 422 for a broken rule of SPEC §2.
    init(_ error: EventValidationError) {
        self.init(error.isMalformed ? .badRequest : .unprocessableContent, error.message, field: error.field)
    }

    /// 503 with `Retry-After`.
    init(_ error: WriterError) {
        switch error {
        case .saturated, .shuttingDown:
            self.init(.serviceUnavailable, error.description, headers: [.retryAfter: "1"])
        case .storeFailed:
            self.init(.serviceUnavailable, error.description, headers: [.retryAfter: "5"])
        }
    }

    var json: String {
        var text = "{\"detail\":" + JSONObjectWriter.quote(detail)
        if let field { text += ",\"field\":" + JSONObjectWriter.quote(field) }
        if let extraMembers { text += "," + extraMembers }
        return text + "}"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(status, json)
        response.headers.append(contentsOf: headers)
        return response
    }
}

/// JSON responses without Codable (they are built tens of thousands of times a second).
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ json: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
