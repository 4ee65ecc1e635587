# JSON input through csv2json (odp_table_open picks the reader by extension): an array
# of flat objects and NDJSON give strings (numbers as written, booleans as words, null
# as empty); nested values, missing/extra/duplicate keys and non-object records exit 2
# with path:line:col naming the record; rewind reads the file twice; small CSV fixtures
# (CRLF with embedded line break, BOM + ragged row) behave the same way.
C2J="$BUILDDIR/tests/csv2json"
D="$SRCDIR/tests/data"
[ -x "$C2J" ] || fail "csv2json not built"

"$C2J" "$D/json/requests.json" > got.json
cat > want.json <<'JSON'
[{"unique_key":"1001","created":"01/02/2024 10:00:00 AM","zip":"10001","lat":"40.7500","open":"true","note":""},
 {"unique_key":"1002","created":"01/03/2024 11:30:00 PM","zip":"07030","lat":"-73.99e0","open":"false","note":"caller \"Jane\", 2nd floor"}]
JSON
diff -u <(jq -S . want.json) <(jq -S . got.json) >&2 || fail "requests.json parsed wrong"
# key order follows the first record, even when a later record lists them differently
[ "$(jq -r '.[1] | keys_unsorted | join(",")' got.json)" = "unique_key,created,zip,lat,open,note" ] ||
    fail "column order is not the first record's"

"$C2J" --rewind "$D/json/requests.ndjson" > got.json
[ "$(jq -c . got.json)" = '[{"unique_key":"1001","zip":"10001","lat":"40.7500"},{"unique_key":"1002","zip":"07030","lat":"1E2"}]' ] ||
    fail "requests.ndjson parsed wrong: $(cat got.json)"

for spec in "nested.jsonl:2:record 2: the value of a key is an object" \
    "missing.jsonl:2:record 2: key 'zip' of the first record is missing" \
    "extra.json:2:record 2: a key that is not in the first record" \
    "scalar.json:2:record 2 is not an object" \
    "dupkey.jsonl:1:record 1: duplicate key in column 3"; do
    f=${spec%%:*}; rest=${spec#*:}; line=${rest%%:*}; msg=${rest#*:}
    rc=0
    "$C2J" "$D/json/$f" > out.json 2> err.txt || rc=$?
    [ "$rc" = 2 ] || fail "$f: exit $rc, wanted 2"
    expect_in err.txt "^$D/json/$f:$line:[0-9]+: $msg"
    expect_not_in err.txt "CANARY"
done

# stdin works for JSON too, and cannot be rewound
got=$("$C2J" --json --count - < "$D/json/requests.json")
[ "$got" = 2 ] || fail "stdin JSON gave $got rows"
rc=0
"$C2J" --json --rewind - < "$D/json/requests.ndjson" > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "rewind of JSON stdin: exit $rc, wanted 2"
expect_in err.txt "^<stdin>: cannot rewind standard input"

# CSV fixtures
"$C2J" "$D/csv/crlf_quoted.csv" > got.json
[ "$(jq -c . got.json)" = '[{"unique_key":"1","complaint":"Noise","note":"said \"hi\"\r\nthen left"},{"unique_key":"2","complaint":"Heat","note":""}]' ] ||
    fail "crlf_quoted.csv parsed wrong: $(cat got.json)"
rc=0
"$C2J" "$D/csv/ragged.csv" > out.json 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "ragged.csv: exit $rc"
expect_in err.txt "ragged.csv:3:19: ragged row: expected 2 fields as in the header, found 3"
expect_not_in err.txt "CANARY"

# Security review 3e: raw control bytes between members shifted fields and published part
# of a dropped column in a kept one. Now exit 2 with the position, nothing written.
mkdir -p in
printf '[{"id":1,"name":"a","n":-1.5e3,"ok":true,"x":null},\n{"x":"abc",\001\037"name":"CANARY-JSONSHIFT","n":12345,"id":2,"ok":false}]' > in/arr.json
cat > shift.yaml <<'YAML'
odpub: 1
name: json-shift
dataset: {title: JSON shift, description: control bytes, agency: Test, license: "https://creativecommons.org/publicdomain/zero/1.0/"}
columns:
  id: {action: keep}
  name: {action: drop}
  n: {action: keep}
  ok: {action: keep}
  x: {action: keep}
YAML
run 2 release in/arr.json --policy shift.yaml -o shift-out
expect_in "$ERR" "in/arr.json:2:12: record 2: a control character outside a string"
expect_no_path shift-out
expect_not_in "$ERR" "CANARY"
