# release --threads N (chunk-parallel): the package is byte-identical for N = 1..4, with
# chunks made tiny (ODPUB_CHUNK_BYTES) so records, quoted line breaks and `""` straddle
# chunk boundaries: k-anonymity with suppression and drop_when counted once (nyc-311.yaml), small cells
# (nyc-mmr-indicators.yaml), a zip package, JSON input (one thread by design), and a bad
# row in a late chunk gives the same error (FILE:LINE:COL) and exit as --threads 1 with
# nothing written.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
export SOURCE_DATE_EPOCH=1795392000
pol311="$SRCDIR/policies/nyc-311.yaml"
/usr/bin/python3 - "$SRCDIR/examples/nyc-311-sample.csv" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
hdr, data = rows[0], rows[1:]
i = hdr.index("resolution_description")
ct = hdr.index("complaint_type")
for n, r in enumerate(data):
    if n % 3 == 0:
        r[i] = r[i][:40] + '\nsecond "quoted" line\r\nthird,' + r[i][40:]
    if n % 57 == 5:
        r[ct] = "Elder Abuse"  # dropped by the policy's drop_when: 7 rows
big = data
with open("multi.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(hdr)
    w.writerows(big)
with open("bad.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(hdr)
    for n, r in enumerate(big):
        w.writerow(r + ["extra"] if n == len(big) - 20 else r)
with open("rows.ndjson", "w") as f:
    for r in data:
        f.write(json.dumps(dict(zip(hdr, r))) + "\n")
PY
grep -c '"' multi.csv >/dev/null || fail "no quotes in the test input"

same_for_threads() { # NAME ARGS...: release with --threads 1..4 and chunk sizes, compare
    local name=$1; shift
    run 0 release "$@" -o "$name.1" --threads 1
    for t in 2 3 4; do
        for cb in 64 1500; do
            ODPUB_CHUNK_BYTES=$cb run 0 release "$@" -o "$name.$t.$cb" --threads "$t"
            diff -r "$name.1" "$name.$t.$cb" >/dev/null ||
                fail "$name: --threads $t (chunks of $cb bytes) differs from --threads 1"
        done
    done
}
same_for_threads k311 multi.csv --policy "$pol311"
/usr/bin/python3 - k311.1/report.json <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
r = rep["rows"]
assert r["suppressed"] > 0 and r["in"] == 400, r
# each dropped row counted once, by the writing pass (not once per pass over the rows)
assert r["dropped"] == 7 and sum(d["rows"] for d in rep["drop_when"]) == 7, (r, rep["drop_when"])
PY
same_for_threads mmr "$SRCDIR/examples/mmr-indicators-sample.csv" \
    --policy "$SRCDIR/policies/nyc-mmr-indicators.yaml"
expect_in mmr.1/report.json '"cells_suppressed_primary": [1-9]'
same_for_threads json rows.ndjson --policy "$pol311"

# archives: the same bytes
run 0 release multi.csv --policy "$pol311" -o z1.zip --format zip --threads 1
ODPUB_CHUNK_BYTES=300 run 0 release multi.csv --policy "$pol311" -o z4.zip --format zip --threads 4
cmp z1.zip z4.zip || fail "zip packages differ between --threads 1 and 4"

# a ragged row near the end: the same error and exit, nothing written
run 2 release bad.csv --policy "$pol311" -o e1 --threads 1
cp "$ERR" err1
for t in 2 4; do
    ODPUB_CHUNK_BYTES=500 run 2 release bad.csv --policy "$pol311" -o "e$t" --threads "$t"
    cmp err1 "$ERR" || fail "--threads $t: a different error: $(cat "$ERR") vs $(cat err1)"
    expect_no_path "e$t"
done
expect_in err1 'bad\.csv:[0-9]+:[0-9]+: .*ragged row'
# --threads is checked
run 2 release multi.csv --policy "$pol311" -o x --threads 0

# The digests: with the input's blocks lent to the workers, the calling thread hashes each
# chunk's input (before a worker unescapes its `""` in place) together with an older
# chunk's output, after the read-ahead thread hashed the blocks it had read ahead. On a
# 6 MB input (6 blocks; the read-ahead is ahead when the pipeline takes the hash over)
# with `""` in every third row, the report's input sha256 and the manifest's data entry
# are the sha256sum of the input and of the data file, for 1..4 threads and with the
# default, a 64 KB and a 300-byte chunk size.
/usr/bin/python3 - <<'PY'
import sys
lines = open("multi.csv", newline="").read().split("\n", 1)
with open("big.csv", "w", newline="") as f:
    f.write(lines[0] + "\n")
    body = lines[1]
    while f.tell() < 6_000_000:
        f.write(body)
PY
want_in=$(sha256sum big.csv | cut -d' ' -f1)
for t in 1 2 3 4; do
    for cb in default 65536 300; do
        if [ "$cb" = default ]; then
            run 0 release big.csv --policy "$pol311" -o "d$t.$cb" --threads "$t"
        else
            ODPUB_CHUNK_BYTES=$cb run 0 release big.csv --policy "$pol311" -o "d$t.$cb" --threads "$t"
        fi
        expect_in "d$t.$cb/report.json" "\"sha256\": \"$want_in\""
        data=$(ls "d$t.$cb"/data/*.csv)
        want_out=$(sha256sum "$data" | cut -d' ' -f1)
        grep -q "^$want_out  data/" "d$t.$cb/manifest-sha256.txt" ||
            fail "--threads $t, chunks $cb: the manifest's data digest is not the file's"
        diff -r d1.default "d$t.$cb" >/dev/null || fail "--threads $t, chunks $cb: package differs"
    done
done
