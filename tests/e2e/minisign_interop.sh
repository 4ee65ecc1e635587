# minisign interoperability, both ways, with Debian's minisign 0.11 (apt-get install
# minisign): keys made by odpub sign files that `minisign -V` accepts and that
# `minisign -S` can sign with (plain and scrypt-encrypted); keys made by `minisign -G`
# (plain and encrypted) load in odpub and their signatures verify in odpub.
# Skipped (with a note) when minisign is not installed.
if ! command -v minisign >/dev/null 2>&1; then
    echo "SKIP: minisign not installed (apt-get install minisign)"
    exit 0
fi
T="$BUILDDIR/tests/minisig"
[ -x "$T" ] || fail "test tool $T not built"
printf 'release bytes\nsecond line\n' > data.txt
printf 'release bytes\nsecond line!\n' > tampered.txt
tc=$'timestamp:1700000000\tfile:data.txt\thashed'

# 1. odpub key (unencrypted) -> odpub signature -> minisign -V.
run 0 keygen ok1 -W
"$T" sign ok1.key data.txt "$tc" > data.txt.minisig
minisign -V -p ok1.pub -m data.txt -x data.txt.minisig > v1.out
expect_in v1.out 'Signature and comment signature verified'
expect_in v1.out "Trusted comment: timestamp:1700000000.file:data.txt.hashed"
rc=0; minisign -V -p ok1.pub -m tampered.txt -x data.txt.minisig >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "minisign accepted a tampered file (exit $rc)"
# minisign -P with the .pub's base64 line, and its key id in the .pub comment.
minisign -V -P "$(sed -n 2p ok1.pub)" -m data.txt -x data.txt.minisig -q
id=$(sed -n 's/^key id: *//p' "$OUT")
expect_in ok1.pub "^untrusted comment: minisign public key $id\$"
# minisign signs with an odpub key, odpub verifies.
minisign -S -s ok1.key -m data.txt -x ms1.minisig -t "signed by minisign" </dev/null >/dev/null
"$T" verify ok1.pub data.txt ms1.minisig > t1.out
expect_in t1.out '^signed by minisign$'

# 2. odpub key encrypted with a passphrase (cheap scrypt limits, tests only).
printf 'correct horse\n' > pass.txt
ODPUB_INSECURE_TEST_KDF=1 run 0 keygen oe --passphrase-file pass.txt
"$T" sign oe.key data.txt "$tc" pass.txt > oe.minisig
minisign -V -p oe.pub -m data.txt -x oe.minisig -q
printf 'correct horse\n' | minisign -S -s oe.key -m data.txt -x ms2.minisig >/dev/null 2>&1 \
    || fail "minisign cannot sign with an odpub-encrypted key"
"$T" verify oe.pub data.txt ms2.minisig > t2.out
expect_in t2.out '^timestamp:[0-9]+.file:data.txt.hashed$'
rc=0; "$T" sign oe.key data.txt "$tc" /dev/null > /dev/null 2>wrong.err || rc=$?
[ "$rc" = 2 ] || fail "no passphrase: exit $rc"
printf 'wrong\n' > wrong.txt
rc=0; "$T" sign oe.key data.txt "$tc" wrong.txt > /dev/null 2>wrong.err || rc=$?
[ "$rc" = 2 ] || fail "wrong passphrase: exit $rc"
expect_in wrong.err 'wrong passphrase'

# 3. minisign -G -W key -> minisign -S (prehashed and legacy) -> odpub verifies.
minisign -G -W -p m.pub -s m.key >/dev/null
minisign -S -s m.key -m data.txt -x m.minisig -t "from minisign" >/dev/null
"$T" verify m.pub data.txt m.minisig > t3.out
expect_in t3.out '^from minisign$'
minisign -S -l -s m.key -m data.txt -x m.legacy.minisig >/dev/null
"$T" verify m.pub data.txt m.legacy.minisig > /dev/null
rc=0; "$T" verify m.pub tampered.txt m.minisig >/dev/null 2>t3.err || rc=$?
[ "$rc" = 1 ] || fail "odpub accepted a tampered file (exit $rc)"
rc=0; "$T" verify ok1.pub data.txt m.minisig >/dev/null 2>t3.err || rc=$?
[ "$rc" = 1 ] || fail "odpub accepted another key's signature (exit $rc)"
expect_in t3.err 'does not match the public key id'
# odpub signs with the minisign key; minisign verifies.
chmod 600 m.key
"$T" sign m.key data.txt "$tc" > om.minisig
minisign -V -p m.pub -m data.txt -x om.minisig -q

# 4. minisign -G with a passphrase (libsodium SENSITIVE scrypt: 1 GiB, a few seconds).
printf 'pw\npw\n' | minisign -G -p me.pub -s me.key >/dev/null 2>&1
printf 'pw\n' > pw.txt
"$T" sign me.key data.txt "$tc" pw.txt > me.minisig
minisign -V -p me.pub -m data.txt -x me.minisig -q
