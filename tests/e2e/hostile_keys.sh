# Hostile keys and signatures, and how secrets are held:
# - signing keys (`release --key`): symlink, FIFO, directory, /dev/zero, group- or
#   other-accessible, wrong algorithm ids, truncated, oversized, bad base64;
# - pseudonym keys (policy `keys: file:`): the same file-type and mode rules, short keys;
# - public keys and signatures (`verify --pubkey`): wrong algorithm ids, key id
#   mismatch, truncated and oversized lines and files, missing trusted comment, NUL;
# - keygen never writes through a symlink at NAME.key / NAME.pub;
# - core dumps are off (RLIMIT_CORE 0) before a secret is read and while it is held,
#   odpub starts no child process (so no key reaches a child's environment), and a
#   file: key never shows up in odpub's own environment.
# Each run is bounded by `timeout 60` and a peak-RSS cap. Refusals exit 2 (unusable
# key) or 1 (verification failed) and leave nothing at the output path.
PY=/usr/bin/python3
RSS_CAP=65536   # see hostile_csv.sh: looser under ASan
if nm -D "$ODPUB" 2>/dev/null | grep __asan_init >/dev/null; then RSS_CAP=196608; fi

brun() { # WANT_EXIT ARGS...: run (lib.sh) bounded in time and memory
    local want=$1 rc=0 rss; shift
    _run_n=$((_run_n + 1))
    OUT="$E2E_OUT/out.$_run_n"; ERR="$E2E_OUT/err.$_run_n"; TIM="$E2E_OUT/time.$_run_n"
    timeout 60 /usr/bin/time -f %M -o "$TIM" "$ODPUB" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
    [ "$rc" != 124 ] || fail "timed out: odpub $*"
    if [ "$rc" != "$want" ]; then
        head -c 2000 "$ERR" >&2
        fail "exit $rc, wanted $want: odpub $*"
    fi
    rss=$(tail -n 1 "$TIM")
    [ "$rss" -lt "$RSS_CAP" ] || fail "peak RSS $rss KB over $RSS_CAP KB: odpub $*"
}

printf 'a,b\nCANARY-KEYS-1,2\nCANARY-KEYS-3,4\n' > data.in.csv
cat > pol.yaml <<'P'
odpub: 1
name: hostile-keys
dataset: {title: "t", agency: "a"}
default: drop
columns:
  a: {action: drop}
  b: {action: keep}
P
run 0 keygen sk -W
run 0 release data.in.csv --policy pol.yaml -o pkg --key sk.key
run 0 verify pkg --pubkey sk.pub

# --- signing keys: file type and mode
sk_bad() { # KEYFILE REGEX
    rm -rf out-sk
    brun 2 release data.in.csv --policy pol.yaml -o out-sk --key "$1"
    expect_in "$ERR" "^odpub: $2"
    expect_no_path out-sk
}
ln -s sk.key link.key
mkfifo fifo.key
mkdir dir.key
for m in 640 604 620 602 700 611; do cp sk.key "m$m.key"; chmod "$m" "m$m.key"; done
sk_bad link.key "link\.key: secret key file is a symbolic link: refusing to follow it"
sk_bad fifo.key "fifo\.key: secret key is not a regular file"
sk_bad dir.key "dir\.key: secret key is not a regular file"
sk_bad /dev/zero "/dev/zero: secret key is not a regular file"
for m in 640 604 620 602 611; do
    sk_bad "m$m.key" "m$m\.key: secret key file is accessible by group or others \(run chmod 600 on it\)"
done
rm -rf out-sk
brun 0 release data.in.csv --policy pol.yaml -o out-sk --key m700.key   # owner bits only: fine

# --- signing keys: contents
$PY - <<'G'
import base64, os
l = open("sk.key").read().split("\n")
raw = bytearray(base64.b64decode(l[1]))
def w(name, text):
    open(name, "w").write(text); os.chmod(name, 0o600)
def wr(name, r):
    w(name, l[0] + "\n" + base64.b64encode(bytes(r)).decode() + "\n")
