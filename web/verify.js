/*
 * verify.js - checks a minisign signature in the browser, as `minisign -V` does.
 *
 * A .minisig has four lines: an untrusted comment, base64 of sig_alg(2) key_id(8)
 * signature(64), "trusted comment: TEXT", and base64 of a global signature over
 * signature || TEXT. "ED" signs the BLAKE2b-512 digest of the file (what odpub and
 * minisign write), legacy "Ed" the file itself. The verdict is valid only when the key
 * id matches the agency key published on the site, the signature verifies (WebCrypto
 * Ed25519) and the global signature over the trusted comment verifies.
 *
 * Nothing leaves the browser. Results are written with textContent only. The same file
 * runs in node (module.exports, globalThis.crypto.subtle) for the conformance tests.
 */
(function (root) {
    'use strict';

    var B2 = root.ODPBlake2b;
    if (!B2 && typeof require !== 'undefined') {
        B2 = require('./blake2b.js');
    }

    var CHUNK = 4 << 20;

    function bytesOf(s) {
        return new TextEncoder().encode(s);
    }

    function startsWith(line, prefix) {
        var p = bytesOf(prefix), i;

        if (line.length < p.length) {
            return false;
        }
        for (i = 0; i < p.length; i++) {
            if (line[i] !== p[i]) {
                return false;
            }
        }
        return true;
    }

    /* Strict base64 of exactly `len` bytes (canonical, no whitespace). */
    function b64(line, len) {
        var s = typeof line === 'string' ? line : String.fromCharCode.apply(null, line);
        var bin, out, i;

        if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
            throw new Error('bad base64');
        }
        bin = atob(s);
        if (bin.length !== len || btoa(bin) !== s) {
            throw new Error('bad base64 length');
        }
        out = new Uint8Array(len);
        for (i = 0; i < len; i++) {
            out[i] = bin.charCodeAt(i);
        }
        return out;
    }

    /* Lines of a byte array: split at LF, one trailing CR removed from each. */
    function lines(bytes) {
        var out = [], start = 0, i, end;

        for (i = 0; i <= bytes.length; i++) {
            if (i === bytes.length || bytes[i] === 10) {
                if (i === bytes.length && start === i) {
                    break;
                }
                end = i;
                if (end > start && bytes[end - 1] === 13) {
                    end--;
                }
                out.push(bytes.subarray(start, end));
                start = i + 1;
            }
        }
        return out;
    }

    function keyIdHex(id) {
        var s = '', i, h;

        for (i = 7; i >= 0; i--) {
            h = id[i].toString(16).toUpperCase();
            s += h.length < 2 ? '0' + h : h;
        }
        return s;
    }

    function asBytes(x) {
        if (typeof x === 'string') {
            return bytesOf(x);
        }
        if (x instanceof ArrayBuffer) {
            return new Uint8Array(x);
        }
        return x;
    }

    /* A public key: the text of a .pub file or its base64 line. */
    function parsePubkey(text) {
        var ls = lines(asBytes(text)), raw;

        raw = b64(ls.length >= 2 ? ls[1] : ls[0], 42);
        if (raw[0] !== 0x45 || raw[1] !== 0x64) {
            throw new Error('unsupported public key algorithm');
        }
        return {keyId: raw.subarray(2, 10), pk: raw.subarray(10, 42)};
    }

    function parseSig(bytes) {
        var ls = lines(asBytes(bytes)), raw, alg;

        if (ls.length < 4) {
            throw new Error('a .minisig has four lines');
        }
        if (!startsWith(ls[0], 'untrusted comment: ')) {
            throw new Error('first line is not an untrusted comment');
        }
        raw = b64(ls[1], 74);
        alg = String.fromCharCode(raw[0], raw[1]);
        if (alg !== 'ED' && alg !== 'Ed') {
            throw new Error('unsupported signature algorithm');
        }
        if (!startsWith(ls[2], 'trusted comment: ')) {
            throw new Error('trusted comment not present');
        }
        return {
            prehashed: alg === 'ED',
            keyId: raw.subarray(2, 10),
            sig: raw.subarray(10, 74),
            trusted: ls[2].subarray(17),
            globalSig: b64(ls[3], 64)
        };
    }

    /* BLAKE2b-512 of a Uint8Array or a Blob/File (read in slices). */
    async function prehash(data) {
        var ctx = B2.create(64), off;

        if (typeof Blob !== 'undefined' && data instanceof Blob) {
            for (off = 0; off < data.size; off += CHUNK) {
                ctx.update(new Uint8Array(await data.slice(off, off + CHUNK).arrayBuffer()));
            }
            return ctx.digest();
        }
        return ctx.update(asBytes(data)).digest();
    }

    async function wholeBytes(data) {
        if (typeof Blob !== 'undefined' && data instanceof Blob) {
            return new Uint8Array(await data.arrayBuffer());
        }
        return asBytes(data);
    }

    /*
     * verify({data, sig, pubkey}) -> {valid, reason, trustedComment, keyId}
     * data: Uint8Array, ArrayBuffer or Blob; sig: the .minisig (bytes or text);
     * pubkey: .pub text or its base64 line. Never throws for bad input.
     */
    async function verify(o) {
        var subtle = (root.crypto || {}).subtle;
        var res = {valid: false, reason: '', trustedComment: null, keyId: null};
        var pub, s, key, msg, ok, both;

        try {
            pub = parsePubkey(o.pubkey);
        } catch (e) {
            res.reason = 'bad public key: ' + e.message;
            return res;
        }
        try {
            s = parseSig(o.sig);
        } catch (e) {
            res.reason = 'malformed signature: ' + e.message;
            return res;
        }
        res.keyId = keyIdHex(s.keyId);
        if (keyIdHex(s.keyId) !== keyIdHex(pub.keyId)) {
            res.reason = 'signed by key ID ' + keyIdHex(s.keyId) + ', but the agency key ID is ' +
                keyIdHex(pub.keyId);
            return res;
        }
        if (!subtle) {
            res.reason = 'this browser has no WebCrypto (open the page over https or from disk)';
            return res;
        }
        try {
            key = await subtle.importKey('raw', pub.pk, {name: 'Ed25519'}, false, ['verify']);
        } catch (e) {
            res.reason = 'this browser cannot check Ed25519 signatures (WebCrypto Ed25519 missing)';
            return res;
        }
        msg = s.prehashed ? await prehash(o.data) : await wholeBytes(o.data);
        ok = await subtle.verify({name: 'Ed25519'}, key, s.sig, msg);
        if (!ok) {
            res.reason = 'signature verification failed: the file is not the one the agency signed';
            return res;
        }
        both = new Uint8Array(64 + s.trusted.length);
        both.set(s.sig, 0);
        both.set(s.trusted, 64);
        ok = await subtle.verify({name: 'Ed25519'}, key, s.globalSig, both);
        if (!ok) {
            res.reason = 'comment signature verification failed: the trusted comment was altered';
            return res;
        }
        res.valid = true;
        res.trustedComment = new TextDecoder('utf-8').decode(s.trusted);
        res.reason = 'signature and comment signature verified';
        return res;
    }

    var api = {verify: verify, parseSig: parseSig, parsePubkey: parsePubkey, keyIdHex: keyIdHex};

    if (typeof module !== 'undefined' && module.exports) {
        module.exports = api;
        return;
    }
    root.ODPVerify = api;

    /* ---- the dataset page's Verify box, and one button per older version ---- */
    var box = typeof document !== 'undefined' ? document.getElementById('verifier') : null;
    if (!box) {
        return;
    }
    var out = document.getElementById('verify-result');
    var pickArchive = document.getElementById('pick-archive');
    var pickSig = document.getElementById('pick-sig');

    function show(state, title, detail, comment, where) {
        var p, c;

        out = where || document.getElementById('verify-result');
        out.textContent = '';
        out.className = 'result ' + state;
        out.setAttribute('data-state', state);
        p = document.createElement('p');
        c = document.createElement('strong');
        c.textContent = title;
        p.appendChild(c);
        if (detail) {
            p.appendChild(document.createTextNode(' ' + detail));
        }
        out.appendChild(p);
        if (comment !== null && comment !== undefined) {
            p = document.createElement('p');
            p.appendChild(document.createTextNode('Trusted comment: '));
            c = document.createElement('code');
            c.className = 'tc';
            c.textContent = comment;
            p.appendChild(c);
            out.appendChild(p);
        }
    }

    async function run(data, sig, what, where) {
        var r;

        show('busy', 'Checking\u2026', what, null, where);
        r = await verify({data: data, sig: sig, pubkey: box.getAttribute('data-pubkey')});
        if (r.valid) {
            show('valid', 'Valid:', what + ' was signed by the agency key (key ID ' + r.keyId +
                 ') and has not been changed.', r.trustedComment, where);
        } else {
            show('invalid', 'Invalid:', what + ': ' + r.reason + '. Do not trust this file.', null,
                 where);
        }
    }

    async function fetchBlob(url) {
        var resp = await fetch(url, {cache: 'no-store'});

        if (!resp.ok) {
            throw new Error('HTTP ' + resp.status);
        }
        return resp.blob();
    }

    document.getElementById('verify-btn').addEventListener('click', async function () {
        var data, sig;

        show('busy', 'Loading\u2026', 'the package and its signature', null);
        try {
            data = await fetchBlob(box.getAttribute('data-archive'));
            sig = new Uint8Array(await (await fetchBlob(box.getAttribute('data-minisig'))).arrayBuffer());
        } catch (e) {
            show('error', 'Could not load the files.',
                 'This happens when the site is opened from disk. Download the package, then ' +
                 'choose it below.', null);
            pickArchive.focus();
            return;
        }
        await run(data, sig, 'The published package');
    });

    document.getElementById('verify-files').addEventListener('click', async function () {
        var f = pickArchive.files && pickArchive.files[0];
        var s = pickSig.files && pickSig.files[0];
        var sig;

        if (!f) {
            show('error', 'Choose the package archive first.', '', null);
            pickArchive.focus();
            return;
        }
        /* at once: a previous result must not stay on screen while the files are read */
        show('busy', 'Checking\u2026', 'The file ' + f.name, null);
        sig = s ? new Uint8Array(await s.arrayBuffer()) : box.getAttribute('data-minisig-text');
        await run(f, sig, 'The file ' + f.name);
    });

    Array.prototype.forEach.call(document.querySelectorAll('.verifier-mini'), function (v) {
        var res = v.querySelector('.result');

        v.querySelector('button').addEventListener('click', async function () {
            var data, sig;

            show('busy', 'Loading\u2026', 'this version and its signature', null, res);
            try {
                data = await fetchBlob(v.getAttribute('data-archive'));
                sig = new Uint8Array(await (await fetchBlob(v.getAttribute('data-minisig'))).arrayBuffer());
            } catch (e) {
                show('error', 'Could not load the files.',
                     'This happens when the site is opened from disk. Download this version and ' +
                     'its signature, then check them in the box above.', null, res);
                return;
            }
            await run(data, sig, 'This version', res);
        });
        v.hidden = false;
    });
    box.hidden = false;
}(typeof globalThis !== 'undefined' ? globalThis : this));
