// zlib's gzip file functions, for the precompressed `.gz` copies of big downloads (Site).
#include <zlib.h>
