# libarchive is loaded on first use (lib/bag/arlib.c): a run that never touches an archive
# does not load it (start-up cost, docs/PERFORMANCE.md), an archive release and verify do,
# and when it cannot be loaded an archive release fails with a clear message, exit 2 (an
# error, not a finding) and no output left, while a directory package still works.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)") SOURCE_DATE_EPOCH=1795392000
data="$SRCDIR/examples/nyc-311-sample.csv"
pol="$SRCDIR/policies/nyc-311.yaml"

# loaded ARGS...: runs odpub (exit 0) with the loader tracing which files it opens;
# prints "yes" when libarchive was among them
loaded() {
    rm -f ld.trace.*
    LD_DEBUG=files LD_DEBUG_OUTPUT="$E2E_OUT/ld.trace" run 0 "$@"
    ls ld.trace.* >/dev/null 2>&1 || fail "LD_DEBUG wrote no trace (odpub $*)"
    if grep -q 'file=libarchive\.so' ld.trace.*; then echo yes; else echo no; fi
}

[ "$(loaded --version)" = no ] || fail "odpub --version loaded libarchive"
[ "$(loaded release "$data" --policy "$pol" -o p.dir)" = no ] ||
    fail "a directory release loaded libarchive"
[ "$(loaded verify p.dir --unsigned)" = no ] || fail "verifying a directory loaded libarchive"
# the trace means something: an archive release and verify do load it
[ "$(loaded release "$data" --policy "$pol" -o p.zip -f zip)" = yes ] ||
    fail "a zip release did not load libarchive (the trace is not showing loads)"
[ "$(loaded verify p.zip --unsigned)" = yes ] || fail "verifying a zip did not load libarchive"
rm -f ld.trace.*

# a machine where libarchive cannot be loaded: a shim makes dlopen of it fail
cat > noarchive.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <string.h>

void *dlopen(const char *file, int mode)
{
    if (file != NULL && strstr(file, "libarchive") != NULL) {
        return NULL;
    }
    return ((void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen"))(file, mode);
}
C
cc -shared -fPIC -O2 -o noarchive.so noarchive.c -ldl
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
for f in zip tar.zst; do
    LD_PRELOAD="$E2E_OUT/noarchive.so" run 2 release "$data" --policy "$pol" -o "q.$f" -f "$f"
    expect_in "$ERR" "q\.$f: .*need libarchive, which could not be loaded"
    expect_in "$ERR" 'libarchive13'
    expect_no_path "q.$f"
    [ -z "$(ls -A . | grep -E '^\.?q\.' || true)" ] || fail "a failed $f release left: $(ls -A | grep -E '^\.?q\.')"
done
LD_PRELOAD="$E2E_OUT/noarchive.so" run 2 verify p.zip --unsigned
expect_in "$ERR" 'need libarchive, which could not be loaded'
# without libarchive, directory packages are whole: release and verify
LD_PRELOAD="$E2E_OUT/noarchive.so" run 0 release "$data" --policy "$pol" -o r.dir
LD_PRELOAD="$E2E_OUT/noarchive.so" run 0 verify r.dir --unsigned
diff -r p.dir r.dir >/dev/null || fail "the directory package differs without libarchive"

# a library under libarchive's name that is not libarchive (an old or broken install):
# loading it works, a function is missing; the error names the first one, exit 2
mkdir -p fakelib
printf 'int not_libarchive(void) { return 0; }\n' > fakelib/fake.c
cc -shared -fPIC -o fakelib/libarchive.so.13 fakelib/fake.c
LD_LIBRARY_PATH="$E2E_OUT/fakelib" run 2 release "$data" --policy "$pol" -o s.zip -f zip
expect_in "$ERR" 's\.zip: .*libarchive\.so\.13 has no symbol archive_entry_clear'
expect_no_path s.zip
LD_LIBRARY_PATH="$E2E_OUT/fakelib" run 2 verify p.zip --unsigned
expect_in "$ERR" 'has no symbol archive_'
