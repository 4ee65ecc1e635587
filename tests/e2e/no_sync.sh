# --no-sync: a release that calls no fsync, fdatasync, syncfs, sync or sync_file_range
# at all (seen by an LD_PRELOAD shim), for a directory package and an archive, with the
# same bytes as the durable release (which does sync: the shim sees it, so the count
# means something). A directory package's data file is written with O_DIRECT either way;
# an archive's staging copy, read back at once, through the page cache.
# The input is large enough (~50 MB) for the data file's periodic fdatasync (every 8 MiB
# of output, lib/common/out.c) to run in the durable release.
cat > syncount.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Appends NAME to $SYNC_LOG, then calls the real function. */
static void note(const char *name)
{
    const char *p = getenv("SYNC_LOG");
    int fd;

    if (p == NULL || (fd = open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644)) < 0) {
        return;
    }
    if (write(fd, name, strlen(name)) < 0 || write(fd, "\n", 1) < 0) {
        /* counted or not: the test then fails on the count */
    }
    close(fd);
}
int fsync(int fd) { note("fsync"); return ((int (*)(int))dlsym(RTLD_NEXT, "fsync"))(fd); }
int fdatasync(int fd) { note("fdatasync"); return ((int (*)(int))dlsym(RTLD_NEXT, "fdatasync"))(fd); }
int syncfs(int fd) { note("syncfs"); return ((int (*)(int))dlsym(RTLD_NEXT, "syncfs"))(fd); }
void sync(void) { note("sync"); ((void (*)(void))dlsym(RTLD_NEXT, "sync"))(); }
int sync_file_range(int fd, off_t off, off_t n, unsigned int fl)
{
    note("sync_file_range");
    return ((int (*)(int, off_t, off_t, unsigned int))dlsym(RTLD_NEXT, "sync_file_range"))(fd, off, n, fl);
}
/* O_DIRECT asked for (logged as "o_direct", not counted as a sync by the tests) */
static int fcntl_any(const char *name, int fd, int cmd, va_list ap)
{
    long arg = va_arg(ap, long);

    if (cmd == F_SETFL && (arg & O_DIRECT) != 0) {
        note("o_direct");
    }
    return ((int (*)(int, int, ...))dlsym(RTLD_NEXT, name))(fd, cmd, arg);
}
int fcntl(int fd, int cmd, ...) { va_list ap; int r; va_start(ap, cmd); r = fcntl_any("fcntl", fd, cmd, ap); va_end(ap); return r; }
int fcntl64(int fd, int cmd, ...) { va_list ap; int r; va_start(ap, cmd); r = fcntl_any("fcntl64", fd, cmd, ap); va_end(ap); return r; }
C
cc -shared -fPIC -O2 -o syncount.so syncount.c -ldl
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
./gen311 -s 5 80000 > big.in.csv
export ODPUB_BENCH_KEY='bench-hmac-key-0123456789abcdef!' SOURCE_DATE_EPOCH=1795392000
pol="$SRCDIR/bench/reference.yaml"
# an ASan build wants its runtime first in the library list; the shim only wraps libc
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

# counted ARGS...: runs odpub under the shim; prints how many sync calls it made
# (sync.log keeps every line, o_direct among them)
counted() {
    rm -f sync.log
    SYNC_LOG="$E2E_OUT/sync.log" LD_PRELOAD="$E2E_OUT/syncount.so" run 0 "$@"
    if [ -f sync.log ]; then grep -cvx o_direct sync.log || true; else echo 0; fi
}

n=$(counted release big.in.csv --policy "$pol" -o durable.dir)
[ "$n" -gt 10 ] || fail "the durable release made only $n sync calls (the shim is not counting)"
grep -qx fdatasync sync.log || fail "no periodic fdatasync of the data file in the durable release"
grep -qx o_direct sync.log || fail "the durable release did not write its data file with O_DIRECT"
n=$(counted release big.in.csv --policy "$pol" -o fast.dir --no-sync)
[ "$n" = 0 ] || fail "--no-sync release made $n sync calls: $(sort sync.log | uniq -c | tr '\n' ' ')"
# a --no-sync directory package still skips the page cache (docs/PERFORMANCE.md, round 11)
grep -qx o_direct sync.log 2>/dev/null || fail "--no-sync release did not ask for O_DIRECT"
diff -r durable.dir fast.dir >/dev/null || fail "--no-sync changed the package's bytes"
run 0 verify fast.dir --unsigned

# an archive: its staging bag was never synced; now the archive and its directory aren't
n=$(counted release big.in.csv --policy "$pol" -o durable.zip -f zip)
[ "$n" -gt 0 ] || fail "the durable zip release made no sync call"
n=$(counted release big.in.csv --policy "$pol" -o fast.zip -f zip --no-sync)
[ "$n" = 0 ] || fail "--no-sync zip release made $n sync calls"
# an archive's staging copy is read back at once: through the page cache
! grep -qx o_direct sync.log 2>/dev/null || fail "--no-sync zip release staged with O_DIRECT"
cmp durable.zip fast.zip || fail "--no-sync changed the archive's bytes"
run 0 verify fast.zip --unsigned

# the option is listed, and a mistyped one is still refused
run 0 release --help
expect_in "$OUT" '--no-sync'
run 2 release big.in.csv --policy "$pol" -o x.dir --no-sink
expect_no_path x.dir

# the inputs and packages are large: not left for the canary scan to read
rm -rf big.in.csv durable.dir fast.dir durable.zip fast.zip gen311
