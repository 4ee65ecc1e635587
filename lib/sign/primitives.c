/*
 * primitives.c - what minisign's file format needs beyond OpenSSL's EVP (and how an
 * OpenSSL failure is reported): BLAKE2b (RFC
 * 7693) for the secret key checksum, strict base64, and scrypt with libsodium's
 * crypto_pwhash_scryptsalsa208sha256 parameter choice (through EVP_KDF).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "bytes.h"
#include "sign.h"

/* Records an OpenSSL failure: the first queued error's text, then clears the queue. */
int
odp_ossl_fail(struct odp_err *err, int code, const char *what)
{
    unsigned long e = ERR_get_error();
    char text[200];

    if (e != 0) {
        ERR_error_string_n(e, text, sizeof(text));
    } else {
        snprintf(text, sizeof(text), "no detail");
    }
    ERR_clear_error();
    return odp_errf(err, code, NULL, "%s failed (%s)", what, text);
}

/* ---- BLAKE2b (RFC 7693), for the 32-byte secret key checksum ---- */

static const uint64_t b2_iv[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
    0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
    0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

static const uint8_t b2_sigma[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
};

static uint64_t
rotr64(uint64_t x, unsigned n)
{
    return (x >> n) | (x << (64 - n));
}

static void
b2_compress(uint64_t h[8], const uint8_t block[128], uint64_t t, int last)
{
    uint64_t v[16], m[16];
    int i, r;

    for (i = 0; i < 16; i++) {
        m[i] = odp_le64_get(block + 8 * i);
    }
    for (i = 0; i < 8; i++) {
        v[i] = h[i];
        v[i + 8] = b2_iv[i];
    }
    v[12] ^= t; /* inputs here are far below 2^64 bytes: the high counter word stays 0 */
    if (last) {
        v[14] = ~v[14];
    }
#define B2_G(a, b, c, d, x, y)                                                                     \
    do {                                                                                           \
        v[a] = v[a] + v[b] + (x);                                                                  \
        v[d] = rotr64(v[d] ^ v[a], 32);                                                            \
        v[c] = v[c] + v[d];                                                                        \
        v[b] = rotr64(v[b] ^ v[c], 24);                                                            \
        v[a] = v[a] + v[b] + (y);                                                                  \
        v[d] = rotr64(v[d] ^ v[a], 16);                                                            \
        v[c] = v[c] + v[d];                                                                        \
        v[b] = rotr64(v[b] ^ v[c], 63);                                                            \
    } while (0)
    for (r = 0; r < 12; r++) {
        const uint8_t *s = b2_sigma[r];

        B2_G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        B2_G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        B2_G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        B2_G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        B2_G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        B2_G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        B2_G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        B2_G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
#undef B2_G
    for (i = 0; i < 8; i++) {
        h[i] ^= v[i] ^ v[i + 8];
    }
    OPENSSL_cleanse(m, sizeof(m));
    OPENSSL_cleanse(v, sizeof(v));
}

void
odp_blake2b(uint8_t *out, size_t outlen, const void *in, size_t inlen)
{
    const uint8_t *p = in;
    uint64_t h[8];
    uint8_t block[128];
    uint64_t t = 0;
    size_t i;

    if (outlen == 0 || outlen > 64) {
        return;
    }
    memcpy(h, b2_iv, sizeof(h));
    /* Parameter block word 0: digest length, key length 0, fanout 1, depth 1. */
    h[0] ^= 0x01010000ULL ^ (uint64_t)outlen;
    /* Compress every full block except the last one (which may be full). */
    while (inlen > 128) {
        t += 128;
        b2_compress(h, p, t, 0);
        p += 128;
        inlen -= 128;
    }
    memset(block, 0, sizeof(block));
    if (inlen > 0) {
        memcpy(block, p, inlen);
    }
    t += inlen;
    b2_compress(h, block, t, 1);
    for (i = 0; i < outlen; i++) {
        out[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
    }
    OPENSSL_cleanse(h, sizeof(h));
    OPENSSL_cleanse(block, sizeof(block));
}

/* ---- base64 (strict) ---- */

static int
b64_val(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

int
odp_b64_decode_exact(const char *s, size_t n, uint8_t *out, size_t outlen)
{
    size_t pad = (3 - outlen % 3) % 3;
    size_t i, o = 0;

    if (outlen == 0 || n != (outlen + 2) / 3 * 4) {
        return -1;
    }
    for (i = 0; i < n; i += 4) {
        int v[4], k;
        uint32_t w;
        int last = i + 4 == n;

        for (k = 0; k < 4; k++) {
            if (last && (size_t)k >= 4 - pad) {
                if (s[i + k] != '=') {
                    return -1;
                }
                v[k] = 0;
                continue;
            }
            v[k] = b64_val((unsigned char)s[i + k]);
            if (v[k] < 0) {
                return -1;
            }
        }
        w = ((uint32_t)v[0] << 18) | ((uint32_t)v[1] << 12) | ((uint32_t)v[2] << 6) |
            (uint32_t)v[3];
        if (last && pad == 2 && (w & 0xffff) != 0) {
            return -1; /* non-canonical: unused bits set */
        }
        if (last && pad == 1 && (w & 0xff) != 0) {
            return -1;
        }
        out[o++] = (uint8_t)(w >> 16);
        if (o < outlen) {
            out[o++] = (uint8_t)(w >> 8);
        }
        if (o < outlen) {
            out[o++] = (uint8_t)w;
        }
    }
    return o == outlen ? 0 : -1;
}

/* Standard padded base64 of n bytes into out (4 * ceil(n / 3) + 1 bytes). */
void
odp_b64_encode(const uint8_t *p, size_t n, char *out)
{
    (void)EVP_EncodeBlock((unsigned char *)out, p, (int)n);
}

/* ---- scrypt as libsodium's crypto_pwhash_scryptsalsa208sha256 ---- */

int
odp_scrypt_params(uint64_t opslimit, uint64_t memlimit, uint32_t *n_log2, uint32_t *r,
                  uint32_t *p, struct odp_err *err)
{
    uint64_t max_n, maxrp;

    /* libsodium's pickparams, step for step, so both tools derive the same stream. */
    if (opslimit < 32768) {
        opslimit = 32768;
    }
    *r = 8;
    if (opslimit < memlimit / 32) {
        *p = 1;
        max_n = opslimit / (*r * 4);
        for (*n_log2 = 1; *n_log2 < 63; *n_log2 += 1) {
            if ((uint64_t)1 << *n_log2 > max_n / 2) {
                break;
            }
        }
    } else {
        max_n = memlimit / ((uint64_t)*r * 128);
        for (*n_log2 = 1; *n_log2 < 63; *n_log2 += 1) {
            if ((uint64_t)1 << *n_log2 > max_n / 2) {
                break;
            }
        }
        maxrp = (opslimit / 4) / ((uint64_t)1 << *n_log2);
        if (maxrp > 0x3fffffff) {
            maxrp = 0x3fffffff;
        }
        *p = (uint32_t)maxrp / *r;
    }
    /* Caps against a key file asking for absurd work: 2 GiB, N*r*p <= 2^26. */
    if (*p == 0 || *n_log2 > 21 || ((uint64_t)*p << *n_log2) * *r > ((uint64_t)1 << 26)) {
        return odp_errf(err, ODP_ESYNTAX, NULL,
                        "secret key asks for unsupported scrypt cost parameters");
    }
    return ODP_OK;
}

int
odp_scrypt(const char *pass, const uint8_t salt[32], uint64_t opslimit, uint64_t memlimit,
           uint8_t *out, size_t outlen, struct odp_err *err)
{
    EVP_KDF *kdf = NULL;
    EVP_KDF_CTX *kctx = NULL;
    OSSL_PARAM params[7];
    uint32_t n_log2, r, p;
    uint64_t n, maxmem;
    size_t plen = strlen(pass);
    uint8_t saltcp[32];
    char *pw = NULL;
    int rc;

    rc = odp_scrypt_params(opslimit, memlimit, &n_log2, &r, &p, err);
    if (rc < 0) {
        return rc;
    }
    n = (uint64_t)1 << n_log2;
    /* OpenSSL needs 128*r*(N+2) for V plus 128*r*p for B; leave it a little room. */
    maxmem = 128ULL * r * (n + 2) + 128ULL * r * p + (1u << 20);
    pw = OPENSSL_secure_malloc(plen + 1);
    if (pw == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    memcpy(pw, pass, plen + 1);
    memcpy(saltcp, salt, 32);
    kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
    kctx = kdf != NULL ? EVP_KDF_CTX_new(kdf) : NULL;
    if (kctx == NULL) {
        rc = odp_ossl_fail(err, ODP_EINTERNAL, "scrypt setup");
        goto out;
    }
    params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, pw, plen);
    params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltcp, 32);
    params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
    params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r);
    params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p);
    params[5] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem);
    params[6] = OSSL_PARAM_construct_end();
    if (EVP_KDF_derive(kctx, out, outlen, params) != 1) {
        rc = odp_ossl_fail(err, ODP_ENOMEM, "scrypt key derivation");
    }
out:
    EVP_KDF_CTX_free(kctx);
    EVP_KDF_free(kdf);
    OPENSSL_cleanse(pw, plen + 1);
    OPENSSL_secure_free(pw);
    OPENSSL_cleanse(saltcp, sizeof(saltcp));
    return rc;
}

