# Progress on a terminal (like git): release, audit and verify show "odpub CMD: NN% (X of Y)"
# on stderr when it is a terminal (a pty made by script(1)), and nothing at all when
# stderr is a file or a pipe, or with --json. No colour either way (NO_COLOR is moot).
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
command -v script >/dev/null || fail "script(1) (util-linux) is needed"
# 300k rows (about 9 MB): progress is reported every 64k rows
awk 'BEGIN { print "id,borough,note"; for (i = 1; i <= 300000; i++) printf "%d,%s,row %d of the test\n", i, (i % 2 ? "BRONX" : "QUEENS"), i }' > big.csv
cat > big.yaml <<'P'
odpub: 1
name: big
dataset: {title: Big, description: d, agency: Test agency, category: c, update_frequency: daily, license: CC0-1.0, contact: t@example.org}
default: reject
columns:
  id: {action: keep, type: integer}
  borough: {action: keep}
  note: {action: keep}
P
"$ODPUB" keygen sig -W >/dev/null

# on a terminal: script(1) gives odpub a pty for stdout and stderr
tty_run() { # tty_run NAME ARGS...: runs odpub on a pty, its screen in NAME.tty
    local name=$1; shift
    local cmd="NO_COLOR=1 $(printf '%q ' "$ODPUB" "$@")"
    script -qefc "$cmd" /dev/null > "$name.tty" 2>&1 </dev/null || fail "$name on a pty failed: $(tr '\r' '\n' < "$name.tty" | tail -5)"
}
tty_run release release big.csv --policy big.yaml --key sig.key --format tar.zst -o big.tar.zst
grep -aEq 'odpub release: +[0-9]+% \([0-9.]+ [kMG]?B of [0-9.]+ [kMG]?B\)' release.tty ||
    fail "no release progress on a terminal: $(tr '\r' '\n' < release.tty | head -5)"
grep -aq $'\r\033\[K' release.tty || fail "the progress line is not erased at the end"
tty_run audit audit big.csv --policy big.yaml
grep -aEq 'odpub audit: +[0-9]+% \(' audit.tty || fail "no audit progress on a terminal"
tty_run verify verify big.tar.zst --pubkey sig.pub
grep -aEq 'odpub verify: +[0-9]+% \(' verify.tty || fail "no verify progress on a terminal"
grep -aq 'verified: OK' verify.tty || fail "verify on a pty did not verify"
# no colour (SGR) sequences on the terminal
for f in release.tty audit.tty verify.tty; do
    if grep -aEq $'\033\\[[0-9;]*m' "$f"; then fail "$f has colour sequences"; fi
done
# --json on a terminal: no progress (the document may be read by a person or piped)
tty_run rjson release big.csv --policy big.yaml -o big-json --json
if grep -aq 'odpub release: ' rjson.tty; then fail "progress shown with --json"; fi

# not a terminal: stderr stays empty
run 0 release big.csv --policy big.yaml -o big2
[ ! -s "$ERR" ] || fail "release wrote to a non-tty stderr: $(head -c 300 "$ERR")"
run 0 audit big.csv --policy big.yaml
[ ! -s "$ERR" ] || fail "audit wrote to a non-tty stderr"
run 0 verify big.tar.zst --pubkey sig.pub
[ ! -s "$ERR" ] || fail "verify wrote to a non-tty stderr"
"$ODPUB" verify big.tar.zst --pubkey sig.pub 2>&1 >/dev/null | cat > piped.err
[ ! -s piped.err ] || fail "verify wrote progress into a pipe"
