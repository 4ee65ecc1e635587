# odpub diff: each finding class and its exit code, --json against docs/schemas/diff.json,
# and that no value of a protected column is ever printed.
#  - identical data (another release date, also archives with --pubkey) -> 0 "no changes";
#  - two rows added to a class of 10 with k=5 -> 1, naming the class by its generalised
#    values and the change; five rows added -> 0 (change >= k, listed, no risk);
#  - a column re-treated from redact to keep -> 1, naming the column and the baseline
#    category; a stronger re-treatment (redact -> drop) -> 0;
#  - a tampered archive or directory with --pubkey -> 1; wrong dataset, missing package,
#    bad key, bad usage -> 2;
#  - an aggregate table whose count cell changed by less than the small-cell threshold -> 1.
PY=/usr/bin/python3
$PY -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema missing"
SCHEMA="$SRCDIR/docs/schemas/diff.json"
validate() { # FILE: the --json document matches the schema
    $PY -c 'import json,sys,jsonschema as j; s=json.load(open(sys.argv[1])); j.Draft7Validator(s).validate(json.load(open(sys.argv[2])))' "$SCHEMA" "$1" \
        || fail "$1 does not validate against docs/schemas/diff.json"
}

printf 'test-pseudonym-key-0123456789abcdef\n' > pseudo.key && chmod 600 pseudo.key
(mkdir -p keys && cd keys && "$ODPUB" keygen agency -W >/dev/null && "$ODPUB" keygen other -W >/dev/null)
# 60 rows: zip x type classes of 20, 20, 10, 10 after the ZIP is cut to 3 digits. The
# phone, email and note values are secrets: never in diff's output.
$PY - <<'PY'
import csv
with open("base.in.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "zip", "type", "phone", "email", "note"])
    n = 0
    for zip_, typ, cnt in [("10001", "Noise", 10), ("10002", "Noise", 10), ("10001", "Heat", 20),
                           ("11201", "Noise", 10), ("11201", "Heat", 10)]:
        for _ in range(cnt):
            n += 1
            w.writerow([n, zip_, typ, f"212-555-{n:04d}", f"person{n}@secret.example", f"SECRETNOTE{n}"])
def more(name, k):
    rows = list(csv.reader(open("base.in.csv")))
    for i in range(k):
        m = 1000 + i
        rows.append([m, "11201", "Noise", f"212-555-{m:04d}", f"person{m}@secret.example", f"SECRETNOTE{m}"])
    with open(name, "w", newline="") as f:
        csv.writer(f).writerows(rows)
more("plus2.in.csv", 2)
more("plus5.in.csv", 5)
PY
cat > base.yaml <<'YAML'
odpub: 1
name: hist-test
dataset:
  title: History test
  agency: Department of Testing
  license: CC0-1.0
  update_frequency: daily
keys:
  pseudonym: file:pseudo.key
default: reject
columns:
  id: {action: keep, type: integer}
  zip: {action: generalize, digits: 3}
  type: {action: keep}
  phone: {action: redact}
  email: {action: pseudonymize, domain: person}
  note: {action: drop}
privacy:
  quasi_identifiers: [zip, type]
  k: 5
  on_violation: suppress
YAML
sed 's/phone: {action: redact}/phone: {action: keep}/' base.yaml > keep.yaml
sed 's/phone: {action: redact}/phone: {action: drop}/' base.yaml > stronger.yaml
sed 's/^name: hist-test/name: other-test/' base.yaml > other.yaml

rel() { # DATA POLICY OUT EPOCH [FORMAT]
    SOURCE_DATE_EPOCH=$4 run 0 release "$1" --policy "$2" -o "$3" -k keys/agency.key -f "${5:-dir}"
}
rel base.in.csv base.yaml r1 1795392000
rel base.in.csv base.yaml r1b 1795478400
rel base.in.csv base.yaml r1.tar.zst 1795392000 tar.zst
rel base.in.csv base.yaml r1b.zip 1795478400 zip
rel plus2.in.csv base.yaml r2 1795478400
rel plus5.in.csv base.yaml r5 1795478400
rel base.in.csv keep.yaml r3 1795478400
rel base.in.csv stronger.yaml r6 1795478400
rel base.in.csv other.yaml r7 1795478400

# identical data, another day: no changes (directories; archives verified)
run 0 diff r1 r1b
expect_in "$OUT" '^diff: hist-test-2026-11-23 -> hist-test-2026-11-24 \(dataset hist-test\)$'
expect_in "$OUT" '^no changes$'
run 0 diff r1.tar.zst r1b.zip --pubkey keys/agency.pub --json
validate "$OUT"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["findings"]==0 and d["old"]["verified"] and d["new"]["verified"] and d["classes"]["changed"]==0, d' "$OUT"

# two rows added to a class of 10 with k=5: a differencing risk naming the class
run 1 diff r1 r2
expect_in "$OUT" '^  RISK zip=112, type=Noise: 10 -> 12 \(\+2\): the 2 rows that came are singled out \(< k=5\)$'
expect_in "$OUT" '^rows: in 60 -> 62 \(\+2\), out 60 -> 62 \(\+2\)'
expect_in "$OUT" '^1 finding$'
run 1 diff r1 r2 --json
validate "$OUT"
$PY - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert not d["ok"] and d["findings"] == 1, d
c = d["classes"]
assert c["compared"] and c["k"] == 5 and c["quasi_identifiers"] == ["zip", "type"], c
assert c["risks"] == 1 and c["changed"] == 1, c
assert c["list"] == [{"values": {"zip": "112", "type": "Noise"}, "old": 10, "new": 12, "delta": 2, "risk": True}], c
assert d["rows"]["out"] == {"old": 60, "new": 62, "delta": 2}, d["rows"]
PY
# the reverse: two rows went
run 1 diff r2 r1
expect_in "$OUT" 'RISK zip=112, type=Noise: 12 -> 10 \(-2\): the 2 rows that went are singled out'
# five rows added (k=5): the change is listed, not a risk
run 0 diff r1 r5
expect_in "$OUT" '^       zip=112, type=Noise: 10 -> 15 \(\+5\)$'
expect_in "$OUT" '0 differencing risks'

# a column re-treated from redact to keep: weaker, below its baseline category
run 1 diff r1 r3
expect_in "$OUT" "^  WEAKER phone: re-treated from redact .* to keep .*: weaker; no longer meets the baseline category 'phone' \(needs drop, redact, mask, pseudonymize\)"
run 1 diff r1 r3 --json
validate "$OUT"
$PY - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ch = d["columns"]["changes"]
assert len(ch) == 1 and d["columns"]["weakened"] == 1 and d["findings"] == 1, ch
c = ch[0]
assert c["name"] == "phone" and c["change"] == "re-treated" and c["direction"] == "weaker", c
assert c["old_action"] == "redact" and c["new_action"] == "keep", c
assert c["baseline_category"] == "phone" and c["below_baseline"] is True, c
PY
# stronger (redact -> drop) is not a finding; the reverse (drop -> redact) is weaker
run 0 diff r1 r6
expect_in "$OUT" '^columns: 0 added, 0 removed, 1 re-treated \(0 weaker, 1 stronger\)$'
run 1 diff r6 r1
expect_in "$OUT" 'WEAKER phone: re-treated from drop'

# tampered packages with --pubkey: a finding, nothing compared
cp r1.tar.zst t.tar.zst && cp r1.tar.zst.minisig t.tar.zst.minisig
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[len(b)//2]^=0x55; open(sys.argv[1],"wb").write(b)' t.tar.zst
run 1 diff r1 t.tar.zst --pubkey keys/agency.pub
expect_in "$ERR" 'verification failed'
run 1 diff r1 t.tar.zst --pubkey keys/agency.pub --json
validate "$OUT"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not d["ok"] and d["old"]["verified"] and not d["new"]["verified"] and d["new"]["verify_error"], d' "$OUT"
cp -r r1b td && sed -i '2s/Noise/Heat/' td/data/hist-test.csv
run 1 diff r1 td --pubkey keys/agency.pub
expect_in "$ERR" 'verification failed: manifest'
run 1 diff r1 r1b --pubkey keys/other.pub
# bad input: exit 2
run 2 diff r1 r7
expect_in "$ERR" "not a release of the same dataset: OLD is 'hist-test', NEW is 'other-test'"
run 2 diff r1 nowhere
run 2 diff r1 r1b --pubkey nowhere.pub
run 2 diff r1
run 2 diff r1 base.yaml
run 0 diff --help
expect_in "$OUT" '^usage: odpub diff OLD NEW'

# aggregate table: a count cell that moved by less than the threshold is recoverable
cat > agg1.csv <<'CSV'
region,month,count
north,2025-01,50
south,2025-01,30
east,2025-01,20
west,2025-01,4
CSV
cat > agg2.csv <<'CSV'
region,month,count
north,2025-01,53
south,2025-01,30
east,2025-01,45
west,2025-01,6
CSV
cat > agg.yaml <<'YAML'
odpub: 1
name: agg-test
dataset: {title: Aggregate test, agency: Department of Testing, license: CC0-1.0}
default: reject
columns:
  region: {action: keep}
  month: {action: keep}
  count: {action: keep, type: integer}
privacy:
  small_cells: {columns: [count], threshold: 10}
YAML
rel agg1.csv agg.yaml a1 1795392000
rel agg2.csv agg.yaml a2 1795478400
run 1 diff a1 a2
expect_in "$OUT" '^cells \(threshold 10\): 2 changed, 1 differencing risk$'
expect_in "$OUT" '^  RISK region=north, month=2025-01 \[count\]: 50 -> 53 \(\+3\): a cell of 3 \(< 10\) recovered by subtracting the releases$'
run 1 diff a1 a2 --json
validate "$OUT"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["cells"]; assert c["compared"] and c["risks"]==1 and c["by"]==["region","month"] and not d["classes"]["compared"], c' "$OUT"

# category maps (generalize: map): two maps of the same size and group count have the same
# treatment text, so diff compares the groupings themselves
printf 'id,cat\n1,A\n2,B\n3,C\n4,D\n5,A\n6,C\n' > cats.csv
mappol() { # NAME MAP
    printf 'odpub: 1\nname: map-test\ndataset: {title: Map test, agency: Department of Testing, license: CC0-1.0}\ndefault: reject\ncolumns:\n  id: {action: keep}\n  cat: {action: generalize, map: %s}\n' "$2" > "$1"
}
mappol m1.yaml '{A: G1, B: G1, C: G2, D: G2}'
mappol m2.yaml '{A: X, B: X, C: Y, D: Y}'         # the same grouping, renamed
mappol m3.yaml '{A: ALL, B: ALL, C: ALL, D: ALL}' # coarser
mappol m4.yaml '{A: G1, C: G1, B: G2, D: G2}'     # crossing, same text as m1
mappol m5.yaml '{A: G1, B: G1, C: G2, D: G2, E: G2}' # other values
for m in 1 2 3 4 5; do rel cats.csv m$m.yaml mp$m 1795392000; done
run 0 diff mp1 mp2
expect_in "$OUT" '^ *cat: re-treated from generalize .*; the map now gives the same grouping under other group names$'
run 0 diff mp1 mp3
expect_in "$OUT" 'cat: re-treated from generalize .*: stronger; the map now gives coarser groups$'
run 1 diff mp3 mp1
expect_in "$OUT" 'WEAKER cat: re-treated from generalize .*: weaker; the map now gives finer groups$'
run 1 diff mp1 mp4
expect_in "$OUT" 'WEAKER cat: .*: weaker; the map now gives groups that cross the old ones'
run 1 diff mp1 mp4 --json
validate "$OUT"
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["columns"]["changes"]; assert len(c)==1 and c[0]["direction"]=="weaker" and "cross" in c[0]["why"], c' "$OUT"
run 0 diff mp1 mp5
expect_in "$OUT" 'the map now gives groups of other values \(not comparable\)$'
run 0 diff mp1 mp1
expect_in "$OUT" '^no changes$'

# No protected value in any output: the raw phone, email and note values, and the
# published pseudonyms of the email column, never appear in what diff printed.
pseudo=$(cut -d, -f5 r1/data/hist-test.csv | sed -n 2p)
[ -n "$pseudo" ] || fail "no pseudonym found"
for f in out.* err.*; do
    expect_not_in "$f" "212-555-"
    expect_not_in "$f" "@secret.example"
    expect_not_in "$f" "SECRETNOTE"
    expect_not_in "$f" "$pseudo"
done
