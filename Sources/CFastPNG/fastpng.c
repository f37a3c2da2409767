#include "espice_fastpng.h"

#include <stdlib.h>
#include <zlib.h>

#include "deflate.h"

// A PNG encoder specialised for charts: large flat areas, thin lines and antialiased text.
//
// Each row is filtered with SUB or UP (whichever leaves more zero bytes). The filtered stream
// is coded as one dynamic-Huffman deflate block with two kinds of matches: runs of zero bytes
// (distance 1, found eight bytes at a time: flat areas cost almost nothing) and, in the rest,
// a greedy single-probe LZ77 match of at least 4 bytes (repeated glyphs and tick labels). One
// pass over the pixels collects the tokens and their histogram; a second pass over the far
// fewer tokens writes the bits. zlib supplies only the CRC-32 of the chunks.

/// An LSB-first bit writer into a buffer sized in advance.
typedef struct {
    uint8_t *out;
    uint64_t bits;
    int count;
} bit_writer;

static inline void put_bits(bit_writer *w, uint32_t value, int n) {
    w->bits |= (uint64_t)value << w->count;
    w->count += n;
    if (w->count >= 32) {
        uint32_t low = (uint32_t)w->bits;
        w->out[0] = (uint8_t)low; w->out[1] = (uint8_t)(low >> 8);
        w->out[2] = (uint8_t)(low >> 16); w->out[3] = (uint8_t)(low >> 24);
        w->out += 4;
        w->bits >>= 32;
        w->count -= 32;
    }
}

static void flush_bits(bit_writer *w) {
    while (w->count > 0) {
        *w->out++ = (uint8_t)w->bits;
        w->bits >>= 8;
        w->count -= 8;
    }
    w->count = 0;
}

static void put_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24); p[1] = (uint8_t)(v >> 16); p[2] = (uint8_t)(v >> 8); p[3] = (uint8_t)v;
}

/// Writes a chunk's length, type and CRC around `length` data bytes already at p + 8.
static uint8_t *finish_chunk(uint8_t *p, const char *type, size_t length) {
    put_be32(p, (uint32_t)length);
    memcpy(p + 4, type, 4);
    put_be32(p + 8 + length, (uint32_t)crc32(0, p + 4, (uInt)(length + 4)));
    return p + 12 + length;
}


static const uint8_t code_length_extra[CLEN_SYMBOLS] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 3, 7};
static const uint8_t code_length_order[CLEN_SYMBOLS] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};


