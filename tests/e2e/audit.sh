# odpub audit: a generated dataset with identifiers planted at known lines (emails,
# phones, SSNs, cards in free text and in wrongly kept columns). Under the leaky policy
# audit reports every planted one at its line and exits 1; under the fixed policy it
# reports none and exits 0; a package is audited as published; risk numbers match an
# independent recount; no planted value ever appears in audit's output.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
d="$SRCDIR/tests/data/audit"
/usr/bin/python3 "$d/gen_planted.py" .

# check_plants JSON PLANTS [DATA]: every (column, detector) of the plants is reported with
# exactly the planted count and lines, and nothing else fires except complainant_phone
# (a phone in every row). With DATA (a published CSV), lines are recomputed from it.
check_plants() {
    /usr/bin/python3 - "$@" <<'PY'
import csv, io, json, sys
rep = json.load(open(sys.argv[1]))
plants = json.load(open(sys.argv[2]))
want = {}
if len(sys.argv) > 3:
    # Published data: the start line of every record, then where each value went.
    f = io.StringIO(open(sys.argv[3], newline="").read())
    r = csv.reader(f)
    hdr = next(r)
    recs, line = [], 2
    for rec in r:
        recs.append((line, rec))
        line = r.line_num + 1
    for p in plants["plants"]:
        ci = hdr.index(p["column"])
        hits = [s for s, rec in recs if p["value"] in rec[ci]]
        if hits:          # the row may have been suppressed by k-anonymity
            assert len(hits) == 1, p
            want.setdefault((p["column"], p["detector"]), []).append(hits[0])
else:
    for p in plants["plants"]:
        want.setdefault((p["column"], p["detector"]), []).append(p["line"])
files = rep["files"]
assert len(files) == 1, files
got = {}
for c in files[0]["columns"]:
    for det, h in c["detectors"].items():
        if c["name"] == "complainant_phone":
            assert det == "phone" and h["count"] == files[0]["rows"]["audited"], h
            assert c["identifier"], c
            continue
        got[(c["name"], det)] = h
assert set(got) == set(want), (sorted(got), sorted(want))
for key, lines in want.items():
    lines.sort()
    h = got[key]
    assert h["count"] == len(lines), (key, h, lines)
    assert h["lines"] == lines[:5], (key, h["lines"], lines)
    assert abs(h["rate"] - len(lines) / files[0]["rows"]["audited"]) < 1e-4, h
print("planted identifiers all reported:", len(want), "column/detector pairs")
PY
}

run 1 audit planted.csv --policy "$d/leaky.yaml" --json
cp "$OUT" leaky.json
check_plants leaky.json planted.json
/usr/bin/python3 - leaky.json <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
f = rep["files"][0]
cols = {c["name"]: c for c in f["columns"]}
assert rep["ok"] is False and rep["findings"] == f["findings"] > 0
assert cols["notes"]["free_text_without_scrub"] and cols["notes"]["scanned"]
assert cols["callback"]["identifier"] and cols["callback"]["values_look_like"] == ["phone"]
assert cols["complainant_phone"]["header_says"] == ["phone"]
assert not cols["created_date"]["scanned"]            # generalized: synthesized output
assert not cols["request_id"]["identifier"] and cols["request_id"]["detectors"] == {}
assert f["rows"] == {"in": 240, "dropped": 0, "audited": 240}
PY
# Text output names the same lines.
run 1 audit planted.csv --policy "$d/leaky.yaml"
expect_in "$OUT" "column 'notes' \(keep\)"
expect_in "$OUT" "^LEAK: [0-9]+ findings"
/usr/bin/python3 - "$OUT" planted.json <<'PY'
import json, re, sys
out = open(sys.argv[1]).read()
for p in json.load(open(sys.argv[2]))["plants"]:
    block = out.split("column '%s'" % p["column"], 1)[1].split("  column '", 1)[0]
    m = re.search(r"^\s+%s\s+\d+ values \([^)]*\), lines ([0-9, .]+)$" % p["detector"], block, re.M)
    assert m and str(p["line"]) in m.group(1).replace(" ", "").split(","), (p["column"], p["detector"], p["line"])
