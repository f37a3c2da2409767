internal import CIsal
internal import Foundation

/// Writes a zip file entry by entry, each deflated (raw, as zip stores it) as it is written: what
/// ``XLSXPackage`` puts a workbook's parts in. Deflates with ISA-L's igzip at its level 1 (a
/// 90-day user_activity workbook of a busy site has 730 MB of worksheet XML: zlib's level 1 took
/// about a second of it, igzip a fifth of that, to fewer bytes). Owns the file, the igzip stream
/// and its buffers (at fixed addresses); every status is checked in ``check(_:_:)``. Entries and
/// the whole file stay under 4 GiB (no zip64): a larger workbook is refused with an error.
final class ZipArchive {
    private let path: String
    private var file: Int32
    private let stream: UnsafeMutablePointer<isal_zstream>
    private let levelBuffer: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer
    private var offset = 0
    /// Written over an existing file: cut to its new length by ``finish()``.
    private let inPlace: Bool
    private var entries: [Entry] = []
    private var open: Entry?

    private struct Entry {
        var name: [UInt8]
        var headerOffset: Int
        var crc: UInt32 = 0
        var rawSize = 0
        var compressedSize = 0
    }

    /// DOS date and time of every entry: 1980-01-01 00:00 (the same bytes for the same content).
    private static let dosTime: UInt16 = 0
    private static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1

