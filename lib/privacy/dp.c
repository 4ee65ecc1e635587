/*
 * dp.c - keyed DRBG (HMAC-SHA-256 in counter mode) and exact discrete Laplace and
 * discrete Gaussian samplers (Canonne, Kamath, Steinke 2020, Algorithms 1-3).
 *
 * Promises kept here:
 * - No floating point in anything that reads the stream: every sampling decision is a
 *   comparison of integers (uint64_t, odp_u128, or BIGNUM when 128 bits would
 *   overflow). Floating point appears only in the calibration and reporting helpers
 *   (dp_calib.c), which never touch a generator.
 * - Exactness: each sampler's output distribution is exactly the stated one, given
 *   uniform bits. Rejection loops have no iteration caps that would bias them.
 * - Determinism: outputs depend only on (key, ctx) and the sequence of calls.
 * - Secrets: the generator state lives in OpenSSL secure memory (when a secure heap is
 *   set up) and is cleansed on free; stack copies of derived keys are cleansed.
 * - No message carries key material, stream bytes or sampled values.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include "dp_internal.h"
#include "dp.h"
#include "odp/err.h"

#define DRBG_BLOCK 32

/* Domain labels (no NUL): K' and the context key; the version is part of the stream. */
static const unsigned char key_label[] = "odpub dp drbg";
static const unsigned char ctx_label[] = "odpub-dp-v1";

struct odp_drbg {
    EVP_MAC_CTX *mac;                /* HMAC-SHA-256 keyed with Kc */
    uint64_t counter;                /* index of the next block to compute */
    unsigned char block[DRBG_BLOCK]; /* current block */
    size_t used;                     /* bytes of block already handed out */
    uint64_t pool;                   /* read-ahead bits: the low npool bits are unread */
    unsigned npool;                  /* unread bits in pool, 0..64 */
    int failed;                      /* sticky: first failure code */
};

/* ---- small integer helpers ------------------------------------------------------- */

static void
put_be64(unsigned char *p, uint64_t v)
{
    int i;

    for (i = 7; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static uint64_t
get_be64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 8; i++) {
        v = (v << 8) | p[i];
    }
    return v;
}

static unsigned
bitlen64(uint64_t v)
{
    return v == 0 ? 0 : 64 - (unsigned)__builtin_clzll(v);
}

static unsigned
bitlen128(odp_u128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);

    return hi != 0 ? 64 + bitlen64(hi) : bitlen64((uint64_t)v);
}

static uint64_t
mask64(unsigned k)
{
    return k >= 64 ? UINT64_MAX : (UINT64_C(1) << k) - 1;
}

