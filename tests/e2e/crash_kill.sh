# Crash-safe writes: `odpub release --key` (directory and .tar.zst) is killed with
# SIGKILL at random moments spread over a whole run (until ODPUB_KILLS runs per
# format, 100 by default, died by the signal: >= 200 kills in all) on a ~3 MB gen311 input. After every kill the output path
# either does not exist or holds a complete package that `odpub verify --pubkey`
# accepts; a detached .minisig never exists without its archive; anything else left in
# the directory is a temp entry named .odpub-tmp-<target>-<pid of the killed run>-XXXXXX.
# The next run into the same directory removes those of dead pids (lib/common/fs.c)
# and never those of a live run.
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
./gen311 -s 5 6000 > data.in.csv
[ "$(stat -c %s data.in.csv)" -gt 2500000 ] || fail "input is not a few MB"
export ODPUB_BENCH_KEY='bench-hmac-key-0123456789abcdef!'
pol="$SRCDIR/bench/reference.yaml"
run 0 keygen ck -W
kills=${ODPUB_KILLS:-100}
RANDOM=4242   # reproducible kill times

now_us() { local t; t=$(date +%s%N); echo $((t / 1000)); }

# check_dir DIR TARGET PID: DIR holds at most TARGET (verified with --pubkey, so with
# its TARGET.minisig), TARGET.minisig (alone after a kill between the renames) and temp entries of runs we killed (PIDS: " pid pid ... "; a run killed
# before its cleanup step leaves the earlier ones); prints the number of temp entries.
check_dir() {
    local dir=$1 target=$2 pid=$3 n=0 e base name p
    base=$(basename "$target")
    for e in "$dir"/* "$dir"/.[!.]*; do
        [ -e "$e" ] || [ -L "$e" ] || continue
        name=$(basename "$e")
        case "$name" in
            "$base") ;;
            # the signature is renamed first: alone, it is a run killed between the two
            # renames (the next run replaces it); an archive never lacks its .minisig
            "$base.minisig") ;;
            .odpub-tmp-"$base"-*-??????|.odpub-tmp-"$base".minisig-*-??????)
                p=${name#.odpub-tmp-"$base".minisig-}; p=${p#.odpub-tmp-"$base"-}; p=${p%-??????}
                case "$PIDS" in *" $p "*) ;; *) fail "temp entry $e of pid $p, not a killed run" ;; esac
                n=$((n + 1)) ;;
            *) fail "unexpected entry $e after killing pid $pid" ;;
        esac
    done
    if [ -e "$target" ] || [ -L "$target" ]; then
        "$ODPUB" verify "$target" --pubkey ck.pub >verify.out 2>verify.err ||
            { cat verify.err >&2; fail "partial package at $target (pid $pid)"; }
    fi
    echo "$n"
}

total=0
PIDS=" "
for fmt in dir tar.zst; do
    ext=$fmt
    d="k-$fmt"
    mkdir -p "$d"
    target="$d/pkg.$ext"
    # full runs give the time scale (the fastest of three)
    dur=0
    for _ in 1 2 3; do
        t0=$(now_us)
        run 0 release data.in.csv --policy "$pol" -o "$target" -f "$fmt" --key ck.key
        t=$(( $(now_us) - t0 ))
        [ "$dur" != 0 ] && [ "$dur" -le "$t" ] || dur=$t
        run 0 verify "$target" --pubkey ck.pub
        rm -rf "$target" "$target.minisig"
    done
    span=$(( dur + 1 ))
    killed=0 complete=0 finished=0 leftovers=0 i=0
    while [ "$killed" -lt "$kills" ]; do
        i=$((i + 1))
        [ "$i" -le $((kills * 4)) ] || fail "$fmt: only $killed kills in $((i - 1)) runs"
        delay=$(( (RANDOM * 32768 + RANDOM) % span ))
        "$ODPUB" release data.in.csv --policy "$pol" -o "$target" -f "$fmt" --key ck.key \
            >/dev/null 2>"kill.err" </dev/null &
        pid=$!
        PIDS="$PIDS$pid "
        sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
        kill -KILL "$pid" 2>/dev/null || true
        rc=0; wait "$pid" 2>/dev/null || rc=$?
        case "$rc" in
            # the kill window follows the run's real length under the current load:
            # shorter after a run that ended first, a little longer after a kill
            0) finished=$((finished + 1)); span=$(( span * 85 / 100 + 1 )) ;;
            137) killed=$((killed + 1)); span=$(( span * 102 / 100 ))
                 [ "$span" -le $((2 * dur)) ] || span=$((2 * dur)) ;;
            *) cat kill.err >&2; fail "release exited $rc (not killed)" ;;
        esac
        n=$(check_dir "$d" "$target" "$pid")
        [ "$n" = 0 ] || leftovers=$((leftovers + 1))
        [ "$n" -le 8 ] || fail "$n temp entries pile up: runs do not clean dead runs' entries"
        if [ -e "$target" ]; then
            [ "$rc" = 0 ] || complete=$((complete + 1))
            rm -rf "$target" "$target.minisig"
        fi
    done
    echo "$fmt: run ${dur} us, $killed killed ($complete of them already complete), $finished finished, $leftovers left temp entries"
    [ "$leftovers" -gt 0 ] || fail "$fmt: no kill left a temp entry (the cleanup is untested)"
    total=$((total + killed))

    # the next complete run into the directory removes every dead run's temp entries
    ls -A "$d" | grep '^\.odpub-tmp-' >/dev/null || {
        # make sure there is at least one to clean: a run killed mid-way
        "$ODPUB" release data.in.csv --policy "$pol" -o "$target" -f "$fmt" --key ck.key >/dev/null 2>&1 &
        pid=$!; sleep "$(printf '0.%06d' $((dur / 2 % 1000000)))"; kill -KILL "$pid"; wait "$pid" 2>/dev/null || true
        rm -rf "$target" "$target.minisig"
    }
    before=$(ls -A "$d" | grep -c '^\.odpub-tmp-' || true)
    run 0 release data.in.csv --policy "$pol" -o "$target" -f "$fmt" --key ck.key
    run 0 verify "$target" --pubkey ck.pub
    left=$(ls -A "$d" | grep -c '^\.odpub-tmp-' || true)
    [ "$left" = 0 ] || fail "$fmt: $left of $before stale temp entries not cleaned by the next run"
    echo "$fmt: the next run removed $before stale temp entries"
done
[ "$total" -ge $((2 * kills)) ] || fail "only $total kills in all"
echo "kills: $total"

# A live run's temp entry is never removed: release A blocks reading a FIFO after it
# made its temp dir; release B into the same target runs to the end meanwhile; A's temp
# dir survives B, then A fails cleanly ("already exists") and removes it itself.
mkdir -p live
mkfifo live/in.fifo
head -n 1 data.in.csv > live/head.in.csv
( exec 3>live/in.fifo; cat live/head.in.csv >&3; sleep 3; tail -n +2 data.in.csv | head -n 100 >&3 ) &
writer=$!
"$ODPUB" release live/in.fifo --policy "$pol" -o live/pkg -f dir >live/a.out 2>live/a.err </dev/null &
a=$!
for _ in $(seq 100); do
    ls -A live | grep "^\.odpub-tmp-pkg-$a-" >/dev/null && break
    sleep 0.02
done
atmp=$(ls -A live | grep "^\.odpub-tmp-pkg-$a-" || true)
[ -n "$atmp" ] || fail "live run A made no temp dir"
run 0 release data.in.csv --policy "$pol" -o live/pkg -f dir
[ -d "live/$atmp" ] || fail "a live run's temp dir was removed by another run"
rc=0; wait "$a" || rc=$?
wait "$writer" || true
[ "$rc" = 2 ] || fail "run A exited $rc, wanted 2"
expect_in live/a.err "live/pkg: .*(already exists|exists)"
[ -z "$(ls -A live | grep '^\.odpub-tmp-' || true)" ] || fail "run A left its temp dir"
run 0 verify live/pkg --unsigned
