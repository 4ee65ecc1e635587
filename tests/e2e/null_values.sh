# dataset.null_values (issue 14): a cell equal to one of the dataset's null tokens is no
# value, so every action publishes it as it is: a generalized date or ZIP does not stop
# the release on it (without the list it does), a pseudonymized or redacted column does
# not turn it into a token. The list is written back into the package's policy.yaml, and
# a child policy's list replaces its parent's.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
printf 'id,opened,zip,email,phone\n1,2024-03-05,10027,a@example.org,212-555-0101\n2,NA,N/A,NA,-\n3,,,,\n' >in.csv
pol() {
    cat >"$1" <<YAML
odpub: 1
name: null-values
dataset: {title: t, description: d, agency: a, category: c, update_frequency: daily, license: l, contact: x@example.org$2}
keys: {pseudonym: "env:ODPUB_PSEUDONYM_KEY"}
default: reject
columns:
  id: {action: keep}
  opened: {action: generalize, to: month}
  zip: {action: generalize, digits: 3}
  email: {action: pseudonymize, domain: person}
  phone: {action: redact}
YAML
}
pol none.yaml ""
run 2 release in.csv --policy none.yaml -o out_none
expect_in "$ERR" "column .(opened|zip)."
expect_no_path out_none

pol nulls.yaml ', null_values: ["NA", "N/A", "-"]'
run 0 check nulls.yaml
run 0 release in.csv --policy nulls.yaml -o out
d=out/data/null-values.csv
row1=$(sed -n 2p "$d")
case "$row1" in 1,2024-03,100,*) ;; *) fail "row 1 not treated: $row1" ;; esac
expect_not_in "$d" "a@example.org"
[ "$(sed -n 3p "$d")" = "2,NA,N/A,NA,-" ] || fail "null tokens not kept as they are: $(sed -n 3p "$d")"
[ "$(sed -n 4p "$d")" = "3,,,," ] || fail "empty row: $(sed -n 4p "$d")"
grep -q 'null_values: \["NA", "N/A", "-"\]' out/policy.yaml || fail "null_values not written back: $(grep null out/policy.yaml)"

# a child's list replaces the parent's: only NA is null, so N/A in the ZIP stops the release
cat >child.yaml <<'YAML'
odpub: 1
name: null-values
extends: [./nulls.yaml]
dataset: {null_values: ["NA"]}
YAML
run 2 release in.csv --policy child.yaml -o out_child
expect_in "$ERR" "in.csv:3:[0-9]+: column .zip."
expect_no_path out_child

# a bad list is a schema error at its place
pol bad.yaml ', null_values: NA'
run 2 check bad.yaml

# init proposes the list from the null tokens its sample held, as written, "" first
run 0 init in.csv -o draft.yaml
expect_in draft.yaml '^  null_values: \["", "NA", "N/A", "-"\]'
printf 'id,zip\n1,10027\n2,10001\n' >clean.csv
run 0 init clean.csv -o clean.yaml
grep -q null_values clean.yaml && fail "null_values proposed without null tokens"
true