/* floor(sqrt(v)), integers only (bit-by-bit method). */
static uint64_t
isqrt64(uint64_t v)
{
    uint64_t r = 0;
    uint64_t bit = UINT64_C(1) << 62;

    while (bit > v) {
        bit >>= 2;
    }
    while (bit != 0) {
        if (v >= r + bit) {
            v -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

/*
 * Turns the first queued OpenSSL error into an odp error (ENOMEM for allocation
 * failures, else `code`) and clears the queue so a stale entry cannot be blamed later.
 */
static int
ossl_fail(struct odp_err *err, int code, const char *what)
{
    char buf[256];
    unsigned long e = ERR_peek_error();

    if (e != 0 && ERR_GET_REASON(e) == ERR_R_MALLOC_FAILURE) {
        code = ODP_ENOMEM;
    }
    if (e != 0) {
        ERR_error_string_n(e, buf, sizeof(buf));
    } else {
        snprintf(buf, sizeof(buf), "no openssl error queued");
    }
    ERR_clear_error();
    return odp_errf(err, code, NULL, "%s: %s", what, buf);
}

/* ---- the generator ------------------------------------------------------------- */

/* K' = HMAC(key, label), held as an HMAC context keyed with K' (dp.h, odp_drbg_key_new). */
struct odp_drbg_key {
    EVP_MAC *hmac;
    EVP_MAC_CTX *kp; /* HMAC-SHA-256 keyed with K' */
};

struct odp_drbg_key *
odp_drbg_key_new(const uint8_t *key, size_t keylen, struct odp_err *err)
{
    struct odp_drbg_key *k;
    OSSL_PARAM params[2];
    unsigned char kp[DRBG_BLOCK];
    size_t outl = 0;
    int ok = 0;

    if (key == NULL) {
        odp_errf(err, ODP_EINVAL, NULL, "drbg: key or context is NULL");
        return NULL;
    }
    if (keylen < ODP_DRBG_MIN_KEY) {
        odp_errf(err, ODP_EKEY, NULL, "drbg: key has %zu bytes, at least %d needed", keylen,
                 ODP_DRBG_MIN_KEY);
        return NULL;
    }
    k = OPENSSL_zalloc(sizeof(*k));
    if (k == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "drbg: out of memory");
        ERR_clear_error();
        return NULL;
    }
    k->hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    if (k->hmac == NULL) {
        ossl_fail(err, ODP_EINTERNAL, "drbg: cannot fetch HMAC");
        goto out;
    }
    k->kp = EVP_MAC_CTX_new(k->hmac);
    if (k->kp == NULL) {
        ossl_fail(err, ODP_ENOMEM, "drbg: cannot create HMAC context");
        goto out;
    }
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    /* K' = HMAC(key, label): domain separation from every other use of the key. */
    if (EVP_MAC_init(k->kp, key, keylen, params) != 1 ||
        EVP_MAC_update(k->kp, key_label, sizeof(key_label) - 1) != 1 ||
        EVP_MAC_final(k->kp, kp, &outl, sizeof(kp)) != 1 || outl != sizeof(kp) ||
        EVP_MAC_init(k->kp, kp, sizeof(kp), NULL) != 1) {
        ossl_fail(err, ODP_EINTERNAL, "drbg: HMAC-SHA-256 failed");
        goto out;
    }
    ok = 1;
out:
    OPENSSL_cleanse(kp, sizeof(kp));
    if (!ok) {
        odp_drbg_key_free(k);
        return NULL;
    }
    return k;
}

void
odp_drbg_key_free(struct odp_drbg_key *k)
{
    if (k == NULL) {
        return;
    }
    EVP_MAC_CTX_free(k->kp); /* OpenSSL cleanses the HMAC key schedule */
    EVP_MAC_free(k->hmac);
    OPENSSL_free(k);
}

struct odp_drbg *
odp_drbg_derive(const struct odp_drbg_key *k, const void *ctx, size_t ctxlen,
                struct odp_err *err)
{
    struct odp_drbg *d = NULL;
    EVP_MAC_CTX *c = NULL;
    OSSL_PARAM params[2];
    unsigned char kc[DRBG_BLOCK];
    unsigned char len[8];
    size_t outl = 0;
    int ok = 0;

    if (k == NULL || (ctx == NULL && ctxlen > 0)) {
        odp_errf(err, ODP_EINVAL, NULL, "drbg: key or context is NULL");
        return NULL;
    }
    if (ctxlen > ODP_DRBG_MAX_CTX) {
        odp_errf(err, ODP_ELIMIT, NULL, "drbg: context has %zu bytes, at most %d allowed", ctxlen,
                 ODP_DRBG_MAX_CTX);
        return NULL;
    }
    d = OPENSSL_secure_zalloc(sizeof(*d));
    if (d == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "drbg: out of memory");
        ERR_clear_error();
        return NULL;
    }
    d->used = DRBG_BLOCK;
    c = EVP_MAC_CTX_dup(k->kp);
    d->mac = EVP_MAC_CTX_new(k->hmac);
    if (c == NULL || d->mac == NULL) {
        ossl_fail(err, ODP_ENOMEM, "drbg: cannot create HMAC context");
        goto out;
    }
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    put_be64(len, (uint64_t)ctxlen);
    /* Kc = HMAC(K', version || be64(ctxlen) || ctx): length prefix keeps it injective. */
    if (EVP_MAC_update(c, ctx_label, sizeof(ctx_label) - 1) != 1 ||
        EVP_MAC_update(c, len, sizeof(len)) != 1 ||
        (ctxlen > 0 && EVP_MAC_update(c, ctx, ctxlen) != 1) ||
        EVP_MAC_final(c, kc, &outl, sizeof(kc)) != 1 || outl != sizeof(kc)) {
        ossl_fail(err, ODP_EINTERNAL, "drbg: HMAC-SHA-256 failed");
        goto out;
    }
    /* From here on the context holds Kc; each block re-inits it with a NULL key. */
    if (EVP_MAC_init(d->mac, kc, sizeof(kc), params) != 1) {
        ossl_fail(err, ODP_EINTERNAL, "drbg: HMAC-SHA-256 failed");
        goto out;
    }
    ok = 1;
out:
    OPENSSL_cleanse(kc, sizeof(kc));
    EVP_MAC_CTX_free(c);
    if (!ok) {
        odp_drbg_free(d);
        return NULL;
    }
    return d;
}

struct odp_drbg *
odp_drbg_new(const uint8_t *key, size_t keylen, const void *ctx, size_t ctxlen, struct odp_err *err)
{
    struct odp_drbg_key *k;
    struct odp_drbg *d;

    if (key == NULL || (ctx == NULL && ctxlen > 0)) {
        odp_errf(err, ODP_EINVAL, NULL, "drbg: key or context is NULL");
        return NULL;
    }
    if (ctxlen > ODP_DRBG_MAX_CTX) {
        odp_errf(err, ODP_ELIMIT, NULL, "drbg: context has %zu bytes, at most %d allowed", ctxlen,
                 ODP_DRBG_MAX_CTX);
        return NULL;
    }
    k = odp_drbg_key_new(key, keylen, err);
    if (k == NULL) {
        return NULL;
    }
    d = odp_drbg_derive(k, ctx, ctxlen, err);
    odp_drbg_key_free(k);
    return d;
}

void
odp_drbg_free(struct odp_drbg *d)
{
    if (d == NULL) {
        return;
    }
    EVP_MAC_CTX_free(d->mac); /* OpenSSL cleanses the HMAC key schedule */
    OPENSSL_secure_clear_free(d, sizeof(*d));
}

/* Computes block_counter into d->block. */
static int
next_block(struct odp_drbg *d, struct odp_err *err)
{
    unsigned char ctr[8];
    size_t outl = 0;

    if (d->counter == UINT64_MAX) {
        return odp_errf(err, ODP_ELIMIT, NULL, "drbg: stream exhausted (2^64 blocks)");
    }
    put_be64(ctr, d->counter);
    /* OpenSSL 3.0 copies the keyed HMAC state here, which allocates */
    if (EVP_MAC_init(d->mac, NULL, 0, NULL) != 1 || EVP_MAC_update(d->mac, ctr, 8) != 1 ||
        EVP_MAC_final(d->mac, d->block, &outl, sizeof(d->block)) != 1 || outl != sizeof(d->block)) {
        return ossl_fail(err, ODP_EINTERNAL, "drbg: HMAC-SHA-256 failed");
    }
    d->counter++;
    d->used = 0;
    return ODP_OK;
}

/* Next n bytes of the byte stream, ignoring the bit pool. */
static int
read_stream(struct odp_drbg *d, unsigned char *out, size_t n, struct odp_err *err)
{
    size_t take;
    int rc;

    while (n > 0) {
        if (d->used == DRBG_BLOCK) {
            rc = next_block(d, err);
            if (rc < 0) {
                return rc;
            }
        }
        take = DRBG_BLOCK - d->used;
        if (take > n) {
            take = n;
        }
        memcpy(out, d->block + d->used, take);
        OPENSSL_cleanse(d->block + d->used, take); /* handed out: do not keep a copy */
        d->used += take;
        out += take;
        n -= take;
    }
    return ODP_OK;
}

/* Entry check of every public call that reads the stream. */
static int
gen_ok(const struct odp_drbg *d, const void *out, const char *who, struct odp_err *err)
{
    if (d == NULL || out == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "%s: generator or output is NULL", who);
    }
    if (d->failed != ODP_OK) {
        return odp_errf(err, d->failed, NULL, "%s: generator failed earlier", who);
    }
    return ODP_OK;
}

