# `invalid:` on a generalized date or ZIP (issue 14): `fail` (the default) stops the release
# at an unparsable value; `blank` publishes it empty; `keep-if-public` publishes a label with
# no digit (UNKNOWN) as it is and blanks a malformed value with digits (it may be precise).
# A bad `invalid:` value is a schema error at its line; `check` writes the rule back.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
printf 'id,opened,zip\n1,2024-03-05,10027\n2,UNKNOWN,UNKNOWN\n3,2024-13-45,1002X\n4,,\n' >in.csv
pol() {
    cat >"$1" <<YAML
odpub: 1
name: invalid-rule
dataset: {title: t, description: d, agency: a, category: c, update_frequency: daily, license: l, contact: x@example.org}
default: reject
columns:
  id: {action: keep}
  opened: {action: generalize, to: month$2}
  zip: {action: generalize, digits: 3$2}
YAML
}
pol fail.yaml ""
run 2 release in.csv --policy fail.yaml -o out_fail
expect_no_path out_fail
grep -q "UNKNOWN\|1002X\|2024-13-45" "$ERR" && fail "an unparsable value was printed"

pol blank.yaml ", invalid: blank"
run 0 release in.csv --policy blank.yaml -o out_blank
d=out_blank/data/invalid-rule.csv
[ "$(sed -n 2p "$d")" = "1,2024-03,100" ] || fail "blank: parsed row: $(sed -n 2p "$d")"
[ "$(sed -n 3p "$d")" = "2,," ] || fail "blank: label row: $(sed -n 3p "$d")"
[ "$(sed -n 4p "$d")" = "3,," ] || fail "blank: malformed row: $(sed -n 4p "$d")"

pol public.yaml ", invalid: keep-if-public"
run 0 check public.yaml
run 0 release in.csv --policy public.yaml -o out_public
d=out_public/data/invalid-rule.csv
[ "$(sed -n 2p "$d")" = "1,2024-03,100" ] || fail "keep-if-public: parsed row: $(sed -n 2p "$d")"
[ "$(sed -n 3p "$d")" = "2,UNKNOWN,UNKNOWN" ] || fail "keep-if-public: label row: $(sed -n 3p "$d")"
[ "$(sed -n 4p "$d")" = "3,," ] || fail "keep-if-public: digits blanked: $(sed -n 4p "$d")"
[ "$(sed -n 5p "$d")" = "4,," ] || fail "keep-if-public: empty row: $(sed -n 5p "$d")"
grep -q "invalid: keep-if-public" out_public/policy.yaml || fail "effective policy lost keep-if-public"

pol bad.yaml ", invalid: keep"
run 2 check bad.yaml
cat "$OUT" "$ERR" >bad.txt
expect_in bad.txt "bad.yaml:7:[0-9]+: .*'invalid': expected blank, keep-if-public or fail"
