/*
 * sha256.c - SHA-256 with the x86 SHA extensions, one chain or two interleaved, and
 * OpenSSL's block function (or portable C) where the CPU has no SHA-NI (sha256.h).
 *
 * The SHA-NI code follows the instruction set's published usage: the eight chaining
 * words live in two registers as ABEF and CDGH, `sha256rnds2` does two rounds from the
 * low half of a message+constant register, `sha256msg1` / `sha256msg2` extend the
 * message schedule four words at a time. The two-chain version is the same rounds for
 * two messages written side by side, so each chain's latency hides the other's.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <pthread.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/opensslconf.h>
#include <openssl/sha.h>

#include "sha256.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI_CODE 1
#else
#define HAVE_SHANI_CODE 0
#endif

#if !defined(OPENSSL_NO_DEPRECATED_3_0)
#define HAVE_OSSL_BLOCK 1
#else
#define HAVE_OSSL_BLOCK 0
#endif

static const uint32_t K256[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

static const uint32_t IV256[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/* --- portable C (the reference when OpenSSL offers no block function) --- */

static uint32_t
ror(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

static void
blocks_c(uint32_t h[8], const uint8_t *p, size_t n)
{
    while (n-- > 0) {
        uint32_t w[64], a, b, c, d, e, f, g, k;
        int i;

        for (i = 0; i < 16; i++) {
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
                   (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
        }
        for (i = 16; i < 64; i++) {
            uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);

            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        a = h[0];
        b = h[1];
        c = h[2];
        d = h[3];
        e = h[4];
        f = h[5];
        g = h[6];
        k = h[7];
        for (i = 0; i < 64; i++) {
            uint32_t t1 =
                k + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
            uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

            k = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += k;
        OPENSSL_cleanse(w, sizeof(w)); /* the schedule of a keyed block is key material */
        p += 64;
    }
}

/* --- OpenSSL's block function (its SIMD code) --- */

#if HAVE_OSSL_BLOCK
static void
blocks_ossl(uint32_t h[8], const uint8_t *p, size_t n)
{
    SHA256_CTX c;

    if (n == 0) {
        return;
    }
    memcpy(c.h, h, sizeof(c.h));
    while (n-- > 0) {
        SHA256_Transform(&c, p);
        p += 64;
    }
    memcpy(h, c.h, sizeof(c.h));
    OPENSSL_cleanse(&c, sizeof(c));
}
#endif

/* --- SHA-NI --- */

#if HAVE_SHANI_CODE
#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

SHANI_TARGET static inline void
ni_load(const uint32_t *h, __m128i *abef, __m128i *cdgh)
{
    __m128i t = _mm_loadu_si128((const __m128i *)(const void *)h);       /* DCBA */
    __m128i u = _mm_loadu_si128((const __m128i *)(const void *)(h + 4)); /* HGFE */

    t = _mm_shuffle_epi32(t, 0xB1);      /* CDAB */
    u = _mm_shuffle_epi32(u, 0x1B);      /* EFGH */
    *abef = _mm_alignr_epi8(t, u, 8);    /* ABEF */
    *cdgh = _mm_blend_epi16(u, t, 0xF0); /* CDGH */
}

SHANI_TARGET static inline void
ni_store(uint32_t *h, __m128i abef, __m128i cdgh)
{
    __m128i t = _mm_shuffle_epi32(abef, 0x1B); /* FEBA */

    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);  /* DCHG */
    abef = _mm_blend_epi16(t, cdgh, 0xF0); /* DCBA */
    cdgh = _mm_alignr_epi8(cdgh, t, 8);    /* HGFE */
    _mm_storeu_si128((__m128i *)(void *)h, abef);
    _mm_storeu_si128((__m128i *)(void *)(h + 4), cdgh);
}

/* Message words 4i..4i+3: loaded for i < 4, else from the schedule of the last four. */
#define NI_MSG(m, p, i, mask)                                                                      \
    ((i) < 4 ? _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)((p) + 16 * (i))),  \
                                (mask))                                                            \
             : _mm_sha256msg2_epu32(                                                               \
                   _mm_add_epi32(_mm_sha256msg1_epu32(m[(i)&3], m[((i) + 1) & 3]),                 \
                                 _mm_alignr_epi8(m[((i) + 3) & 3], m[((i) + 2) & 3], 4)),          \
                   m[((i) + 3) & 3]))

