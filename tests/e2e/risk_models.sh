# Risk models and generalize: auto in release (docs/PRIVACY.md): for each model, the
# released file is re-checked by an independent Python implementation (risk_check.py):
# k, l (distinct / entropy / recursive), t (ordered and equal distance) and k-map are
# recomputed from the released CSV, the input and the population file and compared with
# report.json; with generalize: auto the chosen node must pass and no node one step
# finer on one quasi-identifier may. Then the fail-closed paths: on_violation: fail, no
# passing node, bad keys (exit 2 at POLICY:LINE:COL), and nothing written for any of them.
check() { /usr/bin/python3 "$SRCDIR/tests/e2e/risk_check.py" "$1"; }

/usr/bin/python3 - <<'PY'
import random
random.seed(16)
diag = ["flu", "cold", "asthma", "diabetes", "cancer"]
zips = ["10001", "10002", "10003", "10011", "10012", "10301", "10302", "11201", "11215"]
with open("people.csv", "w") as f:
    f.write("id,age,area,sex,diagnosis,income\n")
    for i in range(3000):
        age = min(99, int(random.expovariate(1 / 30)) + 18)
        z = random.choice(zips)
        d = random.choices(diag, weights=[5, 4, 3, 2, 1])[0]
        inc = random.randint(10, 200) * 1000 + (30000 if d == "cancer" else 0)
        f.write(f"{i},{age},{z},{random.choice('MF')},{d},{inc}\n")
with open("pop.csv", "w") as f:
    f.write("area,sex,people\n")
    for z in zips:
        for s in "MF":
            f.write(f"{z},{s},{random.randint(3000, 20000)}\n")
PY

head_policy() { # NAME
    cat <<EOF
odpub: 1
name: $1
dataset: {title: People, description: synthetic, agency: DOHMH}
columns:
  id: {action: drop}
  age: {action: keep, type: integer}
  area: {action: keep}
  sex: {action: keep}
  diagnosis: {action: keep}
  income: {action: keep, type: integer}
EOF
}
HIER='
    age: [{width: 5, top: 90}, {width: 10, top: 90}, {width: 20, top: 80}]
    area: [{digits: 4}, {digits: 3}, {digits: 2}]'
HIER_JSON='{"age": [{"width": 5, "top": 90}, {"width": 10, "top": 90}, {"width": 20, "top": 80}],
            "area": [{"digits": 4}, {"digits": 3}, {"digits": 2}]}'

# --- A: every model with generalize: auto (distinct l, ordered t, k-map)
{ head_policy auto-all; cat <<EOF
privacy:
  quasi_identifiers: [age, area, sex]
  k: 5
  l_diversity: {sensitive: diagnosis, l: 3, measure: distinct}
  t_closeness: {sensitive: income, t: 0.3}
  population: {file: pop.csv, by: [area, sex], count: people}
  generalize: auto
  hierarchies:$HIER
  max_suppression: 0.02
EOF
} > a.yaml
SOURCE_DATE_EPOCH=1764806400 run 0 release people.csv --policy a.yaml -o pkg-a
cat > a.json <<EOF
{"input": "people.csv", "output": "pkg-a/data/auto-all.csv", "report": "pkg-a/report.json",
 "qi": ["age", "area", "sex"], "k": 5,
 "l": {"sensitive": "diagnosis", "measure": "distinct", "l": 3},
 "t": {"sensitive": "income", "t": 0.3},
 "pop": {"file": "pop.csv", "by": ["area", "sex"], "count": "people", "k": 5},
 "hier": $HIER_JSON, "max_suppression": 0.02}
