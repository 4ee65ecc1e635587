# Reading real exports (issue 14, SPEC "Reading real exports"): a `;`-separated
# windows-1252 export (CRLF, a quoted field holding `,` `;` and a line break, smart
# quotes, €, accented names). `init` sniffs the delimiter and the encoding and drafts
# both with a why-comment; `release` of that draft publishes UTF-8, comma-separated CSV
# with the protected columns treated; --delimiter/--encoding override; an undefined
# windows-1252 byte and a wrong delimiter stop with exit 2 at FILE:LINE:COL and write
# nothing.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
# rows: id; full name (person: dropped); email (pseudonymized); note (kept); amount (decimal comma)
printf 'id;full_name;email;note;amount\r\n' >exp.in.csv
printf '1;Jos\xe9 Garc\xeda;jose.garcia@example.org;"Caf\xe9, \x93open\x94; \x80 5\r\nnext line";3,5\r\n' >>exp.in.csv
printf '2;Ren\xe9e O\x92Brien;renee.obrien@example.org;plain;4,25\r\n' >>exp.in.csv
printf '3;Anna Smith;anna.smith@example.org;Z\xfcrich;1\r\n' >>exp.in.csv
printf '4;Mary Johnson;mary.johnson@example.org;ok;2\r\n' >>exp.in.csv
printf '5;John Williams;john.williams@example.org;ok;7\r\n' >>exp.in.csv

