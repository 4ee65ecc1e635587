# `odpub audit PKG` on a package archive (.tar.zst, .zip, .tar.gz) gives the same verdict
# and numbers as on the package directory, names the archive's paths, leaves no temp
# copy, and refuses hostile archives with exit 2 naming the archive: an entry outside the
# top directory, a symlinked data file, a package without policy.yaml, two top
# directories, expansion bombs (in the data, and in an entry audit skips), and a zstd stream whose second frame declares a 128 MiB window (verify refuses it too); and a zip whose data file is a symlink in the central directory (the reader verify uses sees it).
PY=/usr/bin/python3
export ODPUB_PSEUDONYM_KEY='example-key-0123456789abcdefghijkl'
export ODPUB_DATE_KEY='example-key-0123456789abcdefghijkl'
export SOURCE_DATE_EPOCH=1795392000
export TMPDIR="$E2E_OUT/tmp"
mkdir -p "$TMPDIR" pk
data="$SRCDIR/examples/nyc-311-sample.csv"
# a leaky policy: the complainant's phone published as is
sed 's/^  complainant_phone: .*/  complainant_phone: {action: keep}/' "$SRCDIR/policies/nyc-311.yaml" > weak.yaml
grep -q 'complainant_phone: {action: keep}' weak.yaml || fail "weak.yaml not made"
run 0 keygen ak -W

for pol in fixed weak; do
    p="$SRCDIR/policies/nyc-311.yaml"; [ "$pol" = fixed ] || p=weak.yaml
    want=0; [ "$pol" = fixed ] || want=1
    for fmt in dir tar.zst zip tar.gz; do
        run 0 release "$data" --policy "$p" -o "pk/$pol.$fmt" -f "$fmt" --key ak.key --allow-weaker
        run "$want" audit "pk/$pol.$fmt" --json
        cp "$OUT" "$pol.$fmt.json"
        run "$want" audit "pk/$pol.$fmt"
        expect_in "$OUT" "^audit of pk/$pol.$fmt under pk/$pol.$fmt/policy.yaml\$"
        expect_in "$OUT" "^pk/$pol.$fmt/data/nyc-311-service-requests.csv: 371 rows read"
    done
    # the same report from every format once the package path is taken out
    for fmt in tar.zst zip tar.gz; do
        sed "s|pk/$pol.$fmt|PKG|g" "$pol.$fmt.json" > a.json
        sed "s|pk/$pol.dir|PKG|g" "$pol.dir.json" > b.json
        cmp a.json b.json || { diff a.json b.json >&2; fail "$pol: audit of .$fmt differs from the directory's"; }
    done
done
expect_in weak.dir.json '"findings": [1-9]'
# --policy with a package: the archive is audited as published under that policy, as the
# directory is (not read as a raw data file)
for fmt in dir tar.zst; do
    rc=0
    "$ODPUB" audit "pk/weak.$fmt" --policy "$SRCDIR/policies/nyc-311.yaml" --json \
        > "pol.$fmt.out" 2> "pol.$fmt.err" || rc=$?
    [ "$rc" -le 1 ] || { cat "pol.$fmt.err" >&2; fail "--policy: audit of .$fmt exit $rc"; }
    echo "exit $rc" >> "pol.$fmt.out"
    sed "s|pk/weak.$fmt|PKG|g" "pol.$fmt.out" > "pol.$fmt.json"
done
expect_in pol.dir.json '"mode": "package"'
cmp pol.tar.zst.json pol.dir.json || { diff pol.tar.zst.json pol.dir.json >&2; fail "--policy: archive and directory audits differ"; }
grep -q 'complainant_phone' weak.tar.zst.json || fail "weak: the kept phone column is not reported"
[ -z "$(ls -A "$TMPDIR")" ] || fail "audit left temporary files: $(ls -A "$TMPDIR")"

# hostile and broken archives: exit 2, the archive named, nothing left in TMPDIR
$PY - <<'G'
import io, tarfile, zipfile
def add(t, name, data=b"", kind=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name); ti.type = kind; ti.linkname = link; ti.size = len(data)
    t.addfile(ti, io.BytesIO(data) if data else None)
pol = b"odpub: 1\nname: x\ncolumns:\n  a: {action: keep}\n"
with tarfile.open("escape.tar.gz", "w:gz") as t:
    add(t, "p/policy.yaml", pol); add(t, "p/../../evil.csv", b"a\n1\n")
with tarfile.open("symlink.tar.gz", "w:gz") as t:
    add(t, "p/policy.yaml", pol); add(t, "p/data/x.csv", kind=tarfile.SYMTYPE, link="/etc/passwd")
with tarfile.open("nopolicy.tar.gz", "w:gz") as t:
    add(t, "p/data/x.csv", b"a\n1\n")
with tarfile.open("twotops.tar.gz", "w:gz") as t:
    add(t, "p/policy.yaml", pol); add(t, "q/data/x.csv", b"a\n1\n")
with zipfile.ZipFile("symlink.zip", "w") as z:
    z.writestr("p/policy.yaml", pol)
    zi = zipfile.ZipInfo("p/data/x.csv"); zi.create_system = 3
    zi.external_attr = (0o120777 << 16)  # a symlink, seen only in the central directory
    z.writestr(zi, b"../../etc/passwd")
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("p/policy.yaml", pol)
    z.writestr("p/data/x.csv", b"a\n" + b"1\n" * (64 << 20))
G
# a bomb in an entry audit does not read (skipped entries are decompressed too)
mkdir -p sb/p/data
printf 'a\n1\n' > sb/p/data/x.csv
cp "$SRCDIR/policies/nyc-311.yaml" sb/p/policy.yaml
truncate -s 256M sb/p/zeros.bin
tar -C sb -cf - p | zstd -q -c > skipbomb.tar.zst
rm -rf sb
cp pk/fixed.tar.zst bigwindow.tar.zst
head -c 100000 /dev/urandom | zstd -q --long=27 -c >> bigwindow.tar.zst   # unknown size: window declared
for h in escape.tar.gz:"parent directory|outside|\\.\\." symlink.tar.gz:"symbolic link" symlink.zip:"symbolic link" \
         nopolicy.tar.gz:"no policy.yaml" twotops.tar.gz:"single top-level directory" \
         bomb.zip:"compression ratio over 256:1" skipbomb.tar.zst:"compression ratio over 256:1" \
         bigwindow.tar.zst:"zstd window larger than 32 MiB"; do
    f=${h%%:*}; re=${h#*:}
    run 2 audit "$f"
    expect_in "$ERR" "^odpub: $f: .*($re)"
    [ -z "$(ls -A "$TMPDIR")" ] || fail "$f: audit left temporary files: $(ls -A "$TMPDIR")"
    [ ! -e "$E2E_OUT/evil.csv" ] && [ ! -e "$(dirname "$E2E_OUT")/evil.csv" ] || fail "$f: wrote outside"
done
run 1 verify bigwindow.tar.zst --pubkey ak.pub --bag-only
expect_in "$ERR" "zstd window larger than 32 MiB"
echo "audit_archive: archives audit like directories; 8 hostile archives refused"