EOF
check a.json
expect_in pkg-a/report.json '"generalization"'
expect_in pkg-a/report.json '"metric": "nue"'
expect_in pkg-a/report.json '"nodes_evaluated"'
# the data dictionary and the effective policy say how the chosen columns were generalised
/usr/bin/python3 - pkg-a <<'PY'
import csv, json, sys
d = sys.argv[1]
rep = json.load(open(d + "/report.json"))
lv = rep["privacy"]["generalization"]["levels"]
assert any(lv.values()), lv
dic = {r["column"]: r for r in csv.DictReader(open(d + "/metadata/data-dictionary.csv"))}
for col, l in lv.items():
    if l > 0:
        row = dic[col]
        assert "generaliz" in json.dumps(row).lower(), row
        cols = {c["name"]: c for c in rep["columns"]}
        assert cols[col]["action"] == "generalize", cols[col]
print("dictionary ok", lv)
PY
run 0 check pkg-a/policy.yaml
# same input, policy and SOURCE_DATE_EPOCH: the same report
SOURCE_DATE_EPOCH=1764806400 run 0 release people.csv --policy a.yaml -o pkg-a2
cmp pkg-a/report.json pkg-a2/report.json || fail "report.json differs between two runs"
cmp pkg-a/data/auto-all.csv pkg-a2/data/auto-all.csv || fail "data differs between two runs"

# --- B: entropy l-diversity, k = 10, generalize: auto with a larger budget, dm metric
{ head_policy auto-entropy; cat <<EOF
privacy:
  quasi_identifiers: [age, area, sex]
  k: 10
  l_diversity: {sensitive: diagnosis, l: 3.5, measure: entropy}
  generalize: auto
  hierarchies:$HIER
  max_suppression: 0.05
  loss_metric: dm
EOF
} > b.yaml
run 0 release people.csv --policy b.yaml -o pkg-b
cat > b.json <<EOF
{"input": "people.csv", "output": "pkg-b/data/auto-entropy.csv", "report": "pkg-b/report.json",
 "qi": ["age", "area", "sex"], "k": 10,
 "l": {"sensitive": "diagnosis", "measure": "entropy", "l": 3.5},
 "hier": $HIER_JSON, "max_suppression": 0.05}
EOF
check b.json
expect_in pkg-b/report.json '"metric": "dm"'

# --- C: no search: recursive (c,l) and equal-distance t on a category; suppress
{ head_policy fixed-recursive; cat <<EOF
privacy:
  quasi_identifiers: [area, sex]
  k: 3
  l_diversity: {sensitive: diagnosis, l: 2, measure: recursive, c: 2}
  t_closeness: {sensitive: income, t: 0.15, order: []}
EOF
} > c-bad.yaml
run 2 release people.csv --policy c-bad.yaml -o pkg-c
expect_in "$ERR" 'c-bad.yaml:[0-9]+:[0-9]+'
expect_no_path pkg-c
{ head_policy fixed-recursive; cat <<EOF
privacy:
  quasi_identifiers: [age, sex]
  k: 3
  l_diversity: {sensitive: diagnosis, l: 2, measure: recursive, c: 2}
  t_closeness: {sensitive: diagnosis, t: 0.2}
EOF
} > c.yaml
run 0 release people.csv --policy c.yaml -o pkg-c
cat > c.json <<EOF
{"input": "people.csv", "output": "pkg-c/data/fixed-recursive.csv", "report": "pkg-c/report.json",
 "qi": ["age", "sex"], "k": 3,
 "l": {"sensitive": "diagnosis", "measure": "recursive", "l": 2, "c": 2},
 "t": {"sensitive": "diagnosis", "t": 0.2}}
EOF
check c.json
expect_in pkg-c/report.json '"distance": "equal"'
expect_not_in pkg-c/report.json '"generalization"'
/usr/bin/python3 -c "
import json; r = json.load(open('pkg-c/report.json'))['rows']; assert r['suppressed'] > 0, r"

