// zlib's gzip file functions, for the precompressed `.gz` copies of downloads (Site), and
// crc32_combine for the trailer of the copies made of separately compressed segments.
#include <zlib.h>