PY

# The fixed policy: nothing fires, exit 0.
run 0 audit planted.csv --policy "$d/fixed.yaml" --json
cp "$OUT" fixed.json
/usr/bin/python3 - fixed.json <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
f = rep["files"][0]
assert rep["ok"] is True and rep["findings"] == 0, rep["findings"]
for c in f["columns"]:
    assert c["detectors"] == {} and not c["identifier"] and not c["free_text_without_scrub"], c
assert [c["name"] for c in f["columns"]] == ["request_id", "created_date", "borough",
        "complaint_type", "notes", "callback", "contact", "complainant_phone"]
PY
run 0 audit planted.csv --policy "$d/fixed.yaml"
expect_in "$OUT" "^clean: 0 findings"

# Re-identification risk, recounted independently.
# With --qi the policy's own suppression does not apply: classes below k are findings.
run 1 audit planted.csv --policy "$d/fixed.yaml" --json --qi borough,complaint_type,created_date --k 3
cp "$OUT" risk_ok.json
run 1 audit planted.csv --policy "$d/fixed.yaml" --json --qi request_id --k 2
cp "$OUT" risk_bad.json
/usr/bin/python3 - planted.csv risk_ok.json risk_bad.json <<'PY'
import collections, csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
def month(d):
    m, _, y = d.split("/")
    return y + "-" + m
def stats(key, k):
    c = collections.Counter(key(r) for r in rows)
    n = len(rows)
    return {"classes": len(c), "smallest_class": min(c.values()),
            "classes_below_k": sum(1 for v in c.values() if v < k),
            "records_below_k": sum(v for v in c.values() if v < k),
            "unique_records": sum(1 for v in c.values() if v == 1),
            "prosecutor_risk_max": round(1 / min(c.values()), 4),
            "prosecutor_risk_avg": round(len(c) / n, 4)}
ok = json.load(open(sys.argv[2]))["files"][0]["risk"]
exp = stats(lambda r: (r["borough"], r["complaint_type"], month(r["created_date"])), 3)
for key, v in exp.items():
    assert abs(ok[key] - v) < 1e-4, (key, ok[key], v)
assert ok["classes_below_k"] > 0 and not ok["release_suppresses_below_k"], ok
bad = json.load(open(sys.argv[3]))
r = bad["files"][0]["risk"]
assert r["classes"] == 240 and r["unique_records"] == 240 and r["prosecutor_risk_max"] == 1, r
assert bad["quasi_identifiers"] == ["request_id"] and bad["k"] == 2 and not bad["ok"]
PY
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["findings"]==1 and not d["ok"], d["findings"]' risk_ok.json
# A coarse enough QI set is clean.
run 0 audit planted.csv --policy "$d/fixed.yaml" --qi borough --k 5

# Packages: audited as published with their own policy.yaml, no keys needed.
run 0 release planted.csv --policy "$d/fixed.yaml" -o pkg-fixed
run 0 release planted.csv --policy "$d/leaky.yaml" -o pkg-leaky
(unset ODPUB_PSEUDONYM_KEY; "$ODPUB" audit pkg-fixed --json > pkg-fixed.json) || fail "audit of the fixed package"
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["mode"]=="package" and d["findings"]==0, d["findings"]' pkg-fixed.json
run 1 audit pkg-leaky --json
cp "$OUT" pkg-leaky.json
check_plants pkg-leaky.json planted.json pkg-leaky/data/audit-planted-leaky.csv
/usr/bin/python3 - pkg-leaky.json <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
f = rep["files"][0]
# release suppressed the classes below k: the published data is 5-anonymous
assert f["risk"]["classes_below_k"] == 0 and f["risk"]["smallest_class"] >= 5, f["risk"]
assert rep["policy"].endswith("policy.yaml") and rep["mode"] == "package"
PY

