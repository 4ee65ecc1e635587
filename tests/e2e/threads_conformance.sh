# release --threads on every CSV of the shared conformance corpora (csv-spectrum, csvlint
# errors, the real agency extracts of real-dev and nyc-real; ../shared/conformance), with
# a keep-everything policy in each file's delimiter and encoding: --threads 1, --threads 4
# with 64-byte chunks (most records straddle a chunk; the chunker falls back to copies)
# and --threads 3 with 4 KB chunks (chunks are views into the read-ahead's blocks) must
# exit alike, print the same message and, when they succeed, write identical packages.
# Bad files (ragged rows, unclosed quotes, invalid bytes) must fail the same way.
CONF="$SHARED/conformance"
[ -d "$CONF/csv-spectrum" ] || fail "conformance corpus missing: $CONF"
export SOURCE_DATE_EPOCH=1795392000
cat > mkpol.py <<'PY'
import csv, json, re, sys
raw = open(sys.argv[1], "rb").read(200000)
enc = "utf-8"
try:
    raw.decode("utf-8")
except UnicodeDecodeError:
    enc = "windows-1252"
text = raw.decode("utf-8" if enc == "utf-8" else "cp1252", errors="replace").lstrip("\ufeff")
first = re.split(r"\r\n|\n|\r", text, maxsplit=1)[0]
delim = max([",", ";", "\t", "|"], key=first.count)
hdr = next(csv.reader([first], delimiter=delim))
print("odpub: 1\nname: t\ndataset: {title: T, agency: A, license: CC0-1.0, "
      f"delimiter: {json.dumps(delim)}, encoding: {enc}}}\ndefault: reject\ncolumns:")
for h in hdr:
    print(f"  {json.dumps(h if h else '_row_index')}: {{action: keep}}")
PY
n=0; ok=0
for f in "$CONF"/csv-spectrum/csvs/*.csv "$CONF"/csvlint-errors/*.csv "$CONF"/real-dev/*.csv \
         "$CONF"/nyc-real/*.csv; do
    n=$((n + 1))
    /usr/bin/python3 mkpol.py "$f" > p.yaml || fail "cannot draft a policy for $f"
    rm -rf o1 o4 o3
    r1=0 r4=0 r3=0
    "$ODPUB" release "$f" --policy p.yaml -o o1 --threads 1 --allow-weaker > /dev/null 2> e1 ||
        r1=$?
    ODPUB_CHUNK_BYTES=64 "$ODPUB" release "$f" --policy p.yaml -o o4 --threads 4 \
        --allow-weaker > /dev/null 2> e4 || r4=$?
    ODPUB_CHUNK_BYTES=4096 "$ODPUB" release "$f" --policy p.yaml -o o3 --threads 3 \
        --allow-weaker > /dev/null 2> e3 || r3=$?
    [ "$r1" = "$r4" ] && [ "$r1" = "$r3" ] || fail "$f: exit $r1 with one thread, $r4 and $r3 with more"
    cmp -s e1 e4 && cmp -s e1 e3 || fail "$f: messages differ: $(head -c 300 e1) / $(head -c 300 e4) / $(head -c 300 e3)"
    if [ "$r1" = 0 ]; then
        ok=$((ok + 1))
        diff -r o1 o4 > /dev/null || fail "$f: --threads 4 (64-byte chunks) wrote another package"
        diff -r o1 o3 > /dev/null || fail "$f: --threads 3 (4 KB chunks) wrote another package"
    else
        [ "$r1" = 2 ] || fail "$f: exit $r1 (wanted 0 or 2): $(head -c 300 e1)"
        [ ! -e o1 ] && [ ! -e o4 ] && [ ! -e o3 ] || fail "$f: a failed release left its output"
    fi
done
[ "$n" -ge 40 ] && [ "$ok" -ge 30 ] || fail "only $ok of $n files released (corpus changed?)"
echo "threads_conformance: $n files, $ok released identically with 1, 3 and 4 threads"
