# Archive rules of the shared reader (lib/bag/pkgread.c) as verify applies them:
#  - entry modes: a setuid or world-writable entry is refused, signed or not; an odpub
#    package whose modes are not 0644/0755 fails (issue 21.7);
#  - with --pubkey an archive needs its detached .minisig (exit 1 without it); --bag-only
#    keeps checking only the signature inside the bag (a warning) (21.7);
#  - the detached signature is checked before anything of the archive is parsed: an
#    unreadable archive or a bomb with a wrong .minisig fails on the signature alone (21.9);
#  - a bomb under 256 MiB is refused at its header, before it is inflated (21.10);
#  - a corrupt archive is exit 1 "verification failed" in every format, one message with
#    the path once (issue 20.3).
PY=/usr/bin/python3
printf 'id,v\n1,a\n2,b\n3,c\n' > d.csv
cat > p.yaml <<'Y'
odpub: 1
name: rules
dataset:
  title: "Rules"
  agency: "Test agency"
  license: "CC0-1.0"
columns:
  id: {action: keep, type: integer}
  v: {action: keep}
Y
run 0 keygen k -W
export SOURCE_DATE_EPOCH=1700000000
for f in zip tar.gz tar.zst; do
    run 0 release d.csv --policy p.yaml -o "pkg.$f" -f "$f" -k k.key
    run 0 verify "pkg.$f" --pubkey k.pub
done

# --- modes: the data file made setuid + world-writable, the archive rebuilt unsigned ---
$PY - <<'G'
import io, tarfile, zipfile
z = zipfile.ZipFile("pkg.zip")
def rebuild(name, mode_of):
    with zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as out:
        for i in z.infolist():
            n = zipfile.ZipInfo(i.filename, i.date_time); n.create_system = 3
            n.external_attr = mode_of(i) << 16; n.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(n, z.read(i))
keep = lambda i: i.external_attr >> 16
rebuild("same.zip", keep)
rebuild("suid.zip", lambda i: 0o106777 if i.filename.endswith(".csv") and "/data/" in i.filename else keep(i))
rebuild("ww.zip", lambda i: 0o100646 if i.filename.endswith("bag-info.txt") else keep(i))
rebuild("odd.zip", lambda i: 0o100600 if i.filename.endswith("bag-info.txt") else keep(i))
t = tarfile.open("pkg.tar.gz")
ms = [(m, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()]
with tarfile.open("suid.tar.gz", "w:gz", format=tarfile.PAX_FORMAT) as out:
    for m, d in ms:
        if m.name.endswith(".csv"):
            m.mode = 0o4755
        out.addfile(m, io.BytesIO(d) if d is not None else None)
G
run 0 verify same.zip --pubkey k.pub --bag-only        # the rebuild alone changes nothing
expect_in "$ERR" "warning: no detached .minisig beside the archive.*--bag-only"
for a in suid.zip ww.zip suid.tar.gz; do
    run 1 verify "$a" --pubkey k.pub --bag-only
    expect_in "$ERR" "^odpub: $a: archive entry refused: (setuid, setgid or sticky mode|mode [0-7]+ is writable by anyone)"
    run 1 verify "$a" --unsigned
    expect_in "$ERR" "archive entry refused"
done
run 1 verify odd.zip --pubkey k.pub --bag-only
expect_in "$ERR" "^odpub: odd.zip: 1 entries have modes other than 0644/0755"

# --- --pubkey needs the detached signature; --bag-only does not ---
cp pkg.zip nosig.zip
run 1 verify nosig.zip --pubkey k.pub
expect_in "$ERR" "^odpub: nosig.zip: no detached .minisig beside the archive"
expect_in "$OUT" "^verification FAILED$"
run 1 verify nosig.zip --pubkey k.pub --json
expect_in "$OUT" '"check": "archive-signature"'
run 0 verify nosig.zip --pubkey k.pub --bag-only
run 0 verify nosig.zip --unsigned

# --- the signature before parsing: garbage and a bomb with a .minisig of another archive ---
head -c 5000 /dev/urandom > junk.zip
cp pkg.zip.minisig junk.zip.minisig
run 1 verify junk.zip --pubkey k.pub
expect_in "$ERR" "^odpub: junk.zip: detached signature \(.minisig\) does not verify"
expect_not_in "$ERR" "not a readable"
head -c $((200 << 20)) /dev/zero | tr '\0' a > big.csv
$PY - <<'G'
import zipfile
with zipfile.ZipFile("bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.write("big.csv", "rules-2023-11-14/data/rules.csv")
G
rm big.csv
cp pkg.zip.minisig bomb.zip.minisig
run 1 verify bomb.zip --pubkey k.pub
expect_in "$ERR" "^odpub: bomb.zip: detached signature \(.minisig\) does not verify"
expect_not_in "$ERR" "ratio"

# --- a bomb under 256 MiB (200 MiB of 'a', about 1000:1) refused at its header ---
/usr/bin/time -f '%e %M' -o t.bomb "$ODPUB" verify bomb.zip --unsigned >out.bomb 2>err.bomb && fail "bomb accepted"
expect_in err.bomb "^odpub: bomb.zip: archive refused: compression ratio over 256:1"
read -r secs rss < <(tail -n 1 t.bomb)
awk -v s="$secs" 'BEGIN { exit !(s < 2.0) }' || fail "bomb took $secs s: inflated before refused?"

# --- a corrupt archive: exit 1 in every format, one message naming the path once ---
for f in zip tar.gz tar.zst; do
    for sig in with without; do
        cp "pkg.$f" "c-$sig.$f"
        [ "$sig" = with ] && cp "pkg.$f.minisig" "c-$sig.$f.minisig"
        size=$(stat -c %s "c-$sig.$f")
        # flip a byte: in the middle (the detached signature catches any byte), or without
        # it in the magic (a tar.zst's skippable padding is covered by no signature)
        at=$((size / 2)); [ "$sig" = without ] && at=1
        $PY -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[int(sys.argv[2])] ^= 0x55; open(p, "wb").write(b)' "c-$sig.$f" "$at"
        extra=(); [ "$sig" = without ] && extra=(--bag-only)
        run 1 verify "c-$sig.$f" --pubkey k.pub "${extra[@]}"
        [ "$(grep -vc "^odpub: warning:" "$ERR")" = 1 ] || { cat "$ERR" >&2; fail "c-$sig.$f: more than one error line"; }
        [ "$(grep -o "c-$sig\.$f" "$ERR" | wc -l)" = 1 ] || fail "c-$sig.$f: path not printed once"
        expect_in "$OUT" "^verification FAILED$"
        # truncated too
        head -c $((size * 2 / 3)) "pkg.$f" > "t-$sig.$f"
        [ "$sig" = with ] && cp "pkg.$f.minisig" "t-$sig.$f.minisig"
        run 1 verify "t-$sig.$f" --pubkey k.pub "${extra[@]}"
        [ "$(grep -vc "^odpub: warning:" "$ERR")" = 1 ] || { cat "$ERR" >&2; fail "t-$sig.$f: more than one error line"; }
    done
done
# unusable input stays exit 2
run 2 verify missing.zip --pubkey k.pub
run 2 verify pkg.zip --pubkey missing.pub
echo "verify_archive_rules: modes, detached signature first, bombs at the header, corrupt = exit 1"
