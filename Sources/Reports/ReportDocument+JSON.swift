public import Foundation
internal import Glibc

extension ReportDocument {
    /// Deterministic JSON (sorted keys), as exported and served.
    ///
    /// A long `user_activity` list (one row per user and day: hundreds of thousands over 90 days)
    /// and the `users` list beside it are written by ``UserDayRowsJSON`` straight into the bytes, and the rest of the document by
    /// `JSONEncoder`: the encoder's tree of a row takes about half a kilobyte and two microseconds,
    /// which made it the largest cost and the peak memory of a build. The result is the same
    /// bytes `JSONEncoder` writes for the whole document (a test holds the two equal).
    public func json(pretty: Bool = false) throws -> Data {
        var result = Data()
        try writeJSON(pretty: pretty) { result.append(contentsOf: $0) }
        return result
    }

    /// The same bytes as ``json(pretty:)``, written to `url` (through a temporary file renamed
    /// over it) without holding a long user_activity list in memory.
    public func writeJSON(pretty: Bool = false, to url: URL) throws {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try writeJSON(pretty: pretty) { try handle.write(contentsOf: $0) }
            try handle.close()
            // rename(2) replaces an existing file in one step: a reader finds the old one or the new.
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Hands the JSON to `sink` in pieces of at most about 256 KiB (one piece for small
    /// reports), each valid only during the call.
    public func writeJSON(pretty: Bool, _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard case .userActivity(var report) = data, report.userActivity.count >= UserDayRowsJSON.threshold else {
            return try encoder.encode(self).withUnsafeBytes { try sink($0) }
        }
        let (rows, users) = (report.userActivity, report.users)
        report.userActivity = []
        report.users = []
        let rest = try encoder.encode(ReportDocument(metadata: metadata, data: .userActivity(report)))
        try UserDayRowsJSON.splice(rows, users: users, into: rest, pretty: pretty, sink)
    }

    /// The same bytes through `JSONEncoder` alone (for tests that compare the two).
    public func encoderJSON(pretty: Bool) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
