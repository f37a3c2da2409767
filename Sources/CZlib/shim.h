// zlib's gzip file functions, for the precompressed `.gz` copies of big downloads (Site), and
// raw deflate for the copies made of separately compressed segments.
#include <zlib.h>

/// `deflateInit2` is a macro: raw deflate (no zlib or gzip wrapper) at `level`.
static inline int espice_deflate_init_raw(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}