/* A failure after a call started reading is sticky: part of the stream is gone. */
static int
gen_done(struct odp_drbg *d, int rc)
{
    if (rc < 0 && d->failed == ODP_OK) {
        d->failed = rc;
    }
    return rc;
}

int
odp_drbg_bytes(struct odp_drbg *d, uint8_t *out, size_t n, struct odp_err *err)
{
    int rc = gen_ok(d, n == 0 ? (const void *)"" : out, "drbg", err);

    if (rc < 0) {
        return rc;
    }
    return gen_done(d, read_stream(d, out, n, err));
}

/*
 * Next k bits (0 <= k <= 64) of the stream, most significant first, as an integer. The
 * pool is refilled 64 bits (8 stream bytes) at a time; unread pool bits come first.
 */
static int
draw_bits(struct odp_drbg *d, unsigned k, uint64_t *out, struct odp_err *err)
{
    unsigned char b[8];
    uint64_t hi;
    unsigned need;
    int rc;

    if (k <= d->npool) {
        *out = k == 0 ? 0 : (d->pool >> (d->npool - k)) & mask64(k);
        d->npool -= k;
        return ODP_OK;
    }
    hi = d->pool & mask64(d->npool);
    need = k - d->npool;
    rc = read_stream(d, b, sizeof(b), err);
    if (rc < 0) {
        return rc;
    }
    d->pool = get_be64(b);
    OPENSSL_cleanse(b, sizeof(b));
    *out = (need == 64 ? 0 : hi << need) | (d->pool >> (64 - need));
    d->npool = 64 - need;
    return ODP_OK;
}

