# verify's column summary reads metadata/data-dictionary.csv with the table layer's CSV
# reader: a good dictionary lists every column with its treatment; a ragged, unquoted or
# over-long one is a warning at FILE:LINE:COL (never a value) and the summary keeps the
# columns read before it; a quoted newline in a field stays on one line.
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
export ODPUB_BENCH_KEY='bench-hmac-key-0123456789abcdef!'
./gen311 -s 3 200 > in.csv
run 0 release in.csv --policy "$SRCDIR/bench/reference.yaml" -o pkg
run 0 verify pkg --unsigned
expect_in "$OUT" 'unique_key \(string\): pseudonymized'
expect_in "$OUT" 'incident_address \(string\): redacted'
expect_not_in "$ERR" 'warning: metadata/data-dictionary.csv'

dd=pkg/metadata/data-dictionary.csv
cp "$dd" dd.orig
# a ragged third record: the first column is kept, then the warning with its position
{ head -2 dd.orig; printf 'CANARY-dd-1,string,x\n'; tail -n +3 dd.orig; } > "$dd"
run 1 verify pkg --unsigned
expect_in "$ERR" 'warning: metadata/data-dictionary.csv:3:[0-9]+: ragged row'
expect_in "$OUT" 'unique_key \(string\)'
expect_not_in "$ERR" 'CANARY-dd-1'
expect_not_in "$OUT" 'created_date'

# a field over the 64 KiB cap
{ head -1 dd.orig; printf 'a,string,'; head -c 70000 /dev/zero | tr '\0' 'x'; printf ',kept\n'; } > "$dd"
run 1 verify pkg --unsigned
expect_in "$ERR" 'warning: metadata/data-dictionary.csv:2:[0-9]+: '
expect_not_in "$ERR" 'xxxxxxxx'

# a quoted newline and an escape byte in a treatment: one clean line
{ head -1 dd.orig; printf 'a,string,d,"two\nlines \033[31m"\n'; } > "$dd"
run 1 verify pkg --unsigned
expect_in "$OUT" '  a \(string\): two lines  \[31m'
expect_not_in "$ERR" 'warning: metadata/data-dictionary.csv'

# not four columns
printf 'column,type\na,b\n' > "$dd"
run 1 verify pkg --unsigned
expect_in "$ERR" 'data-dictionary.csv:1:1: expected 4 columns'
