internal import CCairo

/// Owns a `cairo_t` drawing into a ``CairoSurface`` (kept alive as long as the context).
final class CairoContext {
    let pointer: OpaquePointer
    let surface: CairoSurface

    init(surface: CairoSurface) throws(ChartsError) {
        guard let cr = cairo_create(surface.pointer) else { throw ChartsError.cairo(operation: "context", status: "no context") }
        self.pointer = cr
        self.surface = surface
        try CairoStatus.check(cairo_status(cr), "creating a context")
    }

    deinit { cairo_destroy(pointer) }

    /// Checks the context's sticky error status after drawing.
    func check(_ operation: String) throws(ChartsError) {
        try CairoStatus.check(cairo_status(pointer), operation)
    }
}
