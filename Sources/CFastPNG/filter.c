// The pixel pass of the encoder: RGB conversion, per-row filter choice, Adler-32 and the
// tokens (literals, zero runs at distance 1, greedy single-probe LZ77 matches).
#include <stdlib.h>

#include "deflate.h"

static int tokens_reserve(token_list *list, size_t extra) {
    if (list->count + extra <= list->capacity) return 1;
    size_t capacity = list->capacity ? list->capacity : 1 << 16;
    while (capacity < list->count + extra) capacity *= 2;
    uint32_t *grown = (uint32_t *)realloc(list->items, capacity * sizeof(uint32_t));
    if (!grown) return 0;
    list->items = grown;
    list->capacity = capacity;
    return 1;
}

/// How many of the `n` bytes at `a` equal those at `b` (eight at a time).
static size_t equal_bytes(const uint8_t *a, const uint8_t *b, size_t n) {
    const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
    size_t equal = 0, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, y;
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        x ^= y;  // zero bytes where equal; their high bit stays clear below
        uint64_t nonzero = ((x & low7) + low7) | x;
        equal += (size_t)(((~nonzero & ~low7) >> 7) * 0x0101010101010101ULL >> 56);  // one bit per equal byte, summed
    }
    for (; i < n; i++) equal += a[i] == b[i];
    return equal;
}

/// zlib's Adler-32 of `n` bytes continuing from `adler`, in 32-byte steps the compiler can
/// vectorise (s2 gains 32·s1 plus the byte sums weighted 32…1 per step).
static uint32_t adler32_update(uint32_t adler, const uint8_t *p, size_t n) {
    uint32_t s1 = adler & 0xffff, s2 = adler >> 16;
    while (n > 0) {
        size_t block = n < 5536 ? n : 5536;  // 173 steps of 32: no 32-bit overflow before the modulo
        n -= block;
        for (; block >= 32; block -= 32, p += 32) {
            uint32_t sum = 0, weighted = 0;
            for (int j = 0; j < 32; j++) {
                sum += p[j];
                weighted += (uint32_t)(32 - j) * p[j];
            }
            s2 += 32 * s1 + weighted;
            s1 += sum;
        }
        for (; block > 0; block--) {
            s1 += *p++;
            s2 += s1;
        }
        s1 %= 65521;
        s2 %= 65521;
    }
    return s2 << 16 | s1;
}

static inline uint32_t load32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/// Appends the tokens of the filtered bytes [start, end) of `stream` (earlier bytes may be
/// referenced as the window) and counts their symbols. `table` maps a hash of four bytes to
/// the last position + 1 where they started.
static int tokenize(const uint8_t *stream, size_t start, size_t end, uint32_t *table, token_list *list,
                    histogram *counts) {
    if (!tokens_reserve(list, end - start)) return 0;
    uint32_t *out = list->items + list->count;
    size_t i = start;
    while (i < end) {
        uint8_t b = stream[i];
        if (b == 0) {
            size_t run = 1;
            while (i + run + 8 <= end) {
                uint64_t word;
                memcpy(&word, stream + i + run, 8);
                if (word != 0) break;
                run += 8;
            }
            while (i + run < end && stream[i + run] == 0) run++;
            i += run;
            *out++ = 0;  // the first zero is a literal; the rest copy it from distance 1
            counts->litlen[0]++;
            size_t rest = run - 1;
            while (rest >= 3) {
                size_t length = rest > MAX_MATCH ? (rest - MAX_MATCH < 3 ? rest - 3 : MAX_MATCH) : rest;
                *out++ = MATCH_FLAG | 1u << 9 | (uint32_t)length;
                counts->litlen[257 + length_code((int)length)]++;
                counts->distance[0]++;
                rest -= length;
            }
            while (rest-- > 0) {
                *out++ = 0;
                counts->litlen[0]++;
            }
            continue;
        }
        if (i + MIN_MATCH <= end) {
            uint32_t quad = load32(stream + i);
            uint32_t slot = (quad * 2654435761u) >> (32 - HASH_BITS);
            size_t candidate = table[slot];
            table[slot] = (uint32_t)(i + 1);
            if (candidate && i - (candidate - 1) <= WINDOW && load32(stream + candidate - 1) == quad) {
                const uint8_t *from = stream + candidate - 1, *to = stream + i;
                size_t limit = end - i < MAX_MATCH ? end - i : MAX_MATCH, length = MIN_MATCH;
                while (length + 8 <= limit) {  // eight bytes at a time, then the first difference
                    uint64_t a, b;
                    memcpy(&a, from + length, 8);
                    memcpy(&b, to + length, 8);
                    if (a != b) { length += (size_t)__builtin_ctzll(a ^ b) / 8; break; }
                    length += 8;
                }
                if (length + 8 > limit) while (length < limit && from[length] == to[length]) length++;
                uint32_t distance = (uint32_t)(i - (candidate - 1));
                *out++ = MATCH_FLAG | distance << 9 | (uint32_t)length;
                counts->litlen[257 + length_code((int)length)]++;
                counts->distance[distance_code(distance)]++;
                i += length;
                continue;
            }
        }
        *out++ = b;
        counts->litlen[b]++;
        i++;
    }
    list->count = (size_t)(out - list->items);
    return 1;
}

/// Filters row after row into `stream` (filter byte + RGB bytes each), tokenizes it and
/// updates its Adler-32.
int fastpng_filter_and_tokenize(const unsigned char *pixels, int width, int height, size_t stride, uint8_t *stream,
                                token_list *tokens, histogram *counts, uint32_t *adler) {
    const size_t row_bytes = (size_t)width * 3, line = row_bytes + 1;
    uint8_t *rgb_rows = (uint8_t *)calloc(2, row_bytes);
    uint32_t *table = (uint32_t *)calloc((size_t)1 << HASH_BITS, sizeof(uint32_t));
    int ok = rgb_rows && table;
    uint8_t *above = rgb_rows, *rgb = rgb_rows + row_bytes;  // above starts as zeros: UP = NONE
    for (int y = 0; ok && y < height; y++) {
        const uint32_t *source = (const uint32_t *)(const void *)(pixels + (size_t)y * stride);
        for (int x = 0; x < width; x++) {  // cairo's native-endian 0xXXRRGGBB words to R, G, B
            uint32_t v = source[x];
            rgb[3 * x] = (uint8_t)(v >> 16);
            rgb[3 * x + 1] = (uint8_t)(v >> 8);
            rgb[3 * x + 2] = (uint8_t)v;
        }
        // Count the zeros each filter would leave, then write only the winner.
        size_t up_zeros = equal_bytes(rgb, above, row_bytes);
        size_t sub_zeros = row_bytes > 3 ? equal_bytes(rgb + 3, rgb, row_bytes - 3) : 0;
        uint8_t *out = stream + (size_t)y * line;
        if (up_zeros > sub_zeros) {
            out[0] = 2;
            for (size_t i = 0; i < row_bytes; i++) out[i + 1] = (uint8_t)(rgb[i] - above[i]);
        } else {
            out[0] = 1;
            for (size_t i = 0; i < row_bytes && i < 3; i++) out[i + 1] = rgb[i];
            for (size_t i = 3; i < row_bytes; i++) out[i + 1] = (uint8_t)(rgb[i] - rgb[i - 3]);
        }
        *adler = adler32_update(*adler, out, line);
        ok = tokenize(stream, (size_t)y * line, (size_t)(y + 1) * line, table, tokens, counts);
        uint8_t *swap = above;
        above = rgb;
        rgb = swap;
    }
    free(rgb_rows);
    free(table);
    return ok;
}
