# The portal's in-browser verifier (web/blake2b.js, web/verify.js) run under node with
# the same WebCrypto API browsers have: BLAKE2b against RFC 7693's vectors (Appendix A
# "abc" and the Appendix E self-test) and node's own blake2b512 over many lengths and
# chunkings; every minisign conformance vector (positives valid with the right trusted
# comment, negatives invalid); and the copy compiled into odpub is current: the build
# generates portal_assets.h from web/ (lib/jobs/meson.build), so it is not in the source
# tree and the built one equals what web/gen_assets.py makes from web/ now.
command -v node >/dev/null || fail "node is needed for the JS verifier test (apt-get install nodejs)"
[ ! -e "$SRCDIR/lib/jobs/portal_assets.h" ] || fail "portal_assets.h is generated at build time, not committed"
/usr/bin/python3 "$SRCDIR/web/gen_assets.py" assets.h || fail "gen_assets.py failed"
cmp -s assets.h "$BUILDDIR/lib/jobs/portal_assets.h" || fail "the built portal_assets.h differs from web/"
node - "$SRCDIR/web" "$SHARED/conformance/minisign" <<'JS'
'use strict';
const fs = require('fs');
const path = require('path');
const nodeCrypto = require('crypto');
const [web, vec] = process.argv.slice(2);
const B = require(path.join(web, 'blake2b.js'));
const V = require(path.join(web, 'verify.js'));
const hex = (u) => Buffer.from(u).toString('hex');
let failures = 0, checks = 0;
function expect(cond, what) {
    checks++;
    if (!cond) { failures++; console.error('FAIL: ' + what); }
}

/* RFC 7693 Appendix A */
expect(hex(B.hash(Buffer.from('abc'))) ===
    'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1' +
    '7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923', 'RFC 7693 abc');
/* RFC 7693 Appendix E self-test (keyed and unkeyed, 4 output lengths, 6 input lengths) */
function seq(n, seed) {
    let a = Math.imul(0xDEAD4BAD, seed) >>> 0, b = 1;
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) { const t = (a + b) >>> 0; a = b; b = t; out[i] = t >>> 24; }
    return out;
}
const grand = B.create(32);
for (const outlen of [20, 32, 48, 64]) {
    for (const inlen of [0, 3, 128, 129, 255, 1024]) {
        grand.update(B.hash(seq(inlen, inlen), outlen));
        grand.update(B.hash(seq(inlen, inlen), outlen, seq(outlen, outlen)));
    }
}
expect(hex(grand.digest()) === 'c23a7800d98123bd10f506c61e29da5603d763b8bbad2e737f5e765a7bccd475',
    'RFC 7693 Appendix E self-test');
/* against node's BLAKE2b-512, whole and in random chunks */
for (const n of [0, 1, 63, 64, 127, 128, 129, 255, 256, 257, 1000, 4096, 65537, 1 << 20]) {
    const d = nodeCrypto.randomBytes(n);
    const want = nodeCrypto.createHash('blake2b512').update(d).digest('hex');
    expect(hex(B.hash(d)) === want, 'blake2b512 of ' + n + ' bytes');
    const c = B.create(64);
    for (let off = 0; off < n;) {
        const k = 1 + Math.floor(Math.random() * 300);
        c.update(d.subarray(off, off + k));
        off += k;
    }
    expect(hex(c.digest()) === want, 'chunked blake2b512 of ' + n + ' bytes');
}
/* VECTORS.txt: BLAKE2b-512 of message.txt */
expect(hex(B.hash(fs.readFileSync(path.join(vec, 'message.txt')))) ===
    '3c17063f32ba351265a51e8e0deb06847003eec6d196101bfaf2327815eed5cc' +
    '5e76b639eef79cfe27ac0fa8f17fadae8013161e82d9430aa5a2b0557aa2cb21', 'blake2b of message.txt');

