# Differential privacy for aggregate tables (privacy.differential_privacy, with
# policies/nyc-mmr-indicators-dp.yaml on the MMR example): noisy counts are integers >= 0
# near the true ones; report.json, the data dictionary, datapackage.json and verify say
# mechanism, scale, epsilon spent and left and the 95 % margin; the epsilon ledger
# lets two releases through and refuses the third with exit 1 and nothing written; the
# same keys give a byte-identical package, another noise key other noise; no noise key
# is a clear error; the key never enters a package; a release killed with SIGKILL after
# its reservation leaves a valid ledger that still counts it; two releases started at
# once against room for one: exactly one is published.
pol="$SRCDIR/policies/nyc-mmr-indicators-dp.yaml"
data="$SRCDIR/examples/mmr-indicators-sample.csv"
name=nyc-mmr-indicators-dp
run 0 keygen --pseudonym noise.key
run 0 keygen --pseudonym other.key
export ODPUB_NOISE_KEY=$(cat noise.key)
export ODPUB_EPSILON_LEDGER=$PWD/ledger.json
export SOURCE_DATE_EPOCH=1795392000
day=86400

# --- release 1 of 2
run 0 release "$data" --policy "$pol" -o r1 --json
jq -e '.privacy.differential_privacy | .mechanism == "discrete_laplace" and .scale == "2"
       and .epsilon_spent == "0.5" and .epsilon_left == "0.5" and .margin_of_error_95 == 6
       and .sensitivity_l1 == 1 and .cells_noised == 120 and .budget.releases_before == 0
       and .budget.total_epsilon == "1" and (.budget.composition | test("sequential"))
       and .noise_key == ("keyid:" + (.noise_key | ltrimstr("keyid:")))' r1/report.json >/dev/null \
    || fail "report.json lacks the differential privacy facts"
/usr/bin/python3 - "$data" "r1/data/$name.csv" r1/report.json <<'PY'
import csv, json, sys
raw = list(csv.DictReader(open(sys.argv[1], newline="")))
out = list(csv.DictReader(open(sys.argv[2], newline="")))
rep = json.load(open(sys.argv[3]))
assert len(raw) == len(out) == 120
changed = 0
err = []
for r, o in zip(raw, out):
    assert (r["indicator"], r["month"], r["borough"]) == (o["indicator"], o["month"], o["borough"])
    v = o["count"]
    assert v.isdigit(), "noisy count is not an integer >= 0"
    changed += int(v) != int(r["count"])
    err.append(abs(int(v) - int(r["count"])))
# scale 2: P(X = 0) = tanh(1/4) ~ 0.245, so about 90 of 120 change; 95 % within 6
assert 60 <= changed <= 115, changed
assert sum(e <= 6 for e in err) >= 100, sorted(err)
col = [c for c in rep["columns"] if c["name"] == "count"][0]
assert col["changed"] == changed, (col["changed"], changed)
assert "differentially private noise" in col["treatment"], col["treatment"]
PY
expect_in "r1/metadata/data-dictionary.csv" "count,integer,.*differentially private noise: discrete Laplace, scale 2 \(epsilon 0.5\); 95 % of published counts are within 6"
expect_in r1/datapackage.json "differentially private noise"
expect_in r1/policy.yaml "differential_privacy:"
expect_in r1/policy.yaml '"noise": "keyid:[0-9a-f]{8}"'
no_canary "$ODPUB_NOISE_KEY" r1
run 0 verify r1 --unsigned
expect_in "$OUT" "count \(integer\): differentially private noise: discrete Laplace, scale 2 .*epsilon 0.5 of 1 spent in the ledger, 0.5 left"

# --- release 2 of 2, a day later: fresh noise, the budget is used up
SOURCE_DATE_EPOCH=$((SOURCE_DATE_EPOCH + day)) run 0 release "$data" --policy "$pol" -o r2
jq -e '.privacy.differential_privacy | .epsilon_left == "0" and .budget.spent_before == "0.5"
       and .budget.releases_before == 1' r2/report.json >/dev/null || fail "second spend not accounted"
cmp -s "r1/data/$name.csv" "r2/data/$name.csv" && fail "a new release date did not give new noise"
jq -e '[.entries[] | select(.status == "published")] | length == 2' ledger.json >/dev/null \
    || fail "ledger does not hold two published releases"
