# Hostile archives: verify refuses each with a clear message, writes nothing (the
# archive is streamed, never extracted), and stays under 64 MB RSS even on a 1 GB entry
# of zeros compressed to a few KB.
PY=/usr/bin/python3
gen="$SHARED/conformance/bagit-generated/valid-sha256-basic"
mkdir -p h work tmp
export TMPDIR="$E2E_OUT/tmp"

$PY - "$gen" <<'PY'
import io, os, struct, sys, tarfile, zipfile
bag = sys.argv[1]
top = "bag"

def base(t):
    """A valid bag under top/ (so only the hostile part can fail)."""
    d = tarfile.TarInfo(top); d.type = tarfile.DIRTYPE; d.mode = 0o755; t.addfile(d)
    for root, dirs, files in sorted(os.walk(bag)):
        dirs.sort()
        rel = os.path.relpath(root, bag)
        for f in sorted(files):
            p = os.path.join(root, f)
            t.add(p, arcname=os.path.normpath(os.path.join(top, rel, f)), recursive=False)

def tar(name, extra, mode="w"):
    with tarfile.open("h/" + name, mode, format=tarfile.PAX_FORMAT) as t:
        base(t)
        for ti, data in extra:
            t.addfile(ti, io.BytesIO(data) if data is not None else None)

def reg(name, data=b"x"):
    ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = 0o644
    return ti, data

tar("ok.tar", [])
tar("ok.tar.gz", [], "w:gz")
tar("dotdot.tar", [reg("../../x")])
tar("dotdot-inner.tar", [reg(top + "/data/../../../x")])
tar("absolute.tar", [reg("/etc/x")])
tar("absolute-inner.tar", [reg(top + "//etc/x")])
ti = tarfile.TarInfo(top + "/data/link"); ti.type = tarfile.SYMTYPE; ti.linkname = "/"
tar("symlink.tar", [(ti, None)])
ti = tarfile.TarInfo(top + "/data/hard"); ti.type = tarfile.LNKTYPE; ti.linkname = top + "/bagit.txt"
tar("hardlink.tar", [(ti, None)])
ti = tarfile.TarInfo(top + "/data/dev"); ti.type = tarfile.CHRTYPE; ti.devmajor = 1; ti.devminor = 3
tar("device.tar", [(ti, None)])
ti = tarfile.TarInfo(top + "/data/fifo"); ti.type = tarfile.FIFOTYPE
tar("fifo.tar", [(ti, None)])
tar("duplicate.tar", [reg(top + "/data/example.csv", b"other")])
tar("file-as-dir.tar", [reg(top + "/bagit.txt/x")])
tar("two-tops.tar", [reg("other/x")])
tar("many.tar.gz", [reg("%s/data/f%05d" % (top, i), b"") for i in range(10000)], "w:gz")