int espice_fastpng_encode_xrgb32(const unsigned char *pixels, int width, int height, size_t stride,
                                 espice_fastpng_output *result) {
    result->data = NULL;
    result->length = 0;
    if (!pixels || width <= 0 || height <= 0 || width > 100000 || height > 100000 || stride < (size_t)width * 4) return -1;
    const size_t line = (size_t)width * 3 + 1, stream_bytes = line * (size_t)height;
    if (stream_bytes > 0x7fffffffu) return -1;  // token positions are 32-bit
    uint8_t *stream = (uint8_t *)malloc(stream_bytes);
    token_list tokens = {0};
    histogram counts;
    memset(&counts, 0, sizeof counts);
    uint8_t *png = NULL;
    int status = -2;
    uint32_t adler = 1;
    if (!stream || !fastpng_filter_and_tokenize(pixels, width, height, stride, stream, &tokens, &counts, &adler))
        goto done;
    counts.litlen[256] = 1;  // end of block

    // Both alphabets' code lengths, then the code-length code that describes them.
    uint8_t lengths[LITLEN_SYMBOLS + DIST_SYMBOLS];
    fastpng_code_lengths(counts.litlen, LITLEN_SYMBOLS, MAX_BITS, lengths);
    int hlit = LITLEN_SYMBOLS;
    while (hlit > 257 && lengths[hlit - 1] == 0) hlit--;
    uint8_t *distance_lengths = lengths + hlit;
    fastpng_code_lengths(counts.distance, DIST_SYMBOLS, MAX_BITS, distance_lengths);
    int hdist = DIST_SYMBOLS;
    while (hdist > 1 && distance_lengths[hdist - 1] == 0) hdist--;
    if (distance_lengths[0] == 0 && hdist == 1) distance_lengths[0] = distance_lengths[1] = 1, hdist = 2;  // no matches at all

    uint8_t cl_symbols[LITLEN_SYMBOLS + DIST_SYMBOLS], cl_extra[LITLEN_SYMBOLS + DIST_SYMBOLS];
    const int cl_count = fastpng_code_length_symbols(lengths, hlit + hdist, cl_symbols, cl_extra);
    uint32_t cl_freq[CLEN_SYMBOLS] = {0};
    for (int k = 0; k < cl_count; k++) cl_freq[cl_symbols[k]]++;
    uint8_t cl_lengths[CLEN_SYMBOLS];
    fastpng_code_lengths(cl_freq, CLEN_SYMBOLS, CLEN_MAX_BITS, cl_lengths);
    int hclen = CLEN_SYMBOLS;
    while (hclen > 4 && cl_lengths[code_length_order[hclen - 1]] == 0) hclen--;

    uint16_t codes[LITLEN_SYMBOLS], distance_codes[DIST_SYMBOLS], cl_codes[CLEN_SYMBOLS];
    fastpng_canonical_codes(lengths, hlit, codes);
    fastpng_canonical_codes(distance_lengths, hdist, distance_codes);
    fastpng_canonical_codes(cl_lengths, CLEN_SYMBOLS, cl_codes);

    // The exact size of the deflate data, so that the file is allocated once.
    uint64_t bits = 3 + 5 + 5 + 4 + 3 * (uint64_t)hclen;
    for (int k = 0; k < cl_count; k++) bits += cl_lengths[cl_symbols[k]] + code_length_extra[cl_symbols[k]];
    for (int s = 0; s < 257; s++) bits += (uint64_t)counts.litlen[s] * lengths[s];
    for (int c = 0; c < 29; c++) bits += (uint64_t)counts.litlen[257 + c] * (lengths[257 + c] + length_extra[c]);
    for (int c = 0; c < hdist; c++) bits += (uint64_t)counts.distance[c] * (distance_lengths[c] + distance_extra[c]);
    const size_t zlib_bytes = 2 + (size_t)((bits + 7) / 8) + 4;
    if (zlib_bytes > 0x7fffff00u) { status = -1; goto done; }
    const size_t png_bytes = 8 + 25 + 12 + zlib_bytes + 12;
    png = (uint8_t *)malloc(png_bytes + 8);  // slack for the bit writer's last word
    if (!png) goto done;

    static const uint8_t signature[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    memcpy(png, signature, 8);
    uint8_t *p = png + 8;
    put_be32(p + 8, (uint32_t)width);
    put_be32(p + 12, (uint32_t)height);
    p[16] = 8; p[17] = 2; p[18] = 0; p[19] = 0; p[20] = 0;  // 8-bit RGB, deflate, adaptive filters, no interlace
    p = finish_chunk(p, "IHDR", 13);

    uint8_t *idat = p, *z = idat + 8;
    z[0] = 0x78; z[1] = 0x01;  // deflate with a 32 KB window, "fastest"
    bit_writer w = {z + 2, 0, 0};
    put_bits(&w, 1, 1);  // the final block
    put_bits(&w, 2, 2);  // dynamic Huffman codes
    put_bits(&w, (uint32_t)(hlit - 257), 5);
    put_bits(&w, (uint32_t)(hdist - 1), 5);
    put_bits(&w, (uint32_t)(hclen - 4), 4);
    for (int k = 0; k < hclen; k++) put_bits(&w, cl_lengths[code_length_order[k]], 3);
    for (int k = 0; k < cl_count; k++) {
        int s = cl_symbols[k];
        put_bits(&w, cl_codes[s], cl_lengths[s]);
        put_bits(&w, cl_extra[k], code_length_extra[s]);
    }
    for (size_t t = 0; t < tokens.count; t++) {
        uint32_t token = tokens.items[t];
        if (token < 256) {
            put_bits(&w, codes[token], lengths[token]);
            continue;
        }
        int length = (int)(token & 511), c = length_code(length);
        uint32_t distance = (token & ~MATCH_FLAG) >> 9;
        int d = distance_code(distance);
        put_bits(&w, codes[257 + c], lengths[257 + c]);
        put_bits(&w, (uint32_t)(length - length_base[c]), length_extra[c]);
        put_bits(&w, distance_codes[d], distance_lengths[d]);
        put_bits(&w, distance - distance_base[d], distance_extra[d]);
    }
    put_bits(&w, codes[256], lengths[256]);
    flush_bits(&w);
    if ((size_t)(w.out - z) != zlib_bytes - 4) { status = -3; goto done; }  // the size computed above
    put_be32(w.out, adler);
    p = finish_chunk(idat, "IDAT", zlib_bytes);
    p = finish_chunk(p, "IEND", 0);

    result->data = png;
    result->length = (size_t)(p - png);
    png = NULL;
    status = 0;
done:
    free(png);
    free(stream);
    free(tokens.items);
    return status;
}

void espice_fastpng_free(espice_fastpng_output *output) {
    free(output->data);
    output->data = NULL;
    output->length = 0;
}
