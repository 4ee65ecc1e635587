# Helpers for tests/e2e/*.sh. Each test runs with `set -eu -o pipefail` in its own
# scratch directory ($E2E_OUT). $ODPUB is the binary, $SRCDIR the source tree, $SHARED
# the shared conformance tree.
# Inputs that hold planted values ("CANARY-..." canaries, key bytes) are named *.in.*
# (data.in.csv) or live under an in/ directory; key files end in .key. Everything else a
# test leaves in $E2E_OUT is taken as odpub's output and scanned for canaries and key
# bytes by zz_secrets_scan.sh, which runs after all other tests.

fail() { echo "FAIL: $*" >&2; exit 1; }

# run EXPECTED_EXIT ARGS...: runs odpub, keeps stdout/stderr in out.N / err.N (N counts
# calls) and in $OUT / $ERR, and fails when the exit code differs.
_run_n=0
run() {
    local want=$1; shift
    _run_n=$((_run_n + 1))
    OUT="$E2E_OUT/out.$_run_n"; ERR="$E2E_OUT/err.$_run_n"
    local rc=0
    "$ODPUB" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
    if [ "$rc" != "$want" ]; then
        echo "--- odpub $* (exit $rc, wanted $want)" >&2
        echo "--- stdout:" >&2; head -c 3000 "$OUT" >&2
        echo "--- stderr:" >&2; head -c 3000 "$ERR" >&2
        fail "exit $rc, wanted $want: odpub $*"
    fi
}

# expect_in FILE REGEX: the file matches the (extended) regex.
expect_in() { grep -Eq -- "$2" "$1" || { echo "--- $1:" >&2; head -c 2000 "$1" >&2; fail "'$2' not in $1"; }; }
# expect_not_in FILE FIXED: the file does not contain the fixed string.
expect_not_in() { if grep -Fq -- "$2" "$1"; then fail "'$2' found in $1"; fi; }
# expect_no_path PATH: nothing exists at PATH.
expect_no_path() { if [ -e "$1" ] || [ -L "$1" ]; then fail "$1 exists"; fi; }
# no_canary STRING PATH...: STRING appears in no file under the paths.
no_canary() {
    local c=$1; shift
    if grep -rFl -- "$c" "$@" >/dev/null 2>&1; then
        fail "canary '$c' leaked into: $(grep -rFl -- "$c" "$@" | tr '\n' ' ')"
    fi
}
# The pseudonym key used by tests (32+ bytes), in a 0600 file.
test_key() {
    printf 'test-pseudonym-key-0123456789abcdef\n' > "$E2E_OUT/pseudo.key"
    chmod 600 "$E2E_OUT/pseudo.key"
    echo "$E2E_OUT/pseudo.key"
}
