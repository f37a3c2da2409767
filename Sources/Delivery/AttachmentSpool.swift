import Foundation

/// The attachments of one message, rendered into a temporary directory (removed with the
/// spool) before any is read into memory: the sizes decide which are attached and which only
/// named (`smtp.attachment_limit_mb`), and a `user_activity` CSV of a site with 200,000 users is
/// hundreds of megabytes that a message never needs in memory.
final class AttachmentSpool {
    struct File {
        var filename: String
        var contentType: String
        var path: String
        var size: Int
    }

    let directory: URL
    private(set) var files: [File] = []

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("espice-attachments-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Renders one attachment: `write` gets the path to write it to.
    func add(_ filename: String, contentType: String, _ write: (String) throws -> Void) throws {
        let path = directory.appendingPathComponent("\(files.count)").path
        try write(path)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        files.append(File(filename: filename, contentType: contentType, path: path, size: size))
    }

    var totalBytes: Int { files.reduce(0) { $0 + $1.size } }

    /// The attachments that fit within `limit` bytes together, taken in order (each one that
    /// would pass the limit is left out, and a later smaller one may still fit), read into
    /// memory; and the names of those left out.
    func attachments(within limit: Int) throws -> (attached: [MailMessage.Attachment], leftOut: [String]) {
        var attached: [MailMessage.Attachment] = []
        var leftOut: [String] = []
        var total = 0
        for file in files {
            guard file.size <= limit - total else {
                leftOut.append(file.filename)
                continue
            }
            total += file.size
            attached.append(.init(filename: file.filename, contentType: file.contentType, data: try Data(contentsOf: URL(fileURLWithPath: file.path))))
        }
        return (attached, leftOut)
    }
}
