import Foundation
import Hummingbird
import NIOCore

/// What a tracking request's `Content-Type` says the body is.
enum BodyFormat: Equatable {
    /// `application/json` (or any `+json` type), or no `Content-Type` at all, as FastAPI read it.
    case json
    /// `application/x-ndjson` (also `application/ndjson`, `application/jsonl`, `application/x-jsonlines`).
    case ndjson

    /// The format, or 415 naming what was sent and what is accepted.
    static func of(_ request: Request, allowNDJSON: Bool) throws(IngestError) -> BodyFormat {
        guard let header = request.headers[.contentType] else { return .json }
        if header == "application/json" { return .json }  // the common case, without parsing
        let mediaType = header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if mediaType == "application/json" || mediaType.hasSuffix("+json") || mediaType.isEmpty {
            return .json
        }
        if allowNDJSON && ndjsonTypes.contains(mediaType) { return .ndjson }
        let accepted = allowNDJSON ? "application/json or application/x-ndjson" : "application/json"
        throw IngestError(
            .unsupportedMediaType, "unsupported Content-Type \"\(header)\"; send \(accepted)", field: "Content-Type")
    }

    static let ndjsonTypes: Set<String> = [
        "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines",
        "application/jsonlines",
    ]
}

enum RequestBodyReader {
    /// The whole body, or 413 when it is larger than `limit` (refused from `Content-Length`
    /// before reading when the client sent one).
    static func read(_ request: Request, limit: Int) async throws(IngestError) -> ByteBuffer {
        let tooLarge = IngestError(.contentTooLarge, "request body larger than \(limit) bytes")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw tooLarge
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        } catch {
            throw IngestError(.badRequest, "could not read the request body: \(error)")
        }
    }
}