SHANI_TARGET static void
blocks_ni(uint32_t h[8], const uint8_t *p, size_t n)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i s0, s1;

    ni_load(h, &s0, &s1);
    while (n-- > 0) {
        const __m128i a0 = s0, a1 = s1;
        __m128i m[4];
        int i;

#pragma GCC unroll 16
        for (i = 0; i < 16; i++) {
            __m128i k;

            m[i & 3] = NI_MSG(m, p, i, mask);
            k = _mm_add_epi32(m[i & 3],
                              _mm_load_si128((const __m128i *)(const void *)(K256 + 4 * i)));
            s1 = _mm_sha256rnds2_epu32(s1, s0, k);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
        }
        s0 = _mm_add_epi32(s0, a0);
        s1 = _mm_add_epi32(s1, a1);
        p += 64;
    }
    ni_store(h, s0, s1);
}

SHANI_TARGET static void
blocks2_ni(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb, size_t n)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i s0, s1, t0, t1;

    ni_load(ha, &s0, &s1);
    ni_load(hb, &t0, &t1);
    while (n-- > 0) {
        const __m128i a0 = s0, a1 = s1, b0 = t0, b1 = t1;
        __m128i m[4], v[4];
        int i;

#pragma GCC unroll 16
        for (i = 0; i < 16; i++) {
            const __m128i kc = _mm_load_si128((const __m128i *)(const void *)(K256 + 4 * i));
            __m128i k, j;

            m[i & 3] = NI_MSG(m, pa, i, mask);
            v[i & 3] = NI_MSG(v, pb, i, mask);
            k = _mm_add_epi32(m[i & 3], kc);
            j = _mm_add_epi32(v[i & 3], kc);
            s1 = _mm_sha256rnds2_epu32(s1, s0, k);
            t1 = _mm_sha256rnds2_epu32(t1, t0, j);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
            t0 = _mm_sha256rnds2_epu32(t0, t1, _mm_shuffle_epi32(j, 0x0E));
        }
        s0 = _mm_add_epi32(s0, a0);
        s1 = _mm_add_epi32(s1, a1);
        t0 = _mm_add_epi32(t0, b0);
        t1 = _mm_add_epi32(t1, b1);
        pa += 64;
        pb += 64;
    }
    ni_store(ha, s0, s1);
    ni_store(hb, t0, t1);
}

/*
 * Three chains: a row's three pseudonyms at once (HMAC blocks, plan.c). sha256rnds2's
 * latency leaves room for a third chain beside two (AMD Zen 4: 2.43 GB/s for two, 2.6-2.7
 * for three; docs/PERFORMANCE.md, round 14).
 */
