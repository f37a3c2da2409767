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
        guard let header = request.headers.onlyValue(.contentType) else { return .json }
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
    /// before reading when the client sent one), or 408 when a part of it arrives after the
    /// context's body deadline (a client trickling its body in; one that sends nothing at all is
    /// closed by the connection's idle timeout).
    static func read(_ request: Request, context: IngestRequestContext, limit: Int) async throws(IngestError) -> ByteBuffer {
        var tooLarge: IngestError { IngestError(.contentTooLarge, "request body larger than \(limit) bytes") }
        if let length = request.headers.onlyValue(.contentLength).flatMap({ Int($0) }), length > limit {
            throw tooLarge
        }
        var collected: ByteBuffer?
        do {
            for try await part in request.body {
                if let deadline = context.bodyDeadline, ContinuousClock.now > deadline {
                    throw IngestError(.requestTimeout, "the request body did not arrive in time")
                }
                guard var buffer = collected else {
                    guard part.readableBytes <= limit else { throw tooLarge }
                    collected = part  // the common case: the whole body in one part, not copied
                    continue
                }
                guard buffer.readableBytes + part.readableBytes <= limit else { throw tooLarge }
                collected = nil  // keeps `buffer` uniquely referenced while it grows
                var chunk = part
                buffer.writeBuffer(&chunk)
                collected = buffer
            }
        } catch let error as IngestError {
            throw error
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge
        } catch {
            throw IngestError(.badRequest, "could not read the request body: \(error)")
        }
        return collected ?? ByteBuffer()
    }
}
