internal import CCairo
import Foundation

/// Owns a `cairo_surface_t` (and, for stream surfaces, the byte buffer it writes into); both
/// are released in `deinit`.
final class CairoSurface {
    let pointer: OpaquePointer
    /// Filled by SVG/PDF stream surfaces; `nil` for image surfaces.
    private let buffer: UnsafeMutablePointer<espice_buffer>?

    private init(pointer: OpaquePointer, buffer: UnsafeMutablePointer<espice_buffer>?) {
        self.pointer = pointer
        self.buffer = buffer
    }

    deinit {
        cairo_surface_destroy(pointer)
        if let buffer {
            espice_buffer_free(buffer)
            buffer.deallocate()
        }
    }

    /// An opaque RGB24 image surface of `width` × `height` device pixels.
    static func image(width: Int, height: Int) throws(ChartsError) -> CairoSurface {
        guard let s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height)) else {
            throw ChartsError.cairo(operation: "image surface", status: "no surface")
        }
        let surface = CairoSurface(pointer: s, buffer: nil)
        try CairoStatus.check(cairo_surface_status(s), "image surface \(width)×\(height)")
        return surface
    }

    /// An SVG document (sizes in CSS pixels) written into memory.
    static func svg(width: Double, height: Double) throws(ChartsError) -> CairoSurface {
        let buffer = newBuffer()
        let surface = CairoSurface(pointer: espice_svg_surface(buffer, width, height), buffer: buffer)
        try CairoStatus.check(cairo_surface_status(surface.pointer), "SVG surface")
        cairo_svg_surface_restrict_to_version(surface.pointer, CAIRO_SVG_VERSION_1_1)
        cairo_svg_surface_set_document_unit(surface.pointer, CAIRO_SVG_UNIT_PX)
        return surface
    }

    /// A PDF document (sizes in points) written into memory, with fixed metadata so that the
    /// same drawing gives the same bytes.
    static func pdf(width: Double, height: Double, metadata: PDFMetadata) throws(ChartsError) -> CairoSurface {
        let buffer = newBuffer()
        let surface = CairoSurface(pointer: espice_pdf_surface(buffer, width, height), buffer: buffer)
        try CairoStatus.check(cairo_surface_status(surface.pointer), "PDF surface")
        cairo_pdf_surface_restrict_to_version(surface.pointer, CAIRO_PDF_VERSION_1_5)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        let date = metadata.pdfDate
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_MOD_DATE, date)
        if !metadata.subject.isEmpty { cairo_pdf_surface_set_metadata(surface.pointer, CAIRO_PDF_METADATA_SUBJECT, metadata.subject) }
        return surface
    }

    /// A cairo PDF surface writing straight to a file (for multi-page documents).
    static func pdfFile(path: String, width: Double, height: Double, metadata: PDFMetadata) throws(ChartsError) -> CairoSurface {
        guard let s = cairo_pdf_surface_create(path, width, height) else {
            throw ChartsError.cairo(operation: "PDF surface", status: "no surface")
        }
        let surface = CairoSurface(pointer: s, buffer: nil)
        try CairoStatus.check(cairo_surface_status(s), "PDF file \(path)")
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, metadata.title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, metadata.creator)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, metadata.pdfDate)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, metadata.pdfDate)
        if !metadata.subject.isEmpty { cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, metadata.subject) }
        return surface
    }

    private static func newBuffer() -> UnsafeMutablePointer<espice_buffer> {
        let buffer = UnsafeMutablePointer<espice_buffer>.allocate(capacity: 1)
        buffer.initialize(to: espice_buffer(data: nil, length: 0, capacity: 0, failed: 0))
        return buffer
    }

    /// Finishes the document (flushes the stream) and checks the status.
    func finish() throws(ChartsError) {
        cairo_surface_finish(pointer)
        try CairoStatus.check(cairo_surface_status(pointer), "finishing the surface")
    }

    /// The bytes a stream surface wrote (call after ``finish()``).
    func streamBytes() throws(ChartsError) -> Data {
        guard let buffer, buffer.pointee.failed == 0 else { throw ChartsError.cairo(operation: "stream", status: "out of memory") }
        guard let data = buffer.pointee.data else { return Data() }
        return Data(bytes: data, count: buffer.pointee.length)
    }

    /// Encodes an image surface as an 8-bit RGB PNG with ``PNGEncoder``.
    func pngBytes() throws(ChartsError) -> Data {
        cairo_surface_flush(pointer)
        guard let pixels = cairo_image_surface_get_data(pointer) else { throw ChartsError.pngEncoding("no pixel data") }
        return try PNGEncoder.encode(
            xrgb32: pixels, width: Int(cairo_image_surface_get_width(pointer)),
            height: Int(cairo_image_surface_get_height(pointer)), stride: Int(cairo_image_surface_get_stride(pointer)))
    }
}
