import Hummingbird
import NIOCore

/// A rendered read answer: its bytes, or a ``SpooledFile`` streamed in pieces.
struct CachedAnswer: Sendable {
    enum Body: Sendable {
        case bytes(ByteBuffer)
        case file(SpooledFile)
    }

    var status: HTTPResponse.Status = .ok
    var contentType: String
    var disposition: String?
    var body: Body

    init(status: HTTPResponse.Status = .ok, contentType: String, disposition: String? = nil, body: ByteBuffer) {
        self.init(status: status, contentType: contentType, disposition: disposition, body: .bytes(body))
    }

    init(status: HTTPResponse.Status = .ok, contentType: String, disposition: String? = nil, body: Body) {
        self.status = status
        self.contentType = contentType
        self.disposition = disposition
        self.body = body
    }

    /// The bytes the cache would hold (nil for a spooled answer, which it never keeps).
    var memoryBytes: Int? {
        guard case .bytes(let buffer) = body else { return nil }
        return buffer.readableBytes
    }

    var response: Response {
        var headers: HTTPFields = [.contentType: contentType]
        if let disposition { headers[.contentDisposition] = disposition }
        switch body {
        case .bytes(let buffer):
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: buffer))
        case .file(let file):
            return Response(status: status, headers: headers, body: ResponseBody(contentLength: file.contentLength) { writer in
                try await file.write(to: &writer)
                try await writer.finish(nil)
            })
        }
    }
}