const rd = (f) => fs.readFileSync(path.join(vec, f));
const pub = rd('test.pub').toString();
const pubLine = pub.split('\n')[1];
const cases = [
    /* [message, signature, public key, valid, trusted comment or reason fragment] */
    ['message.txt', 'message.txt.minisig', pub, true, 'timestamp:1700000000\tfile:message.txt\thashed'],
    ['message.txt', 'message.txt.minisig', pubLine, true, 'timestamp:1700000000\tfile:message.txt\thashed'],
    ['message.txt', 'message.txt.legacy.minisig', pub, true, 'timestamp:1700000000\tfile:message.txt'],
    ['empty.txt', 'empty.txt.minisig', pub, true, 'timestamp:1700000000\tfile:empty.txt\thashed'],
    ['message.txt', 'message.txt.custom-comments.minisig', pub, true,
     'odpub 0.1 package nyc-311-service-requests-2026-11-22 \u00fcn\u00efc\u00f6d\u00e9'],
    ['message.txt', 'message.txt.crlf.minisig', pub, true, 'timestamp:1700000000\tfile:message.txt\thashed'],
    ['message.txt', 'message.txt.no-final-newline.minisig', pub, true,
     'timestamp:1700000000\tfile:message.txt\thashed'],
    ['negative/message-tampered.txt', 'negative/message-tampered.txt.minisig', pub, false,
     'signature verification failed'],
    ['message.txt', 'negative/message.txt.bad-trusted-comment.minisig', pub, false, 'comment signature'],
    ['message.txt', 'negative/message.txt.bad-global-sig.minisig', pub, false, 'comment signature'],
    ['message.txt', 'negative/message.txt.bad-algorithm.minisig', pub, false, 'unsupported signature algorithm'],
    ['message.txt', 'message.txt.minisig', rd('negative/other.pub').toString(), false,
     'key ID D55CD6024EBCEFD2, but the agency key ID is C73ED4A3F48B4279'],
];
(async () => {
    let positives = 0, negatives = 0;
    for (const [msg, sig, pk, valid, text] of cases) {
        const what = msg + ' + ' + sig + (pk === pubLine ? ' (base64 key line)' : '');
        for (const asBlob of [false, true]) {
            const data = asBlob ? new Blob([rd(msg)]) : new Uint8Array(rd(msg));
            const r = await V.verify({data: data, sig: rd(sig), pubkey: pk});
            expect(r.valid === valid, what + (asBlob ? ' as Blob' : '') + ': wanted ' +
                (valid ? 'valid' : 'invalid') + ', got ' + JSON.stringify(r));
            if (valid) {
                expect(r.trustedComment === text, what + ': trusted comment ' + JSON.stringify(r.trustedComment));
            } else {
                expect(r.reason.indexOf(text) !== -1, what + ': reason ' + JSON.stringify(r.reason));
                expect(r.trustedComment === null, what + ': no trusted comment on failure');
            }
        }
        valid ? positives++ : negatives++;
    }
    /* every file of the vector folder is used */
    const used = new Set(cases.flatMap((c) => [c[0], c[1]]).concat(['test.pub', 'negative/other.pub']));
    for (const f of fs.readdirSync(vec).concat(fs.readdirSync(path.join(vec, 'negative')).map((f) => 'negative/' + f))) {
        if (/\.minisig$/.test(f)) {
            expect(used.has(f), 'vector ' + f + ' is checked');
        }
    }
    /* one flipped bit anywhere in the signature lines or the message is caught */
    const good = rd('message.txt.minisig');
    for (let i = 0; i < good.length; i++) {
        const bad = Buffer.from(good);
        bad[i] ^= 0x01;
        const r = await V.verify({data: rd('message.txt'), sig: bad, pubkey: pub});
        const line = good.subarray(0, i).toString().split('\n').length;  /* 1-based line of byte i */
        if (line !== 1) {  /* the untrusted comment is not signed; everything else is */
            expect(!r.valid, 'flipped bit at signature byte ' + i + ' (line ' + line + ') is caught');
        }
    }
    const m = rd('message.txt');
    for (let i = 0; i < m.length; i++) {
        const bad = Buffer.from(m);
        bad[i] ^= 0x80;
        const r = await V.verify({data: bad, sig: rd('message.txt.minisig'), pubkey: pub});
        expect(!r.valid, 'flipped bit at message byte ' + i + ' is caught');
    }
    console.log('js verifier: ' + checks + ' checks, ' + positives + ' positive and ' + negatives +
        ' negative vectors, ' + failures + ' failures');
    process.exit(failures === 0 ? 0 : 1);
})().catch((e) => { console.error(e); process.exit(1); });
JS
