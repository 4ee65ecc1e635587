/*
 * pseudo.c - keyed pseudonyms: HMAC-SHA-256(key, [domain NUL] value) as lowercase hex.
 *
 * The key is consumed once in odp_pseudo_new: we run SHA-256 over (key ^ ipad) and
 * (key ^ opad), and over "domain\0" when a domain is set, and keep the two partial
 * states. A value then costs one copy of each state plus the two final compressions,
 * with no re-keying, fetch or allocation. This is plain RFC 2104 HMAC and equals
 * `openssl dgst -sha256 -hmac KEY` (the unit tests check it against OpenSSL's HMAC()).
 *
 * Speed (2-core build box, 8-byte values, OpenSSL 3.0): EVP_MAC_CTX_dup per value
 * ~540 ns, EVP_MAC re-init ~220 ns, EVP_MD_CTX_copy_ex of saved states ~170 ns (each
 * copy re-allocates the provider context), SHA256_CTX struct copies ~105 ns, one-shot
 * HMAC() ~1.4 us. We therefore use the SHA256_CTX state copy where OpenSSL still
 * offers it (deprecated in 3.0, not removed) and the EVP_MD_CTX path otherwise.
 *
 * The one-block path (a value that fits the inner hash's last block, the usual case)
 * runs on the in-house compression (sha256.h: SHA-NI where the CPU has it, else
 * OpenSSL's block function), and odp_pseudo_hex2 computes two pseudonyms at once on
 * two interleaved chains: one chain of SHA-NI rounds waits on its previous round, so a
 * row's second pseudonym costs little more than its first (docs/PERFORMANCE.md, round 8).
 *
 * Promises: the saved states are key-equivalent secrets and live in secure memory
 * (OPENSSL_secure_zalloc, cleansed on free); no key or value reaches an error.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/opensslconf.h>
#include <openssl/sha.h>

#include "actions.h"
#include "sha256.h"

#if !defined(OPENSSL_NO_DEPRECATED_3_0)
#define ODP_PSEUDO_LOWLEVEL 1
#endif

#define HMAC_BLOCK 64

struct odp_pseudo {
    /* the fast path's copies: chaining values after (key ^ ipad) and the buffered
     * [domain NUL] bytes of the inner hash; chaining values after (key ^ opad) */
    struct odp_sha256 fin;
    uint32_t fout[8];
#ifdef ODP_PSEUDO_LOWLEVEL
    SHA256_CTX inner; /* after (key ^ ipad) [domain NUL] */
    SHA256_CTX outer; /* after (key ^ opad) */
#else
    EVP_MD_CTX *inner, *outer, *work;
#endif
};

static int
ossl_err(struct odp_err *err, const char *what)
{
    char buf[200];
    unsigned long e = ERR_get_error();

    buf[0] = '\0';
    if (e != 0) {
        ERR_error_string_n(e, buf, sizeof(buf));
    }
    ERR_clear_error();
    return odp_errf(err, ODP_EINTERNAL, NULL, "%s failed%s%s", what, buf[0] ? ": " : "", buf);
}

struct odp_pseudo *
odp_pseudo_new(const uint8_t *key, size_t keylen, const char *domain, struct odp_err *err)
{
    struct odp_pseudo *ps;
    uint8_t k[HMAC_BLOCK], ipad[HMAC_BLOCK], opad[HMAC_BLOCK];
    size_t i, dlen = domain != NULL ? strlen(domain) : 0;
    int ok = 1;

    if (key == NULL || keylen == 0) {
        odp_errf(err, ODP_EKEY, NULL, "pseudonym key is empty");
        return NULL;
    }
    ps = OPENSSL_secure_zalloc(sizeof(*ps));
    if (ps == NULL) {
        odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        return NULL;
    }
    /* RFC 2104: a key longer than the block is replaced by its digest. */
    memset(k, 0, sizeof(k));
    if (keylen > HMAC_BLOCK) {
        SHA256(key, keylen, k);
    } else {
        memcpy(k, key, keylen);
    }
    for (i = 0; i < HMAC_BLOCK; i++) {
        ipad[i] = (uint8_t)(k[i] ^ 0x36);
        opad[i] = (uint8_t)(k[i] ^ 0x5c);
    }
#ifdef ODP_PSEUDO_LOWLEVEL
    ok = SHA256_Init(&ps->inner) && SHA256_Update(&ps->inner, ipad, HMAC_BLOCK) &&
         SHA256_Init(&ps->outer) && SHA256_Update(&ps->outer, opad, HMAC_BLOCK);
    if (ok && dlen > 0) {
        ok = SHA256_Update(&ps->inner, domain, dlen + 1); /* domain and its NUL */
    }
#else
    ps->inner = EVP_MD_CTX_new();
    ps->outer = EVP_MD_CTX_new();
    ps->work = EVP_MD_CTX_new();
    ok = ps->inner != NULL && ps->outer != NULL && ps->work != NULL &&
         EVP_DigestInit_ex2(ps->inner, EVP_sha256(), NULL) &&
         EVP_DigestUpdate(ps->inner, ipad, HMAC_BLOCK) &&
         EVP_DigestInit_ex2(ps->outer, EVP_sha256(), NULL) &&
         EVP_DigestUpdate(ps->outer, opad, HMAC_BLOCK);
    if (ok && dlen > 0) {
        ok = EVP_DigestUpdate(ps->inner, domain, dlen + 1);
    }
#endif
    if (ok) {
        struct odp_sha256 o;

        odp_sha256_init(&ps->fin);
        odp_sha256_update(&ps->fin, ipad, HMAC_BLOCK);
        if (dlen > 0) {
            odp_sha256_update(&ps->fin, domain, dlen + 1);
        }
        odp_sha256_init(&o);
        odp_sha256_update(&o, opad, HMAC_BLOCK);
        memcpy(ps->fout, o.h, sizeof(ps->fout));
        OPENSSL_cleanse(&o, sizeof(o));
    }
    OPENSSL_cleanse(k, sizeof(k));
    OPENSSL_cleanse(ipad, sizeof(ipad));
    OPENSSL_cleanse(opad, sizeof(opad));
    if (!ok) {
        ossl_err(err, "setting up HMAC-SHA-256");
        odp_pseudo_free(ps);
        return NULL;
    }
    return ps;
}

