# Silent policy mistakes stop a release (issue 21.3, 21.12):
#  - a policy weaker than the baseline it extends (the lint of `odpub check`): exit 1,
#    nothing written, unless --allow-weaker, which report.json records and verify shows;
#  - a rule for a column the data does not have: exit 2 at the rule, unless the rule says
#    `optional: true` (kept in the package's policy.yaml);
#  - k: 0 beside quasi_identifiers: a `check` finding, and so a release refusal.
export ODPUB_PSEUDONYM_KEY='example-key-0123456789abcdefghijkl'
export ODPUB_DATE_KEY='example-key-0123456789abcdefghijkl'
export SOURCE_DATE_EPOCH=1795392000
data="$SRCDIR/examples/nyc-311-sample.csv"
sed 's/^  complainant_phone: .*/  complainant_phone: {action: keep}/' "$SRCDIR/policies/nyc-311.yaml" > weak.yaml
cp "$SRCDIR/policies/nyc-baseline.yaml" .
grep -q 'complainant_phone: {action: keep}' weak.yaml || fail "weak.yaml not made"
run 0 keygen k -W

run 1 release "$data" --policy weak.yaml -o w1 -f zip -k k.key
expect_in "$ERR" "^odpub: weak.yaml:[0-9]+:3: column 'complainant_phone' is kept, but the baseline category 'phone' needs"
expect_in "$ERR" "nothing was written.*--allow-weaker"
expect_no_path w1
expect_no_path w1.minisig
[ -z "$(ls -A | grep odpub-tmp)" ] || fail "temporary output left"
run 1 check weak.yaml          # the same finding as check's

run 0 release "$data" --policy weak.yaml -o w2.zip -f zip -k k.key --allow-weaker
unzip -p w2.zip '*/report.json' > w2.report.json
expect_in w2.report.json '"weaker_than_baseline": \['
expect_in w2.report.json "column 'complainant_phone' is kept"
run 0 verify w2.zip --pubkey k.pub
expect_in "$ERR" "^odpub: warning: released with --allow-weaker: the policy is weaker than its baseline \(1 finding in report.json\)"
run 0 verify w2.zip --pubkey k.pub --json
expect_in "$OUT" '"weaker_than_baseline": 1'
# a policy that meets its baseline: no such member, no warning
run 0 release "$data" --policy "$SRCDIR/policies/nyc-311.yaml" -o ok.zip -f zip -k k.key
unzip -p ok.zip '*/report.json' > ok.report.json
expect_not_in ok.report.json weaker_than_baseline
run 0 verify ok.zip --pubkey k.pub
expect_not_in "$ERR" "allow-weaker"

# a rule for an absent column
printf 'id,kind\n1,a\n2,b\n3,a\n' > d.csv
cat > absent.yaml <<'Y'
odpub: 1
name: absent
dataset: {title: "Absent", agency: "Test", license: "CC0-1.0"}
columns:
  id: {action: keep, type: integer}
  kind: {action: keep}
  ssn: {action: drop}
Y
run 2 release d.csv --policy absent.yaml -o a1
expect_in "$ERR" "^odpub: absent.yaml:7:3: column 'ssn' is not in d.csv; .*optional: true"
expect_no_path a1
sed 's/ssn: {action: drop}/ssn: {action: drop, optional: true}/' absent.yaml > optional.yaml
run 0 release d.csv --policy optional.yaml -o a2
expect_in a2/policy.yaml '^    optional: true$'
run 0 check a2/policy.yaml --baseline nyc-baseline.yaml
run 0 verify a2 --unsigned
run 2 release d.csv --policy <(sed 's/optional: true/optional: maybe/' optional.yaml) -o a3

# k: 0 beside quasi_identifiers
cat > k0.yaml <<'Y'
odpub: 1
name: kzero
dataset: {title: "K zero", agency: "Test", license: "CC0-1.0"}
privacy: {k: 0, quasi_identifiers: [kind]}
columns:
  id: {action: keep, type: integer}
  kind: {action: keep}
Y
run 1 check k0.yaml --baseline nyc-baseline.yaml
cat "$OUT" "$ERR" > k0.check; expect_in k0.check "quasi_identifiers are listed but privacy.k is 0"
run 1 check k0.yaml --baseline nyc-baseline.yaml --json
expect_in "$OUT" '"kind": ?"privacy"'
run 1 release d.csv --policy k0.yaml -o k1
expect_in "$ERR" "^odpub: k0.yaml:4:[0-9]+: quasi_identifiers are listed but privacy.k is 0"
run 0 release d.csv --policy k0.yaml -o k2 --allow-weaker
sed 's/k: 0/k: 2/' k0.yaml > k2.yaml
run 0 check k2.yaml --baseline nyc-baseline.yaml
echo "release_lint: weaker policies, absent columns and k: 0 stop a release"
