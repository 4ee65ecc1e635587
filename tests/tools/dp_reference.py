#!/usr/bin/env python3
"""dp_reference.py - independent reference for dp.c's stream and samplers (stdlib only).

Re-implements the DRBG of lib/privacy/dp.h and CKS20 Algorithms 1-3 with Python's unbounded
integers, reading the stream as one plain bit string (no 64-bit pool, no 128-bit or
BIGNUM split), and prints the values test_dp.c pins. If dp.c and this file agree, the
C code's fixed-width arithmetic, overflow fall-back and bit bookkeeping are right.

    /usr/bin/python3 tests/tools/dp_reference.py
"""
import hashlib
import hmac
import math
import struct

KEY0 = bytes(range(32))
CTX0 = b"\x00\x00\x00\x04demo\x00\x00\x00\x02r1\x00\x00\x00\x03a=1"
M64 = (1 << 64) - 1


class Drbg:
    def __init__(self, key, ctx):
        kp = hmac.new(key, b"odpub dp drbg", hashlib.sha256).digest()
        self.kc = hmac.new(kp, b"odpub-dp-v1" + struct.pack(">Q", len(ctx)) + ctx,
                           hashlib.sha256).digest()
        self.i = 0
        self.bitbuf = 0  # unread bits, as an integer of nbits bits
        self.nbits = 0

    def bits(self, k):
        while self.nbits < k:
            blk = hmac.new(self.kc, struct.pack(">Q", self.i), hashlib.sha256).digest()
            self.i += 1
            self.bitbuf = (self.bitbuf << 256) | int.from_bytes(blk, "big")
            self.nbits += 256
        self.nbits -= k
        v = self.bitbuf >> self.nbits
        self.bitbuf &= (1 << self.nbits) - 1
        return v

    def uniform(self, n):
        k = (n - 1).bit_length()
        while True:
            x = self.bits(k)
            if x < n:
                return x

    def bexp1(self):
        k = 1
        while self.uniform(k) == 0:
            k += 1
        return k & 1

    def bexp(self, num, den):
        whole, r = divmod(num, den)
        for _ in range(whole):
            if not self.bexp1():
                return 0
        if r == 0:
            return 1
        k = 1
        while True:
            if self.uniform(k) != 0:
                break
            if self.uniform(den) >= r:
                break
            k += 1
        return k & 1

    def dlap(self, tn, td):
        g = math.gcd(tn, td)
        tn, td = tn // g, td // g
        while True:
            u = self.uniform(tn)
            if not self.bexp(u, tn):
                continue
            v = 0
            while self.bexp1():
                v += 1
            y = (u + tn * v) // td
            b = self.bits(1)
            if b == 1 and y == 0:
                continue
            return -y if b else y

    def dgauss(self, a, b):
        g = math.gcd(a, b)
        a, b = a // g, b // g
        t = math.isqrt(a // b) + 1
        while True:
            y = self.dlap(t, 1)
            if self.bexp((abs(y) * b * t - a) ** 2, 2 * a * b * t * t):
                return y


def polyhash(values):
    h = 0
    for x in values:
        h = (h * 1000003 + (x & M64)) & M64
    return h


def main():
    d = Drbg(KEY0, CTX0)
    print("laplace t=3  :", [d.dlap(3, 1) for _ in range(12)])
    print("gauss s2=10  :", [d.dgauss(10, 1) for _ in range(12)])
    d = Drbg(KEY0, b"long run")
    vals = [d.dlap(2, 3) for _ in range(1000)]
    vals += [d.dgauss(5, 2) for _ in range(1000)]
    vals += [d.dlap(1 << 40, 7) for _ in range(200)]
    vals += [d.dgauss(M64, M64 - 2) for _ in range(300)]
    vals += [d.dgauss(1 << 60, 3) for _ in range(100)]
    vals += [d.bexp(7, 3) for _ in range(100)]
    print("long run hash: 0x%016x" % polyhash(vals))


if __name__ == "__main__":
    main()
