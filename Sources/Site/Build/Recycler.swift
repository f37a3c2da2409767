internal import Foundation

/// Takes the big downloads of the site before the last back into staging, to be written over in
/// place (``InPlaceFile``) instead of made anew.
///
/// A published site is swapped out by the next build; the publisher keeps it beside the output
/// as `.NAME.recycle` until the build after (``Publisher``). A night's downloads of a busy site
/// are ~1.3 GB of new files (a year of 200,000 users: the 90-day user_activity CSV alone is
/// 428 MB). Written as new files, every page of them is a page the kernel must find, and in a
/// virtual machine that gave its free pages back to the host, one the host must back again:
/// the nightly build's system time went from 3 s to 9 s between two runs of the same work. A file
/// taken back keeps its pages, and the writers overwrite them.
///
/// Only a regular file with no other name is taken: a download the last build linked from the
/// published site (``BuildContext/linkPublished(_:)``) shares its inode with the live site.
struct Recycler: Sendable {
    /// The site before the last (nil when there is none).
    let previous: URL?
    let staging: URL

    /// Moves `relativePath` from the site before the last into staging, replacing anything
    /// there; returns whether it did. When it did not, the staging path is unlinked, so the
    /// caller writes a new file either way.
    func take(_ relativePath: String) -> Bool {
        let target = staging.appendingPathComponent(relativePath).path
        unlink(target)
        guard let previous else { return false }
        let source = previous.appendingPathComponent(relativePath).path
        var status = stat()
        guard lstat(source, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_nlink == 1 else { return false }
        return rename(source, target) == 0
    }
}