/*
 * Uniform on {0..n-1}, n >= 1. Reading only bitlen(n-1) bits (not a whole word) keeps
 * the small draws that dominate the samplers (Bernoulli(1/K), the sign bit) cheap: most
 * of them cost 1-3 bits, so one HMAC block serves dozens of them.
 */
static int
uniform64(struct odp_drbg *d, uint64_t n, uint64_t *out, struct odp_err *err)
{
    unsigned k = bitlen64(n - 1);
    uint64_t x;
    int rc;

    /* Rejection keeps it exact; each try succeeds with probability n / 2^k > 1/2. */
    for (;;) {
        rc = draw_bits(d, k, &x, err);
        if (rc < 0) {
            return rc;
        }
        if (x < n) {
            *out = x;
            return ODP_OK;
        }
    }
}

int
odp_drbg_uniform(struct odp_drbg *d, uint64_t n, uint64_t *out, struct odp_err *err)
{
    int rc = gen_ok(d, out, "drbg", err);

    if (rc < 0) {
        return rc;
    }
    if (n == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "drbg: uniform needs n >= 1");
    }
    return gen_done(d, uniform64(d, n, out, err));
}

/*
 * 128-bit twin of uniform64 for the Gaussian acceptance denominators (up to 2^127 on the
 * fast path). Same bit order as uniform_bn(), which the BIGNUM path uses instead.
 */
int
odp_dp_uniform128(struct odp_drbg *d, odp_u128 n, odp_u128 *out, struct odp_err *err)
{
    unsigned k = bitlen128(n - 1);
    uint64_t hi;
    uint64_t lo;
    odp_u128 x;
    int rc;

    for (;;) {
        /* high part first, so x is the next k bits read as one big-endian number */
        hi = 0;
        if (k > 64) {
            rc = draw_bits(d, k - 64, &hi, err);
            if (rc < 0) {
                return rc;
            }
        }
        rc = draw_bits(d, k > 64 ? 64 : k, &lo, err);
        if (rc < 0) {
            return rc;
        }
        x = ((odp_u128)hi << 64) | lo;
        if (x < n) {
            *out = x;
            return ODP_OK;
        }
    }
}

