# `odpub init`: drafts a policy for the examples and the real NYC extracts; every draft
# loads (release runs with it), names identifier columns with the expected actions,
# quotes odd column names, and never prints a cell value.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
nyc="$SHARED/conformance/nyc-real"

# `odpub check` accepts every draft (schema, references and the citywide baseline) once
# its TODO placeholders are filled in (placeholders.sh: refused before).
check_draft() {
    run 0 check "$1"
}
fill_draft() {
    grep -q '"TODO: title"' "$1" || fail "$1: init wrote no TODO placeholder for the title"
    sed -i 's/"TODO: [^"]*"/"filled in by the test"/' "$1"
}

n=0
for data in "$SRCDIR"/examples/*.csv "$nyc"/*.csv; do
    n=$((n + 1))
    run 0 init "$data"
    cp "$OUT" "draft$n.yaml"
    fill_draft "draft$n.yaml"
    expect_in "draft$n.yaml" '^odpub: 1$'
    expect_in "draft$n.yaml" '^default: reject$'
    expect_in "draft$n.yaml" '^  pseudonym: env:ODPUB_PSEUDONYM_KEY$'
    slug=$(basename "$data" .csv)
    expect_in "draft$n.yaml" "^name: $slug\$"
    check_draft "draft$n.yaml"
    # The draft is a policy the loader and the release accept.
    run 0 release "$data" --policy "draft$n.yaml" -o "rel$n" --json
    jq -e '.rows.in == .rows.out + .rows.dropped + .rows.suppressed' "rel$n/report.json" >/dev/null \
        || fail "$slug: row accounting does not hold"
    # ... and auditing that release finds nothing left to flag.
    run 0 audit "rel$n" --json
    jq -e '.ok == true or .findings == 0 or (.findings | length? // 0) == 0' "$OUT" >/dev/null \
        || { cat "$OUT" >&2; fail "$slug: audit of the drafted release is not clean"; }
    # Every header appears as a column of the draft (none rejected by default: reject).
    /usr/bin/python3 - "$data" "draft$n.yaml" <<'PY'
import csv, sys, yaml
hdr = next(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
pol = yaml.safe_load(open(sys.argv[2]))
missing = [h for h in hdr if h not in pol["columns"]]
assert not missing, "columns missing from the draft: %r" % missing
PY
done

# The 311 example: identifier columns get the expected treatment and reasons.
run 0 init "$SRCDIR/examples/nyc-311-sample.csv"
d311=$OUT
expect_in "$d311" '^  complainant_name: \{action: drop\}  # person_name [0-9.]+: header says .name. \+0.50, header names a person .*full names'
expect_in "$d311" '^  complainant_phone: \{action: redact\}  # phone [0-9.]+: header says phone \+0.80, 100 % of values match phone'
expect_in "$d311" '^  complainant_email: \{action: pseudonymize, domain: person, length: 16\}'
expect_in "$d311" '^  resolution_description: \{action: scrub, detect: \[all\]\}  # free_text'
expect_in "$d311" '^  incident_zip: \{action: generalize, digits: 3\}'
expect_in "$d311" '^  incident_address: \{action: generalize, to: block\}'
expect_in "$d311" '^  created_date: \{action: generalize, to: month\}'
expect_in "$d311" '^  latitude: \{action: round, decimals: 3\}'
expect_in "$d311" '^  unique_key: \{action: keep\}'
expect_in "$d311" '^  quasi_identifiers: \[incident_zip\]'
# No cell value in the draft: identifiers and free-text values of the input.
/usr/bin/python3 - "$SRCDIR/examples/nyc-311-sample.csv" "$d311" <<'PY'
import csv, sys
draft = open(sys.argv[2]).read()
for r in csv.DictReader(open(sys.argv[1], newline="")):
    for c in ("complainant_name", "complainant_phone", "complainant_email", "incident_address"):
        v = r[c]
        assert not v or v not in draft, "a %s value leaked into the draft" % c
PY

# DOB (real): names dropped, license pseudonymized, BBL/BIN dropped, record number kept.
run 0 init "$nyc/dob-now-build-job-filings-sample.csv"
expect_in "$OUT" '^  "Applicant First Name": \{action: drop\}'
expect_in "$OUT" '^  "Applicant License #": \{action: pseudonymize, domain: license'
expect_in "$OUT" '^  BBL: \{action: drop\}  # .*header says bbl'
# a business name is not a person; the few that embed a street address get those scrubbed
expect_in "$OUT" '^  "Owner.s Business Name": \{action: scrub, detect: \[address\]\}'
expect_in "$OUT" '^  "Full Demolition \(Work Type\) ": '
run 0 init "$nyc/nypd-complaint-data-historic-sample.csv"
# a complaint number in a table about people (suspect and victim demographics) is theirs
expect_in "$OUT" '^  CMPLNT_NUM: \{action: pseudonymize, domain: record, length: 16\}  # case_number'
expect_in "$OUT" '^  CMPLNT_FR_TM: \{action: keep\}'
expect_in "$OUT" '^  Lat_Lon: \{action: drop\}'
expect_in "$OUT" '^  X_COORD_CD: \{action: drop\}'
expect_in "$OUT" '^  RPT_DT: \{action: generalize, to: month\}'

# Odd column names are quoted and load back exactly.
printf '%s\n' '"first name","a:b","#hash","yes","1st","quo""te","tab	x","ok_name",email' \
    '"Jane Doe","x","y","z","w","v","u","t",jane@example.com' \
    '"John Roe","x","y","z","w","v","u","t",john@example.com' >odd.csv
run 0 init odd.csv
cp "$OUT" odd.yaml
fill_draft odd.yaml
expect_in odd.yaml '^  "first name": \{action: drop\}'
expect_in odd.yaml '^  "a:b": '
expect_in odd.yaml '^  "#hash": '
expect_in odd.yaml '^  "yes": '
expect_in odd.yaml '^  "1st": '
expect_in odd.yaml '^  "quo\\"te": '
expect_in odd.yaml '^  "tab\\x09x": '
expect_in odd.yaml '^  ok_name: '
expect_in odd.yaml '^  email: \{action: pseudonymize'
expect_not_in odd.yaml 'jane@example.com'
expect_not_in odd.yaml 'Jane Doe'
run 0 release odd.csv --policy odd.yaml -o rel-odd
check_draft odd.yaml

# --sample bounds the rows read; --json is one document with the YAML inside.
run 0 init "$SRCDIR/examples/nyc-311-sample.csv" --sample 7
expect_in "$OUT" '^# Draft policy written by `odpub init` from 7 sampled rows'
run 0 init "$SRCDIR/examples/nyc-311-sample.csv" --json
jq -e '.rows_sampled == 400 and (.columns | length) == 16 and
       (.columns[] | select(.name == "complainant_phone") | .action == "redact" and .hits.phone == 100)
       and (.policy | startswith("# Draft policy"))' "$OUT" >/dev/null || fail "init --json"

# Errors: usage and unreadable input exit 2 and print no value.
run 2 init
run 2 init "$SRCDIR/examples/nyc-311-sample.csv" --sample x
run 2 init does-not-exist.csv
expect_in "$ERR" 'does-not-exist.csv'
# a file with faults the strict reader refuses still gets a draft (read as pandas reads
# it), with each fault's position on stderr and in the draft; release still refuses it
printf 'a,b\n1,2,3\n' >ragged.csv
run 0 init ragged.csv -o ragged.yaml
expect_in "$ERR" 'warning: ragged.csv:2:5: ragged row \(1 record, the first here\)'
expect_in ragged.yaml '^#   at 2:5: ragged row'
{
    printf 'id,owner,phone,street\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24; do
        printf '%s,%s %s,(212) 555-01%02d,%s "B" ROAD\n' $i \
            "$(echo Maria James Linda Robert Ana Wei | cut -d' ' -f$((i % 6 + 1)))" \
            "$(echo Garcia Smith Nguyen Okafor Rossi Cohen Patel | cut -d' ' -f$((i % 7 + 1)))" $i $((100 + i))
    done
    printf '25,\000,\000,\000\n'
} >faulty.csv
run 0 init faulty.csv -o faulty.yaml
expect_in "$ERR" 'warning: faulty.csv:2:[0-9]+: quote inside an unquoted field \(24 records, the first here\)'
expect_in "$ERR" 'warning: faulty.csv:26:4: NUL byte in data \(1 record'
expect_in "$ERR" 'release and audit refuse this file until these are fixed'
expect_in faulty.yaml '^#   at 2:[0-9]+: quote inside an unquoted field'
expect_in faulty.yaml '^  owner: \{action: (drop|redact|pseudonymize)'
expect_in faulty.yaml '^  phone: \{action: (drop|redact|mask|pseudonymize)'
expect_not_in "$ERR" 'Garcia'
run 0 init --json faulty.csv
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f = {x["fault"]: x for x in d["read_faults"]}
assert set(f) == {"quote inside an unquoted field", "NUL byte in data"}, f
assert f["NUL byte in data"] == {"fault": "NUL byte in data", "records": 1, "line": 26, "col": 4}, f
assert d["rows_sampled"] == 25, d["rows_sampled"]
PY
# NUL for an empty value (as some exports write it) is empty to the classifier: the
# phones of a quarter of the rows make a phone column
{
    printf 'id\tphone\n'
    for i in $(seq 1 40); do
        if [ $((i % 4)) = 0 ]; then printf '%s\t(718) 555-%04d\n' $i $((i * 37)); else printf '%s\t\000\n' $i; fi
    done
} >nulls.tsv
run 0 init nulls.tsv -o nulls.yaml
expect_in "$ERR" 'warning: nulls.tsv:2:3: NUL byte in data \(30 records'
expect_in nulls.yaml '^  phone: \{action: (drop|redact|mask|pseudonymize).*# phone'
sed 's/"TODO: [^"]*"/"filled"/' faulty.yaml >faulty2.yaml
run 2 release faulty.csv --policy faulty2.yaml -o faultyrel
expect_in "$ERR" 'faulty.csv:2:[0-9]+: quote inside an unquoted field'
[ -e faultyrel ] && fail "a refused release left a package"
run 2 audit faulty.csv --policy faulty2.yaml
expect_in "$ERR" 'faulty.csv:2:[0-9]+: quote inside an unquoted field'
run 0 init --json ragged.csv
expect_in "$OUT" '"read_faults"'
printf 'a,b\n1,2\n' >clean.csv
run 0 init --json clean.csv
expect_in "$OUT" '"read_faults": \[\]'
