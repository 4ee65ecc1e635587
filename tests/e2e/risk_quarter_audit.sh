# Issue 16 leftovers: `to: quarter` as a hierarchy level (generalize: auto picks it; the
# released values are YYYY-Qn; the data dictionary says so) and `audit --json` carrying
# the risk models like report.json (privacy.models / risk / generalization), validated
# against docs/schemas/audit.schema.json; a policy no level of which meets its models is
# a finding (exit 1) with privacy.passes false.
/usr/bin/python3 - <<'PY'
import datetime, random
random.seed(16)
with open("visits.csv", "w") as f:
    f.write("id,seen,sex,diagnosis\n")
    for i in range(800):
        d = datetime.date(2022, 1, 1) + datetime.timedelta(days=random.randint(0, 729))
        f.write(f"{i},{d.isoformat()},{random.choice('MF')},"
                f"{random.choice(['flu', 'cold', 'asthma', 'other'])}\n")
PY
policy() { # NAME K
    cat <<EOF
odpub: 1
name: $1
dataset: {title: Visits, description: synthetic, agency: DOHMH}
columns:
  id: {action: drop}
  seen: {action: generalize, to: day}
  sex: {action: keep}
  diagnosis: {action: keep}
privacy:
  quasi_identifiers: [seen, sex]
  k: $2
  l_diversity: {sensitive: diagnosis, l: 3}
  generalize: auto
  hierarchies:
    seen: [{to: month}, {to: quarter}, {to: year}]
  max_suppression: 0.02
EOF
}
# ~17 rows per month and sex fail k = 20; ~50 per quarter pass: the search picks quarter
policy quarters 20 > q.yaml
policy never 300 > never.yaml
run 0 check q.yaml
SOURCE_DATE_EPOCH=1764806400 run 0 release visits.csv --policy q.yaml -o pkg-q
/usr/bin/python3 - pkg-q <<'PY'
import collections, csv, json, re, sys
d = sys.argv[1]
rep = json.load(open(d + "/report.json"))
g = rep["privacy"]["generalization"]
assert g["levels"] == {"seen": 2, "sex": 0}, g["levels"]
rows = list(csv.DictReader(open(d + "/data/quarters.csv")))
assert len(rows) == rep["rows"]["out"] == 800 - rep["rows"]["suppressed"]
assert all(re.fullmatch(r"20(22|23)-Q[1-4]", r["seen"]) for r in rows), rows[:3]
# the published quarters count the input dates of each quarter (suppressed rows aside)
want = collections.Counter()
for r in csv.DictReader(open("visits.csv")):
    y, m, _ = r["seen"].split("-")
    want[(f"{y}-Q{(int(m) - 1) // 3 + 1}", r["sex"])] += 1
got = collections.Counter((r["seen"], r["sex"]) for r in rows)
assert all(got[c] in (0, want[c]) for c in want) and set(got) <= set(want), (got, want)
sizes = collections.Counter((r["seen"], r["sex"]) for r in rows)
assert min(sizes.values()) >= 20, sizes
dic = {r["column"]: r for r in csv.DictReader(open(d + "/metadata/data-dictionary.csv"))}
assert "quarter" in json.dumps(dic["seen"]), dic["seen"]
print("quarter release ok", dict(sizes))
PY
expect_in pkg-q/policy.yaml 'to: quarter'
run 0 check pkg-q/policy.yaml
# a quarter is not a day: the column's own rule may not be coarser than the hierarchy
sed -e 's/seen: {action: generalize, to: day}/seen: {action: generalize, to: quarter}/' \
    q.yaml > coarse.yaml
run 2 release visits.csv --policy coarse.yaml -o pkg-coarse
expect_in "$ERR" "coarse.yaml:[0-9]+:[0-9]+: hierarchies: level 1 of 'seen' does not follow"
expect_no_path pkg-coarse
# a bad unit names the valid ones, quarter among them
sed -e 's/to: quarter}/to: semester}/' q.yaml > bad.yaml
run 2 check bad.yaml
expect_in "$ERR" "bad.yaml:[0-9]+:[0-9]+: .*unknown unit 'semester' \(valid: year, quarter, month"

# audit --json: the same models and generalisation as the release's report.json
run 0 audit visits.csv --policy q.yaml --json
cp "$OUT" audit-q.json
run 1 audit visits.csv --policy never.yaml --json
cp "$OUT" audit-never.json
for f in audit-q.json audit-never.json; do
    /usr/bin/python3 -m jsonschema -i "$f" "$SRCDIR/docs/schemas/audit.schema.json" \
        || fail "$f does not validate against audit.schema.json"
done
/usr/bin/python3 - <<'PY'
import json
a = json.load(open("audit-q.json"))["files"][0]["privacy"]
r = json.load(open("pkg-q/report.json"))["privacy"]
assert a["passes"] is True
assert a["models"] == r["models"], (a["models"], r["models"])
assert a["generalization"] == r["generalization"], (a["generalization"], r["generalization"])
assert a["risk"] == r["risk"]
n = json.load(open("audit-never.json"))
assert n["ok"] is False and n["findings"] >= 1
p = n["files"][0]["privacy"]
assert p["passes"] is False and p["models"] is None and p["generalization"]["found"] is False, p
print("audit --json models ok")
PY
# the schema is not a rubber stamp: a wrong type in privacy is refused
/usr/bin/python3 - <<'PY'
import json
a = json.load(open("audit-q.json"))
a["files"][0]["privacy"]["models"]["k_anonymity"]["classes_failing"] = "none"
json.dump(a, open("audit-bad.json", "w"))
PY
if /usr/bin/python3 -m jsonschema -i audit-bad.json "$SRCDIR/docs/schemas/audit.schema.json" \
    >/dev/null 2>&1; then
    fail "a malformed privacy member validated"
fi
# without risk models, audit --json has no privacy member (k alone: the risk block)
sed -e '/l_diversity\|^  generalize:\|hierarchies\|seen: \[\|max_suppression/d' q.yaml > konly.yaml
run 0 audit visits.csv --policy konly.yaml --json
expect_not_in "$OUT" '"privacy"'
