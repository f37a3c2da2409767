internal import CCairo

/// Owns a `PangoContext` set up for device-independent layout: no hinting, no metric hinting
/// and unrounded glyph positions, so text measures the same in SVG, PDF and 2× PNG.
final class PangoContextOwner {
    let pointer: OpaquePointer

    init(cairo: CairoContext) {
        pointer = pango_cairo_create_context(cairo.pointer)
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(pointer, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(pointer, 0)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }
}

/// Owns a `PangoFontDescription`.
final class FontDescriptionOwner {
    let pointer: OpaquePointer

    /// `families` is a comma-separated fallback list; `size` in user units (CSS px / pt).
    init(families: String, size: Double, bold: Bool) {
        pointer = pango_font_description_from_string(families)
        pango_font_description_set_absolute_size(pointer, size * Double(espice_pango_scale()))
        pango_font_description_set_weight(pointer, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
    }

    deinit { pango_font_description_free(pointer) }
}

/// Owns a `PangoLayout`: one laid-out string, measured once and drawn once.
final class PangoLayoutOwner {
    let pointer: OpaquePointer

    init(context: PangoContextOwner) {
        pointer = pango_layout_new(context.pointer)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(pointer)) }
}