SHANI_TARGET static void
blocks3_ni(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb, uint32_t hc[8],
           const uint8_t *pc, size_t n)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i s0, s1, t0, t1, u0, u1;

    ni_load(ha, &s0, &s1);
    ni_load(hb, &t0, &t1);
    ni_load(hc, &u0, &u1);
    while (n-- > 0) {
        const __m128i a0 = s0, a1 = s1, b0 = t0, b1 = t1, c0 = u0, c1 = u1;
        __m128i m[4], v[4], w[4];
        int i;

#pragma GCC unroll 16
        for (i = 0; i < 16; i++) {
            const __m128i kc = _mm_load_si128((const __m128i *)(const void *)(K256 + 4 * i));
            __m128i k, j, x;

            m[i & 3] = NI_MSG(m, pa, i, mask);
            v[i & 3] = NI_MSG(v, pb, i, mask);
            w[i & 3] = NI_MSG(w, pc, i, mask);
            k = _mm_add_epi32(m[i & 3], kc);
            j = _mm_add_epi32(v[i & 3], kc);
            x = _mm_add_epi32(w[i & 3], kc);
            s1 = _mm_sha256rnds2_epu32(s1, s0, k);
            t1 = _mm_sha256rnds2_epu32(t1, t0, j);
            u1 = _mm_sha256rnds2_epu32(u1, u0, x);
            s0 = _mm_sha256rnds2_epu32(s0, s1, _mm_shuffle_epi32(k, 0x0E));
            t0 = _mm_sha256rnds2_epu32(t0, t1, _mm_shuffle_epi32(j, 0x0E));
            u0 = _mm_sha256rnds2_epu32(u0, u1, _mm_shuffle_epi32(x, 0x0E));
        }
        s0 = _mm_add_epi32(s0, a0);
        s1 = _mm_add_epi32(s1, a1);
        t0 = _mm_add_epi32(t0, b0);
        t1 = _mm_add_epi32(t1, b1);
        u0 = _mm_add_epi32(u0, c0);
        u1 = _mm_add_epi32(u1, c1);
        pa += 64;
        pb += 64;
        pc += 64;
    }
    ni_store(ha, s0, s1);
    ni_store(hb, t0, t1);
    ni_store(hc, u0, u1);
}

static int
cpu_has_shani(void)
{
    unsigned a, b, c, d;

    if (__get_cpuid(1, &a, &b, &c, &d) == 0 || (c & bit_SSE4_1) == 0 || (c & bit_SSSE3) == 0) {
        return 0;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) == 0) {
        return 0;
    }
    return (b & (1u << 29)) != 0; /* CPUID.(EAX=7,ECX=0):EBX.SHA[bit 29] */
}
#else
static int
cpu_has_shani(void)
{
    return 0;
}
#endif

/* --- dispatch --- */

typedef void (*blocks_fn)(uint32_t h[8], const uint8_t *p, size_t n);

static blocks_fn blocks_impl;
static int impl_id;
static pthread_once_t impl_once = PTHREAD_ONCE_INIT;

static void
blocks2_pair(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb, size_t n)
{
    blocks_impl(ha, pa, n);
    blocks_impl(hb, pb, n);
}

static void
pick(int which)
{
#if HAVE_SHANI_CODE
    if (which != ODP_SHA256_OPENSSL && which != ODP_SHA256_PORTABLE && cpu_has_shani()) {
        blocks_impl = blocks_ni;
        impl_id = ODP_SHA256_SHANI;
        return;
    }
#endif
#if HAVE_OSSL_BLOCK
    if (which != ODP_SHA256_PORTABLE) {
        blocks_impl = blocks_ossl;
        impl_id = ODP_SHA256_OPENSSL;
        return;
    }
#endif
    blocks_impl = blocks_c;
    impl_id = ODP_SHA256_PORTABLE;
}

static void
pick_auto(void)
{
    pick(ODP_SHA256_AUTO);
}

static void
ready(void)
{
    (void)pthread_once(&impl_once, pick_auto);
}

int
odp_sha256_use(int which)
{
    ready();
    if (which == ODP_SHA256_SHANI && !cpu_has_shani()) {
        return -1;
    }
    if (which == ODP_SHA256_OPENSSL && !HAVE_OSSL_BLOCK) {
        return -1;
    }
    if (which != ODP_SHA256_AUTO && which != ODP_SHA256_SHANI && which != ODP_SHA256_OPENSSL &&
        which != ODP_SHA256_PORTABLE) {
        return -1;
    }
    pick(which);
    return 0;
}

int
odp_sha256_impl(void)
{
    ready();
    return impl_id;
}

void
odp_sha256_blocks(uint32_t h[8], const uint8_t *p, size_t n)
{
    ready();
    blocks_impl(h, p, n);
}

