#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>

/// A growable byte buffer filled by cairo's stream writers.
/// Free `data` with `espice_buffer_free`.
typedef struct {
    unsigned char *data;
    size_t length;
    size_t capacity;
    int failed;
} espice_buffer;

static inline int espice_buffer_append(espice_buffer *buffer, const unsigned char *bytes, size_t count) {
    if (buffer->failed) return 0;
    if (buffer->length + count > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->length + count) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(buffer->data, capacity);
        if (!grown) { buffer->failed = 1; return 0; }
        buffer->data = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->data + buffer->length, bytes, count);
    buffer->length += count;
    return 1;
}

static inline void espice_buffer_free(espice_buffer *buffer) {
    free(buffer->data);
    buffer->data = NULL;
    buffer->length = buffer->capacity = 0;
}

/// cairo_write_func_t appending to an espice_buffer passed as the closure.
static inline cairo_status_t espice_cairo_write(void *closure, const unsigned char *data, unsigned int length) {
    return espice_buffer_append((espice_buffer *)closure, data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_NO_MEMORY;
}

static inline cairo_surface_t *espice_svg_surface(espice_buffer *buffer, double width, double height) {
    return cairo_svg_surface_create_for_stream(espice_cairo_write, buffer, width, height);
}

static inline cairo_surface_t *espice_pdf_surface(espice_buffer *buffer, double width, double height) {
    return cairo_pdf_surface_create_for_stream(espice_cairo_write, buffer, width, height);
}

/// libpng simplified-API constants (macros built from macros).
static inline png_uint_32 espice_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 espice_png_format_rgb(void) { return PNG_FORMAT_RGB; }

/// PANGO_SCALE, a macro Swift cannot see.
static inline int espice_pango_scale(void) { return PANGO_SCALE; }

#endif