for r in r1 r2; do
    d=$(sha256sum "$r/tagmanifest-sha256.txt" | cut -d' ' -f1)
    jq -e --arg d "$d" '[.entries[] | select(.package_sha256 == $d)] | length == 1' ledger.json \
        >/dev/null || fail "ledger does not record $r's package digest"
done

# --- release 3: overspend -> exit 1, nothing written, ledger untouched
cp ledger.json ledger.before
SOURCE_DATE_EPOCH=$((SOURCE_DATE_EPOCH + 2 * day)) run 1 release "$data" --policy "$pol" -o r3
expect_in "$ERR" "privacy budget exceeded: this release would spend epsilon 0.5, but 1 of the total 1 is already spent by 2 release"
expect_no_path r3
cmp ledger.json ledger.before || fail "a refused release changed the ledger"
ls -a | grep -q '^\.odpub-tmp-' && fail "temp dir left behind"
# --json gives the same exit code
SOURCE_DATE_EPOCH=$((SOURCE_DATE_EPOCH + 2 * day)) run 1 release "$data" --policy "$pol" -o r3 --json

# --- same keys -> byte-identical package (fresh ledgers); another noise key -> other noise
ODPUB_EPSILON_LEDGER=$PWD/la.json run 0 release "$data" --policy "$pol" -o same-a -f tar.gz
ODPUB_EPSILON_LEDGER=$PWD/lb.json run 0 release "$data" --policy "$pol" -o same-b -f tar.gz
cmp same-a same-b || fail "same input, policy and keys gave different bytes"
ODPUB_EPSILON_LEDGER=$PWD/lc.json ODPUB_NOISE_KEY=$(cat other.key) run 0 release "$data" --policy "$pol" -o other
cmp -s "r1/data/$name.csv" "other/data/$name.csv" && fail "another noise key gave the same noise"

# --- no noise key: clear error, nothing written
ODPUB_EPSILON_LEDGER=$PWD/ld.json ODPUB_NOISE_KEY= run 2 release "$data" --policy "$pol" -o nokey
expect_in "$ERR" "ODPUB_NOISE_KEY"
expect_no_path nokey
expect_no_path ld.json
sed '/^keys:/,/^  noise:/d' "$pol" > nokeys.yaml
run 2 release "$data" --policy nokeys.yaml -o nokey
expect_in "$ERR" "nokeys.yaml:[0-9]+:[0-9]+: .*differential_privacy needs a secret noise key"
expect_no_path nokey
# a budget whose ledger variable is unset is refused (a spend must be recorded)
ODPUB_EPSILON_LEDGER= run 2 release "$data" --policy "$pol" -o nokey
expect_in "$ERR" "ledger variable is not set"
# a column under both small_cells and differential_privacy is refused
sed 's/^privacy:/privacy:\n  small_cells: {columns: [count], threshold: 10}/' "$pol" > both.yaml
ODPUB_EPSILON_LEDGER=$PWD/le.json run 2 release "$data" --policy both.yaml -o nokey
expect_in "$ERR" "both small_cells and differential_privacy"
expect_no_path le.json

# --- SIGKILL after the reservation: the ledger stays valid and keeps counting it
/usr/bin/python3 - <<'PY'
import random
random.seed(7)
with open("big.in.csv", "w") as f:
    f.write("g,count\n")
    for i in range(200000):
        f.write("g%d,%d\n" % (i, random.randrange(0, 500)))
PY
cat > big.yaml <<'YML'
odpub: 1
name: big-dp
keys: {noise: env:ODPUB_NOISE_KEY}
columns:
  g: {action: keep}
  count: {action: keep, type: integer}
privacy:
  differential_privacy:
    columns: [count]
    epsilon: 0.5
    budget: {ledger: env:ODPUB_EPSILON_LEDGER, total_epsilon: 1}
YML
export ODPUB_EPSILON_LEDGER=$PWD/kill.json
"$ODPUB" release big.in.csv --policy big.yaml -o killed >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 600); do
    grep -q '"reserved"' kill.json 2>/dev/null && break
    sleep 0.02
done
grep -q '"reserved"' kill.json || fail "no reservation seen"
kill -9 "$pid" 2>/dev/null || fail "the release finished before it could be killed"
wait "$pid" 2>/dev/null || true
expect_no_path killed
jq -e '.entries | length == 1 and .[0].status == "reserved" and .[0].epsilon == "0.5"' kill.json \
    >/dev/null || fail "ledger after kill -9 is not the reservation"
