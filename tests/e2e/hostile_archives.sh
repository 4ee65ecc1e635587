# Hostile archives beyond verify_hostile.sh: paths hidden where a reader may look
# instead of the plain name (zip Info-ZIP Unicode Path extra field, tar pax `path`
# record, GNU long name), Windows separators, truncated and padded archives, and an
# entry whose header claims more bytes than the archive holds. verify refuses each
# (exit 1: a refused or unreadable archive is a failed verification) with a message naming the archive, within `timeout 60` and 64 MB RSS
# (192 MB under ASan), and writes nothing.
PY=/usr/bin/python3
RSS_CAP=65536
if nm -D "$ODPUB" 2>/dev/null | grep __asan_init >/dev/null; then RSS_CAP=196608; fi
gen="$SHARED/conformance/bagit-generated/valid-sha256-basic"
mkdir -p h tmp
export TMPDIR="$E2E_OUT/tmp"

$PY - "$gen" <<'G'
import io, os, struct, sys, tarfile, zipfile, zlib, gzip
bag = sys.argv[1]
def zbase(z):
    for root, dirs, files in sorted(os.walk(bag)):
        for f in sorted(files):
            p = os.path.join(root, f)
            z.write(p, os.path.normpath(os.path.join("bag", os.path.relpath(p, bag))))
def tbase(t):
    for root, dirs, files in sorted(os.walk(bag)):
        for f in sorted(files):
            p = os.path.join(root, f)
            t.add(p, arcname=os.path.normpath(os.path.join("bag", os.path.relpath(p, bag))))
def upath(hdr, real):  # Info-ZIP Unicode Path extra field (0x7075)
    d = b"\x01" + struct.pack("<I", zlib.crc32(hdr.encode())) + real.encode()
    return struct.pack("<HH", 0x7075, len(d)) + d
with zipfile.ZipFile("h/ok.zip", "w") as z:
    zbase(z)
with zipfile.ZipFile("h/upath.zip", "w") as z:
    zbase(z)
    zi = zipfile.ZipInfo("bag/data/innocent.txt"); zi.extra = upath("bag/data/innocent.txt", "../../x")
    z.writestr(zi, b"x")
with zipfile.ZipFile("h/upath-abs.zip", "w") as z:
    zbase(z)
    zi = zipfile.ZipInfo("bag/data/innocent.txt"); zi.extra = upath("bag/data/innocent.txt", "/etc/x")
    z.writestr(zi, b"x")
with zipfile.ZipFile("h/backslash.zip", "w") as z:
    zbase(z)
    z.writestr("bag/data/..\\..\\x", b"x")
ok = open("h/ok.zip", "rb").read()
open("h/trunc.zip", "wb").write(ok[:-40])
open("h/half.zip", "wb").write(ok[:len(ok) // 2])
open("h/padded.zip", "wb").write(ok + b"\0" * 1000)
# tar: pax path record over an innocent ustar name; GNU long name; claimed size too big
with tarfile.open("h/pax-path.tar", "w", format=tarfile.PAX_FORMAT) as t:
    tbase(t)
    ti = tarfile.TarInfo("bag/data/innocent.txt"); ti.size = 1
    ti.pax_headers = {"path": "bag/../../x"}
    t.addfile(ti, io.BytesIO(b"x"))
with tarfile.open("h/gnu-long.tar", "w", format=tarfile.GNU_FORMAT) as t:
    tbase(t)
    ti = tarfile.TarInfo("bag/data/" + "a/" * 60 + "../" * 70 + "x"); ti.size = 1
    t.addfile(ti, io.BytesIO(b"x"))
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
    tbase(t)
    ti = tarfile.TarInfo("bag/data/big"); ti.size = 3
    t.addfile(ti, io.BytesIO(b"abc"))
b = bytearray(buf.getvalue())
h = b.find(b"bag/data/big")
b[h + 124:h + 136] = b"%011o\0" % (1 << 30)          # claims 1 GB
b[h + 148:h + 156] = b"        "
b[h + 148:h + 156] = b"%06o\0 " % sum(b[h:h + 512])
open("h/oversize.tar", "wb").write(bytes(b[:h + 1024]))
okt = io.BytesIO()
with tarfile.open(fileobj=okt, mode="w", format=tarfile.PAX_FORMAT) as t:
    tbase(t)
gz = gzip.compress(okt.getvalue())
open("h/ok.tar.gz", "wb").write(gz)
open("h/trunc.tar.gz", "wb").write(gz[:len(gz) * 2 // 3])
open("h/garbage.tar.gz", "wb").write(b"\x1f\x8b" + os.urandom(4000))
G

snapshot() { (cd "$E2E_OUT" && find . -name 'out.*' -prune -o -name 'err.*' -prune -o -name 'time.*' -prune -o -print | sort); }
before=$(snapshot)
hv() { # WANT_EXITS(e.g. 1|2) ARCHIVE REGEX
    local rc=0 rss
    _run_n=$((_run_n + 1))
    OUT="$E2E_OUT/out.$_run_n"; ERR="$E2E_OUT/err.$_run_n"; TIM="$E2E_OUT/time.$_run_n"
    timeout 60 /usr/bin/time -f %M -o "$TIM" "$ODPUB" verify --unsigned "h/$2" >"$OUT" 2>"$ERR" </dev/null || rc=$?
    [ "$rc" != 124 ] || fail "timed out: verify $2"
    [[ "$rc" =~ ^($1)$ ]] || { head -c 2000 "$ERR" >&2; fail "$2: exit $rc, wanted $1"; }
    expect_in "$ERR" "^odpub: h/$2: $3"
    rss=$(tail -n 1 "$TIM")
    [ "$rss" -lt "$RSS_CAP" ] || fail "$2: peak RSS $rss KB over $RSS_CAP KB"
}
run 0 verify --unsigned h/ok.zip
run 0 verify --unsigned h/ok.tar.gz
hv 1 upath.zip "archive entry refused: '\.' or '\.\.' path component"
hv 1 upath-abs.zip "archive entry refused: absolute path"
hv 1 backslash.zip "archive entry refused: backslash in path"
hv 1 trunc.zip "zip refused: no end of central directory"
hv 1 half.zip "corrupt archive data: Truncated ZIP file data"
hv 1 padded.zip "zip refused: no end of central directory"
hv 1 pax-path.tar "archive entry refused: '\.' or '\.\.' path component"
hv 1 gnu-long.tar "archive entry refused: '\.' or '\.\.' path component"
hv 1 oversize.tar "archive refused: compression ratio over 256:1"  # declared 1 GB in a 10 KB file: refused at its header
hv 1 trunc.tar.gz "not a readable zip or tar archive: truncated gzip input"
hv 1 garbage.tar.gz "not a readable zip or tar archive: Unrecognized archive format"
after=$(snapshot)
[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2; fail "verify wrote files"; }
[ -z "$(ls -A tmp)" ] || fail "verify wrote into TMPDIR"
expect_no_path "$E2E_OUT/../../x"
