// Huffman codes for the deflate writer: length-limited code lengths, canonical codes and the
// run-length coded code-length sequence of a dynamic block header (RFC 1951 §3.2.7).
#include "deflate.h"

/// lone used symbol gets a partner so that the code is complete.
void fastpng_code_lengths(const uint32_t *freq, int n, int max_bits, uint8_t *lengths) {
    uint64_t key[LITLEN_SYMBOLS];  // frequency << 9 | symbol, sorted ascending
    int m = 0;
    memset(lengths, 0, (size_t)n);
    for (int s = 0; s < n; s++)
        if (freq[s]) key[m++] = (uint64_t)freq[s] << 9 | (uint64_t)s;
    if (m == 0) return;
    if (m == 1) {
        int s = (int)(key[0] & 511);
        lengths[s] = 1;
        lengths[s == 0 ? 1 : 0] = 1;
        return;
    }
    for (int i = 1; i < m; i++) {  // insertion sort: at most 286 keys
        uint64_t k = key[i];
        int j = i - 1;
        while (j >= 0 && key[j] > k) { key[j + 1] = key[j]; j--; }
        key[j + 1] = k;
    }
    // Two-queue Huffman construction over the sorted leaves; nodes m… are internal.
    uint64_t weight[2 * LITLEN_SYMBOLS];
    int parent[2 * LITLEN_SYMBOLS];
    for (int i = 0; i < m; i++) weight[i] = key[i] >> 9;
    int leaf = 0, inner = m;
    for (int next = m; next < 2 * m - 1; next++) {
        int pick[2];
        for (int k = 0; k < 2; k++) {
            if (leaf < m && (inner >= next || weight[leaf] <= weight[inner])) pick[k] = leaf++;
            else pick[k] = inner++;
        }
        weight[next] = weight[pick[0]] + weight[pick[1]];
        parent[pick[0]] = parent[pick[1]] = next;
    }
    int depth[2 * LITLEN_SYMBOLS];
    depth[2 * m - 2] = 0;
    int count[64] = {0};
    for (int i = 2 * m - 3; i >= 0; i--) {
        depth[i] = depth[parent[i]] + 1;
        if (i < m) count[depth[i] > max_bits ? max_bits : depth[i]]++;
    }
    // Limit the lengths (as miniz does): fold overlong codes into max_bits, then lengthen
    // shorter codes until the Kraft sum is exactly 1.
    uint32_t total = 0;
    for (int len = 1; len <= max_bits; len++) total += (uint32_t)count[len] << (max_bits - len);
    while (total != (1u << max_bits)) {
        count[max_bits]--;
        for (int len = max_bits - 1; len > 0; len--) {
            if (count[len]) { count[len]--; count[len + 1] += 2; break; }
        }
        total--;
    }
    int next = 0;  // least frequent symbols get the longest codes
    for (int len = max_bits; len > 0; len--)
        for (int k = count[len]; k > 0; k--) lengths[key[next++] & 511] = (uint8_t)len;
}

/// Canonical codes for `lengths`, bit-reversed for deflate's LSB-first bit order.
void fastpng_canonical_codes(const uint8_t *lengths, int n, uint16_t *codes) {
    uint16_t count[MAX_BITS + 1] = {0}, next[MAX_BITS + 2] = {0};
    for (int s = 0; s < n; s++) count[lengths[s]]++;
    count[0] = 0;
    for (int len = 1; len <= MAX_BITS; len++) next[len + 1] = (uint16_t)((next[len] + count[len]) << 1);
    for (int s = 0; s < n; s++) {
        int len = lengths[s];
        if (!len) { codes[s] = 0; continue; }
        uint16_t code = next[len]++, reversed = 0;
        for (int b = 0; b < len; b++) reversed = (uint16_t)(reversed << 1 | ((code >> b) & 1));
        codes[s] = reversed;
    }
}


/// Run-length codes the code lengths of both alphabets (symbols 16, 17, 18 with extra bits).
int fastpng_code_length_symbols(const uint8_t *lengths, int total, uint8_t *symbols, uint8_t *extra) {
    int count = 0;
    for (int i = 0; i < total;) {
        int len = lengths[i], run = 1;
        while (i + run < total && lengths[i + run] == len) run++;
        int left = run;
        if (len == 0) {
            while (left >= 11) {
                int r = left > 138 ? 138 : left;
                symbols[count] = 18; extra[count++] = (uint8_t)(r - 11); left -= r;
            }
            if (left >= 3) { symbols[count] = 17; extra[count++] = (uint8_t)(left - 3); left = 0; }
        } else {
            symbols[count] = (uint8_t)len; extra[count++] = 0; left--;
            while (left >= 3) {
                int r = left > 6 ? 6 : left;
                symbols[count] = 16; extra[count++] = (uint8_t)(r - 3); left -= r;
            }
        }
        while (left-- > 0) { symbols[count] = (uint8_t)len; extra[count++] = 0; }
        i += run;
    }
    return count;
}