    /// Creates the file at `path`, replacing any there; with `inPlace`, a file there is written
    /// over instead (its pages in the page cache reused) and cut to length by ``finish()``: the
    /// caller makes sure no other name links to it.
    init(path: String, inPlace: Bool = false) throws(ExportsError) {
        self.path = path
        self.inPlace = inPlace
        if !inPlace { unlink(path) }
        file = Foundation.open(path, O_WRONLY | O_CREAT | (inPlace ? 0 : O_TRUNC), 0o644)
        guard file >= 0 else { throw ExportsError(path: path, message: "cannot create: \(String(cString: strerror(errno)))") }
        // 80 KiB: zeroed in place rather than through a value on the stack (isal_deflate_init
        // sets it up for each entry).
        stream = .allocate(capacity: 1)
        UnsafeMutableRawPointer(stream).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<isal_zstream>.size)
        levelBuffer = .allocate(byteCount: Int(espice_isal_level_buffer_size()), alignment: 16)
        output = .allocate(byteCount: 256 << 10, alignment: 16)
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
        output.deallocate()
        if file >= 0 { close(file) }
    }

    /// Starts the entry `name`; its bytes follow through ``write(_:)``.
    func begin(_ name: String) throws(ExportsError) {
        precondition(open == nil, "an entry is already open")
        espice_isal_start(stream, levelBuffer.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32(levelBuffer.count))
        let entry = Entry(name: Array(name.utf8), headerOffset: offset)
        // Sizes and CRC are written once known (``end()``), in place.
        try put(Self.localHeader(entry))
        try put(entry.name)
        open = entry
    }

    /// Deflates `bytes` into the open entry.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ExportsError) {
        guard !bytes.isEmpty, var entry = open else { return }
        entry.crc = crc32_gzip_refl(entry.crc, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
        entry.rawSize += bytes.count
        open = entry
        try deflateInput(bytes, end: false)
    }

    func write(_ bytes: [UInt8]) throws(ExportsError) {
        let failed: ExportsError? = bytes.withUnsafeBytes { raw in
            do throws(ExportsError) { try write(raw) } catch { return error }
            return nil
        }
        if let failed { throw failed }
    }

    /// Ends the open entry: the rest of its deflate stream, then its sizes and CRC in its header.
    func end() throws(ExportsError) {
        guard var entry = open else { return }
        try deflateInput(UnsafeRawBufferPointer(start: nil, count: 0), end: true)
        entry.compressedSize = offset - entry.headerOffset - 30 - entry.name.count
        guard entry.rawSize < Int(UInt32.max), entry.compressedSize < Int(UInt32.max) else {
            throw ExportsError(path: path, message: "workbook part over 4 GiB")
        }
        let header = Self.localHeader(entry)
        guard pwrite(file, header, header.count, off_t(entry.headerOffset)) == header.count else {
            throw ExportsError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        entries.append(entry)
        open = nil
    }

    /// A whole small entry.
    func add(_ name: String, _ text: String) throws(ExportsError) {
        try begin(name)
        try write(Array(text.utf8))
        try end()
    }

    /// The central directory and its end record; the file is complete after this.
    func finish() throws(ExportsError) {
        precondition(open == nil, "an entry is still open")
        let start = offset
        for entry in entries {
            var record = ZipBytes()
            record.u32(0x0201_4B50)
            record.u16(20)  // made by: version 2.0, MS-DOS attributes
            record.fields(entry.crc, entry.rawSize, entry.compressedSize, entry.name.count, Self.dosTime, Self.dosDate)
            record.u16(0)  // extra
            record.u16(0)  // comment
            record.u16(0)  // disk
            record.u16(0)  // internal attributes
            record.u32(0)  // external attributes
            record.u32(UInt32(entry.headerOffset))
            try put(record.bytes)
            try put(entry.name)
        }
        guard offset < Int(UInt32.max) else { throw ExportsError(path: path, message: "workbook over 4 GiB") }
        var end = ZipBytes()
        end.u32(0x0605_4B50)
        end.u16(0)
        end.u16(0)
        end.u16(UInt16(entries.count))
        end.u16(UInt16(entries.count))
        end.u32(UInt32(offset - start))
        end.u32(UInt32(start))
        end.u16(0)
        try put(end.bytes)
        if inPlace, ftruncate(file, off_t(offset)) != 0 {
            throw ExportsError(path: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        let closing = file
        file = -1
        guard close(closing) == 0 else { throw ExportsError(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
    }

    private static func localHeader(_ entry: Entry) -> [UInt8] {
        var header = ZipBytes()
        header.u32(0x0403_4B50)
        header.fields(entry.crc, entry.rawSize, entry.compressedSize, entry.name.count, dosTime, dosDate)
        header.u16(0)  // extra
        return header.bytes
    }

    /// Deflates `bytes` into the open entry; with `end`, ends its deflate stream.
    private func deflateInput(_ bytes: UnsafeRawBufferPointer, end: Bool) throws(ExportsError) {
        stream.pointee.next_in = bytes.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self)) }
        stream.pointee.avail_in = UInt32(bytes.count)
        stream.pointee.end_of_stream = end ? 1 : 0
        repeat {
            stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
            stream.pointee.avail_out = UInt32(output.count)
            try check(isal_deflate(stream), "deflate")
            try put(UnsafeRawBufferPointer(rebasing: output[..<(output.count - Int(stream.pointee.avail_out))]))
        } while stream.pointee.avail_in > 0 || stream.pointee.avail_out == 0 || (end && espice_isal_finished(stream) == 0)
    }

    private func put(_ bytes: [UInt8]) throws(ExportsError) {
        let failed: ExportsError? = bytes.withUnsafeBytes { raw in
            do throws(ExportsError) { try put(raw) } catch { return error }
            return nil
        }
        if let failed { throw failed }
    }

    private func put(_ bytes: UnsafeRawBufferPointer) throws(ExportsError) {
        var done = 0
        while done < bytes.count {
            let count = Foundation.write(file, bytes.baseAddress! + done, bytes.count - done)
            guard count > 0 else { throw ExportsError(path: path, message: "cannot write: \(String(cString: strerror(errno)))") }
            done += count
        }
        offset += bytes.count
    }

    private func check(_ status: Int32, _ what: String) throws(ExportsError) {
        guard status != COMP_OK else { return }
        throw ExportsError(path: path, message: "\(what): igzip status \(status)")
    }
}

/// Little-endian fields of zip records.
private struct ZipBytes {
    var bytes: [UInt8] = []

    mutating func u16(_ value: UInt16) { bytes += [UInt8(value & 0xFF), UInt8(value >> 8)] }
    mutating func u32(_ value: UInt32) { (0..<4).forEach { bytes.append(UInt8(truncatingIfNeeded: value >> ($0 * 8))) } }

    /// Version needed, flags, method, time, date, CRC, sizes, name length — as both the local
    /// header and the central directory record have them.
    mutating func fields(_ crc: UInt32, _ raw: Int, _ compressed: Int, _ nameCount: Int, _ time: UInt16, _ date: UInt16) {
        u16(20)  // version needed: 2.0 (deflate)
        u16(0)  // flags
        u16(8)  // deflate
        u16(time)
        u16(date)
        u32(UInt32(truncatingIfNeeded: crc))
        u32(UInt32(truncatingIfNeeded: compressed))
        u32(UInt32(truncatingIfNeeded: raw))
        u16(UInt16(nameCount))
    }
}
