#ifndef ESPICE_FASTPNG_DEFLATE_H
#define ESPICE_FASTPNG_DEFLATE_H
// Internal to CFastPNG: the deflate alphabets (RFC 1951), the token list the filter pass
// produces and the Huffman helpers the writer uses.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum { LITLEN_SYMBOLS = 286, DIST_SYMBOLS = 30, MAX_BITS = 15, CLEN_SYMBOLS = 19, CLEN_MAX_BITS = 7 };
enum { WINDOW = 32768, HASH_BITS = 14, MIN_MATCH = 4, MAX_MATCH = 258 };

/// A match token: MATCH_FLAG | distance << 9 | length; anything below 256 is a literal byte.
#define MATCH_FLAG 0x80000000u

/// A growable array of tokens.
typedef struct {
    uint32_t *items;
    size_t count, capacity;
} token_list;


/// Symbol counts of the tokens: literal/length and distance alphabets.
typedef struct {
    uint32_t litlen[LITLEN_SYMBOLS];
    uint32_t distance[DIST_SYMBOLS];
} histogram;

// Deflate length codes 257…285: base lengths and extra bits (RFC 1951 §3.2.5).
static const uint16_t length_base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                         35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const uint8_t length_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                         3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};

// Deflate distance codes 0…29: base distances and extra bits.
static const uint16_t distance_base[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
                                           513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const uint8_t distance_extra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7,
                                           8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

/// The distance code (0…29) of a distance 1…32768.
static inline int distance_code(uint32_t distance) {
    if (distance <= 4) return (int)distance - 1;
    uint32_t d = distance - 1;
    int log2 = 31 - __builtin_clz(d);
    return 2 * log2 + (int)((d >> (log2 - 1)) & 1);
}

/// The length code (0…28) of a match length 3…258.
static inline int length_code(int length) {
    if (length == 258) return 28;
    uint32_t l = (uint32_t)length - 3;
    if (l < 8) return (int)l;
    int log2 = 31 - __builtin_clz(l);
    return 4 * (log2 - 1) + (int)((l >> (log2 - 2)) & 3);
}


/// Filters the pixels row after row into `stream` (a filter byte and the RGB bytes per row,
/// SUB or UP, whichever leaves more zeros), tokenizes it, counts the symbols and returns the
/// stream's Adler-32 in `adler`. Returns 0 when out of memory.
int fastpng_filter_and_tokenize(const unsigned char *pixels, int width, int height, size_t stride, uint8_t *stream,
                                token_list *tokens, histogram *counts, uint32_t *adler);

/// Huffman code lengths (≤ max_bits, at most 286 symbols) for `n` frequencies; unused symbols
/// get 0, and a lone used symbol gets a partner so that every code is complete.
void fastpng_code_lengths(const uint32_t *freq, int n, int max_bits, uint8_t *lengths);

/// Canonical codes for `lengths`, bit-reversed for deflate's LSB-first bit order.
void fastpng_canonical_codes(const uint8_t *lengths, int n, uint16_t *codes);

/// Run-length codes `total` code lengths with the code-length alphabet (16, 17, 18 carry
/// extra bits); returns the number of symbols written to `symbols` and `extra`.
int fastpng_code_length_symbols(const uint8_t *lengths, int total, uint8_t *symbols, uint8_t *extra);

#endif
