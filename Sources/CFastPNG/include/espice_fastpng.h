#ifndef ESPICE_FASTPNG_H
#define ESPICE_FASTPNG_H
#include <stddef.h>

/// A PNG file in memory; free it with `espice_fastpng_free`.
typedef struct {
    unsigned char *data;
    size_t length;
} espice_fastpng_output;

/// Encodes `height` rows of `width` native-endian 0xXXRRGGBB words (cairo's RGB24 image
/// format; the top byte is ignored), `stride` bytes apart, as an 8-bit RGB PNG. Returns 0 on
/// success, -1 for invalid arguments or an image too large, -2 when out of memory, -3 on an
/// internal inconsistency (never expected). On failure `out` holds no data.
int espice_fastpng_encode_xrgb32(const unsigned char *pixels, int width, int height, size_t stride,
                                 espice_fastpng_output *out);

/// Frees the data of an `espice_fastpng_encode_xrgb32` result (safe on an empty one).
void espice_fastpng_free(espice_fastpng_output *out);

#endif
