# Guessable pseudonym keys are refused (issue 21.5): one byte repeated (64 x '0', the
# review's example), a short pattern repeated, an even run; a key of odpub keygen and the
# test keys load. Each refusal is exit 2 at the key's place in the policy, no key byte in
# the message, nothing written.
printf 'id,kind\n1,a\n2,b\n' > d.csv
cat > p.yaml <<'Y'
odpub: 1
name: weak
dataset: {title: "Weak", agency: "Test", license: "CC0-1.0"}
keys: {pseudonym: env:PK}
columns:
  id: {action: pseudonymize}
  kind: {action: keep}
Y
zeros=$(printf '0%.0s' $(seq 64))
for k in "$zeros" "$(printf 'ab%.0s' $(seq 20))" "$(printf 'xyz1%.0s' $(seq 10))" \
         "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVW" "$(printf 'A%.0s' $(seq 40))"; do
    PK=$k run 2 release d.csv --policy p.yaml -o o
    expect_in "$ERR" "^odpub: p.yaml:4:[0-9]+: key 'env:PK' is guessable"
    expect_not_in "$ERR" "$k"
    expect_no_path o
done
# the same from a file
printf '%s\n' "$zeros" > z.key; chmod 600 z.key
sed 's/env:PK/file:z.key/' p.yaml > pz.yaml
run 2 release d.csv --policy pz.yaml -o o
expect_in "$ERR" "is guessable \(one byte repeated\)"
# good keys
run 0 keygen --pseudonym good.key
PK=$(cat good.key) run 0 release d.csv --policy p.yaml -o o1
PK=example-key-0123456789abcdefghijkl run 0 release d.csv --policy p.yaml -o o2
PK=0123456789abcdef0123456789abcdef run 0 release d.csv --policy p.yaml -o o3
echo "weak_keys: guessable keys refused"