void
odp_pseudo_free(struct odp_pseudo *ps)
{
    if (ps == NULL) {
        return;
    }
#ifndef ODP_PSEUDO_LOWLEVEL
    EVP_MD_CTX_free(ps->inner);
    EVP_MD_CTX_free(ps->outer);
    EVP_MD_CTX_free(ps->work);
#endif
    OPENSSL_secure_clear_free(ps, sizeof(*ps));
}

static void
put_be32(uint8_t *p, uint32_t v)
{
    v = __builtin_bswap32(v); /* one 4-byte store: the SHA code reloads the block wide */
    memcpy(p, &v, 4);
}

static void
put_be64(uint8_t *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

int
odp_pseudo_one_block(const struct odp_pseudo *ps, size_t n)
{
    return ps->fin.nbuf + n <= 55;
}

/*
 * The inner hash's last block, hand-padded: buffered [domain NUL] bytes, the value,
 * 0x80, zeros, the bit length. The caller checked odp_pseudo_one_block. Holds no key
 * material (the key went into the chaining values).
 */
static void
inner_block(const struct odp_pseudo *ps, const char *v, size_t n, uint8_t blk[64])
{
    size_t have = ps->fin.nbuf;

    memcpy(blk, ps->fin.buf, have);
    if (n > 0) {
        memcpy(blk + have, v, n);
    }
    blk[have + n] = 0x80;
    memset(blk + have + n + 1, 0, 55 - (have + n));
    put_be64(blk + 56, (ps->fin.bytes + n) * 8u);
}

/* The outer hash's only block from the inner digest h (as chaining words). */
static void
outer_block(const uint32_t h[8], uint8_t blk[64])
{
    int i;

    for (i = 0; i < 8; i++) {
        put_be32(blk + 4 * i, h[i]);
    }
    blk[32] = 0x80;
    memset(blk + 33, 0, 23);
    put_be64(blk + 56, (uint64_t)(HMAC_BLOCK + 32) * 8u);
}

static void
put_mac(const uint32_t h[8], uint8_t mac[32])
{
    int i;

    for (i = 0; i < 8; i++) {
        put_be32(mac + 4 * i, h[i]);
    }
}

/*
 * Two compressions on copies of the saved chaining values, without Update/Final's
 * bookkeeping. The copy leaves with the inner hash and then the MAC in it, never with
 * key state. Returns 0 when the value is too long for one block.
 */
static int
mac_one_block(const struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32])
{
    uint8_t blk[64];
    uint32_t w[8];

    if (!odp_pseudo_one_block(ps, n)) {
        return 0;
    }
    inner_block(ps, v, n, blk);
    memcpy(w, ps->fin.h, sizeof(w));
    odp_sha256_blocks(w, blk, 1);
    outer_block(w, blk);
    memcpy(w, ps->fout, sizeof(w));
    odp_sha256_blocks(w, blk, 1);
    put_mac(w, mac);
    return 1;
}

int
odp_pseudo_mac(struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32], struct odp_err *err)
{
    if (mac_one_block(ps, v, n, mac)) {
        return ODP_OK;
    }
    return odp_pseudo_mac_plain(ps, v, n, mac, err);
}

/* The general path (any length); the unit tests compare the one-block path with it. */
int
odp_pseudo_mac_plain(struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32],
                     struct odp_err *err)
{
    uint8_t ih[32];
#ifdef ODP_PSEUDO_LOWLEVEL
    SHA256_CTX w;