# the killed release's epsilon still counts: 0.5 left, so one more fits, then none
run 0 release "$data" --policy "$pol" -o after-kill
jq -e '.privacy.differential_privacy.epsilon_left == "0"' after-kill/report.json >/dev/null \
    || fail "the killed release's reservation was not counted"
run 1 release "$data" --policy "$pol" -o after-kill2
expect_no_path after-kill2

# --- two releases at once, room for one: exactly one is published
export ODPUB_EPSILON_LEDGER=$PWD/race.json
run 0 release "$data" --policy "$pol" -o race0
rcs=""
"$ODPUB" release "$data" --policy "$pol" -o race1 >/dev/null 2>race1.err & p1=$!
"$ODPUB" release "$data" --policy "$pol" -o race2 >/dev/null 2>race2.err & p2=$!
wait "$p1" && rcs="$rcs 0" || rcs="$rcs $?"
wait "$p2" && rcs="$rcs 0" || rcs="$rcs $?"
case "$rcs" in " 0 1"|" 1 0") ;; *) fail "concurrent releases exited with$rcs (want one 0, one 1)" ;; esac
n=0; [ -d race1 ] && n=$((n + 1)); [ -d race2 ] && n=$((n + 1))
[ "$n" = 1 ] || fail "$n packages from two releases with room for one"
jq -e '[.entries[] | .epsilon] == ["0.5", "0.5"]' race.json >/dev/null || fail "race ledger wrong"

# --- totals: CITYWIDE rows added to the MMR example; noisy boroughs add up to them exactly
/usr/bin/python3 - "$data" <<'PY'
import collections, csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
tot = collections.OrderedDict()
for r in rows:
    k = (r["agency"], r["indicator"], r["month"])
    tot[k] = tot.get(k, 0) + int(r["count"])
w = csv.writer(open("mmr-totals.csv", "w", newline=""), lineterminator="\n")
w.writerow(["agency", "indicator", "month", "borough", "count"])
for r in rows:
    w.writerow([r["agency"], r["indicator"], r["month"], r["borough"], r["count"]])
for (a, i, m), c in tot.items():
    w.writerow([a, i, m, "CITYWIDE", c])
PY
sed 's/^    budget:.*/    totals: {column: borough, value: CITYWIDE, by: [indicator, month]}/' "$pol" > totals.yaml
run 0 release mmr-totals.csv --policy totals.yaml -o tot
/usr/bin/python3 - "tot/data/$name.csv" tot/report.json <<'PY'
import collections, csv, json, sys
out = list(csv.DictReader(open(sys.argv[1], newline="")))
rep = json.load(open(sys.argv[2]))["privacy"]["differential_privacy"]
s, t = collections.Counter(), {}
for o in out:
    k = (o["indicator"], o["month"])
    assert int(o["count"]) >= 0
    if o["borough"] == "CITYWIDE":
        t[k] = int(o["count"])
    else:
        s[k] += int(o["count"])
assert len(t) == 24 and all(s[k] == t[k] for k in t), [(k, s[k], t[k]) for k in t if s[k] != t[k]]
assert rep["groups_made_consistent"] == 24 and rep["groups_without_total_row"] == 0, rep
assert rep["sensitivity_l1"] == 2 and rep["scale"] == "4", rep
assert any("consistency" in p for p in rep["post_processing"]), rep
PY

# --- small-cell suppression is reported as such (issue 17, point 5): the counted column's
# treatment and changed count say what was blanked; a marker is a missingValues entry
sed 's/threshold: 10, complementary: true/threshold: 10, marker: "suppressed", complementary: true/' \
    "$SRCDIR/policies/nyc-mmr-indicators.yaml" > marker.yaml
run 0 release "$data" --policy marker.yaml -o sc
jq -e '(.columns[] | select(.name == "count")) as $c | $c.changed == 51
       and ($c.treatment | test("small cells suppressed: 43 count\\(s\\) below 10, and 8 other"))
       and .privacy.cells_suppressed_primary == 43' sc/report.json >/dev/null \
    || fail "suppressed cells are not reported on their column"
jq -e '.resources[0].schema.missingValues == ["", "suppressed"]' sc/datapackage.json >/dev/null \
    || fail "the suppression marker is not a missingValues entry"
[ "$(grep -c ',suppressed$' "sc/data/nyc-mmr-indicators.csv")" = 51 ] || fail "marker not written"
