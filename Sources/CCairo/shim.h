#ifndef CCAIRO_SHIM_H
#define CCAIRO_SHIM_H
#include <cairo.h>
#include <cairo-svg.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/// A growable byte buffer filled by cairo's stream writers and the PNG encoder.
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

static inline void espice_png_write_data(png_structp png, png_bytep bytes, png_size_t count) {
    espice_buffer *buffer = (espice_buffer *)png_get_io_ptr(png);
    if (!espice_buffer_append(buffer, bytes, count)) png_error(png, "out of memory");
}

static inline void espice_png_flush(png_structp png) { (void)png; }

/// Encodes a cairo RGB24 image (native-endian 0xXXRRGGBB words) as an 8-bit RGB PNG with a fast
/// zlib level. libpng reports errors by longjmp, which must not cross Swift frames, so it is
/// caught here. Returns 0 on success.
static inline int espice_png_encode_rgb24(const unsigned char *pixels, int width, int height, int stride,
                                          int level, int strategy, int filters, espice_buffer *out) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    if (!png) return -1;
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_write_struct(&png, NULL); return -1; }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -2;
    }
    png_set_write_fn(png, out, espice_png_write_data, espice_png_flush);
    png_set_compression_level(png, level);
    png_set_compression_strategy(png, strategy);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    png_set_bgr(png);
    png_set_filler(png, 0, PNG_FILLER_AFTER);
#else
    png_set_filler(png, 0, PNG_FILLER_BEFORE);
#endif
    for (int y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * (size_t)stride));
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return out->failed ? -3 : 0;
}

/// libpng simplified-API constants (macros built from macros).
static inline png_uint_32 espice_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 espice_png_format_rgb(void) { return PNG_FORMAT_RGB; }

/// PANGO_SCALE, a macro Swift cannot see.
static inline int espice_pango_scale(void) { return PANGO_SCALE; }

#endif
