# Derived columns and indicator tables (issue 23, SPEC "Derived columns and indicator
# tables"). Every published number is recomputed here in Python from the raw input:
#  - rows: days per approval step (policies/nyc-dob-approval-steps.yaml) on gen311 DOB
#    data, days_to_approval on the example (empty and reversed dates), the report's
#    empty/negative counts, no raw date anywhere in the package, byte-stable output;
#  - table: count, distinct applicants, median, p90 (nearest rank) and mean per group
#    (policies/nyc-dob-approval-indicators.yaml), with the small-cell rules (primary,
#    complementary per borough, medians on fewer than 10 values blanked) applied by the
#    Python side too; byte-stable; metadata carry the formulas and measures;
#  - errors: unknown source, derived column without a rule, non-numeric measure: exit 2
#    at the right place, nothing written, no value in the message.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
export SOURCE_DATE_EPOCH=1795392000
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
./gen311 -m dob 3000 > dob.in.csv

# --- 1. days per approval step, per job
run 0 release dob.in.csv --policy "$SRCDIR/policies/nyc-dob-approval-steps.yaml" -o steps
run 0 release dob.in.csv --policy "$SRCDIR/policies/nyc-dob-approval-steps.yaml" -o steps2
diff -r steps steps2 >/dev/null || fail "the same release twice differs"
/usr/bin/python3 - dob.in.csv steps/data/nyc-dob-approval-steps.csv steps/report.json <<'PY'
import csv, datetime, json, re, sys
raw = list(csv.DictReader(open(sys.argv[1], newline="")))
out = list(csv.DictReader(open(sys.argv[2], newline="")))
text = open(sys.argv[2]).read()
rep = json.load(open(sys.argv[3]))
assert len(raw) == len(out)
d = lambda s: datetime.datetime.strptime(s, "%m/%d/%Y").date()
steps = {"days_to_paid": "paid", "days_to_fully_paid": "fully_paid", "days_to_assigned": "assigned",
         "days_to_approved": "approved", "days_to_permitted": "fully_permitted"}
empty = {k: 0 for k in steps}
def band(v):
    if v == "": return ""
    x = int(v)
    for lo, hi in ((0, 30), (30, 90), (90, 180), (180, 365)):
        if lo <= x < hi: return "[%d,%d)" % (lo, hi)
    return "<0" if x < 0 else ">=365"
for r, o in zip(raw, out):
    assert r["job_number"] == o["job_number"]
    assert o["filing_month"] == d(r["pre_filing_date"]).strftime("%Y-%m")
    for col, src in steps.items():
        if r[src] == "" or r["pre_filing_date"] == "":
            want = ""; empty[col] += 1
        else:
            want = str((d(r[src]) - d(r["pre_filing_date"])).days)
        assert o[col] == want, (col, r["job_number"], o[col], want)
    assert o["approval_band"] == band(o["days_to_approved"])
# the exact dates are gone: no MM/DD/YYYY anywhere in the data
assert not re.search(r"\d\d/\d\d/\d{4}", text), "a raw date was published"
got = {x["name"]: x for x in rep["derived"]}
for col in steps:
    assert got[col]["empty"] == empty[col], (col, got[col], empty[col])
    assert got[col]["negative"] == 0 and got[col]["rows"] == len(raw)
assert got["days_to_approved"]["formula"] == "days_between(pre_filing_date, approved)"
print("steps ok:", len(out), "jobs")
PY
for f in steps/metadata/data-dictionary.csv steps/datapackage.json steps/metadata/portal.json; do
    expect_in "$f" "derived as days_between\(pre_filing_date, approved\)"
done
expect_in steps/policy.yaml '^derive:'
if grep -rEq '[0-9]{2}/[0-9]{2}/[0-9]{4}' steps/data; then fail "raw date in the package data"; fi

# --- 2. the example: empty and reversed dates, negatives counted
run 0 release "$SRCDIR/examples/dob-job-filings-sample.csv" \
    --policy "$SRCDIR/policies/nyc-dob-job-filings.yaml" -o filings
/usr/bin/python3 - "$SRCDIR/examples/dob-job-filings-sample.csv" \
    filings/data/nyc-dob-job-filings.csv filings/report.json <<'PY'
import csv, datetime, json, sys
raw = list(csv.DictReader(open(sys.argv[1], newline="")))
out = list(csv.DictReader(open(sys.argv[2], newline="")))
rep = json.load(open(sys.argv[3]))
d = lambda s: datetime.datetime.strptime(s, "%m/%d/%Y").date()
neg = emp = 0
for r, o in zip(raw, out):
    if r["approved_date"] == "":
        want = ""; emp += 1
    else:
        x = (d(r["approved_date"]) - d(r["filing_date"])).days
        want = str(x); neg += x < 0
    assert o["days_to_approval"] == want, (r["job_number"], o["days_to_approval"], want)
    assert "filing_date" not in o and "approved_date" not in o
assert neg > 0 and emp > 0, "the example has reversed and missing approvals"
dv = {x["name"]: x for x in rep["derived"]}["days_to_approval"]
assert dv["negative"] == neg and dv["empty"] == emp, (dv, neg, emp)
print("filings ok: %d negative, %d empty" % (neg, emp))
PY

# --- 3. the indicator table
run 0 release "$SRCDIR/examples/dob-job-filings-sample.csv" \
    --policy "$SRCDIR/policies/nyc-dob-approval-indicators.yaml" -o ind
run 0 release "$SRCDIR/examples/dob-job-filings-sample.csv" \
    --policy "$SRCDIR/policies/nyc-dob-approval-indicators.yaml" -o ind2
