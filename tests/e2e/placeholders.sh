# An unedited `odpub init` draft is refused: `check` lists every TODO placeholder of the
# dataset fields as a finding at its POLICY:LINE:COL (exit 1), `release` refuses it
# (exit 1, naming the line) and writes nothing. Filled in, both accept it; a child policy
# that fills in what its parent left TODO is accepted too.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
data="$SRCDIR/examples/nyc-311-sample.csv"

run 0 init "$data" -o draft.yaml
expect_in draft.yaml '^  title: "TODO: title"$'
title_line=$(grep -n '^  title: ' draft.yaml | cut -d: -f1)
agency_line=$(grep -n '^  agency: ' draft.yaml | cut -d: -f1)
license_line=$(grep -n '^  license: ' draft.yaml | cut -d: -f1)

run 1 check draft.yaml
expect_in "$OUT" "^draft.yaml:$title_line:[0-9]+: dataset.title is still a TODO placeholder"
expect_in "$OUT" "^draft.yaml:$agency_line:[0-9]+: dataset.agency is still a TODO placeholder"
expect_in "$OUT" "^draft.yaml:$license_line:[0-9]+: dataset.license is still a TODO placeholder"
expect_in "$OUT" "^draft.yaml: FAIL"
run 1 check draft.yaml --json
jq -e --argjson l "$title_line" '.ok == false and ([.policies[0].findings[] | select(.kind == "placeholder")] | length) == 7
    and ([.policies[0].findings[] | select(.kind == "placeholder" and .line == $l)] | length) == 1' "$OUT" >/dev/null ||
    fail "check --json does not list the 7 placeholders"

for fmt in dir tar.zst; do
    run 1 release "$data" --policy draft.yaml --format "$fmt" -o "rel.$fmt"
    expect_in "$ERR" "^odpub: draft.yaml:$title_line:[0-9]+: dataset.title is still a TODO placeholder"
    [ "$(wc -l < "$ERR")" = 1 ] || fail "one error line expected: $(cat "$ERR")"
    expect_no_path "rel.$fmt"
done
ls -a | grep -q '^\.odpub-tmp-' && fail "temp entry left behind"

# one placeholder left is enough to refuse
sed 's/"TODO: [^"]*"/"Filled in"/' draft.yaml | sed 's/^  license: .*/  license: "TODO: license"/' > one.yaml
run 1 check one.yaml
[ "$(grep -c 'TODO placeholder' "$OUT")" = 1 ] || fail "one placeholder expected: $(cat "$OUT")"
run 1 release "$data" --policy one.yaml -o rel-one
expect_in "$ERR" "dataset.license is still a TODO placeholder"

sed 's/"TODO: [^"]*"/"Filled in"/' draft.yaml > done.yaml
run 0 check done.yaml
run 0 release "$data" --policy done.yaml -o rel-done
expect_not_in rel-done/datapackage.json "TODO"

# inherited: the parent's TODO is hidden by the child's value, and found when it is not
mkdir -p chain
cp draft.yaml chain/base.yaml
sed -i 's/^name: .*/name: base-draft/' chain/base.yaml
cat > chain/child.yaml <<'P'
odpub: 1
name: child
extends: [base]
dataset:
  title: "A real title"
  description: "d"
  agency: "NYC"
  category: "c"
  update_frequency: "daily"
  contact: "x@example.org"
P
run 1 check chain/child.yaml
[ "$(grep -c 'TODO placeholder' "$OUT")" = 1 ] || fail "only the inherited license placeholder expected: $(cat "$OUT")"
expect_in "$OUT" "^chain/base.yaml:$license_line:[0-9]+: dataset.license is still a TODO"