for name, off, val in [("alg-ED", 0, b"ED"), ("alg-XX", 0, b"XX"), ("alg-zero", 0, b"\0\0"),
                       ("kdf-XX", 2, b"Xc"), ("chk-XX", 4, b"XX")]:
    r = bytearray(raw); r[off:off + 2] = val; wr(name + ".key", r)
wr("trunc.key", raw[:100])
wr("trunc1.key", raw[:-1])
wr("long.key", raw + b"\0" * 10)
w("big.key", l[0] + "\n" + "A" * (10 << 20) + "\n")
w("empty.key", "")
w("oneline.key", l[0] + "\n")
w("badb64.key", l[0] + "\n" + l[1][:-4] + "!!!!\n")
w("nocomment.key", l[1] + "\n" + l[1] + "\n")
G
sk_bad alg-ED.key "alg-ED\.key:2:1: unsupported secret key algorithm"
sk_bad alg-XX.key "alg-XX\.key:2:1: unsupported secret key algorithm"
sk_bad alg-zero.key "alg-zero\.key:2:1: unsupported secret key algorithm"
sk_bad kdf-XX.key "kdf-XX\.key:2:1: unsupported secret key encryption \(key derivation\) algorithm"
sk_bad chk-XX.key "chk-XX\.key:2:1: unsupported secret key checksum algorithm"
sk_bad trunc.key "trunc\.key:2:1: secret key line is not 212 base64 characters encoding 158 bytes"
sk_bad trunc1.key "trunc1\.key:2:1: secret key line is not 212 base64 characters"
sk_bad long.key "long\.key:2:1: secret key line is not 212 base64 characters"
sk_bad badb64.key "badb64\.key:2:1: secret key line is not 212 base64 characters"
sk_bad big.key "big\.key: secret key file is too large to be a minisign key"
sk_bad empty.key "empty\.key:1:1: secret key file is empty"
sk_bad oneline.key "oneline\.key:2:1: secret key line missing: file truncated"
sk_bad nocomment.key "nocomment\.key:1:1: "

# --- pseudonym keys named by a policy (keys: file:PATH)
ps_pol() { # NAME PATH: writes ps-NAME.yaml using the key file PATH
    cat > "ps-$1.yaml" <<P
odpub: 1
name: hostile-keys
dataset: {title: "t", agency: "a"}
keys:
  pseudonym: file:$2
default: drop
columns:
  a: {action: pseudonymize}
  b: {action: keep}
P
}
ps_bad() { # NAME PATH REGEX
    ps_pol "$1" "$2"
    rm -rf "out-ps-$1"
    brun 2 release data.in.csv --policy "ps-$1.yaml" -o "out-ps-$1"
    expect_in "$ERR" "^odpub: ps-$1\.yaml:5:3: $3"
    expect_no_path "out-ps-$1"
}
pk=$(test_key)
cp "$pk" pk.key
ps_pol ok pk.key
brun 0 release data.in.csv --policy ps-ok.yaml -o out-ps-ok
ln -s pk.key pklink.key
mkfifo pkfifo.key
mkdir pkdir.key
cp pk.key pk640.key; chmod 640 pk640.key
cp pk.key pk604.key; chmod 604 pk604.key
cp pk.key pk660.key; chmod 660 pk660.key
printf 'short\n' > pkshort.key; chmod 600 pkshort.key
printf '0123456789012345678901234567890\n' > pk31.key; chmod 600 pk31.key
: > pkempty.key; chmod 600 pkempty.key
head -c 10485760 /dev/zero | tr '\0' k > pkbig.key; chmod 600 pkbig.key
ps_bad link pklink.key "key file '\./pklink\.key' is a symbolic link"
ps_bad fifo pkfifo.key "key file '\./pkfifo\.key' is not a regular file"
ps_bad dir pkdir.key "key file '\./pkdir\.key' is not a regular file"
ps_bad zero /dev/zero "key file '/dev/zero' is not a regular file"
ps_bad 640 pk640.key "key file '\./pk640\.key' is accessible by group or others \(mode 640\)"
ps_bad 604 pk604.key "key file '\./pk604\.key' is accessible by group or others \(mode 604\)"
ps_bad 660 pk660.key "key file '\./pk660\.key' is accessible by group or others \(mode 660\)"
ps_bad short pkshort.key "key 'file:pkshort\.key' is shorter than 32 bytes"
ps_bad 31 pk31.key "key 'file:pk31\.key' is shorter than 32 bytes"
ps_bad empty pkempty.key "key 'file:pkempty\.key' is shorter than 32 bytes"
ps_bad big pkbig.key "key file '\./pkbig\.key' is larger than 65536 bytes"