# Errors: exit 2 with a position; no policy for a data file; unknown QI; bad --k.
run 2 audit planted.csv
run 2 audit planted.csv --policy "$d/fixed.yaml" --qi borough,nowhere
expect_in "$ERR" "quasi-identifier 'nowhere'"
run 2 audit planted.csv --policy "$d/fixed.yaml" --k 0
run 2 audit planted.csv --policy "$d/fixed.yaml" --qi ,
run 2 audit missing.csv --policy "$d/fixed.yaml"
# Without the production key, --real-key fails at the key's line; by default audit uses
# a throwaway key, says so, and finds exactly what it finds with the real key.
(unset ODPUB_PSEUDONYM_KEY; "$ODPUB" audit planted.csv --policy "$d/fixed.yaml" --real-key > nokey.out 2> nokey.err) && fail "audit --real-key without the key succeeded"
expect_in nokey.err "fixed.yaml:[0-9]+:[0-9]+: "
run 0 audit planted.csv --policy "$d/fixed.yaml" --json
cp "$OUT" withkey.json
jq -e '.throwaway_key == false' withkey.json >/dev/null || fail "the real key was there: no throwaway key"
(unset ODPUB_PSEUDONYM_KEY; "$ODPUB" audit planted.csv --policy "$d/fixed.yaml" --json > nokey.json 2> nokey.err) ||
    fail "audit without the production key failed: $(cat nokey.err)"
jq -e '.throwaway_key == true and (.throwaway_reason | test("ODPUB_PSEUDONYM_KEY"))' nokey.json >/dev/null ||
    fail "audit without the key does not say it used a throwaway key"
[ "$(jq -S 'del(.throwaway_key, .throwaway_reason)' nokey.json)" = "$(jq -S 'del(.throwaway_key, .throwaway_reason)' withkey.json)" ] ||
    fail "findings with a throwaway key differ from those with the real key"
(unset ODPUB_PSEUDONYM_KEY; "$ODPUB" audit planted.csv --policy "$d/fixed.yaml" > nokey.out 2> nokey.err) ||
    fail "audit without the production key failed"
expect_in nokey.out "^note: pseudonymized with a throwaway key made for this audit .*pseudonyms do not change the findings"
run 0 audit planted.csv --policy "$d/fixed.yaml" --throwaway-key
expect_in "$OUT" "^note: pseudonymized with a throwaway key made for this audit; pseudonyms"
no_canary "$ODPUB_PSEUDONYM_KEY" nokey.out nokey.json

# No planted value, anywhere in audit's output (stdout and stderr of every run).
/usr/bin/python3 - planted.json <<'PY' > planted-values.txt
import json, sys
for p in json.load(open(sys.argv[1]))["plants"]:
    print(p["value"])
PY
while IFS= read -r v; do
    no_canary "$v" "$E2E_OUT"/out.* "$E2E_OUT"/err.* leaky.json fixed.json risk_ok.json risk_bad.json pkg-fixed.json pkg-leaky.json nokey.out nokey.err
done < planted-values.txt
no_canary "212-555-01" "$E2E_OUT"/out.* "$E2E_OUT"/err.*

# audit's cheap pre-check must never hide a hit the detectors would find: an IPv6
# address made of hex letters only, an IPv4 address, in a kept column.
printf 'id,note\n1,server abcd::ef was used\n2,host fe80::1 pinged\n3,nothing here at all\n4,addr 10.0.0.12 logged\n' > ip.csv
printf 'odpub: 1\nname: ip-test\ndefault: reject\ncolumns:\n  id: {action: keep}\n  note: {action: keep}\n' > ip.yaml
run 1 audit ip.csv --policy ip.yaml --json
/usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["files"][0]["columns"][1]; assert c["detectors"]["ip"]["lines"]==[2,3,5], c' "$OUT"
