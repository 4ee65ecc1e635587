# Bad input stops a release with exit 2, a FILE:LINE:COL message, and nothing left at
# the output path (and no temp dir beside it).
key=$(test_key)
export ODPUB_PSEUDONYM_KEY=$(cat "$key")
/usr/bin/python3 "$SRCDIR/tests/data/canary.py" good.csv 20
pol="$SRCDIR/tests/data/canary-policy.yaml"

nothing_left() {
    expect_no_path "$1"
    if ls -a | grep -q '^\.odpub-tmp-'; then fail "temp dir left behind"; fi
}

# 1. malformed CSV: ragged row at line 4, unterminated quote at line 5
head -3 good.csv > ragged.csv; echo "1,2,3" >> ragged.csv; tail -n +4 good.csv >> ragged.csv
run 2 release ragged.csv --policy "$pol" -o out1
expect_in "$ERR" "ragged.csv:4:[0-9]+: "
nothing_left out1
{ head -4 good.csv; printf '9999,"03/01/2025 10:15:00 AM,11201,BRONX,Closed,x,y,z,w\n'; } > unterminated.csv
run 2 release unterminated.csv --policy "$pol" -o out2
expect_in "$ERR" "unterminated.csv:5:[0-9]+: .*(quote|unterminated)"
nothing_left out2
# a value the action cannot parse (bad date in a generalized column) at its line and column
awk 'NR==7{sub(/03\/06\/2025 10:15:00 AM/, "not-a-date")}1' good.csv > baddate.csv
run 2 release baddate.csv --policy "$pol" -o out3
expect_in "$ERR" "baddate.csv:7:[0-9]+: .*created_date"
expect_not_in "$ERR" "not-a-date"
nothing_left out3

# 2. malformed policy: YAML syntax, unknown action
printf 'odpub: 1\nname: x\ncolumns:\n  a: {action: keep\n' > broken.yaml
run 2 release good.csv --policy broken.yaml -o out4
expect_in "$ERR" "broken.yaml:[0-9]+:[0-9]+: "
nothing_left out4
sed 's/action: redact/action: obliterate/' "$pol" > unknown-action.yaml
run 2 release good.csv --policy unknown-action.yaml -o out5
expect_in "$ERR" "unknown-action.yaml:14:[0-9]+: .*unknown action"
nothing_left out5

# 3. a column the policy does not name (default: reject): names the column and the fix
grep -v '^  notes:' "$pol" > missing-col.yaml
run 2 release good.csv --policy missing-col.yaml -o out6
expect_in "$ERR" "'notes'"
expect_in "$ERR" "columns:"
nothing_left out6

# 4. a missing key
( unset ODPUB_PSEUDONYM_KEY; "$ODPUB" release good.csv --policy "$pol" -o out7 >o7 2>e7; echo $? > rc7 ) || true
[ "$(cat rc7)" = 2 ] || fail "missing key: exit $(cat rc7)"
grep -Eq "canary-policy.yaml:[0-9]+:[0-9]+: .*ODPUB_PSEUDONYM_KEY" e7 || { cat e7 >&2; fail "missing key message"; }
nothing_left out7

# 5. a world-readable key file
sed 's|env:ODPUB_PSEUDONYM_KEY|file:'"$E2E_OUT"'/open.key|' "$pol" > filekey.yaml
cp "$key" open.key; chmod 644 open.key
run 2 release good.csv --policy filekey.yaml -o out8
expect_in "$ERR" "chmod 600"
nothing_left out8
chmod 600 open.key
run 0 release good.csv --policy filekey.yaml -o out9
[ -d out9 ] || fail "release with a 0600 key file did not work"

# 6. the output already exists: refused, existing content untouched
mkdir existing; echo keep > existing/file
run 2 release good.csv --policy "$pol" -o existing
[ "$(cat existing/file)" = keep ] || fail "existing output changed"

# 7. usage errors
run 2 release good.csv -o out10
run 2 release --policy "$pol" -o out11
run 0 release --help
expect_in "$OUT" "usage: odpub release"