/* ---- Bernoulli(exp(-gamma)), CKS20 Algorithm 1 --------------------------------------- */

/*
 * Bernoulli(exp(-1)): K = 1, 2, ... while Bernoulli(1/K) succeeds; answer "K is odd".
 * P(stop after K) = 1/(K-1)! - 1/K!, so P(odd) = sum (-1)^j / j! = exp(-1).
 */
static int
bern_exp1(struct odp_drbg *d, int *out, struct odp_err *err)
{
    uint64_t k = 1;
    uint64_t u;
    int rc;

    for (;;) {
        rc = uniform64(d, k, &u, err);
        if (rc < 0) {
            return rc;
        }
        if (u != 0) {
            break;
        }
        k++;
    }
    *out = (int)(k & 1);
    return ODP_OK;
}

/*
 * Bernoulli(exp(-r/q)) for 0 <= r <= q (CKS20 Algorithm 1, gamma in [0, 1]). The trial
 * Bernoulli(gamma/K) is drawn as Bernoulli(1/K) AND Bernoulli(r/q), which has the same
 * probability and never needs the product q*K (no overflow). The BIGNUM twin below must
 * read the stream in exactly this order.
 */
static int
bexp_frac128(struct odp_drbg *d, odp_u128 r, odp_u128 q, int *out, struct odp_err *err)
{
    uint64_t k = 1;
    uint64_t u;
    odp_u128 v;
    int rc;

    if (r == 0) {
        *out = 1;
        return ODP_OK;
    }
    for (;;) {
        rc = uniform64(d, k, &u, err);
        if (rc < 0) {
            return rc;
        }
        if (u != 0) {
            break;
        }
        rc = odp_dp_uniform128(d, q, &v, err);
        if (rc < 0) {
            return rc;
        }
        if (v >= r) {
            break;
        }
        k++;
    }
    *out = (int)(k & 1);
    return ODP_OK;
}

/*
 * gamma = num/den >= 0: exp(-gamma) = exp(-1)^floor(gamma) * exp(-frac(gamma)); stop at
 * the first failing factor (CKS20 Algorithm 1, gamma > 1).
 */
int
odp_dp_bexp128(struct odp_drbg *d, odp_u128 num, odp_u128 den, int *out, struct odp_err *err)
{
    odp_u128 whole = num / den;
    int b;
    int rc;

    while (whole > 0) {
        rc = bern_exp1(d, &b, err);
        if (rc < 0) {
            return rc;
        }
        if (!b) {
            *out = 0;
            return ODP_OK;
        }
        whole--;
    }
    return bexp_frac128(d, num % den, den, out, err);
}

int
odp_dp_bernoulli_exp(struct odp_drbg *d, uint64_t num, uint64_t den, int *out, struct odp_err *err)
{
    int rc = gen_ok(d, out, "bernoulli", err);

    if (rc < 0) {
        return rc;
    }
    if (den == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "bernoulli: denominator is zero");
    }
    return gen_done(d, odp_dp_bexp128(d, num, den, out, err));
}

/* ---- the BIGNUM path ------------------------------------------------------------ */

