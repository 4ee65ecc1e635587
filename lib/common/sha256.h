/*
 * sha256.h - SHA-256 for the release's bulk streams and keyed pseudonyms.
 *
 * A release hashes every input byte (the report's source digest) and every output
 * byte (the BagIt manifest), and a pseudonym costs two compressions: a third of a
 * release's CPU. On a CPU with the SHA extensions (SHA-NI) the compression here is
 * written with them directly (OpenSSL 3.0's own SHA-NI path measured 1.43 GB/s on the
 * 2-core build box, this one 1.6 GB/s), and two independent messages can be compressed
 * interleaved: one chain of `sha256rnds2` waits on the previous round's result, so a
 * second chain fills the gaps (2.0 GB/s for the two together). Without SHA-NI every
 * function falls back to OpenSSL's block function (its AVX2/SSSE3 code), so nothing is
 * slower than before. Results are plain FIPS 180-4 SHA-256 (the unit tests compare
 * every path with OpenSSL's EVP on random data and splits).
 *
 * The release's small digests use it too (key ids, files written whole, the portal id):
 * a release that signs nothing then never starts OpenSSL, whose first digest costs
 * 1.5-2.5 ms of provider loading before any work (round 13).
 *
 * Contexts are plain values: no allocation, no cleanup beyond odp_sha256_final (which
 * wipes the context). A context that hashed key material is a secret like the key.
 */
#ifndef ODP_COMMON_SHA256_H
#define ODP_COMMON_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct odp_sha256 {
    uint32_t h[8];
    uint64_t bytes; /* hashed so far, buffered ones included */
    uint8_t buf[64];
    size_t nbuf;
};

void odp_sha256_init(struct odp_sha256 *c);
void odp_sha256_update(struct odp_sha256 *c, const void *p, size_t n);
/* Writes the digest and wipes the context. */
void odp_sha256_final(struct odp_sha256 *c, uint8_t out[32]);
/* The digest of n bytes at p, in one call. */
void odp_sha256_digest(const void *p, size_t n, uint8_t out[32]);

/*
 * Two updates at once: the same result as odp_sha256_update(a, pa, na) and then
 * odp_sha256_update(b, pb, nb), with the blocks the two have in common compressed
 * interleaved. a and b must be different contexts.
 */
void odp_sha256_update2(struct odp_sha256 *a, const void *pa, size_t na, struct odp_sha256 *b,
                        const void *pb, size_t nb);

/* The compression function over n whole 64-byte blocks, on chaining values h. */
void odp_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n);
/* Two chains at once, n blocks each. */
void odp_sha256_blocks2(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb,
                        size_t n);
/* Three chains at once, n blocks each. */
void odp_sha256_blocks3(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb,
                        uint32_t hc[8], const uint8_t *pc, size_t n);

/*
 * Which compression runs: ODP_SHA256_AUTO (SHA-NI when the CPU has it, else OpenSSL's),
 * or one forced for tests and benchmarks (ODP_SHA256_PORTABLE is plain C). Returns 0,
 * or -1 when this CPU or OpenSSL build cannot run the one asked for (nothing changes
 * then). Not thread-safe: call before any hashing starts.
 */
enum { ODP_SHA256_AUTO = 0, ODP_SHA256_SHANI = 1, ODP_SHA256_OPENSSL = 2, ODP_SHA256_PORTABLE = 3 };
int odp_sha256_use(int which);
/* The one in use (never ODP_SHA256_AUTO). */
int odp_sha256_impl(void);

#endif