# --- D: fail closed
# on_violation: fail with classes failing l-diversity: exit 1, nothing written
sed -e 's/^  k: 3$/  k: 3\n  on_violation: fail/' c.yaml > d.yaml
run 1 release people.csv --policy d.yaml -o pkg-d
expect_in "$ERR" 'on_violation is fail'
expect_no_path pkg-d
# no node meets l = 6 distinct (5 diagnoses): exit 1, nothing written
sed -e 's/l: 3, measure: distinct/l: 6, measure: distinct/' a.yaml > d2.yaml
run 1 release people.csv --policy d2.yaml -o pkg-d2
expect_in "$ERR" 'd2.yaml:[0-9]+:[0-9]+: .*no level of the hierarchies meets every model'
expect_no_path pkg-d2
# max_suppression without a search caps the suppression
{ head_policy capped; cat <<EOF
privacy:
  quasi_identifiers: [age, area, sex]
  k: 5
  max_suppression: 0.01
EOF
} > d3.yaml
run 1 release people.csv --policy d3.yaml -o pkg-d3
expect_in "$ERR" 'more than max_suppression'
expect_no_path pkg-d3

# --- E: policy errors: exit 2 at POLICY:LINE:COL, nothing written
bad() { # NAME SED-EXPR REGEX
    sed -e "$2" a.yaml > "$1.yaml"
    run 2 release people.csv --policy "$1.yaml" -o "pkg-$1"
    expect_in "$ERR" "$1.yaml:[0-9]+:[0-9]+: .*$3"
    expect_no_path "pkg-$1"
}
bad e1 's/measure: distinct/measure: distinkt/' "'measure': expected distinct, entropy or recursive"
bad e2 's/t: 0.3}/t: 1.5}/' "'t': expected a number from 0 to 1"
bad e3 's/    area: \[{digits: 4}/    income: [{digits: 4}/' "not a quasi-identifier: 'income'"
bad e4 's/file: pop.csv/file: nope.csv/' "population: cannot read 'nope.csv'"
bad e5 's/count: people/count: persons/' "no count column 'persons'"
bad e6 's/sensitive: diagnosis/sensitive: sex/' "sensitive column cannot be a quasi-identifier"
bad e7 's/max_suppression: 0.02/max_suppression: 2/' "'max_suppression'"
bad e8 's/{width: 5, top: 90}, //; s/{digits: 4}, /{digits: 4, width: 3}, /' "generalize takes only one of"
bad e9 's/measure: distinct}/measure: recursive}/' "needs 'c'"
bad e10 's/generalize: auto/generalize: yes/' "'generalize': expected auto"
# a hierarchy level that does not follow from the column's own rule (an area code published
# at 3 digits cannot be grouped by 4)
sed -e 's/  area: {action: keep}/  area: {action: generalize, digits: 3}/' a.yaml > e11.yaml
run 2 release people.csv --policy e11.yaml -o pkg-e11
expect_in "$ERR" "e11.yaml:[0-9]+:[0-9]+: hierarchies: level 1 of 'area' does not follow"
expect_no_path pkg-e11
# check accepts the keys and rejects a bad one the same way
run 0 check a.yaml
run 2 check e1.yaml

# --- H: category hierarchies (`map` levels): area from an ARX-style hierarchy file
# (ZIP;neighbourhood;borough;*), sex from an inline map; the Python check reads the same
# file and recomputes k, l, t and minimality over the mapped levels
cat > area_hier.csv <<'EOF'
10001;Chelsea;Manhattan;*
10002;"Lower East Side";Manhattan;*
10003;"East Village";Manhattan;*
10011;Chelsea;Manhattan;*
10012;"East Village";Manhattan;*
10301;"St. George";"Staten Island";*
10302;"St. George";"Staten Island";*
11201;"Brooklyn Heights";Brooklyn;*
11215;"Park Slope";Brooklyn;*
EOF
{ head_policy auto-map; cat <<EOF
privacy:
  quasi_identifiers: [age, area, sex]
  k: 10
  loss_metric: prec
  l_diversity: {sensitive: diagnosis, l: 3, measure: distinct}
  t_closeness: {sensitive: income, t: 0.3}
  generalize: auto
  hierarchies:
    age: [{width: 5, top: 90}, {width: 10, top: 90}, {width: 20, top: 80}]
    area: {file: area_hier.csv}
    sex: [{map: {M: "*", F: "*"}}]
  max_suppression: 0.02
EOF
} > h.yaml
run 0 release people.csv --policy h.yaml -o pkg-h
/usr/bin/python3 - <<'PY'
import csv, json
rows = list(csv.reader(open("area_hier.csv"), delimiter=";"))
area = [{"map": {r[0]: r[l] for r in rows}} for l in (1, 2, 3)]
hier = {"age": [{"width": 5, "top": 90}, {"width": 10, "top": 90}, {"width": 20, "top": 80}],
        "area": area, "sex": [{"map": {"M": "*", "F": "*"}}]}
