# release --threads N with derive: and aggregate: (chunk-parallel: per-worker derived
# columns and partial indicator tables merged after the pass): the package is
# byte-identical for N = 1..4 with tiny chunks (ODPUB_CHUNK_BYTES) on gen311 data, for
# the shipped indicator tables (nyc-dob-approval-indicators with small cells and
# complementary suppression, nyc-311-time-to-close, bench/aggregate.yaml, the
# differentially private nyc-dob-approval-indicators-dp), the derived rows of
# nyc-dob-approval-steps (the report's derive counters merged), and a table whose groups
# cross every approximate state (decimals: sketch and exact sums; > 1024 distinct values:
# sketch with collapsed buckets; > 384 distinct keys: HyperLogLog). A value that is not a
# number in a late chunk gives the same error and exit as --threads 1, nothing written.
# With k-anonymity (classes counted per worker, merged) before the table, too.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
export ODPUB_BENCH_KEY=$ODPUB_PSEUDONYM_KEY
export SOURCE_DATE_EPOCH=1795392000
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
./gen311 -m dob 6000 > dob.csv
./gen311 3000 > sr.csv
# the indicator policies read the example's column names; a rare job type in three rows
# far apart makes a small cell (and a complementary one in its borough)
/usr/bin/python3 - <<'PY'
import csv
rows = list(csv.reader(open("dob.csv", newline="")))
h = rows[0]
h[h.index("pre_filing_date")] = "filing_date"
h[h.index("approved")] = "approved_date"
jt = h.index("job_type")
for i in (100, 2500, 5900):
    rows[i][jt] = "ZZ"
csv.writer(open("dob-ex.csv", "w", newline=""), lineterminator="\n").writerows(rows)
h[h.index("filing_date")] = "pre_filing_date"
h[h.index("approved_date")] = "approved"
for c in (h.index("initial_cost"), h.index("total_est_fee")):  # "$1273894.00": numbers
    for r in rows[1:]:
        r[c] = r[c].lstrip("$")
csv.writer(open("dob-num.csv", "w", newline=""), lineterminator="\n").writerows(rows)
PY

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

same_for_threads ind dob-ex.csv --policy "$SRCDIR/policies/nyc-dob-approval-indicators.yaml"
expect_in ind.1/report.json '"groups_suppressed": [2-9]'
same_for_threads ttc sr.csv --policy "$SRCDIR/policies/nyc-311-time-to-close.yaml"
same_for_threads bench dob.csv --policy "$SRCDIR/bench/aggregate.yaml"
same_for_threads steps dob.csv --policy "$SRCDIR/policies/nyc-dob-approval-steps.yaml"
/usr/bin/python3 - steps.1/report.json <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
d = rep["derived"]
assert len(d) >= 3, d
# every kept row is computed once (by the writing pass, on whichever worker)
assert all(c["rows"] == rep["rows"]["in"] - rep["rows"]["dropped"] for c in d), (d, rep["rows"])
assert any(c["empty"] > 0 for c in d), d
PY

# every approximate state, and exact decimal sums
cat > states.yaml <<'EOF'
odpub: 1
name: states
keys:
  pseudonym: env:ODPUB_PSEUDONYM_KEY
default: drop
derive:
  days_to_paid: {days_between: [pre_filing_date, paid], format: "MM/DD/YYYY"}
columns:
  borough:           {action: keep}
  job_number:        {action: keep}
  initial_cost:      {action: keep}
  total_est_fee:     {action: keep}
  days_to_paid:      {action: keep, type: integer}
aggregate:
  by: [borough]
  measures:
    jobs: count
    distinct_jobs: {count_distinct: job_number}
    median_cost: {median: initial_cost, decimals: 2}
    p99_cost: {quantile: [initial_cost, 0.99], decimals: 2}
    total_fee: {sum: total_est_fee, decimals: 6}
    mean_fee: {mean: total_est_fee, decimals: 9}
    median_fee: {median: total_est_fee, decimals: 2}
    median_days_to_paid: {median: days_to_paid}
EOF
same_for_threads states dob-num.csv --policy states.yaml
/usr/bin/python3 - states.1/report.json <<'PY'
import json, sys
rep = json.dumps(json.load(open(sys.argv[1])))
assert "hyperloglog" in rep and "sketch" in rep, rep[:3000]
PY

# k-anonymity before the table: rows of classes below k are left out on every worker
sed 's/^aggregate:/privacy:\n  quasi_identifiers: [borough, days_to_paid]\n  k: 15\n  on_violation: suppress\naggregate:/' \
    states.yaml > kstates.yaml
same_for_threads kst dob-num.csv --policy kstates.yaml
/usr/bin/python3 - kst.1/report.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["rows"]["suppressed"] > 0 and r["aggregate"]["rows_aggregated"] == r["rows"]["out"], r["rows"]
PY

# differential privacy: noise drawn from the merged table, in the same order
run 0 keygen --pseudonym noise.key
export ODPUB_NOISE_KEY=$(cat noise.key)
for t in 1 4; do
    export ODPUB_EPSILON_LEDGER=$PWD/ledger.$t.json
    ODPUB_CHUNK_BYTES=200 run 0 release dob-ex.csv --threads "$t" -o "dp.$t" \
        --policy "$SRCDIR/policies/nyc-dob-approval-indicators-dp.yaml"
done
diff -r dp.1 dp.4 >/dev/null || fail "differential privacy: --threads 4 differs from 1"

# a measured value that is not a number, late in the input: same error, nothing written
/usr/bin/python3 - dob-num.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
c = rows[0].index("initial_cost")
rows[-30][c] = "n/a"
csv.writer(open("bad.csv", "w", newline=""), lineterminator="\n").writerows(rows)
PY
run 2 release bad.csv --policy states.yaml -o e1 --threads 1
cp "$ERR" err1
for t in 2 4; do
    ODPUB_CHUNK_BYTES=700 run 2 release bad.csv --policy states.yaml -o "e$t" --threads "$t"
    cmp err1 "$ERR" || fail "--threads $t: a different error: $(cat "$ERR") vs $(cat err1)"
    expect_no_path "e$t"
done
expect_in err1 "bad\.csv:[0-9]+:.*column 'initial_cost'"
expect_not_in err1 "n/a"