run 0 init exp.in.csv -o draft.yaml
expect_in draft.yaml '^  delimiter: ";"  # sniffed: splits the first 6 records'
expect_in draft.yaml '^  encoding: windows-1252  # detected: .*not valid UTF-8'
expect_in draft.yaml '^  full_name: \{action: drop\}'
expect_in draft.yaml '^  email: \{action: (pseudonymize|redact|drop)'
sed 's/"TODO: [^"]*"/"filled"/' draft.yaml >pol.yaml
run 0 check pol.yaml
run 0 release exp.in.csv --policy pol.yaml -o out
d=out/data/draft.csv
[ -f "$d" ] || d=$(ls out/data/*.csv)
# UTF-8, comma-separated, RFC 4180 quoting of the field that holds `,` and a line break
python3 - "$d" <<'PY'
import csv, sys
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")          # fails on anything but UTF-8
rows = list(csv.reader(text.splitlines(keepends=True)))
assert rows[0][0] == "id" and "full_name" not in rows[0], rows[0]
assert "email" in rows[0], rows[0]
note = rows[0].index("note")
amount = rows[0].index("amount")
assert rows[1][note] == "Caf\u00e9, \u201copen\u201d; \u20ac 5\r\nnext line", repr(rows[1][note])
assert rows[1][amount] == "3,5", rows[1]
assert rows[3][note] == "Z\u00fcrich", rows[3]
assert len(rows) == 6, len(rows)
PY
expect_not_in "$d" "jose.garcia@example.org"
expect_not_in "$d" "Garc"
expect_in out/policy.yaml '^  delimiter: ";"'
expect_in out/policy.yaml '^  encoding: windows-1252'

# the threaded path splits a bigger `;` windows-1252 file at record boundaries (small
# chunks): the package data is byte-identical to the one-thread release
{
    printf 'id;full_name;email;note;amount\r\n'
    i=1
    while [ $i -le 400 ]; do
        printf '%d;Jos\xe9 Garc\xeda;p%d@example.org;"a;b,\r\n\x93c\x94 %d";%d,5\r\n' $i $i $i $i
        i=$((i + 1))
    done
} >big.in.csv
run 0 release big.in.csv --policy pol.yaml --threads 1 -o out_t1
ODPUB_CHUNK_BYTES=512 run 0 release big.in.csv --policy pol.yaml --threads 4 -o out_t4
cmp out_t1/data/*.csv out_t4/data/*.csv || fail "threaded release of a ; file differs"
[ "$(wc -l <out_t1/data/*.csv)" = 801 ] || fail "rows: $(wc -l <out_t1/data/*.csv)"
expect_not_in out_t4/data/*.csv "p7@example.org"

# the same file read as UTF-8 (--encoding overrides the policy): invalid UTF-8, exit 2
run 2 release exp.in.csv --policy pol.yaml --encoding utf-8 -o out_utf8
expect_in "$ERR" 'exp\.in\.csv:2:[0-9]+: .*invalid UTF-8'
expect_no_path out_utf8
# read with `,`: one column per line, so the header has one field and rows are ragged
run 2 release exp.in.csv --policy pol.yaml --delimiter , -o out_comma
expect_no_path out_comma
run 2 release exp.in.csv --policy pol.yaml --delimiter x -o out_x
expect_no_path out_x
run 2 release exp.in.csv --policy pol.yaml --encoding ebcdic -o out_x
expect_no_path out_x

# windows-1252 leaves 0x81 0x8D 0x8F 0x90 0x9D undefined: exit 2 at its line and byte column
printf 'id;note\r\n1;ok\r\n2;ab\x81c\r\n' >bad.in.csv
sed 's/^name: .*/name: bad/' pol.yaml | sed '/^columns:/,$d' >badpol.yaml
printf 'columns:\n  id: {action: keep}\n  note: {action: keep}\n' >>badpol.yaml
run 2 release bad.in.csv --policy badpol.yaml -o out_bad
expect_in "$ERR" 'bad\.in\.csv:3:5: .*undefined in windows-1252'
expect_no_path out_bad
expect_not_in "$ERR" "ab"
run 2 audit bad.in.csv --policy badpol.yaml
expect_in "$ERR" 'bad\.in\.csv:3:5:'
# latin-1 defines every byte (0x81 is a C1 control): the same file reads
run 0 release bad.in.csv --policy badpol.yaml --encoding latin-1 -o out_latin1

# a bad dataset.delimiter / encoding in a policy is a schema error at its place
sed 's/^  delimiter: .*/  delimiter: "::"/' pol.yaml >baddelim.yaml
run 2 check baddelim.yaml
expect_in "$ERR" 'baddelim\.yaml:[0-9]+:[0-9]+: .*delimiter'
sed 's/^  encoding: .*/  encoding: koi8-r/' pol.yaml >badenc.yaml
run 2 check badenc.yaml
expect_in "$ERR" 'badenc\.yaml:[0-9]+:[0-9]+: .*encoding'

# tab and pipe, sniffed; audit reads with the policy's delimiter
printf 'id\tname\tcity\n1\tAnna Smith\tParis\n2\tJohn Williams\t"Rome\tItaly"\n' >tab.in.csv
run 0 init tab.in.csv -o tab.yaml
expect_in tab.yaml '^  delimiter: "\\t"'
grep -q '^  encoding:' tab.yaml && fail "encoding drafted for a UTF-8 file"
printf 'id|name|city\n1|Anna Smith|"A|B"\n2|John Williams|Rome\n' >pipe.in.csv
run 0 init pipe.in.csv -o pipe.yaml
expect_in pipe.yaml '^  delimiter: "\|"'
sed 's/"TODO: [^"]*"/"filled"/' pipe.yaml | sed 's/^  name: .*/  name: {action: keep}/' >pipekeep.yaml
run 1 audit pipe.in.csv --policy pipekeep.yaml
# a plain comma file drafts neither key
printf 'id,city\n1,Paris\n2,Rome\n' >plain.csv
run 0 init plain.csv -o plain.yaml
grep -Eq '^  (delimiter|encoding):' plain.yaml && fail "delimiter or encoding drafted for a plain CSV"
# --delimiter on init overrides the sniffing
run 0 init plain.csv --delimiter ';' -o forced.yaml
expect_in forced.yaml '^  delimiter: ";"  # given with --delimiter'
# a spreadsheet export with one empty header cell among named ones: init names it
# _column_N, release of the draft reads it on one thread and on two, the same bytes
printf 'id,,amount\n1,x,10\n2,y,20\n' >blankhdr.csv
run 0 init blankhdr.csv -o blankhdr.yaml
expect_in blankhdr.yaml '^  _column_2: \{action: '
sed 's/"TODO: [^"]*"/"filled"/' blankhdr.yaml | sed 's/^  _column_2: .*/  _column_2: {action: drop}/' >bh.yaml
run 0 release blankhdr.csv --policy bh.yaml --threads 1 -o bh1
run 0 release blankhdr.csv --policy bh.yaml --threads 2 -o bh2
cmp bh1/data/blankhdr.csv bh2/data/blankhdr.csv || fail "threads 1 and 2 differ on an empty header cell"
[ "$(head -1 bh1/data/blankhdr.csv)" = "id,amount" ] || fail "the _column_2 drop did not apply"
# a header name used twice (a join's two "ssn" columns): the repeat is read as ssn.1, init
# drafts it and release of the draft redacts both, on one thread and on two; a policy
# that names only the first is refused under default: reject
printf 'id,ssn,amount,ssn\n1,078-05-1120,10,219-09-9999\n2,123-45-6789,20,457-55-5462\n' >duphdr.csv
run 0 init duphdr.csv -o duphdr.yaml
expect_in duphdr.yaml '^  ssn: \{action: redact'
expect_in duphdr.yaml '^  "ssn\.1": \{action: redact'
sed 's/"TODO: [^"]*"/"filled"/' duphdr.yaml >dh.yaml
run 0 release duphdr.csv --policy dh.yaml --threads 1 -o dh1
run 0 release duphdr.csv --policy dh.yaml --threads 2 -o dh2
cmp dh1/data/duphdr.csv dh2/data/duphdr.csv || fail "threads 1 and 2 differ on a repeated header name"
[ "$(head -1 dh1/data/duphdr.csv)" = "id,ssn,amount,ssn.1" ] || fail "the repeated ssn column's name"
grep -q '078-05-1120' dh1/data/duphdr.csv && fail "a value of the first ssn column was not redacted"
grep -rq '219-09-9999' dh1 && fail "a value of the repeated ssn column reached the package"
grep -v '"ssn\.1"' dh.yaml >dh_first.yaml
run 2 release duphdr.csv --policy dh_first.yaml -o dh3
expect_in "$ERR" "column 'ssn\.1' is not named in the policy"
[ -e dh3 ] && fail "a refused release left a package"
# two BOMs before the header: both skipped, on one thread and on two
printf '\357\273\277\357\273\277id,amount\n1,10\n2,20\n' >bom2.csv
run 0 init bom2.csv -o bom2.yaml
expect_in bom2.yaml '^  id: '
sed 's/"TODO: [^"]*"/"filled"/' bom2.yaml >b2.yaml
run 0 release bom2.csv --policy b2.yaml --threads 1 -o b21
run 0 release bom2.csv --policy b2.yaml --threads 2 -o b22
cmp b21/data/bom2.csv b22/data/bom2.csv || fail "threads 1 and 2 differ after two BOMs"
[ "$(head -1 b21/data/bom2.csv)" = "id,amount" ] || fail "a BOM was left in the header"
# a title row above the header (mostly empty cells) is still refused
printf 'Report title,,\nid,a,b\n1,2,3\n' >title.csv
run 2 init title.csv
expect_in "$ERR" 'title.csv:1:[0-9]+: empty header name in column 2 .*title row above the header'
# day-first dates (most of the world's exports): init drafts format "DD/MM/YYYY" for a
# birth date column once a value can only be read day first; release reads them so, and
# date_shift writes its dates back day first
printf 'id,full_name,date_of_birth,visit\n' >dmy.csv
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do
    printf '%s,Person %s,%02d/07/19%02d,%02d.03.2021\n' $i $i $((i + 8)) $((50 + i)) $((i + 1)) >>dmy.csv
done
run 0 init dmy.csv -o dmy.yaml
expect_in dmy.yaml '^  date_of_birth: \{action: generalize, to: year, format: "DD/MM/YYYY"\}'
sed 's/"TODO: [^"]*"/"filled"/' dmy.yaml | sed 's/^  visit: .*/  visit: {action: date_shift, by: id, max_days: 30, format: "DD\/MM\/YYYY"}/' >dmy2.yaml
run 0 check dmy2.yaml
run 0 release dmy.csv --policy dmy2.yaml -o dmyrel
/usr/bin/python3 - dmyrel/data/dmy.csv <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 22, len(rows)
for r in rows:
    assert re.fullmatch(r"19[0-9]{2}", r["date_of_birth"]), r["date_of_birth"]
    assert re.fullmatch(r"[0-3][0-9]\.[01][0-9]\.20[0-9]{2}", r["visit"]), r["visit"]
PY
# AUTO never reads a day first: the same column under format auto stops at its first
# day past 12
sed 's/, format: "DD\/MM\/YYYY"//' dmy2.yaml | sed 's/^  date_of_birth: .*/  date_of_birth: {action: generalize, to: year}/' >dmy3.yaml
run 2 release dmy.csv --policy dmy3.yaml -o dmyrel3
expect_in "$ERR" "dmy.csv:2:[0-9]+: column '(date_of_birth|visit)': value is not a date in format auto"
true
