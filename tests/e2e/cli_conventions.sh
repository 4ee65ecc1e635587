# One CLI convention (gh/git style): -o/--output (and --out) on every command that
# writes; one stderr line per usage error, naming the option, and a missing argument
# is not called an unknown option; every --json document starts with "ok" and "odpub"
# and validates against its JSON Schema in docs/schemas/ (success and error documents);
# --version, -V and `odpub version`; printed names have control bytes escaped.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
S="$SRCDIR/docs/schemas"
data="$SRCDIR/examples/nyc-311-sample.csv"
pol="$SRCDIR/policies/nyc-311.yaml"
# valid SCHEMA FILE: the JSON document in FILE validates; it starts with ok then odpub
valid() {
    /usr/bin/python3 -m jsonschema -i "$2" "$S/$1.schema.json" 2>&1 >/dev/null | grep . && fail "$2 does not validate against $1.schema.json: $(head -c 400 "$2")"
    jq -e --arg v "$("$ODPUB" --version | cut -d' ' -f2)" '(keys_unsorted[0:2] == ["ok", "odpub"]) and .odpub == $v' "$2" >/dev/null ||
        fail "$2 does not start with ok and odpub"
}

# --- version
run 0 --version; expect_in "$OUT" '^odpub [0-9]+\.[0-9]+\.[0-9]+$'; v=$(cat "$OUT")
run 0 -V; [ "$(cat "$OUT")" = "$v" ] || fail "-V differs from --version"
run 0 version; [ "$(cat "$OUT")" = "$v" ] || fail "'odpub version' differs from --version"
run 0 version --json; valid version "$OUT"
grep -q "version: '${v#odpub }'" "$SRCDIR/meson.build" || fail "--version is not meson's project version"

# --- -o / --output / --out on every command that writes
run 0 keygen -W sig
run 0 keygen -W --output sig2; [ -f sig2.key ] && [ -f sig2.pub ] || fail "keygen --output"
run 0 keygen -W --out sig3 --json; [ -f sig3.key ] || fail "keygen --out"; valid keygen "$OUT"
run 0 keygen --pseudonym p.key --json; valid keygen "$OUT"
for o in -o --output --out; do
    run 0 release "$data" --policy "$pol" --key sig.key --format zip "$o" "rel$o.zip"
    [ -f "rel$o.zip" ] || fail "release $o wrote nothing"
    run 0 init "$data" "$o" "draft$o.yaml"
    expect_in "draft$o.yaml" '^odpub: 1$'
    run 0 portal rel-o.zip --pubkey sig.pub "$o" "site$o"
    [ -f "site$o/index.html" ] || fail "portal $o wrote nothing"
done

# --- one error line, naming the option
for cmd in init check audit release verify keygen portal; do
    run 2 "$cmd" --no-such-option
    [ "$(wc -l < "$ERR")" = 1 ] || fail "$cmd: one error line expected, got: $(cat "$ERR")"
    expect_in "$ERR" "^odpub $cmd: unknown option '--no-such-option' \(see 'odpub $cmd --help'\)$"
done
run 2 verify --pubkey
expect_in "$ERR" "^odpub verify: option '--pubkey' needs an argument"
expect_not_in "$ERR" "unknown"
[ "$(wc -l < "$ERR")" = 1 ] || fail "two lines for a missing argument"
run 2 release "$data" -p
expect_in "$ERR" "^odpub release: option '-p' needs an argument"
run 2 keygen -W -c
expect_in "$ERR" "^odpub keygen: option '-c' needs an argument"
run 2 release "$data" --policy "$pol"
expect_in "$ERR" "^odpub release: -o/--output OUT is required"
[ "$(wc -l < "$ERR")" = 1 ] || fail "two lines for a usage error"
run 2 nosuchcommand
[ "$(wc -l < "$ERR")" = 1 ] || fail "two lines for an unknown command"
# a usage error with --json is one error document too
run 2 release "$data" --json --no-such-option
valid release "$OUT"
jq -e '.error.code == "usage"' "$OUT" >/dev/null || fail "usage error code"

# --- every --json output validates (success, finding and error documents)
run 0 release "$data" --policy "$pol" --key sig.key --format tar.zst -o r.tar.zst --json; valid release "$OUT"
run 2 release missing.csv --policy "$pol" -o nowhere --json; valid release "$OUT"
run 0 init "$data" --json; valid init "$OUT"
run 2 init missing.csv --json; valid init "$OUT"
run 0 check "$pol" --json; valid check "$OUT"
run 1 check draft-o.yaml --json; valid check "$OUT"
jq -e '.ok == false' "$OUT" >/dev/null || fail "check with findings says ok"
printf 'odpub: 1\ncolumns: [unclosed\n' > broken.yaml
run 2 check broken.yaml --json; valid check "$OUT"
run 0 audit "$data" --policy "$pol" --json; valid audit "$OUT"
sed 's/^  complainant_phone: .*/  complainant_phone: {action: keep}/' "$pol" > weak.yaml
run 1 audit "$data" --policy weak.yaml --json; valid audit "$OUT"
jq -e '.ok == false and .findings > 0' "$OUT" >/dev/null || fail "audit finding says ok"
run 0 audit r.tar.zst --json; valid audit "$OUT"
run 0 verify r.tar.zst --pubkey sig.pub --json; valid verify "$OUT"
run 2 verify missing.zip --pubkey sig.pub --json; valid verify "$OUT"
run 0 release "$data" --policy "$pol" --key sig.key -o dirpkg
printf 'x' >> dirpkg/data/*.csv
run 1 verify dirpkg --pubkey sig.pub --json; valid verify "$OUT"
jq -e '.ok == false' "$OUT" >/dev/null || fail "a failed verify says ok"
run 0 portal r.tar.zst --pubkey sig.pub -o site-json --json; valid portal "$OUT"
run 2 portal missing.tar.zst --pubkey sig.pub -o site-x --json; valid portal "$OUT"
run 2 keygen -W sig --json; valid keygen "$OUT"   # exists

# --- names are printed escaped: a column named with ESC/BEL reaches no terminal raw
printf 'id,"evil\033]0;PWNED\007\033[2J"\n1,a\n2,b\n' > esc.csv
cat > esc.yaml <<'P'
odpub: 1
name: esc
dataset: {title: T, description: d, agency: A, category: c, update_frequency: daily, license: CC0-1.0, contact: c@example.org}
default: reject
columns:
  id: {action: keep}
  "evil\e]0;PWNED\a\e[2J": {action: keep}
P
run 0 release esc.csv --policy esc.yaml --key sig.key -o esc-pkg
run 0 verify esc-pkg --pubkey sig.pub
run 0 audit esc.csv --policy esc.yaml
run 0 audit esc-pkg
run 0 check esc.yaml --baseline "$SRCDIR/policies/nyc-baseline.yaml"
run 0 init esc.csv
for f in out.* err.*; do
    if LC_ALL=C grep -aq $'[\x01-\x08\x0b-\x1f\x7f]' "$f"; then
        fail "raw control bytes printed in $f: $(cat -v "$f" | head -5)"
    fi
done
grep -aqF 'evil\x1b]0;PWNED\x07\x1b[2J' out.* || fail "the escaped name is not shown"
