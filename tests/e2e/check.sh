# odpub check: the shipped policies pass; a copy of the 311 policy weakened in each
# baseline category fails with exit 1 at the line of the weakened rule, naming the
# category and its minimum; broken references are findings; load errors exit 2.
pols="$SRCDIR/policies"
base="$pols/nyc-311.yaml"

run 0 check "$pols"/nyc-311.yaml "$pols"/nyc-dob-job-filings.yaml "$pols"/nyc-mmr-indicators.yaml "$pols"/nyc-baseline.yaml
expect_in "$OUT" "nyc-311.yaml: ok"
expect_in "$OUT" "nyc-mmr-indicators.yaml: ok"
run 0 check --json "$pols"/nyc-311.yaml
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["ok"] and d["policies"][0]["findings"]==[] and d["policies"][0]["baseline"].endswith("nyc-baseline.yaml"), d' "$OUT"

# weaken NAME 'REPLACEMENT LINE': replaces the rule of column NAME (or, when the policy
# has none, adds the line right after 'columns:'), writes weak.yaml and sets $LINE to
# the line of the rule.
weaken() {
    if grep -qE "^  $1:" "$base"; then
        LINE=$(grep -nE "^  $1:" "$base" | cut -d: -f1)
        awk -v n="$LINE" -v r="$2" 'NR == n { print r; next } { print }' "$base" > weak.yaml
    else
        LINE=$(( $(grep -n '^columns:' "$base" | cut -d: -f1) + 1 ))
        awk -v n="$LINE" -v r="$2" 'NR == n { print r } { print }' "$base" > weak.yaml
    fi
}

# must_fail CATEGORY NAME 'RULE' MINIMUM-REGEX
must_fail() {
    weaken "$2" "$3"
    run 1 check --policies-dir "$pols" weak.yaml
    expect_in "$OUT" "^weak.yaml:$LINE:3: column '$2' .*baseline category '$1' needs $4"
    [ "$(grep -c "baseline category" "$OUT")" = 1 ] || fail "one finding expected for $2: $(cat "$OUT")"
    run 1 check --json --policies-dir "$pols" weak.yaml
    /usr/bin/python3 - "$OUT" "$1" "$2" "$LINE" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = d["policies"][0]["findings"]
assert not d["ok"] and len(f) == 1, f
assert f[0]["category"] == sys.argv[2] and f[0]["column"] == sys.argv[3], f
assert f[0]["line"] == int(sys.argv[4]) and f[0]["col"] == 3 and f[0]["kind"] == "baseline", f
PY
}

must_fail person_name complainant_name '  complainant_name: {action: keep}' 'one of drop, redact, mask, pseudonymize'
must_fail phone contact_phone '  contact_phone: {action: keep}' 'one of drop, redact, mask, pseudonymize .NYC 23-1201 phone'
must_fail email contact_email '  contact_email: {action: generalize, digits: 3}' 'one of drop, redact, pseudonymize'
must_fail ssn applicant_ssn '  applicant_ssn: {action: mask, keep_last: 4}' 'one of drop, redact'
must_fail license driver_license_number '  driver_license_number: {action: keep}' 'one of drop, redact, mask, pseudonymize'
must_fail street_address incident_address '  incident_address: {action: keep}' 'one of drop, redact, pseudonymize, generalize'
must_fail zip incident_zip '  incident_zip: {action: keep}' 'one of drop, redact, generalize'
must_fail date_of_birth date_of_birth '  date_of_birth: {action: generalize, to: month}' 'year or coarser'
must_fail date_of_birth dob '  dob: {action: keep}' 'one of drop, redact, generalize'
must_fail precise_location latitude '  latitude: {action: keep}' 'one of drop, redact, generalize, round'
must_fail ip_address client_ip '  client_ip: {action: mask, keep_first: 3}' 'one of drop, redact, pseudonymize'
must_fail account_number case_number '  case_number: {action: keep}' 'one of drop, redact, pseudonymize'
must_fail demographics immigration_status '  immigration_status: {action: pseudonymize}' 'one of drop, redact'
expect_in "$OUT" "NYC 23-1201 sensitive"

# Names are normalised to lower_snake_case before matching.
weaken x '  "Complainant Phone #": {action: keep}'
run 1 check --policies-dir "$pols" weak.yaml
expect_in "$OUT" "^weak.yaml:$LINE:3: column 'Complainant Phone #' is kept, but the baseline category 'phone'"
# A date of birth generalized to year passes; `except` globs keep street names, address
# types and location types out of their categories.
for rule in '  birth_date: {action: generalize, to: year}' '  street_name: {action: keep}' \
            '  address_type: {action: keep}' '  location_type: {action: keep}' \
            '  agency_name: {action: keep}'; do
    weaken x "$rule"
    run 0 check --policies-dir "$pols" weak.yaml
done

# --baseline overrides the lookup; a policy that extends no baseline gets the default.
sed '/^extends:/d' "$base" | sed 's/complainant_phone: {action: redact,/complainant_phone: {action: keep,/' > nobase.yaml
run 1 check --policies-dir "$pols" nobase.yaml
expect_in "$OUT" "category 'phone'"
# without any hint, the built-in search list (installed or source-tree policies/) finds it
run 1 check nobase.yaml
expect_in "$OUT" "category 'phone'"
expect_in "$OUT" "baseline .*nyc-baseline.yaml"
# a --baseline that does not exist is a usage error
run 2 check --baseline nowhere.yaml nobase.yaml
run 1 check --baseline "$pols/nyc-baseline.yaml" nobase.yaml
expect_in "$OUT" "category 'phone'"

# Broken references are findings at their position.
sed -e 's/quasi_identifiers: \[incident_zip, complaint_type\]/quasi_identifiers: [incident_zip, complainant_name, ward]/' \
    -e 's/drop_when: \[{column: complaint_type,/drop_when: [{column: nowhere,/' "$base" > refs.yaml
run 1 check --policies-dir "$pols" refs.yaml
qline=$(grep -n 'quasi_identifiers:' refs.yaml | cut -d: -f1)
dline=$(grep -n 'drop_when:' refs.yaml | cut -d: -f1)
expect_in "$OUT" "^refs.yaml:$qline:[0-9]+: quasi-identifier 'complainant_name' is dropped"
expect_in "$OUT" "^refs.yaml:$qline:[0-9]+: quasi-identifier 'ward' is not a column of the policy"
expect_in "$OUT" "^refs.yaml:$dline:[0-9]+: drop_when column 'nowhere' is not a column"
sed 's/by: \[indicator, month\]/by: [indicator, period]/' "$pols/nyc-mmr-indicators.yaml" > sc.yaml
run 1 check --policies-dir "$pols" sc.yaml
expect_in "$OUT" "small_cells 'by' column 'period' is not a column"

# Load errors: exit 2 with POLICY:LINE:COL from the loader; other policies still checked.
weaken x '  bogus: {action: obliterate}'
run 2 check --policies-dir "$pols" weak.yaml "$pols/nyc-311.yaml"
expect_in "$ERR" "weak.yaml:$LINE:[0-9]+: "
expect_in "$OUT" "nyc-311.yaml: ok"
printf 'odpub: 1\ncolumns: [unclosed\n' > broken.yaml
run 2 check broken.yaml
expect_in "$ERR" "broken.yaml:[0-9]+:[0-9]+: "
run 2 check --json broken.yaml
/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); e=d["policies"][0]["error"]; assert not d["ok"] and e["line"] > 0, d' "$OUT"
run 2 check missing.yaml
run 2 check