/* Uniform on {0, ..., n-1} as a BIGNUM: the next bitlen(n-1) bits, big-endian. */
static int
uniform_bn(struct odp_drbg *d, const BIGNUM *n, BIGNUM *x, BIGNUM *nm1, struct odp_err *err)
{
    unsigned k;
    unsigned chunk;
    uint64_t bits;
    int rc;

    /* k = bitlen(n-1) exactly as in uniform64/odp_dp_uniform128 */
    if (BN_copy(nm1, n) == NULL || !BN_sub_word(nm1, 1)) {
        return ossl_fail(err, ODP_EINTERNAL, "gaussian: bignum arithmetic failed");
    }
    k = (unsigned)BN_num_bits(nm1);
    for (;;) {
        BN_zero(x);
        /* chunks of at most 32 bits, high first: the same bits uniform128 would read */
        chunk = k % 32 == 0 ? 32 : k % 32;
        while (k > 0 && chunk > 0) {
            rc = draw_bits(d, chunk, &bits, err);
            if (rc < 0) {
                return rc;
            }
            if (!BN_lshift(x, x, (int)chunk) || !BN_add_word(x, (BN_ULONG)bits)) {
                return ossl_fail(err, ODP_EINTERNAL, "gaussian: bignum arithmetic failed");
            }
            k -= chunk;
            chunk = 32;
        }
        k = (unsigned)BN_num_bits(nm1);
        if (BN_cmp(x, n) < 0) {
            return ODP_OK;
        }
    }
}

/* Same decisions and reads as odp_dp_bexp128(), for num/den of any size. */
static int
bexp_bn(struct odp_drbg *d, const BIGNUM *num, const BIGNUM *den, int *out, BN_CTX *bn,
        struct odp_err *err)
{
    BIGNUM *whole;
    BIGNUM *r;
    BIGNUM *v;
    BIGNUM *tmp;
    uint64_t k = 1;
    uint64_t u;
    int b;
    int rc = ODP_OK;

    BN_CTX_start(bn);
    whole = BN_CTX_get(bn);
    r = BN_CTX_get(bn);
    v = BN_CTX_get(bn);
    tmp = BN_CTX_get(bn);
    if (tmp == NULL || !BN_div(whole, r, num, den, bn)) {
        rc = ossl_fail(err, ODP_EINTERNAL, "gaussian: bignum arithmetic failed");
        goto out;
    }
    /* whole can exceed 2^64 only for far-tail proposals; each round stops w.p. 1-1/e */
    while (!BN_is_zero(whole)) {
        rc = bern_exp1(d, &b, err);
        if (rc < 0) {
            goto out;
        }
        if (!b) {
            *out = 0;
            goto out;
        }
        if (!BN_sub_word(whole, 1)) {
            rc = ossl_fail(err, ODP_EINTERNAL, "gaussian: bignum arithmetic failed");
            goto out;
        }
    }
    if (BN_is_zero(r)) {
        *out = 1;
        goto out;
    }
    for (;;) {
        rc = uniform64(d, k, &u, err);
        if (rc < 0) {
            goto out;
        }
        if (u != 0) {
            break;
        }
        rc = uniform_bn(d, den, v, tmp, err);
        if (rc < 0) {
            goto out;
        }
        if (BN_cmp(v, r) >= 0) {
            break;
        }
        k++;
    }
    *out = (int)(k & 1);
out:
    BN_CTX_end(bn);
    return rc;
}

static int
bn_set_u128(BIGNUM *x, odp_u128 v)
{
    int i;

    BN_zero(x);
    for (i = 3; i >= 0; i--) {
        if (!BN_lshift(x, x, 32) ||
            !BN_add_word(x, (BN_ULONG)((uint64_t)(v >> (32 * i)) & 0xffffffffu))) {
            return 0;
        }
    }
    return 1;
}

int
odp_dp_bexp128_bn(struct odp_drbg *d, odp_u128 num, odp_u128 den, int *out, struct odp_err *err)
{
    BN_CTX *bn = BN_CTX_new();
    BIGNUM *a;
    BIGNUM *b;
    int rc;

    if (bn == NULL) {
        return ossl_fail(err, ODP_ENOMEM, "bernoulli: out of memory");
    }
    BN_CTX_start(bn);
    a = BN_CTX_get(bn);
    b = BN_CTX_get(bn);
    if (b == NULL || !bn_set_u128(a, num) || !bn_set_u128(b, den)) {
        rc = ossl_fail(err, ODP_EINTERNAL, "bernoulli: bignum arithmetic failed");
    } else {
        rc = bexp_bn(d, a, b, out, bn, err);
    }
    BN_CTX_end(bn);
    BN_CTX_free(bn);
    return rc;
}

