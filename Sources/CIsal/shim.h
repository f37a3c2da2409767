// Intel's ISA-L (Debian's libisal-dev): igzip's raw deflate and a CRC-32, for the worksheets
// of big workbooks (Exports' ZipArchive). igzip at its level 1 deflates a worksheet's XML about
// five times as fast as zlib at level 1, to fewer bytes (docs/benchmarks.md, issue 16).
#include <stdint.h>
#include <isa-l/igzip_lib.h>
#include <isa-l/crc.h>

/// The level buffer igzip's level 1 wants (a macro expression in the header).
static inline uint32_t espice_isal_level_buffer_size(void) {
    return ISAL_DEF_LVL1_DEFAULT;
}

/// Starts a raw deflate stream (no zlib or gzip wrapper) at level 1, with `buffer` as its level
/// buffer of `size` bytes.
static inline void espice_isal_start(struct isal_zstream *stream, uint8_t *buffer, uint32_t size) {
    isal_deflate_init(stream);
    stream->level = 1;
    stream->level_buf = buffer;
    stream->level_buf_size = size;
    stream->gzip_flag = IGZIP_DEFLATE;
    stream->flush = NO_FLUSH;
}

/// Whether the stream wrote its end (after `end_of_stream` was set).
static inline int espice_isal_finished(const struct isal_zstream *stream) {
    return stream->internal_state.state == ZSTATE_END;
}
