# k-anonymity in release: with suppress, an independent recount over the output finds no
# quasi-identifier class smaller than k and rows in = out + dropped + suppressed; with
# fail, exit 1 and nothing written.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
pol="$SRCDIR/policies/nyc-311.yaml"
run 0 release "$SRCDIR/examples/nyc-311-sample.csv" --policy "$pol" -o pkg
csv=pkg/data/nyc-311-service-requests.csv
/usr/bin/python3 - "$csv" pkg/report.json <<'PY'
import csv, collections, json, sys
rep = json.load(open(sys.argv[2]))
k = rep["privacy"]["k"]
qi = rep["privacy"]["quasi_identifiers"]
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
classes = collections.Counter(tuple(r[c] for c in qi) for r in rows)
small = [c for c, n in classes.items() if n < k]
assert not small, "classes below k: %d" % len(small)
r = rep["rows"]
assert r["in"] == r["out"] + r["dropped"] + r["suppressed"], r
assert r["out"] == len(rows), (r, len(rows))
assert r["suppressed"] > 0, "the example should need some suppression"
assert rep["privacy"]["k_reached"] >= k
assert rep["privacy"]["k_reached"] == min(classes.values())
# per-column counts describe published rows only
for c in rep["columns"]:
    assert c["changed"] <= r["out"], c
created = [c for c in rep["columns"] if c["name"] == "created_date"][0]
assert created["changed"] == sum(1 for x in rows if x["created_date"]), created
print("k-anonymity ok:", r, "k_reached", rep["privacy"]["k_reached"])
PY
# on_violation: fail -> exit 1, nothing written
sed -e 's/on_violation: suppress/on_violation: fail/' -e "s|extends: \[nyc-baseline\]|extends: [$SRCDIR/policies/nyc-baseline.yaml]|" "$pol" > fail.yaml
run 1 release "$SRCDIR/examples/nyc-311-sample.csv" --policy fail.yaml -o pkg-fail
expect_in "$ERR" "k-anonymity"
expect_no_path pkg-fail
