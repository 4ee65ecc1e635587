# scrub tokens per policy and audit's scrub_omits warning (issue 15):
# - `tokens: {person_name: "[NAME]"}` replaces the default token in a release, and the
#   effective policy in the package keeps it;
# - an unknown detector, a detector not in `detect`, an empty token or one that itself
#   looks identifying (a digit, '@') is exit 2 with POLICY:LINE:COL;
# - audit warns (text and --json `scrub_omits`) when a narrative column is scrubbed
#   without person_name / apartment, and not when `detect: [all]` covers them.
cat > data.in.csv <<'CSV'
id,notes
1,Tenant Maria Okafor of Apt 4B called 718-555-0101 about the leak in the north wall of the kitchen.
2,Complainant John Przybylski reports no heat in unit 3R since Monday; inspector scheduled a visit.
3,Caller Ana Quinones said the super has not fixed the broken window in the public hall for weeks.
4,Owner Linda Smith was notified at 212-555-0199 that the violation must be corrected by March.
5,Per tenant Rosa Delgado the apartment 12-C door lock is broken and the landlord does not respond.
CSV
pol() { # pol FILE SCRUB-PARAMS
    cat > "$1" <<YAML
odpub: 1
name: scrub-tokens
dataset: {title: Scrub tokens, description: test, agency: TEST, category: Test, license: public-domain, contact: test@example.org}
columns:
  id: {action: keep}
  notes: {action: scrub, $2}
YAML
}
pol names.yaml 'detect: [all], tokens: {person_name: "[NAME]", phone: "<phone>"}'
run 0 check names.yaml
run 0 release data.in.csv --policy names.yaml -o rel --format dir
out=$(ls rel*/data/*.csv | head -1)
expect_in "$out" 'Tenant \[NAME\] of \[APARTMENT\] called <phone>'
expect_in "$out" 'Owner \[NAME\] was notified at <phone>'
expect_not_in "$out" '[PERSON]'
expect_not_in "$out" 'Okafor'
expect_not_in "$out" '555-0101'
expect_in "$(ls rel*/policy.yaml | head -1)" 'person_name: "\[NAME\]"'

# errors: exit 2, POLICY:LINE:COL
pol bad1.yaml 'detect: [all], tokens: {nickname: "[X]"}'
run 2 check bad1.yaml
expect_in "$ERR" 'bad1\.yaml:6:[0-9]+:.*unknown detector'
pol bad2.yaml 'detect: [phone], tokens: {person_name: "[NAME]"}'
run 2 check bad2.yaml
expect_in "$ERR" "bad2\.yaml:6:[0-9]+:.*'person_name' is not in this column's 'detect' list"
pol bad3.yaml 'detect: [all], tokens: {person_name: ""}'
run 2 check bad3.yaml
expect_in "$ERR" 'bad3\.yaml:6:[0-9]+:.*must not be empty'
pol bad4.yaml 'detect: [all], tokens: {phone: "555-0100"}'
run 2 check bad4.yaml
expect_in "$ERR" "bad4\.yaml:6:[0-9]+:.*digit or '@'"
pol bad5.yaml 'detect: [all], tokens: {email: "x@y.org"}'
run 2 release data.in.csv --policy bad5.yaml -o rel5 --format dir
expect_in "$ERR" "bad5\.yaml:6:[0-9]+:.*digit or '@'"
expect_no_path rel5

# audit: scrub without person_name / apartment on a narrative column is warned about
pol omits.yaml 'detect: [email, phone, ssn]'
run 1 audit data.in.csv --policy omits.yaml
expect_in "$OUT" "free text scrubbed without person_name, apartment: names and apartments stay"
expect_in "$OUT" "person_name  5 values"
run 1 audit data.in.csv --policy omits.yaml --json
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
col = [c for c in rep["files"][0]["columns"] if c["name"] == "notes"][0]
assert sorted(col["scrub_omits"]) == ["apartment", "person_name"], col.get("scrub_omits")
PY
pol full.yaml 'detect: [all]'
run 0 audit data.in.csv --policy full.yaml
expect_not_in "$OUT" 'free text scrubbed without'
run 0 audit data.in.csv --policy full.yaml --json
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
col = [c for c in rep["files"][0]["columns"] if c["name"] == "notes"][0]
assert col.get("scrub_omits", []) == [], col.get("scrub_omits")
PY
