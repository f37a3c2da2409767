internal import Foundation

/// Publishes a site atomically: pages are written into a staging directory beside the output,
/// which is then exchanged with the output in one `renameat2(RENAME_EXCHANGE)` — a reader sees
/// the old site or the new one, never a mix. A lock file keeps two builds apart; staging
/// directories left by a killed build are removed by the next one.
///
/// The site swapped out is kept beside the output as `.NAME.recycle` until the next publish:
/// the next build writes its big downloads over that site's files (``Recycler``), reusing their
/// pages. It is never served, and may be deleted at any time between builds.
struct Publisher {
    let output: URL
    let staging: URL
    /// The site before the last, kept for ``Recycler``.
    let recycle: URL
    /// Whether the site swapped out is kept as ``recycle`` (else deleted).
    let keepsPrevious: Bool
    private let lockDescriptor: Int32

    /// Takes the lock and prepares a fresh staging directory; `keepsPrevious` keeps the site the
    /// publish swaps out as ``recycle`` (without it, a recycle directory left is removed).
    init(output: URL, keepsPrevious: Bool = true) throws(SiteError) {
        self.output = output.standardizedFileURL
        let parent = self.output.deletingLastPathComponent()
        let name = self.output.lastPathComponent
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw SiteError(step: "publish", path: parent.path, message: "cannot create directory: \(error.localizedDescription)")
        }
        let lockPath = parent.appendingPathComponent(".\(name).lock").path
        let fd = open(lockPath, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw SiteError(step: "lock", path: lockPath, message: String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw SiteError(step: "lock", path: lockPath, message: "another build is publishing into \(self.output.path)")
        }
        lockDescriptor = fd
        // Staging directories of builds that died (we hold the lock, so none is in use).
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for entry in leftovers where entry.hasPrefix(".\(name).staging-") || entry.hasPrefix(".\(name).previous-") {
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(entry))
        }
        staging = parent.appendingPathComponent(".\(name).staging-\(getpid())")
        recycle = parent.appendingPathComponent(".\(name).recycle")
        self.keepsPrevious = keepsPrevious
        if !keepsPrevious { try? FileManager.default.removeItem(at: recycle) }
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw SiteError(step: "publish", path: staging.path, message: "cannot create staging directory: \(error.localizedDescription)")
        }
    }

    /// Swaps the staging directory in. The output's README.md (kept in git) is carried over.
    func publish() throws(SiteError) {
        let fileManager = FileManager.default
        let readme = output.appendingPathComponent("README.md")
        if fileManager.fileExists(atPath: readme.path) {
            try? fileManager.copyItem(at: readme, to: staging.appendingPathComponent("README.md"))
        }
        keepUnchangedTimestamps()
        var isDirectory: ObjCBool = false
        if fileManager.fileExists(atPath: output.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SiteError(step: "publish", path: output.path, message: "exists and is not a directory")
            }
            guard Self.exchange(staging.path, output.path) else {
                throw SiteError(step: "publish", path: output.path, message: "cannot swap in the new site: \(String(cString: strerror(errno)))")
            }
            // Staging now holds the previous site: it replaces the one before as the next
            // build's files to write over.
            try? fileManager.removeItem(at: recycle)
            if !keepsPrevious || rename(staging.path, recycle.path) != 0 { try? fileManager.removeItem(at: staging) }
        } else {
            guard rename(staging.path, output.path) == 0 else {
                throw SiteError(step: "publish", path: output.path, message: String(cString: strerror(errno)))
            }
        }
    }

    /// Gives every staged file whose bytes equal the published one the published file's mtime,
    /// so rsync and CDN syncs only move what changed.
    func keepUnchangedTimestamps() {
        let fileManager = FileManager.default
        guard let files = try? fileManager.subpathsOfDirectory(atPath: staging.path) else { return }
        for file in files {
            let new = staging.appendingPathComponent(file).path
            let old = output.appendingPathComponent(file).path
            var oldStatus = stat()
            var newStatus = stat()
            // A download linked from the published site is the same file: nothing to compare.
            if stat(old, &oldStatus) == 0, stat(new, &newStatus) == 0, oldStatus.st_ino == newStatus.st_ino,
                oldStatus.st_dev == newStatus.st_dev
            {
                continue
            }
            guard let oldAttributes = try? fileManager.attributesOfItem(atPath: old),
                let newAttributes = try? fileManager.attributesOfItem(atPath: new),
                oldAttributes[.type] as? FileAttributeType == .typeRegular,
                newAttributes[.type] as? FileAttributeType == .typeRegular,
                oldAttributes[.size] as? Int == newAttributes[.size] as? Int,
                let modified = oldAttributes[.modificationDate] as? Date,
                fileManager.contentsEqual(atPath: old, andPath: new)
            else { continue }
            try? fileManager.setAttributes([.modificationDate: modified], ofItemAtPath: new)
        }
    }

    /// Removes the staging directory (after a failed build) and releases the lock.
    func abandon() {
        try? FileManager.default.removeItem(at: staging)
    }

    func release() {
        flock(lockDescriptor, LOCK_UN)
        close(lockDescriptor)
    }

    /// `renameat2(…, RENAME_EXCHANGE)`, looked up at run time (glibc declares it only under
    /// _GNU_SOURCE, which Swift's Glibc module does not set).
    static func exchange(_ first: String, _ second: String) -> Bool {
        typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return false }
        let function = unsafeBitCast(symbol, to: RenameAt2.self)
        let renameExchange: UInt32 = 1 << 1
        return function(AT_FDCWD, first, AT_FDCWD, second, renameExchange) == 0
    }
}

/// A build failure: the step, the path it was working on, and what went wrong.
public struct SiteError: Error, Sendable, CustomStringConvertible {
    public var step: String
    public var path: String
    public var message: String

    public init(step: String, path: String, message: String) {
        self.step = step
        self.path = path
        self.message = message
    }

    public var description: String { "build step \"\(step)\": \(path): \(message)" }
}