# --- public keys
$PY - <<'G'
import base64
pub = open("sk.pub").read().split("\n")
raw = bytearray(base64.b64decode(pub[1]))
def w(name, text): open(name, "w").write(text)
def wr(name, r): w(name, pub[0] + "\n" + base64.b64encode(bytes(r)).decode() + "\n")
for name, val in [("alg-ED", b"ED"), ("alg-XX", b"XX"), ("alg-zero", b"\0\0")]:
    r = bytearray(raw); r[0:2] = val; wr(name + ".pub", r)
r = bytearray(raw); r[2] ^= 1; wr("keyid.pub", r)
r = bytearray(raw); r[20] ^= 1; wr("pk.pub", r)
wr("trunc.pub", raw[:30]); wr("long.pub", raw + b"\0\0\0")
w("big.pub", pub[0] + "\n" + "A" * (10 << 20) + "\n")
w("empty.pub", "")
w("oneline.pub", pub[0] + "\n")
G
pub_bad() { # PUBFILE WANT_EXIT REGEX
    brun "$2" verify pkg --pubkey "$1"
    expect_in "$ERR" "^odpub: $3"
}
pub_bad alg-ED.pub 2 "alg-ED\.pub:2:1: unsupported public key algorithm"
pub_bad alg-XX.pub 2 "alg-XX\.pub:2:1: unsupported public key algorithm"
pub_bad alg-zero.pub 2 "alg-zero\.pub:2:1: unsupported public key algorithm"
pub_bad trunc.pub 2 "trunc\.pub:2:1: public key line is not 56 base64 characters encoding 42 bytes"
pub_bad long.pub 2 "long\.pub:2:1: public key line is not 56 base64 characters"
pub_bad big.pub 2 "big\.pub: file larger than the limit of 8192 bytes"
pub_bad empty.pub 2 "empty\.pub:1:1: public key line missing: file truncated"
pub_bad oneline.pub 2 "oneline\.pub:2:1: public key line missing: file truncated"
pub_bad keyid.pub 1 "pkg/tagmanifest-sha256\.txt\.minisig: signature does not verify: signature key id [0-9A-F]{16} does not match the public key id"
pub_bad pk.pub 1 "pkg/tagmanifest-sha256\.txt\.minisig: signature does not verify: signature verification failed"
pub_bad dir.key 2 "dir\.key: cannot read: Is a directory"
# a public key may come through a pipe (process substitution): not a secret
brun 0 verify pkg --pubkey <(cat sk.pub)

# --- signatures: each variant replaces the package's tagmanifest-sha256.txt.minisig
$PY - <<'G'
import base64, shutil
sig = open("pkg/tagmanifest-sha256.txt.minisig").read().split("\n")
s2 = bytearray(base64.b64decode(sig[1])); s4 = base64.b64decode(sig[3])
b = lambda x: base64.b64encode(bytes(x)).decode()
cases = []
def ws(name, text):
    shutil.copytree("pkg", "sig-" + name)
    open("sig-%s/tagmanifest-sha256.txt.minisig" % name, "w").write(text)