json.dump({"input": "people.csv", "output": "pkg-h/data/auto-map.csv",
           "report": "pkg-h/report.json", "qi": ["age", "area", "sex"], "k": 10,
           "l": {"sensitive": "diagnosis", "measure": "distinct", "l": 3},
           "t": {"sensitive": "income", "t": 0.3}, "hier": hier, "max_suppression": 0.02},
          open("h.json", "w"))
# the released area values are the chosen level's group labels
lv = json.load(open("pkg-h/report.json"))["privacy"]["generalization"]["levels"]
assert lv["area"] > 0, lv
labels = set(area[lv["area"] - 1]["map"].values())
got = {r["area"] for r in csv.DictReader(open("pkg-h/data/auto-map.csv"))}
assert got <= labels, (got, labels)
print("map levels", lv, sorted(got))
PY
check h.json
expect_in pkg-h/policy.yaml 'map:'
expect_in pkg-h/report.json '"area": 4'
run 0 check pkg-h/policy.yaml
# a value the hierarchy file does not map: exit 2 at the data's line and column, no value
grep -v '^11215' area_hier.csv > area_short.csv
sed 's/area_hier.csv/area_short.csv/' h.yaml > e12.yaml
run 2 release people.csv --policy e12.yaml -o pkg-e12
expect_in "$ERR" "people.csv:[0-9]+:[0-9]+: column 'area': a value is not in the map"
expect_not_in "$ERR" "11215"
expect_no_path pkg-e12
# a malformed hierarchy file: its own line named
printf '10001;Chelsea;Manhattan;*\n10002;Manhattan;*\n' > area_bad.csv
sed 's/area_hier.csv/area_bad.csv/' h.yaml > e13.yaml
run 2 release people.csv --policy e13.yaml -o pkg-e13
expect_in "$ERR" "area_bad.csv:2:1: hierarchy file: 3 fields on this line, 4 on the first"
expect_no_path pkg-e13

# --- F: the readable report: metadata/risk-report.html in the package (in the manifest),
# checked in headless chromium at a phone's and a desktop's width against report.json
expect_in pkg-a/tagmanifest-sha256.txt ' metadata/risk-report.html$'
expect_in pkg-c/tagmanifest-sha256.txt ' metadata/risk-report.html$'
run 0 verify pkg-a --unsigned
/usr/bin/python3 "$SRCDIR/tests/browser/test_risk_report.py" --package pkg-a --out shots-a \
    || fail "risk report browser test failed (pkg-a)"
# a release without risk models carries no risk report
{ head_policy plain; printf 'privacy:\n  quasi_identifiers: [age, area, sex]\n  k: 2\n'; } > plain.yaml
run 0 release people.csv --policy plain.yaml -o pkg-plain
expect_no_path pkg-plain/metadata/risk-report.html

# --- G: audit --html writes the same readable report without releasing anything
run 0 audit people.csv --policy a.yaml --html audit-risk.html
expect_in audit-risk.html '<svg'
expect_in audit-risk.html 'id=models'
expect_not_in audit-risk.html '<script'
expect_no_path pkg-audit
run 2 audit pkg-a --html nope.html
expect_in "$ERR" '--html needs DATA'
expect_no_path nope.html