void
odp_sha256_blocks2(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb, size_t n)
{
    ready();
#if HAVE_SHANI_CODE
    if (impl_id == ODP_SHA256_SHANI) {
        blocks2_ni(ha, pa, hb, pb, n);
        return;
    }
#endif
    blocks2_pair(ha, pa, hb, pb, n);
}

void
odp_sha256_blocks3(uint32_t ha[8], const uint8_t *pa, uint32_t hb[8], const uint8_t *pb,
                   uint32_t hc[8], const uint8_t *pc, size_t n)
{
    ready();
#if HAVE_SHANI_CODE
    if (impl_id == ODP_SHA256_SHANI) {
        blocks3_ni(ha, pa, hb, pb, hc, pc, n);
        return;
    }
#endif
    odp_sha256_blocks2(ha, pa, hb, pb, n);
    blocks_impl(hc, pc, n);
}

/* --- streaming --- */

void
odp_sha256_init(struct odp_sha256 *c)
{
    memcpy(c->h, IV256, sizeof(c->h));
    c->bytes = 0;
    c->nbuf = 0;
}

/* Tops up c's partial block from *p; compresses it when full. */
static void
fill(struct odp_sha256 *c, const uint8_t **p, size_t *n)
{
    size_t k;

    if (c->nbuf == 0) {
        return;
    }
    k = 64 - c->nbuf < *n ? 64 - c->nbuf : *n;
    memcpy(c->buf + c->nbuf, *p, k);
    c->nbuf += k;
    *p += k;
    *n -= k;
    if (c->nbuf == 64) {
        blocks_impl(c->h, c->buf, 1);
        c->nbuf = 0;
    }
}

/* Compresses p's whole blocks into c and keeps the tail. */
static void
rest(struct odp_sha256 *c, const uint8_t *p, size_t n)
{
    if (n >= 64) {
        blocks_impl(c->h, p, n / 64);
        p += n - n % 64;
        n %= 64;
    }
    if (n > 0) {
        memcpy(c->buf, p, n);
        c->nbuf = n;
    }
}

void
odp_sha256_update(struct odp_sha256 *c, const void *pv, size_t n)
{
    const uint8_t *p = pv;

    ready();
    c->bytes += n;
    fill(c, &p, &n);
    if (n > 0) {
        rest(c, p, n);
    }
}

void
odp_sha256_update2(struct odp_sha256 *a, const void *pav, size_t na, struct odp_sha256 *b,
                   const void *pbv, size_t nb)
{
    const uint8_t *pa = pav, *pb = pbv;
    size_t both;

    ready();
    a->bytes += na;
    b->bytes += nb;
    fill(a, &pa, &na);
    fill(b, &pb, &nb);
    /* after fill, a context with bytes left has an empty buffer */
    both = (na < nb ? na : nb) / 64;
    if (both > 0) {
        odp_sha256_blocks2(a->h, pa, b->h, pb, both);
        pa += both * 64;
        na -= both * 64;
        pb += both * 64;
        nb -= both * 64;
    }
    if (na > 0) {
        rest(a, pa, na);
    }
    if (nb > 0) {
        rest(b, pb, nb);
    }
}

void
odp_sha256_final(struct odp_sha256 *c, uint8_t out[32])
{
    uint64_t bits = c->bytes * 8u;
    size_t n = c->nbuf;
    int i;

    ready();
    c->buf[n++] = 0x80;
    if (n > 56) {
        memset(c->buf + n, 0, 64 - n);
        blocks_impl(c->h, c->buf, 1);
        n = 0;
    }
    memset(c->buf + n, 0, 56 - n);
    for (i = 0; i < 8; i++) {
        c->buf[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    }
    blocks_impl(c->h, c->buf, 1);
    for (i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(c->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(c->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(c->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)c->h[i];
    }
    OPENSSL_cleanse(c, sizeof(*c));
}

void
odp_sha256_digest(const void *p, size_t n, uint8_t out[32])
{
    struct odp_sha256 c;

    odp_sha256_init(&c);
    odp_sha256_update(&c, p, n);
    odp_sha256_final(&c, out);
}
