# A .tar.zst package is spliced from three zstd frames (the tar bytes before the data
# file's contents, the contents compressed while the release wrote them, the tar bytes
# after them) and a skippable frame filling the room the release reserved for the first
# one (or, when the first frame does not fit there, the payload frame is copied into a
# new file: the "wide" case, a policy whose agency name fills bag-info.txt). This checks that the result is exactly the archive stock tools expect:
# it decompresses (zstd, tar) to the same tar stream as the .tar.gz of the same release
# (written the classic way, from the bag on disk), its files equal the directory
# release's, it verifies with odpub and minisign, and it is reproducible. Also for an
# empty data file and for a data file larger than the writer's buffers.
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
./gen311 -s 5 9000 > big.in.csv           # ~5.6 MB: several 1 MiB output buffers
head -1 big.in.csv > empty.in.csv           # a header only: zero rows
cp big.in.csv wide.in.csv
export ODPUB_BENCH_KEY='bench-hmac-key-0123456789abcdef!'
export SOURCE_DATE_EPOCH=1795392000
# 9000 characters that zstd cannot shrink below the 4096-byte reserve
agency=$(head -c 6750 /dev/urandom | base64 -w0 | tr '+/' 'xy')
sed "0,/^  agency: /s|^  agency: .*|  agency: \"$agency\"|" "$SRCDIR/bench/reference.yaml" > wide.in.yaml
grep -q "$agency" wide.in.yaml || fail "wide.in.yaml: agency not replaced"
run 0 keygen tz -W

for in in big empty wide; do
    pol="$SRCDIR/bench/reference.yaml"
    [ "$in" != wide ] || pol=wide.in.yaml
    mkdir -p "$in"
    for fmt in dir tar.gz tar.zst; do
        run 0 release "$in.in.csv" --policy "$pol" -o "$in/o.$fmt" -f "$fmt" --key tz.key
    done
    # nothing but the package and its signature
    [ "$(ls -A "$in" | sort | tr '\n' ' ')" = "o.dir o.tar.gz o.tar.gz.minisig o.tar.zst o.tar.zst.minisig " ] ||
        fail "$in: unexpected entries: $(ls -A "$in" | tr '\n' ' ')"

    frames=$(zstd -lv "$in/o.tar.zst" 2>&1 | sed -n 's/^# Zstandard Frames: //p')
    [ "$frames" = 3 ] || fail "$in: $frames zstd frames, wanted 3 (head, payload, tail)"
    skips=$(zstd -lv "$in/o.tar.zst" 2>&1 | sed -n 's/^# Skippable Frames: //p')
    want=1; [ "$in" != wide ] || want=""   # wide: no reserve used, no skippable frame
    [ "$skips" = "$want" ] || fail "$in: skippable frames '$skips', wanted '$want'"
    zstd -q -dc "$in/o.tar.zst" > "$in/zst.tar" || fail "$in: zstd cannot decompress the package"
    gzip -dc "$in/o.tar.gz" > "$in/gz.tar"
    cmp "$in/zst.tar" "$in/gz.tar" || fail "$in: the .tar.zst's tar stream differs from the .tar.gz's"

    mkdir -p "$in/x"
    tar --zstd -xf "$in/o.tar.zst" -C "$in/x" || fail "$in: tar cannot extract the .tar.zst"
    top=$(ls "$in/x")
    diff -r "$in/o.dir" "$in/x/$top" > "$in/diff.txt" ||
        { cat "$in/diff.txt" >&2; fail "$in: extracted .tar.zst differs from the directory release"; }

    run 0 verify "$in/o.tar.zst" --pubkey tz.pub
    expect_in "$OUT" '^verified: OK'
    minisign -Vm "$in/o.tar.zst" -p tz.pub > /dev/null || fail "$in: minisign rejects the .tar.zst"

    # reproducible: the same release again gives the same bytes
    run 0 release "$in.in.csv" --policy "$pol" -o "$in/again.tar.zst" -f tar.zst --key tz.key
    cmp "$in/o.tar.zst" "$in/again.tar.zst" || fail "$in: .tar.zst not reproducible"
done

# The big payload is really compressed (the middle frame is not stored raw).
zsize=$(stat -c %s big/o.tar.zst)
dsize=$(stat -c %s big/o.dir/data/bench-311.csv)
[ "$zsize" -lt $((dsize / 3)) ] || fail "big: archive $zsize bytes for $dsize bytes of data"
echo "tzst_splice: 3 frames, same tar stream as tar.gz, $dsize -> $zsize bytes"
