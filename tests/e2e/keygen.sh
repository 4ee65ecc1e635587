# odpub keygen: files, modes, overwrite rules, passphrase sources, --json, --pseudonym.
mode() { stat -c %a "$1"; }

run 0 keygen --help
expect_in "$OUT" '^usage: odpub keygen NAME'
run 0 help keygen
expect_in "$OUT" 'passphrase-file'

# Unencrypted pair.
run 0 keygen rel -W
[ "$(mode rel.key)" = 600 ] || fail "rel.key mode $(mode rel.key)"
[ "$(mode rel.pub)" = 644 ] || fail "rel.pub mode $(mode rel.pub)"
expect_in "$OUT" '^secret key: rel.key'
expect_in "$OUT" '^public key: rel.pub'
id=$(sed -n 's/^key id: *//p' "$OUT")
[[ $id =~ ^[0-9A-F]{16}$ ]] || fail "key id '$id'"
expect_in rel.pub "^untrusted comment: minisign public key $id\$"
expect_in rel.pub '^RW[Q-T][A-Za-z0-9+/]{53}$'
[ "$(wc -l < rel.pub)" = 2 ] || fail "rel.pub is not 2 lines"
expect_in rel.key '^untrusted comment: minisign encrypted secret key$'
expect_in rel.key '^RWQAAEIy[A-Za-z0-9+/]{203}=$'
cp rel.pub rel.pub.orig

# No overwrite without --force (neither file changes); --force replaces both.
run 2 keygen rel -W
expect_in "$ERR" 'already exists'
cmp -s rel.pub rel.pub.orig || fail "rel.pub changed without --force"
rm rel.key
run 2 keygen rel -W
expect_in "$ERR" 'rel.pub: already exists'
expect_no_path rel.key
run 0 keygen rel -W --force -c "release key 2026"
cmp -s rel.pub rel.pub.orig && fail "--force did not make a new key"
expect_in rel.key '^untrusted comment: release key 2026$'
[ "$(mode rel.key)" = 600 ] || fail "rel.key mode after --force"

# No terminal and no passphrase option: refused, nothing written.
run 2 keygen nopass
expect_in "$ERR" 'pass -W for an unencrypted key or --passphrase-file'
expect_no_path nopass.key
expect_no_path nopass.pub
run 2 keygen both -W --passphrase-file x
run 2 keygen
run 2 keygen a b -W
run 2 keygen --bogus x

# Passphrase file: encrypted key with minisign's default (SENSITIVE) scrypt limits.
printf 'a passphrase\n' > pass.txt
run 0 keygen enc --passphrase-file pass.txt --json
expect_in "$OUT" '^\{"ok":true,"odpub":"[0-9.]+","secret":"enc.key","public":"enc.pub","key_id":"[0-9A-F]{16}","encrypted":true\}$'
/usr/bin/python3 - <<'PY' || fail "enc.key layout"
import base64, struct
raw = base64.b64decode(open("enc.key").read().split("\n")[1])
assert len(raw) == 158 and raw[:6] == b"EdScB2", raw[:6]
assert struct.unpack("<QQ", raw[38:54]) == (33554432, 1073741824)
PY
# The same through $ODPUB_PASSPHRASE_FILE, and an empty passphrase file refused.
ODPUB_PASSPHRASE_FILE=pass.txt ODPUB_INSECURE_TEST_KDF=1 run 0 keygen enc2
: > empty.txt
run 2 keygen enc3 --passphrase-file empty.txt
expect_in "$ERR" 'passphrase file is empty'
run 2 keygen enc3 --passphrase-file missing.txt
expect_no_path enc3.key
# Errors as JSON.
run 2 keygen rel -W --json
expect_in "$OUT" '^\{"ok":false,"odpub":"[0-9.]+","error":\{"code":"[a-z]+","path":"rel.key"'

# Pseudonym key: 64 hex + newline, mode 0600, no overwrite without --force.
run 0 keygen --pseudonym pseudo.key
[ "$(mode pseudo.key)" = 600 ] || fail "pseudo.key mode $(mode pseudo.key)"
[ "$(wc -c < pseudo.key)" = 65 ] || fail "pseudo.key size"
expect_in pseudo.key '^[0-9a-f]{64}$'
cp pseudo.key pseudo.orig
run 2 keygen --pseudonym pseudo.key
cmp -s pseudo.key pseudo.orig || fail "pseudo.key changed without --force"
run 0 keygen --pseudonym pseudo.key --force
cmp -s pseudo.key pseudo.orig && fail "--force did not make a new pseudonym key"
run 2 keygen --pseudonym p2.key -W