# Zip whose local header names a different file than its central directory.
with zipfile.ZipFile("h/conflict.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in sorted(os.walk(bag)):
        for f in sorted(files):
            p = os.path.join(root, f)
            z.write(p, os.path.normpath(os.path.join(top, os.path.relpath(p, bag))))
orig = open("h/conflict.zip", "rb").read()
cd = orig.find(b"PK\x01\x02")
b = bytearray(orig)  # the local header renamed
name_at = b.find(b"bag/data/example.csv")
assert 0 <= name_at < cd
b[name_at:name_at + 20] = b"bag/data/examplX.csv"
open("h/conflict.zip", "wb").write(bytes(b))
b = bytearray(orig)  # the central directory renamed: libarchive alone would not notice
name_at = b.find(b"bag/data/example.csv", cd)
assert name_at > cd
b[name_at:name_at + 20] = b"bag/data/examplX.csv"
open("h/conflict-central.zip", "wb").write(bytes(b))

# A tar whose entry size is negative (base-256 encoding), checksum fixed up.
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as t:
    base(t)
    ti, data = reg(top + "/data/neg", b"abc"); t.addfile(ti, io.BytesIO(data))
b = bytearray(buf.getvalue())
h = b.find(b"bag/data/neg")
b[h + 124:h + 136] = b"\xff" * 12
b[h + 148:h + 156] = b"        "
chk = sum(b[h:h + 512])
b[h + 148:h + 156] = b"%06o\0 " % chk
open("h/negative.tar", "wb").write(bytes(b))

# 1 GB of zeros in one entry (streamed, never held in memory).
class Zeros(io.RawIOBase):
    def __init__(self, n): self.n = n
    def readable(self): return True
    def readinto(self, m):
        k = min(len(m), self.n); m[:k] = bytes(k); self.n -= k; return k
with open("h/bomb.tar", "wb") as f:
    with tarfile.open(fileobj=f, mode="w|", format=tarfile.PAX_FORMAT) as t:
        base(t)
        ti = tarfile.TarInfo(top + "/data/zeros"); ti.size = 1 << 30
        t.addfile(ti, Zeros(1 << 30))
with zipfile.ZipFile("h/bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    with z.open(top + "/data/zeros", "w", force_zip64=True) as w:
        blk = bytes(1 << 20)
        for _ in range(1024):
            w.write(blk)
PY
zstd -q -19 --rm h/bomb.tar -o h/bomb.tar.zst
gzip -9 -c h/bomb.zip >/dev/null  # (zip is already deflated)
[ "$(stat -c %s h/bomb.tar.zst)" -lt 200000 ] || fail "bomb.tar.zst is not small"

# (/tmp itself is shared with other processes: verify gets a private, watched $TMPDIR.)
snapshot() { (cd "$E2E_OUT" && find . -name 'out.*' -prune -o -name 'err.*' -prune -o -name 'time.*' -prune -o -print | sort); }
before=$(snapshot)

check() { # WANT_EXIT ARCHIVE REGEX
    run "$1" verify --unsigned "h/$2"
    expect_in "$ERR" "$3"
}
run 0 verify --unsigned h/ok.tar
run 0 verify --unsigned h/ok.tar.gz
check 1 dotdot.tar "refused: '\.' or '\.\.' path component"
check 1 dotdot-inner.tar "refused: '\.' or '\.\.' path component"
check 1 absolute.tar "refused: absolute path"
check 1 absolute-inner.tar "refused: empty path component"
check 1 symlink.tar "refused: symbolic link"
check 1 hardlink.tar "refused: hard link"
check 1 device.tar "refused: device or special file"
check 1 fifo.tar "refused: device or special file"
check 1 duplicate.tar "refused: duplicate entry"
check 1 file-as-dir.tar "refused: a file is also used as a directory"
check 1 two-tops.tar "single top-level directory"
check 1 many.tar.gz "more than 10000 entries"
check 1 conflict.zip "local headers and central directory disagree"
check 1 conflict-central.zip "local headers and central directory disagree"
check 1 negative.tar "corrupt archive|size out of range"
for b in bomb.tar.zst bomb.zip; do
    /usr/bin/time -v -o "time.$b" "$ODPUB" verify --unsigned "h/$b" >"out.$b" 2>"err.$b" && fail "$b accepted"
    expect_in "err.$b" "compression ratio over [0-9]+:1|archive bomb"
    rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "time.$b")
    [ "$rss" -lt 65536 ] || fail "$b: RSS $rss KB over 64 MB"
done
# The uncompressed bomb is refused by its total size once caps are met, not by memory.
/usr/bin/time -v -o time.plain "$ODPUB" verify --unsigned "$gen" >/dev/null 2>&1
rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' time.plain)
[ "$rss" -lt 65536 ] || fail "RSS $rss KB on a tiny bag"

# Nothing was written: no new file in the scratch dir or $TMPDIR, no ../../x, no /etc/x.
after=$(snapshot)
[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2; fail "verify wrote files"; }
[ -z "$(ls -A tmp)" ] || fail "verify wrote into TMPDIR"
expect_no_path "$E2E_OUT/../../x"
expect_no_path /etc/x

# A symlink inside a directory bag is refused too (no link is ever followed).
cp -r "$gen" dirbag
ln -s / dirbag/data/link
run 1 verify --unsigned dirbag
expect_in "$ERR" "symbolic link not allowed"
