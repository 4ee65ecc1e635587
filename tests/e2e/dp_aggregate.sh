# Differential privacy on an indicator table computed with aggregate: (issue 23 point 3,
# policies/nyc-dob-approval-indicators-dp.yaml on the DOB sample): counts and bounded sums
# noised per group, groups below the noisy-count threshold left out, the ledger spent;
# report.json and the data dictionary give mechanism, scale and margin per measure; same
# keys give the same bytes; a median, a sum without bounds, a measure left out of
# columns, small cells, or no delta are refused with exit 2 at POLICY:LINE:COL, nothing
# written and the ledger untouched; an overspend is exit 1 with nothing written.
pol="$SRCDIR/policies/nyc-dob-approval-indicators-dp.yaml"
data="$SRCDIR/examples/dob-job-filings-sample.csv"
name=nyc-dob-approval-indicators-dp
run 0 keygen --pseudonym noise.key
export ODPUB_NOISE_KEY=$(cat noise.key)
export ODPUB_EPSILON_LEDGER=$PWD/ledger.json
export SOURCE_DATE_EPOCH=1795392000

run 0 release "$data" --policy "$pol" -o r1
jq -e '.privacy.differential_privacy | .table == "aggregate" and .epsilon_spent == "1"
       and .epsilon_left == "1" and .delta == "0.000001"
       and (.measures | length) == 2
       and .measures[0].name == "filings" and .measures[0].scale == "2"
       and .measures[0].sensitivity_l1 == 2 and .measures[0].margin_of_error_95 == 6
       and .measures[1].name == "total_days_to_approval" and .measures[1].bound == 730
       and .measures[1].scale == "1460"
       and .group_selection.threshold == 28 and .budget.spent_after == "1"' \
    r1/report.json >/dev/null || fail "report.json lacks the per-measure noise facts"
jq -e '[.entries[] | select(.status == "published" and .epsilon == "1")] | length == 1' \
    ledger.json >/dev/null || fail "the ledger does not record the spend"
expect_in r1/metadata/data-dictionary.csv "filings.*discrete Laplace, scale 2 .*within 6"
expect_in r1/metadata/data-dictionary.csv "total_days_to_approval.*scale 1460.*clamped to its bounds"
/usr/bin/python3 - "$data" "r1/data/$name.csv" r1/report.json <<'PY'
import csv, json, sys
from datetime import datetime
raw = list(csv.DictReader(open(sys.argv[1], newline="")))
out = list(csv.DictReader(open(sys.argv[2], newline="")))
rep = json.load(open(sys.argv[3]))["privacy"]["differential_privacy"]
true = {}
for r in raw:
    c = true.setdefault(r["borough"], [0, 0])
    c[0] += 1
    try:
        d = (datetime.strptime(r["approved_date"], "%m/%d/%Y")
             - datetime.strptime(r["filing_date"], "%m/%d/%Y")).days
        c[1] += min(max(d, 0), 730)
    except ValueError:
        pass
tau = rep["group_selection"]["threshold"]
assert [o["borough"] for o in out] == sorted(o["borough"] for o in out)
assert rep["group_selection"]["groups_published"] == len(out) > 0
for o in out:
    n, s = int(o["filings"]), int(o["total_days_to_approval"])
    assert n >= tau, "a group below the threshold is published"
    t = true[o["borough"]]
    assert abs(n - t[0]) <= 40, "count noise far beyond its scale"
    assert abs(s - t[1]) <= 30000, "sum noise far beyond its scale"
PY
[ $? = 0 ] || fail "noisy table inconsistent with the data"

# same input, policy and keys: the same bytes (a second ledger, same release)
ODPUB_EPSILON_LEDGER=$PWD/l2.json run 0 release "$data" --policy "$pol" -o r2
cmp -s "r1/data/$name.csv" "r2/data/$name.csv" || fail "same keys gave other noise"

# refusals: exit 2 at the policy's position, nothing written, ledger untouched
cp ledger.json ledger.before
refuse() { # FILE PATTERN
    run 2 release "$data" --policy "$1" -o bad
    expect_in "$ERR" "$2"
    expect_no_path bad
    cmp -s ledger.json ledger.before || fail "a refused release changed the ledger"
}
sed 's/^    total_days_to_approval: .*/    median_days: {median: days_to_approval}/; s/columns: \[filings, total_days_to_approval\]/columns: [filings, median_days]/' "$pol" > median.yaml
refuse median.yaml "median.yaml:[0-9]+:[0-9]+: measure 'median_days' \\(median\\): odpub has no differentially private median"
sed 's/, bounds: \[0, 730\]//' "$pol" > nobounds.yaml
refuse nobounds.yaml "nobounds.yaml:[0-9]+:[0-9]+: .*needs 'bounds: \\[LOW, HIGH\\]'"
sed 's/columns: \[filings, total_days_to_approval\]/columns: [filings]/' "$pol" > notall.yaml
refuse notall.yaml "notall.yaml:[0-9]+:[0-9]+: measure 'total_days_to_approval' is not in differential_privacy.columns"
sed '/^    delta:/d' "$pol" > nodelta.yaml
refuse nodelta.yaml "nodelta.yaml:[0-9]+:[0-9]+: .*needs 'delta'"
sed 's/^privacy:/privacy:\n  small_cells: {columns: [filings], threshold: 10}/' "$pol" > sc.yaml
refuse sc.yaml "sc.yaml:[0-9]+:[0-9]+: .*differential_privacy and small_cells"

# the second release spends the rest; a third is refused with exit 1, nothing written
SOURCE_DATE_EPOCH=$((SOURCE_DATE_EPOCH + 86400)) run 0 release "$data" --policy "$pol" -o r3
SOURCE_DATE_EPOCH=$((SOURCE_DATE_EPOCH + 172800)) run 1 release "$data" --policy "$pol" -o r4
expect_in "$ERR" "budget"
expect_no_path r4
grep -rq "$ODPUB_NOISE_KEY" r1 r3 && fail "the noise key entered a package"
true
