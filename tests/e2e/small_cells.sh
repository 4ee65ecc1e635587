# Small-cell suppression in release (privacy.small_cells of policies/nyc-mmr-indicators.yaml):
# on the MMR example no published count is below the threshold, and this test's own
# recomputation shows no suppressed cell can be recovered from its group total (every
# (indicator, month) group with a suppressed cell has at least two). report.json's
# cells_suppressed_primary / _complementary match the cells found empty. `audit PKG` agrees.
pol="$SRCDIR/policies/nyc-mmr-indicators.yaml"
data="$SRCDIR/examples/mmr-indicators-sample.csv"
run 0 release "$data" --policy "$pol" -o pkg
csv=pkg/data/nyc-mmr-indicators.csv
grep -q '"cells_suppressed_complementary"' pkg/report.json || fail "report.json has no small-cell counts"
/usr/bin/python3 - "$data" "$csv" pkg/report.json <<'PY'
import collections, csv, json, sys
raw = list(csv.DictReader(open(sys.argv[1], newline="")))
out = list(csv.DictReader(open(sys.argv[2], newline="")))
rep = json.load(open(sys.argv[3]))
T = 10
assert len(raw) == len(out), (len(raw), len(out))
groups = collections.defaultdict(list)
primary = complementary = 0
for r, o in zip(raw, out):
    assert (r["indicator"], r["month"], r["borough"]) == (o["indicator"], o["month"], o["borough"])
    v = int(r["count"])
    if o["count"] == "":
        if v < T:
            primary += 1
        else:
            complementary += 1
    else:
        assert int(o["count"]) == v, (r, o)        # published counts are unchanged
        assert v >= T, ("small count published", r["indicator"], r["month"])
    assert not (v < T and o["count"] != ""), "primary cell left"
    groups[(o["indicator"], o["month"])].append(o["count"])
assert primary > 0, "the example has small cells"
for g, cells in groups.items():
    hidden = sum(1 for c in cells if c == "")
    # One hidden cell beside published ones and a group total = recoverable.
    assert hidden == 0 or hidden >= 2 or len(cells) == 1, (g, hidden)
# Attacker's view: with the true group totals, try to solve each group.
for g, cells in groups.items():
    total = sum(int(r["count"]) for r in raw if (r["indicator"], r["month"]) == g)
    hidden = [c for c in cells if c == ""]
    if len(hidden) == 1:
        raise AssertionError("group %r: hidden cell = total - published" % (g,))
sc = rep["privacy"]
assert sc["small_cell_threshold"] == T, sc
assert sc["cells_suppressed_primary"] == primary, (sc, primary)
assert sc["cells_suppressed_complementary"] == complementary, (sc, complementary)
print("small cells ok: %d primary, %d complementary, %d groups" % (primary, complementary, len(groups)))
PY
run 0 audit pkg --json
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["files"][0]; assert d["ok"] and f["small_cells_below_threshold"]==0, f["small_cells_below_threshold"]' "$OUT"

# A published package whose counts were not suppressed is a finding for audit.
mkdir -p raw-pkg/data
cp pkg/policy.yaml raw-pkg/
cp "$data" raw-pkg/data/nyc-mmr-indicators.csv
run 1 audit raw-pkg
expect_in "$OUT" "small cells: [0-9]+ counts below the threshold are published"