def l2(r): return "\n".join([sig[0], b(r), sig[2], sig[3]]) + "\n"
ws("trunc-line2", l2(s2[:40]))
ws("trunc1-line2", l2(s2[:-1]))
ws("long-line2", l2(s2 + b"\0" * 8))
ws("trunc-file", open("pkg/tagmanifest-sha256.txt.minisig").read()[:100])
ws("two-lines", "\n".join(sig[:2]) + "\n")
ws("three-lines", "\n".join(sig[:3]) + "\n")
ws("empty", "")
ws("big", sig[0] + "\n" + "A" * (10 << 20) + "\n" + sig[2] + "\n" + sig[3] + "\n")
ws("big-trusted", sig[0] + "\n" + sig[1] + "\ntrusted comment: " + "c" * (10 << 20) + "\n" + sig[3] + "\n")
ws("big-untrusted", "untrusted comment: " + "u" * (1 << 20) + "\n" + "\n".join(sig[1:]))
for name, val in [("alg-XX", b"XX"), ("alg-Ed", b"Ed"), ("alg-zero", b"\0\0")]:
    r = bytearray(s2); r[0:2] = val; ws(name, l2(r))
r = bytearray(s2); r[3] ^= 1; ws("keyid", l2(r))
r = bytearray(s2); r[40] ^= 1; ws("sigbit", l2(r))
ws("trunc-global", "\n".join([sig[0], sig[1], sig[2], b(s4[:32])]) + "\n")
ws("long-global", "\n".join([sig[0], sig[1], sig[2], b(s4 + b"\0" * 4)]) + "\n")
ws("no-trusted", "\n".join([sig[0], sig[1], sig[3]]) + "\n")
ws("trusted-changed", "\n".join([sig[0], sig[1], sig[2] + " x", sig[3]]) + "\n")
ws("nul", "\n".join([sig[0], sig[1], sig[2] + "\0x", sig[3]]) + "\n")
ws("no-untrusted", "\n".join(["x" + sig[0]] + sig[1:]))
G
sig_bad() { # NAME REGEX: verify finds the signature bad (exit 1) and says why
    brun 1 verify "sig-$1" --pubkey sk.pub
    expect_in "$ERR" "^odpub: sig-$1/tagmanifest-sha256\.txt\.minisig: signature does not verify: $2"
}
sig_bad trunc-line2 "signature line is not 100 base64 characters encoding 74 bytes"
sig_bad trunc1-line2 "signature line is not 100 base64 characters"
sig_bad long-line2 "signature line is not 100 base64 characters"
sig_bad trunc-file "signature line is not 100 base64 characters"
sig_bad two-lines "trusted comment missing: file truncated"
sig_bad three-lines "global signature line missing|file truncated"
sig_bad empty "signature file is empty"
sig_bad big "signature file too large \(more than 16384 bytes\)"
sig_bad big-trusted "signature file too large \(more than 16384 bytes\)"
sig_bad big-untrusted "signature file too large \(more than 16384 bytes\)"
sig_bad alg-XX "unsupported signature algorithm"
sig_bad alg-zero "unsupported signature algorithm"
sig_bad alg-Ed "signature verification failed"
sig_bad keyid "signature key id [0-9A-F]{16} does not match the public key id"
sig_bad sigbit "signature verification failed"
sig_bad trunc-global "global signature line is not 88 base64 characters encoding 64 bytes"
sig_bad long-global "global signature line is not 88 base64 characters"
sig_bad no-trusted "line 3 does not start with 'trusted comment: '"
sig_bad trusted-changed "comment signature verification failed|global signature"
sig_bad nul "NUL byte in the middle of a line"
sig_bad no-untrusted "line 1 does not start with 'untrusted comment: '"