    /*
     * w holds key-derived state only until the final calls; SHA256_Final leaves the
     * digest (a public MAC or the inner hash) plus a cleansed block behind.
     */
    (void)err;
    w = ps->inner;
    SHA256_Update(&w, v, n);
    SHA256_Final(ih, &w);
    w = ps->outer;
    SHA256_Update(&w, ih, sizeof(ih));
    SHA256_Final(mac, &w);
    OPENSSL_cleanse(&w, sizeof(w));
#else
    unsigned int len;

    if (!EVP_MD_CTX_copy_ex(ps->work, ps->inner) || !EVP_DigestUpdate(ps->work, v, n) ||
        !EVP_DigestFinal_ex(ps->work, ih, &len) || !EVP_MD_CTX_copy_ex(ps->work, ps->outer) ||
        !EVP_DigestUpdate(ps->work, ih, sizeof(ih)) || !EVP_DigestFinal_ex(ps->work, mac, &len)) {
        return ossl_err(err, "HMAC-SHA-256");
    }
#endif
    return ODP_OK;
}

static void
put_hex(const uint8_t mac[32], unsigned hexlen, char *out)
{
    static const char digits[] = "0123456789abcdef";
    unsigned i;

    for (i = 0; i + 1 < hexlen; i += 2) { /* two digits per MAC byte */
        uint8_t b = mac[i / 2];

        out[i] = digits[b >> 4];
        out[i + 1] = digits[b & 15];
    }
    if (i < hexlen) { /* an odd length ends on a high nibble */
        out[i] = digits[mac[i / 2] >> 4];
    }
}

int
odp_pseudo_hex(struct odp_pseudo *ps, const char *v, size_t n, unsigned hexlen, char *out,
               struct odp_err *err)
{
    uint8_t mac[32];
    int rc;

    if (hexlen == 0 || hexlen > 64) {
        return odp_errf(err, ODP_EINVAL, NULL, "pseudonym length must be 1..64 hex characters");
    }
    rc = odp_pseudo_mac(ps, v, n, mac, err);
    if (rc < 0) {
        return rc;
    }
    put_hex(mac, hexlen, out);
    return ODP_OK;
}

int
odp_pseudo_hex3(struct odp_pseudo *const ps[3], const char *const v[3], const size_t n[3],
                const unsigned hex[3], char *const out[3], struct odp_err *err)
{
    uint8_t blk[3][64], mac[32];
    uint32_t w[3][8];
    int i, rc;

    for (i = 0; i < 3; i++) {
        if (!odp_pseudo_one_block(ps[i], n[i]) || hex[i] == 0 || hex[i] > 64) {
            rc = odp_pseudo_hex2(ps[0], v[0], n[0], hex[0], out[0], ps[1], v[1], n[1], hex[1],
                                 out[1], err);
            return rc < 0 ? rc : odp_pseudo_hex(ps[2], v[2], n[2], hex[2], out[2], err);
        }
    }
    for (i = 0; i < 3; i++) {
        inner_block(ps[i], v[i], n[i], blk[i]);
        memcpy(w[i], ps[i]->fin.h, sizeof(w[i]));
    }
    odp_sha256_blocks3(w[0], blk[0], w[1], blk[1], w[2], blk[2], 1);
    for (i = 0; i < 3; i++) {
        outer_block(w[i], blk[i]);
        memcpy(w[i], ps[i]->fout, sizeof(w[i]));
    }
    odp_sha256_blocks3(w[0], blk[0], w[1], blk[1], w[2], blk[2], 1);
    for (i = 0; i < 3; i++) {
        put_mac(w[i], mac);
        put_hex(mac, hex[i], out[i]);
    }
    return ODP_OK;
}

int
odp_pseudo_hex2(struct odp_pseudo *pa, const char *va, size_t na, unsigned hexa, char *outa,
                struct odp_pseudo *pb, const char *vb, size_t nb, unsigned hexb, char *outb,
                struct odp_err *err)
{
    uint8_t ba[64], bb[64], mac[32];
    uint32_t wa[8], wb[8];
    int rc;

    if (!odp_pseudo_one_block(pa, na) || !odp_pseudo_one_block(pb, nb) || hexa == 0 || hexa > 64 ||
        hexb == 0 || hexb > 64) {
        rc = odp_pseudo_hex(pa, va, na, hexa, outa, err);
        return rc < 0 ? rc : odp_pseudo_hex(pb, vb, nb, hexb, outb, err);
    }
    inner_block(pa, va, na, ba);
    inner_block(pb, vb, nb, bb);
    memcpy(wa, pa->fin.h, sizeof(wa));
    memcpy(wb, pb->fin.h, sizeof(wb));
    odp_sha256_blocks2(wa, ba, wb, bb, 1);
    outer_block(wa, ba);
    outer_block(wb, bb);
    memcpy(wa, pa->fout, sizeof(wa));
    memcpy(wb, pb->fout, sizeof(wb));
    odp_sha256_blocks2(wa, ba, wb, bb, 1);
    put_mac(wa, mac);
    put_hex(mac, hexa, outa);
    put_mac(wb, mac);
    put_hex(mac, hexb, outb);
    return ODP_OK;
}
