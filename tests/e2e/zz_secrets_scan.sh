# The suite-wide secrets scan. Runs last (tests/meson.build: priority -1000 and not
# parallel, so every other test has finished) and reads every byte odpub wrote in the
# whole e2e suite: every regular file under $BUILDDIR/e2e-out/<test>/ for each current
# tests/e2e/<test>.sh (stdout/stderr captures, packages, archives, reports, sites,
# temp leftovers), except inputs by the convention in lib.sh's header:
#   - files named *.in.* or anything under a directory named in/ (inputs),
#   - *.key (secret key files: they are what is searched for),
#   - inputs of tests written before the convention, listed in LEGACY below.
# It fails if any of them holds
#   - a planted canary ("CANARY-" prefix),
#   - the bytes of a test key: lib.sh's test_key, literal ODPUB_*_KEY values in the
#     tests, every pseudonym key file's content, every minisign secret key's base64
#     line and (unencrypted keys) its raw Ed25519 seed in binary and hex.
# ODPUB_SCAN_ROOT overrides the tree (used below to prove the scan catches a leak).
root=${ODPUB_SCAN_ROOT:-$BUILDDIR/e2e-out}
[ -d "$root" ] || fail "no e2e output at $root"

scan() { # ROOT: exit 0 clean, 1 with a list of leaks on stderr
    /usr/bin/python3 - "$1" "$SRCDIR/tests/e2e" <<'PY'
import base64, os, re, stat, sys

root, e2e = sys.argv[1], sys.argv[2]
self_name = "zz_secrets_scan"
tests = sorted(f[:-3] for f in os.listdir(e2e) if f.endswith(".sh") and f != "lib.sh")
# inputs of tests that predate the *.in.* / in/ convention (relative to e2e-out)
LEGACY = {"canary/in.csv", "canary/e1.csv", "canary/e2.csv", "canary/e3.csv",
          "canary/e4.csv", "canary/e5.csv", "keygen/pseudo.orig",
          "release_errors/good.csv", "release_errors/ragged.csv",
          "release_errors/unterminated.csv", "release_errors/baddate.csv"}

def is_input(rel):
    parts = rel.split("/")
    name = parts[-1]
    return (".in." in name or name.endswith(".in") or "in" in parts[:-1]
            or name.endswith(".key") or rel in LEGACY)

def files():
    for t in tests:
        if t == self_name:
            continue
        top = os.path.join(root, t)
        if not os.path.isdir(top):
            continue
        for d, dirs, fs in os.walk(top):          # never follows symlinks
            for f in fs:
                p = os.path.join(d, f)
                st = os.lstat(p)
                if stat.S_ISREG(st.st_mode):       # no FIFOs, devices, links
                    yield os.path.relpath(p, root), p

needles = {b"CANARY-": "canary"}
def add(b, what):
    # (a run of one repeated byte, e.g. an oversized junk key, is no secret)
    if len(b) >= 16 and len(set(b)) >= 4:
        needles[bytes(b)] = what

# keys named literally in the test scripts
src = open(os.path.join(e2e, "lib.sh")).read()
for m in re.finditer(r"printf '([^'\\]{16,})\\n' > \"\$E2E_OUT/pseudo.key\"", src):
    add(m.group(1).encode(), "lib.sh test_key")
for f in tests + ["lib"]:
    s = open(os.path.join(e2e, f + ".sh")).read()
    for m in re.finditer(r"ODPUB_[A-Z_]*KEY='([^']{16,})'", s):
        add(m.group(1).encode(), "key in %s.sh" % f)
# every key file the suite made or used
nkeys = 0
for t in tests:
    top = os.path.join(root, t)
    for d, dirs, fs in os.walk(top) if os.path.isdir(top) else []:
        for f in fs:
            p = os.path.join(d, f)
            if not f.endswith(".key") or not stat.S_ISREG(os.lstat(p).st_mode):
                continue
            data = open(p, "rb").read(1 << 16)
            lines = data.split(b"\n")
            what = "key %s" % os.path.relpath(p, root)
            raw = None
            if len(lines) >= 2 and lines[0].startswith(b"untrusted comment:"):
                try:
                    raw = base64.b64decode(lines[1].strip(), validate=True)
                except Exception:
                    raw = None
            if raw is not None and len(raw) == 158 and raw[:2] == b"Ed":
                add(lines[1].strip(), what + " (base64 line)")
                if raw[2:4] == b"\0\0":            # unencrypted: the seed itself
                    add(raw[62:94], what + " (seed)")
                    add(raw[62:94].hex().encode(), what + " (seed hex)")
                nkeys += 1
            else:
                k = data[:-1] if data.endswith(b"\n") else data
                if len(k) >= 16 and b"\n" not in k:
                    add(k, what)
                    nkeys += 1

leaks = []
nfiles = nbytes = 0
pat = re.compile(b"|".join(re.escape(n) for n in sorted(needles, key=len, reverse=True)))
for rel, p in files():
    if is_input(rel):
        continue
    nfiles += 1
    with open(p, "rb") as fh:
        tail = b""
        while True:
            blk = fh.read(1 << 22)
            if not blk:
                break
            nbytes += len(blk)
            buf = tail + blk
            m = pat.search(buf)
            if m:
                leaks.append("%s: %s" % (rel, needles[m.group(0)]))
                break
            tail = buf[-256:]
print("scanned %d files, %d MB, for %d needles (%d key files)" %
      (nfiles, nbytes >> 20, len(needles), nkeys))
for l in leaks:
    print("LEAK " + l, file=sys.stderr)
sys.exit(1 if leaks else 0)
PY
}

scan "$root" > scan.out 2> scan.err || { cat scan.err >&2; fail "secrets found in odpub's output"; }
cat scan.out
[ -n "$(ls -A "$root" 2>/dev/null)" ] || fail "nothing to scan"

# The scan must catch a leak: a scratch copy of a test's outputs with one canary and
# one key line planted in files odpub would write (a report, a stderr capture).
if [ -z "${ODPUB_SCAN_ROOT:-}" ]; then
    mkdir -p proof/release_errors proof/keygen
    printf '{"rows": 1, "note": "CANARY-PLANTED-1"}\n' > proof/release_errors/report.json
    printf 'odpub: in.csv:2:3: ok\n' > proof/release_errors/err.1
    printf 'odpub: data.in.csv:2:3: CANARY-IN-INPUT is fine\n' > proof/release_errors/data.in.csv
    rc=0; scan "$E2E_OUT/proof" > proof.out 2> proof.err || rc=$?
    [ "$rc" = 1 ] || fail "the scan missed a planted canary"
    expect_in proof.err '^LEAK release_errors/report.json: canary$'
    if grep -F 'data.in.csv' proof.err >/dev/null; then fail "the scan flagged an input"; fi
    if grep -F 'err.1' proof.err >/dev/null; then fail "the scan flagged a clean file"; fi
    # a signing key's base64 line in a package file
    "$ODPUB" keygen proof/keygen/pk -W >/dev/null
    sed -n 2p proof/keygen/pk.key > proof/keygen/leaked.txt
    rc=0; scan "$E2E_OUT/proof" > proof.out 2> proof.err || rc=$?
    [ "$rc" = 1 ] || fail "the scan missed a leaked secret key"
    expect_in proof.err '^LEAK keygen/leaked.txt: key keygen/pk.key \(base64 line\)$'
    rm -rf proof
fi
