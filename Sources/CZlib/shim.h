#include <zlib.h>

// deflateInit2 and inflateInit2 are macros (they pass ZLIB_VERSION and sizeof(z_stream)): Swift
// cannot call a function-like macro, so these inline wrappers do. windowBits -15: raw deflate, the
// form a zip entry holds (no zlib header or trailer).
static inline int prep_deflate_crudo_init(z_streamp s, int nivel) {
    return deflateInit2(s, nivel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
}

static inline int prep_inflate_crudo_init(z_streamp s) {
    return inflateInit2(s, -15);
}

// windowBits 31: the gzip format (RFC 1952: header, deflate, CRC-32 and size trailer), what
// `gzip -d` and `zcat` read: a corte reduced by retention keeps its CSVs so.
static inline int prep_deflate_gzip_init(z_streamp s, int nivel) {
    return deflateInit2(s, nivel, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
}

static inline int prep_inflate_gzip_init(z_streamp s) {
    return inflateInit2(s, 31);
}