diff -r ind ind2 >/dev/null || fail "the same indicator release twice differs"
/usr/bin/python3 - "$SRCDIR/examples/dob-job-filings-sample.csv" \
    ind/data/nyc-dob-approval-indicators.csv ind/report.json <<'PY'
import collections, csv, datetime, json, math, sys
raw = list(csv.DictReader(open(sys.argv[1], newline="")))
text = open(sys.argv[2], newline="").read()
rep = json.load(open(sys.argv[3]))
T = 10
d = lambda s: datetime.datetime.strptime(s, "%m/%d/%Y").date()
g = collections.defaultdict(lambda: {"n": 0, "days": [], "lic": set()})
for r in raw:
    x = g[(r["borough"], r["job_type"])]
    x["n"] += 1
    x["lic"].add(r["applicant_license"])
    if r["approved_date"]:
        x["days"].append((d(r["approved_date"]) - d(r["filing_date"])).days)
keys = sorted(g, key=lambda k: (k[0].encode(), k[1].encode()))
def nr(v, q):
    v = sorted(v); return v[max(1, math.ceil(q * len(v))) - 1]
# small cells: primary below T; per borough, a lone primary takes the smallest other count
supp = {k: g[k]["n"] < T for k in keys}
prim = sum(supp.values()); comp = unprot = 0
for b in sorted(set(k[0] for k in keys)):
    part = [k for k in keys if k[0] == b]
    p = [k for k in part if g[k]["n"] < T]
    rest = [k for k in part if g[k]["n"] >= T]
    if len(p) == 1 and rest:
        best = min(rest, key=lambda k: (g[k]["n"], keys.index(k)))
        supp[best] = True; comp += 1
    elif len(p) == 1:
        unprot += 1
lines = ["borough,job_type,filings,applicants,median_days_to_approval,p90_days_to_approval,mean_days_to_approval"]
for k in keys:
    x = g[k]
    if supp[k]:
        lines.append("%s,%s,,,,," % k); continue
    cells = [str(x["n"]), str(len(x["lic"]))]
    n = len(x["days"])
    if n < T:
        cells += ["", "", ""]
    else:
        cells += [str(nr(x["days"], 0.5)), str(nr(x["days"], 0.9)), "%.1f" % (sum(x["days"]) / n)]
    if len(x["lic"]) < T:
        cells[1] = ""
    lines.append("%s,%s," % k + ",".join(cells))
want = "\n".join(lines) + "\n"
assert text == want, "table differs:\n" + text + "\n--- want:\n" + want
a = rep["aggregate"]
assert a["groups"] == len(keys) and a["groups_suppressed"] == sum(supp.values())
assert rep["privacy"]["cells_suppressed_primary"] == prim
assert rep["privacy"]["cells_suppressed_complementary"] == comp
assert rep["privacy"]["cells_unprotected"] == unprot
assert prim > 0 and comp > 0, "the example exercises both suppressions"
assert rep["rows"]["in"] == rep["rows"]["out"] + rep["rows"]["dropped"] + rep["rows"]["suppressed"]
m = {x["name"]: x for x in a["measures"]}
assert m["median_days_to_approval"]["method"] == "exact (histogram)"
assert m["p90_days_to_approval"]["q"] == 0.9
print("indicators ok: %d groups, %d suppressed" % (len(keys), sum(supp.values())))
PY
expect_in ind/metadata/data-dictionary.csv 'median_days_to_approval,number,.*aggregated: median \(nearest rank\) of days_to_approval'
expect_in ind/metadata/data-dictionary.csv 'derived as days_between\(filing_date, approved_date\)|^filings,integer'
if grep -rEq '[0-9]{2}/[0-9]{2}/[0-9]{4}' ind/data; then fail "raw date in the indicator table"; fi
run 0 verify ind --unsigned

# --- 4. errors: exit 2 at the right place, nothing written, no value shown
pol() { sed "$1" "$SRCDIR/policies/nyc-dob-job-filings.yaml" > "$2"; }
pol 's/days_between: \[filing_date, approved_date\]/days_between: [filing_date, approval_date]/' bad1.yaml
run 2 release "$SRCDIR/examples/dob-job-filings-sample.csv" --policy bad1.yaml -o bad1
expect_in "$ERR" "bad1.yaml:[0-9]+:[0-9]+: .*'approval_date', which is neither a column of the data"
expect_no_path bad1
pol '/^  days_to_approval: *{action/d' bad2.yaml
run 2 release "$SRCDIR/examples/dob-job-filings-sample.csv" --policy bad2.yaml -o bad2
expect_in "$ERR" "bad2.yaml:[0-9]+:[0-9]+: derived column 'days_to_approval' is not named in 'columns:'"
expect_no_path bad2
cat > bad3.yaml <<'EOF'
odpub: 1
name: bad3
default: drop
columns:
  borough: {action: keep}
  initial_cost: {action: keep}
aggregate:
  by: [borough]
  measures: {cost: {sum: initial_cost}}
EOF
run 2 release "$SRCDIR/examples/dob-job-filings-sample.csv" --policy bad3.yaml -o bad3
expect_in "$ERR" "dob-job-filings-sample.csv:2: column 'initial_cost': a value is not a plain number"
expect_not_in "$ERR" '$150356.00'
expect_no_path bad3
cat > bad4.yaml <<'EOF'
odpub: 1
name: bad4
default: drop
columns:
  borough: {action: keep}
aggregate:
  by: [borough, job_type]
  measures: {n: count}
EOF
run 2 release "$SRCDIR/examples/dob-job-filings-sample.csv" --policy bad4.yaml -o bad4
expect_in "$ERR" "'by' column 'job_type' is not a published column"
run 1 check bad4.yaml
expect_in "$OUT" "aggregate 'by' column 'job_type' is not a column of the policy"
echo "derive/aggregate e2e ok"
