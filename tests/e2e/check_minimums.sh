# `odpub check` fails a treatment that leaves an identifier as precise as before (issue 14):
# ZIP digits over 3, coordinates rounded to 4+ decimals, a mask showing more than 4
# characters, a date category generalized below a day; the same columns with the least
# allowed treatment pass; and `exempt:` skips the baseline for a column.
pol() {
    cat >"$1" <<YAML
odpub: 1
name: minimums
extends: [nyc-baseline]
dataset: {title: t, description: d, agency: a, category: c, update_frequency: daily, license: l, contact: x@example.org}
default: reject
columns:
  incident_zip: {action: generalize, digits: $2}
  latitude: {action: round, decimals: $3}
  complainant_phone: {action: mask, keep_last: $4}
  date_of_birth: {action: generalize, to: year}
  animal_name: {action: keep, exempt: "pet names, not people"}
YAML
}
cp "$SRCDIR/policies/nyc-baseline.yaml" .
pol ok.yaml 3 3 4
run 0 check ok.yaml
pol zip.yaml 5 3 4
run 1 check zip.yaml

grep -q "keeps 5 ZIP digits" "$OUT" "$ERR" || fail "zip minimum not reported"
pol round.yaml 3 6 4
run 1 check round.yaml
grep -q "rounded to 6 decimals" "$OUT" "$ERR" || fail "round minimum not reported"
pol mask.yaml 3 3 11
run 1 check mask.yaml
grep -q "shows 11 characters" "$OUT" "$ERR" || fail "mask minimum not reported"
# without exempt, a kept *_name column fails the baseline
sed 's/, exempt: "pet names, not people"//' ok.yaml >noexempt.yaml
run 1 check noexempt.yaml
