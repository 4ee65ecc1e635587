/*
 * blake2b.js - BLAKE2b (RFC 7693) in plain JavaScript, for checking minisign signatures
 * in the browser (minisign signs the BLAKE2b-512 digest of a file).
 *
 * 64-bit words are kept as pairs of 32-bit halves (low, high) in Uint32Arrays, so no
 * BigInt is needed and hashing runs at tens of MB/s. Streaming: create(), update() any
 * number of times, digest(). Keyed hashing and output lengths 1..64 are supported so the
 * RFC 7693 Appendix E self-test can be run (tests/e2e/js_verifier.sh does).
 * Works as a classic <script> (global ODPBlake2b) and as a CommonJS module (node).
 */
(function (root) {
    'use strict';

    /* IV as (low, high) pairs */
    var IV = new Uint32Array([
        0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372,
        0x5f1d36f1, 0xa54ff53a, 0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c,
        0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19
    ]);

    var SIGMA = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3
    ].map(function (x) { return x * 2; });

    var v = new Uint32Array(32);
    var m = new Uint32Array(32);

    /* v[a] += v[b] (64-bit) */
    function add64aa(a, b) {
        var o0 = v[a] + v[b];
        var o1 = v[a + 1] + v[b + 1];
        if (o0 >= 0x100000000) {
            o1++;
        }
        v[a] = o0;
        v[a + 1] = o1;
    }

    /* v[a] += (b1:b0) */
    function add64ac(a, b0, b1) {
        var o0 = v[a] + b0;
        var o1 = v[a + 1] + b1;
        if (o0 >= 0x100000000) {
            o1++;
        }
        v[a] = o0;
        v[a + 1] = o1;
    }

    function g(a, b, c, d, ix, iy) {
        var x0, x1;

        add64aa(a, b);
        add64ac(a, m[ix], m[ix + 1]);
        x0 = v[d] ^ v[a];                       /* rotr 32 */
        x1 = v[d + 1] ^ v[a + 1];
        v[d] = x1;
        v[d + 1] = x0;
        add64aa(c, d);
        x0 = v[b] ^ v[c];                       /* rotr 24 */
        x1 = v[b + 1] ^ v[c + 1];
        v[b] = (x0 >>> 24) ^ (x1 << 8);
        v[b + 1] = (x1 >>> 24) ^ (x0 << 8);
        add64aa(a, b);
        add64ac(a, m[iy], m[iy + 1]);
        x0 = v[d] ^ v[a];                       /* rotr 16 */
        x1 = v[d + 1] ^ v[a + 1];
        v[d] = (x0 >>> 16) ^ (x1 << 16);
        v[d + 1] = (x1 >>> 16) ^ (x0 << 16);
        add64aa(c, d);
        x0 = v[b] ^ v[c];                       /* rotr 63 */
        x1 = v[b + 1] ^ v[c + 1];
        v[b] = (x1 >>> 31) ^ (x0 << 1);
        v[b + 1] = (x0 >>> 31) ^ (x1 << 1);
    }

    function compress(ctx, last) {
        var i, r, s, b = ctx.b;

        for (i = 0; i < 16; i++) {
            v[i] = ctx.h[i];
            v[i + 16] = IV[i];
        }
        v[24] ^= ctx.t % 0x100000000;
        v[25] ^= Math.floor(ctx.t / 0x100000000);
        if (last) {
            v[28] = ~v[28];
            v[29] = ~v[29];
        }
        for (i = 0; i < 32; i++) {
            m[i] = b[4 * i] ^ (b[4 * i + 1] << 8) ^ (b[4 * i + 2] << 16) ^ (b[4 * i + 3] << 24);
        }
        for (r = 0; r < 12; r++) {
            s = r * 16;
            g(0, 8, 16, 24, SIGMA[s + 0], SIGMA[s + 1]);
            g(2, 10, 18, 26, SIGMA[s + 2], SIGMA[s + 3]);
            g(4, 12, 20, 28, SIGMA[s + 4], SIGMA[s + 5]);
            g(6, 14, 22, 30, SIGMA[s + 6], SIGMA[s + 7]);
            g(0, 10, 20, 30, SIGMA[s + 8], SIGMA[s + 9]);
            g(2, 12, 22, 24, SIGMA[s + 10], SIGMA[s + 11]);
            g(4, 14, 16, 26, SIGMA[s + 12], SIGMA[s + 13]);
            g(6, 8, 18, 28, SIGMA[s + 14], SIGMA[s + 15]);
        }
        for (i = 0; i < 16; i++) {
            ctx.h[i] = ctx.h[i] ^ v[i] ^ v[i + 16];
        }
    }

    function Ctx(outlen, key) {
        var i;

        if (!(outlen >= 1 && outlen <= 64) || (key && key.length > 64)) {
            throw new RangeError('blake2b: output 1..64 bytes, key at most 64 bytes');
        }
        this.outlen = outlen;
        this.h = new Uint32Array(IV);
        this.b = new Uint8Array(128);
        this.c = 0;
        this.t = 0;
        this.h[0] ^= 0x01010000 ^ ((key ? key.length : 0) << 8) ^ outlen;
        if (key && key.length > 0) {
            this.update(key);
            this.c = 128;
        }
    }

    /* Adds bytes (Uint8Array). Returns this. */
    Ctx.prototype.update = function (input) {
        var i, n = input.length;

        for (i = 0; i < n; i++) {
            if (this.c === 128) {
                this.t += this.c;
                compress(this, false);
                this.c = 0;
            }
            this.b[this.c++] = input[i];
        }
        return this;
    };

    /* The digest (Uint8Array of outlen bytes); the context is spent. */
    Ctx.prototype.digest = function () {
        var i, out = new Uint8Array(this.outlen);

        this.t += this.c;
        while (this.c < 128) {
            this.b[this.c++] = 0;
        }
        compress(this, true);
        for (i = 0; i < this.outlen; i++) {
            out[i] = this.h[i >> 2] >>> (8 * (i & 3));
        }
        return out;
    };

    var api = {
        create: function (outlen, key) {
            return new Ctx(outlen === undefined ? 64 : outlen, key);
        },
        hash: function (input, outlen, key) {
            return new Ctx(outlen === undefined ? 64 : outlen, key).update(input).digest();
        }
    };

    if (typeof module !== 'undefined' && module.exports) {
        module.exports = api;
    } else {
        root.ODPBlake2b = api;
    }
}(typeof globalThis !== 'undefined' ? globalThis : this));
