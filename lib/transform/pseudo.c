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

#if !defined(OPENSSL_NO_DEPRECATED_3_0)
#define ODP_PSEUDO_LOWLEVEL 1
#endif

#define HMAC_BLOCK 64

struct odp_pseudo {
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

#ifdef ODP_PSEUDO_LOWLEVEL
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

/*
 * The common case, a value that fits in the inner hash's last block with its padding
 * (buffered domain bytes + value <= 55): two compressions of hand-padded blocks on a
 * copy of the saved chaining values, without SHA256_Update/Final's bookkeeping and
 * cleansing (a third of the cost of a pseudonym). The copy leaves with the inner hash
 * and then the MAC in it, never with key state. Returns 0 when the value is too long.
 */
static int
mac_one_block(const struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32])
{
    uint8_t blk[64];
    SHA256_CTX w;
    size_t have = ps->inner.num; /* bytes after the (key ^ ipad) block: domain NUL */
    uint64_t bits;
    int i;

    if (have + n > 55) {
        return 0;
    }
    memcpy(blk, ps->inner.data, have);
    if (n > 0) {
        memcpy(blk + have, v, n);
    }
    blk[have + n] = 0x80;
    memset(blk + have + n + 1, 0, 55 - (have + n));
    bits = (((uint64_t)ps->inner.Nh << 32) | ps->inner.Nl) + (uint64_t)n * 8u;
    put_be64(blk + 56, bits);
    memcpy(w.h, ps->inner.h, sizeof(w.h));
    SHA256_Transform(&w, blk);
    for (i = 0; i < 8; i++) {
        put_be32(blk + 4 * i, w.h[i]);
    }
    blk[32] = 0x80;
    memset(blk + 33, 0, 23);
    put_be64(blk + 56, (uint64_t)(HMAC_BLOCK + 32) * 8u);
    memcpy(w.h, ps->outer.h, sizeof(w.h));
    SHA256_Transform(&w, blk);
    for (i = 0; i < 8; i++) {
        put_be32(mac + 4 * i, w.h[i]);
    }
    return 1;
}
#endif

int
odp_pseudo_mac(struct odp_pseudo *ps, const char *v, size_t n, uint8_t mac[32],
               struct odp_err *err)
{
#ifdef ODP_PSEUDO_LOWLEVEL
    if (mac_one_block(ps, v, n, mac)) {
        return ODP_OK;
    }
#endif
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
        !EVP_DigestUpdate(ps->work, ih, sizeof(ih)) ||
        !EVP_DigestFinal_ex(ps->work, mac, &len)) {
        return ossl_err(err, "HMAC-SHA-256");
    }
#endif
    return ODP_OK;
}

int
odp_pseudo_hex(struct odp_pseudo *ps, const char *v, size_t n, unsigned hexlen, char *out,
               struct odp_err *err)
{
    static const char digits[] = "0123456789abcdef";
    uint8_t mac[32];
    unsigned i;
    int rc;

    if (hexlen == 0 || hexlen > 64) {
        return odp_errf(err, ODP_EINVAL, NULL, "pseudonym length must be 1..64 hex characters");
    }
    rc = odp_pseudo_mac(ps, v, n, mac, err);
    if (rc < 0) {
        return rc;
    }
    for (i = 0; i + 1 < hexlen; i += 2) { /* two digits per MAC byte */
        uint8_t b = mac[i / 2];

        out[i] = digits[b >> 4];
        out[i + 1] = digits[b & 15];
    }
    if (i < hexlen) { /* an odd length ends on a high nibble */
        out[i] = digits[mac[i / 2] >> 4];
    }
    return ODP_OK;
}
