internal import Foundation

/// Reads a file or standard input line by line through one fixed buffer: memory stays constant
/// whatever the file's size. A line is handed out as bytes valid until the next call, without
/// its `\n` or `\r\n`; a UTF-8 byte-order mark at the start is skipped.
final class LineReader {
    enum Line {
        case text(UnsafeBufferPointer<UInt8>)
        /// A line longer than the buffer; it was skipped.
        case overlong
    }

    /// The name used in messages.
    let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private var atEOF = false
    private var skippingOverlong = false
    private var checkedBOM = false
    /// 1-based number of the last line returned.
    private(set) var lineNumber = 0
    /// Bytes read so far.
    private(set) var bytesRead = 0

    /// `maxLineBytes` bounds one line (and so the memory used).
    init(name: String, fileDescriptor: Int32, ownsDescriptor: Bool, maxLineBytes: Int = 4 << 20) {
        self.name = name
        fd = fileDescriptor
        self.ownsDescriptor = ownsDescriptor
        buffer = .allocate(capacity: maxLineBytes)
    }

    /// Opens a file for reading; the error names the path and the reason.
    static func open(path: String) throws(ImportError) -> LineReader {
        let fd = Foundation.open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .unreadable(path: path, reason: "is a directory")
        }
        return LineReader(name: path, fileDescriptor: fd, ownsDescriptor: true)
    }

    deinit {
        if ownsDescriptor { close(fd) }
        buffer.deallocate()
    }

    /// The next line, or nil at the end of the input.
    func next() throws(ImportError) -> Line? {
        while true {
            if let newline = findNewline() {
                lineNumber += 1
                let lineStart = start
                start = newline + 1
                if skippingOverlong {
                    skippingOverlong = false
                    return .overlong
                }
                return .text(trimmed(lineStart..<newline))
            }
            if atEOF {
                guard start < end || skippingOverlong else { return nil }
                lineNumber += 1
                let lineStart = start
                start = end
                if skippingOverlong {
                    skippingOverlong = false
                    return .overlong
                }
                return .text(trimmed(lineStart..<end))
            }
            try fill()
        }
    }

    private func findNewline() -> Int? {
        guard start < end else { return nil }
        let base = buffer.baseAddress! + start
        guard let found = memchr(base, 0x0A, end - start) else { return nil }
        return found.assumingMemoryBound(to: UInt8.self) - buffer.baseAddress!
    }

    private func trimmed(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        var upper = range.upperBound
        if upper > range.lowerBound, buffer[upper - 1] == 0x0D { upper -= 1 }
        return UnsafeBufferPointer(rebasing: buffer[range.lowerBound..<upper])
    }

    /// Moves the unread tail to the front and reads more; a full buffer without a newline
    /// means an overlong line, which is dropped up to its end.
    private func fill() throws(ImportError) {
        if start > 0 {
            let remaining = end - start
            if remaining > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, remaining) }
            start = 0
            end = remaining
        }
        if end == buffer.count {
            skippingOverlong = true
            end = 0
        }
        let count = read(fd, buffer.baseAddress! + end, buffer.count - end)
        if count < 0 {
            if errno == EINTR { return }
            throw .unreadable(path: name, reason: String(cString: strerror(errno)))
        }
        if count == 0 {
            atEOF = true
            return
        }
        bytesRead += count
        if !checkedBOM {
            checkedBOM = true
            if end == 0, count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        }
        end += count
    }
}
