# The signing key is loaded (and an encrypted key's scrypt run) once per release, not
# once for the bag and again for the archive: with minisign's default (SENSITIVE) limits,
# a .tar.zst release costs about the CPU time of a directory release, not twice it.
# (CPU time, not wall time: the machine may be shared.)
printf 'a passphrase\n' > pass.txt
run 0 keygen enc --passphrase-file pass.txt
printf 'id,v\n1,a\n2,b\n' > d.csv
cat > p.yaml <<'Y'
odpub: 1
name: keyonce
dataset:
  title: "Key once"
  agency: "Test agency"
  license: "CC0-1.0"
columns:
  id: {action: keep}
  v: {action: keep}
Y
cpu() { # FORMAT: user+sys seconds of one release
    /usr/bin/time -f '%U %S' -o "time.$1" "$ODPUB" release d.csv --policy p.yaml -o "o.$1" \
        -f "$1" --key enc.key --passphrase-file pass.txt >/dev/null 2>"err.$1" ||
        { cat "err.$1" >&2; fail "release -f $1"; }
    awk '{print $1 + $2}' "time.$1"
}
dir=$(cpu dir)
tzst=$(cpu tar.zst)
zip=$(cpu zip)
echo "cpu seconds: dir $dir, tar.zst $tzst, zip $zip"
for t in "$tzst" "$zip"; do
    awk -v a="$t" -v d="$dir" 'BEGIN { exit !(a < 1.5 * d + 0.3) }' ||
        fail "an archive release took $t s of CPU against $dir s for a directory: key loaded twice?"
done
run 0 verify o.tar.zst --pubkey enc.pub
run 0 verify o.zip --pubkey enc.pub