# --- keygen never writes through a symlink at its output paths
echo victim > victim.txt
ln -s victim.txt kl.key
run 2 keygen kl -W
expect_in "$ERR" "kl\.key: already exists"
run 0 keygen kl -W --force
[ "$(cat victim.txt)" = victim ] || fail "keygen wrote through a symlink"
[ -f kl.key ] && [ ! -L kl.key ] || fail "kl.key is still a symlink"
ln -s victim.txt kp.pub
run 0 keygen kp -W --force
[ "$(cat victim.txt)" = victim ] || fail "keygen wrote through the .pub symlink"
ln -s victim.txt ps.key
run 0 keygen --pseudonym ps.key --force
[ "$(cat victim.txt)" = victim ] || fail "keygen --pseudonym wrote through a symlink"
[ "$(stat -c %a ps.key)" = 600 ] || fail "ps.key mode"

# --- core dumps off before a secret is read; no child process
# (run with a raised soft core limit so that lowering it is odpub's doing)
if command -v strace >/dev/null; then
    # (LeakSanitizer cannot run under ptrace: no leak check in the traced runs)
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    ( ulimit -S -c unlimited 2>/dev/null || true
      strace -f -qq -e trace=openat,open,setrlimit,prlimit64,execve,execveat,clone,clone3,fork,vfork \
          -o st-sk.txt "$ODPUB" release data.in.csv --policy ps-ok.yaml -o out-st --key sk.key \
          >/dev/null 2>st-sk.err ) || true
    [ -d out-st ] || { cat st-sk.err >&2; fail "strace'd release failed"; }
    for k in sk.key pk.key; do
        kl=$(grep -n "open.*\"[^\"]*$k\"" st-sk.txt | head -n 1 | cut -d: -f1)
        cl=$(grep -n 'RLIMIT_CORE, *{rlim_cur=0' st-sk.txt | head -n 1 | cut -d: -f1)
        [ -n "$kl" ] || fail "strace: $k never opened"
        [ -n "$cl" ] && [ "$cl" -lt "$kl" ] || fail "core dumps not disabled before $k was opened"
    done
    [ "$(grep -c 'execve' st-sk.txt)" = 1 ] || { grep execve st-sk.txt >&2; fail "odpub started a child process"; }
    # threads (the writer thread) are fine; a fork is not
    if grep -E '(^| )(fork|vfork)\(|clone\([^)]*SIGCHLD' st-sk.txt >/dev/null; then
        fail "odpub forked"
    fi
    for cmd in "verify pkg --pubkey sk.pub" "keygen st -W"; do
        # shellcheck disable=SC2086
        strace -f -qq -e trace=execve,execveat -o st-cmd.txt "$ODPUB" $cmd >/dev/null 2>&1 || true
        [ "$(grep -c execve st-cmd.txt)" = 1 ] || fail "odpub $cmd started a child process"
    done
    export ASAN_OPTIONS="${ASAN_OPTIONS%detect_leaks=0}"
fi

# A release blocked on a FIFO input holds the pseudonym key: its soft core limit is 0
# and its environment has no key bytes (the key came from a file:).
mkfifo in.fifo
( ulimit -S -c unlimited 2>/dev/null || true
  exec "$ODPUB" release in.fifo --policy ps-ok.yaml -o out-fifo >fifo.out 2>fifo.err ) &
pid=$!
for _ in $(seq 50); do
    if grep -q 'Max core file size' "/proc/$pid/limits" 2>/dev/null &&
       [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(readlink -f "$ODPUB")" ] &&
       grep -q 'RLIMIT\|.' "/proc/$pid/limits" &&
       [ "$(awk '/Max core file size/ {print $5}' "/proc/$pid/limits")" = 0 ]; then
        break
    fi
    sleep 0.1
done
core=$(awk '/Max core file size/ {print $5}' "/proc/$pid/limits")
tr '\0' '\n' < "/proc/$pid/environ" > fifo.environ.scratch
printf 'a,b\nCANARY-KEYS-5,6\n' > in.fifo
wait "$pid" || fail "release from a FIFO failed: $(cat fifo.err)"
[ "$core" = 0 ] || fail "core dumps allowed (soft limit $core) while the pseudonym key is loaded"
if grep -F "$(cat pk.key)" fifo.environ.scratch >/dev/null; then fail "key bytes in odpub's environment"; fi
rm -f fifo.environ.scratch