/* ---- discrete Laplace, CKS20 Algorithm 2 --------------------------------------------- */

/* Scale tn/td with 1 <= tn, td; the caller checked the cap. */
static int
dlap(struct odp_drbg *d, uint64_t tn, uint64_t td, int64_t *out, struct odp_err *err)
{
    uint64_t u;
    uint64_t v;
    uint64_t sign;
    odp_u128 y;
    int b;
    int rc;

    for (;;) {
        /* U uniform on {0..tn-1}, kept with probability exp(-U/tn) */
        rc = uniform64(d, tn, &u, err);
        if (rc < 0) {
            return rc;
        }
        rc = bexp_frac128(d, u, tn, &b, err);
        if (rc < 0) {
            return rc;
        }
        if (!b) {
            continue;
        }
        /* V geometric: P(V >= v) = exp(-v); U + tn V is then geometric with exp(-1/tn) */
        v = 0;
        for (;;) {
            rc = bern_exp1(d, &b, err);
            if (rc < 0) {
                return rc;
            }
            if (!b) {
                break;
            }
            if (v == UINT64_MAX) {
                return odp_errf(err, ODP_ELIMIT, NULL, "laplace: geometric count overflow");
            }
            v++;
        }
        /*
         * X = U + tn V is geometric on {0, 1, ...} with ratio exp(-1/tn); Y = X div td
         * is then geometric with ratio exp(-td/tn) = exp(-1/t). tn*v + u < 2^128 because
         * tn, v, u < 2^64.
         */
        y = ((odp_u128)tn * v + u) / td;
        /* a fair sign; a negative zero is rejected so 0 is not drawn twice as often */
        rc = draw_bits(d, 1, &sign, err);
        if (rc < 0) {
            return rc;
        }
        if (sign == 1 && y == 0) {
            continue;
        }
        if (y > (odp_u128)INT64_MAX) {
            return odp_errf(err, ODP_ELIMIT, NULL, "laplace: sample exceeds 64 bits");
        }
        *out = sign == 1 ? -(int64_t)y : (int64_t)y;
        return ODP_OK;
    }
}

/* Shared checks for a scale or variance num/den with a cap on num/den (dp_internal.h). */
int
odp_dp_check_param(const char *who, const char *what, uint64_t num, uint64_t den, uint64_t cap,
                   struct odp_err *err)
{
    if (num == 0 || den == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "%s: %s must be a positive rational", who, what);
    }
    if ((odp_u128)num > (odp_u128)den * cap) {
        return odp_errf(err, ODP_ELIMIT, NULL, "%s: %s exceeds 2^%u", who, what, bitlen64(cap) - 1);
    }
    return ODP_OK;
}

int
odp_dp_discrete_laplace(struct odp_drbg *d, uint64_t t_num, uint64_t t_den, int64_t *out,
                        struct odp_err *err)
{
    uint64_t g;
    int rc;

    rc = gen_ok(d, out, "laplace", err);
    if (rc < 0) {
        return rc;
    }
    rc = odp_dp_check_param("laplace", "scale", t_num, t_den, ODP_DP_MAX_LAPLACE_SCALE, err);
    if (rc < 0) {
        return rc;
    }
    /* lowest terms: equal scales must read the stream the same way */
    g = odp_dp_gcd64(t_num, t_den);
    return gen_done(d, dlap(d, t_num / g, t_den / g, out, err));
}

/* ---- discrete Gaussian, CKS20 Algorithm 3 -------------------------------------------- */

/*
 * Acceptance exp(-(|y| - sigma^2/t)^2 / (2 sigma^2)) with sigma^2 = a/b is
 * exp(-N/D), N = (|y| b t - a)^2, D = 2 a b t^2, in BIGNUMs (any size).
 */