# --- I: search: global (ARX's optimum) against minimal. With discernibility and
# suppression the loss is not monotone in the levels: here the least-loss minimal node
# (zip to 2 digits, age in 10s) loses to a non-minimal one (zip 3 digits, age in 20s).
# risk_check.py recomputes every node of the lattice and wants the global optimum.
rows='12174:30 12849:36 12174:55 11550:41 10029:50 12849:50 10029:33 11736:37 12174:23
12849:51 12174:56 11550:37 10029:42 10029:26 10029:51 12174:28 10029:53 12813:57 11550:42
11736:36 11550:49 12174:45 12849:43 10029:33 10029:56 12165:46 11736:22 11736:48 11736:23
11550:35 11736:29 12174:52 10029:55 12849:30 11736:39 11550:44 12813:49 11736:60 11736:27
11736:49 11736:38 10029:57 12813:35 11736:49 12165:28 12813:53 10029:21 12174:57 10029:41
11736:55 12174:27 12174:45 10564:22 10029:24 11550:27 12849:33 11550:27 12174:24 10029:47
12174:58'
{ echo "id,zip,age"; i=0; for r in $rows; do i=$((i + 1)); echo "$i,${r%%:*},${r#*:}"; done; } > za.csv
gpol() { # SEARCH
    cat <<EOF2
odpub: 1
name: za-$1
dataset: {title: ZA, description: synthetic, agency: DOHMH}
columns:
  id: {action: drop}
  zip: {action: keep}
  age: {action: keep, type: integer}
privacy:
  quasi_identifiers: [zip, age]
  k: 3
  generalize: auto
  hierarchies:
    zip: [{digits: 4}, {digits: 3}, {digits: 2}]
    age: [{width: 5}, {width: 10}, {width: 20}]
  max_suppression: 0.1
  loss_metric: dm
  search: $1
EOF2
}
gpol global > zg.yaml
gpol minimal > zm.yaml
SOURCE_DATE_EPOCH=1764806400 run 0 release za.csv --policy zg.yaml -o pkg-zg
SOURCE_DATE_EPOCH=1764806400 run 0 release za.csv --policy zm.yaml -o pkg-zm
for m in zg:global zm:minimal; do
    cat > ${m%%:*}.json <<EOF2
{"input": "za.csv", "output": "pkg-${m%%:*}/data/za-${m#*:}.csv", "report": "pkg-${m%%:*}/report.json",
 "qi": ["zip", "age"], "k": 3,
 "hier": {"zip": [{"digits": 4}, {"digits": 3}, {"digits": 2}],
          "age": [{"width": 5}, {"width": 10}, {"width": 20}]},
 "max_suppression": 0.1}
EOF2
    check ${m%%:*}.json
done
expect_in pkg-zg/report.json '"search": "global"'
expect_in pkg-zm/report.json '"search": "minimal"'
expect_in pkg-zg/policy.yaml '^  search: global$'
/usr/bin/python3 - <<'PY'
import json
g = json.load(open("pkg-zg/report.json"))["privacy"]["generalization"]
m = json.load(open("pkg-zm/report.json"))["privacy"]["generalization"]
assert g["levels"] != m["levels"], (g["levels"], m["levels"])  # the case exercises it
assert g["loss"]["dm"] < m["loss"]["dm"], (g["loss"], m["loss"])
assert g["nodes_evaluated"] >= m["nodes_evaluated"], (g, m)
PY
sed 's/search: global/search: best/' zg.yaml > zbad.yaml
run 2 release za.csv --policy zbad.yaml -o pkg-zbad
expect_in "$ERR" "zbad.yaml:17:11: 'search': expected minimal"
expect_no_path pkg-zbad