static int
gauss_accept_bn(struct odp_drbg *d, uint64_t ay, uint64_t a, uint64_t b, uint64_t t, int *out,
                struct odp_err *err)
{
    BN_CTX *bn = BN_CTX_new();
    BIGNUM *ba;
    BIGNUM *bb;
    BIGNUM *n;
    BIGNUM *den;
    int rc;

    if (bn == NULL) {
        return ossl_fail(err, ODP_ENOMEM, "gaussian: out of memory");
    }
    BN_CTX_start(bn);
    ba = BN_CTX_get(bn);
    bb = BN_CTX_get(bn);
    n = BN_CTX_get(bn);
    den = BN_CTX_get(bn);
    if (den == NULL || !bn_set_u128(ba, a) || !bn_set_u128(bb, b) ||
        !bn_set_u128(n, (odp_u128)ay * b) || !BN_mul_word(n, t) || !BN_sub(n, n, ba) ||
        !BN_sqr(n, n, bn) || !BN_mul(den, ba, bb, bn) || !BN_mul_word(den, t) ||
        !BN_mul_word(den, t) || !BN_lshift1(den, den)) {
        rc = ossl_fail(err, ODP_EINTERNAL, "gaussian: bignum arithmetic failed");
    } else {
        rc = bexp_bn(d, n, den, out, bn, err);
    }
    BN_CTX_end(bn);
    BN_CTX_free(bn);
    return rc;
}

int
odp_dp_discrete_gaussian(struct odp_drbg *d, uint64_t s2_num, uint64_t s2_den, int64_t *out,
                         struct odp_err *err)
{
    uint64_t a;
    uint64_t b;
    uint64_t g;
    uint64_t t;
    uint64_t ay;
    int64_t y;
    odp_u128 ybt;
    odp_u128 v;
    odp_u128 n;
    odp_u128 den;
    int c;
    int rc;

    rc = gen_ok(d, out, "gaussian", err);
    if (rc < 0) {
        return rc;
    }
    rc = odp_dp_check_param("gaussian", "sigma^2", s2_num, s2_den, ODP_DP_MAX_GAUSS_SIGMA2, err);
    if (rc < 0) {
        return rc;
    }
    /* lowest terms, so equal variances read the same bits and N, D stay small */
    g = odp_dp_gcd64(s2_num, s2_den);
    a = s2_num / g;
    b = s2_den / g;
    /*
     * Proposal: discrete Laplace with integer scale t = floor(sigma) + 1 (CKS20); 1.3 to
     * 2 proposals per sample measured for sigma^2 from 1/4 to 10^6.
     * floor(sqrt(a/b)) = floor(sqrt(floor(a/b))), so t needs integers only.
     */
    t = isqrt64(a / b) + 1;
    for (;;) {
        rc = dlap(d, t, 1, &y, err);
        if (rc < 0) {
            return gen_done(d, rc);
        }
        ay = y < 0 ? (uint64_t)0 - (uint64_t)y : (uint64_t)y;
        /* fast path: N and D in 128 bits, else the BIGNUM path reads the same bits */
        if (!__builtin_mul_overflow((odp_u128)ay * b, (odp_u128)t, &ybt) &&
            !__builtin_mul_overflow((odp_u128)a * b, (odp_u128)t * t, &den) &&
            !__builtin_mul_overflow(den, (odp_u128)2, &den)) {
            v = ybt >= a ? ybt - a : a - ybt;
            if (!__builtin_mul_overflow(v, v, &n)) {
                rc = odp_dp_bexp128(d, n, den, &c, err);
            } else {
                rc = gauss_accept_bn(d, ay, a, b, t, &c, err);
            }
        } else {
            rc = gauss_accept_bn(d, ay, a, b, t, &c, err);
        }
        if (rc < 0) {
            return gen_done(d, rc);
        }
        if (c) {
            *out = y;
            return ODP_OK;
        }
    }
}
