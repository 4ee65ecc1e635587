# The installed library: `meson install` puts the shared and static libodp, the public
# headers, odpub.pc, the man page and the bash completion under the prefix; a C program
# builds against it with pkg-config alone, runs a release through the public API and gets
# the same data bytes as the CLI; the shared library exports only odp_ symbols and has a
# SONAME.
# A sanitizer build cannot be loaded into an uninstrumented program, and its UBSan
# diagnostics carry source paths: these checks belong to the plain build.
case $(ldd "$ODPUB" 2>/dev/null) in
    *libasan*|*libubsan*) echo "skip: sanitizer build"; return 0 ;;
esac
command -v pkg-config >/dev/null || fail "pkg-config is not installed"
dest=$E2E_OUT/dest
meson install -C "$BUILDDIR" --no-rebuild --destdir "$dest" --quiet >install.log 2>&1 ||
    { cat install.log >&2; fail "meson install failed"; }
pc=$(find "$dest" -name odpub.pc | head -1)
[ -n "$pc" ] || fail "odpub.pc not installed"
so=$(find "$dest" -name 'libodp.so.0' | head -1)
[ -n "$so" ] || fail "libodp.so.0 (SONAME link) not installed"
find "$dest" -name 'libodp.a' | grep -q . || fail "static libodp.a not installed"
find "$dest" -path '*/include/odp/release.h' | grep -q . || fail "odp/release.h not installed"
find "$dest" -path '*/man1/odpub.1' | grep -q . || fail "man page not installed"
find "$dest" -path '*/bash-completion/completions/odpub' | grep -q . || fail "completion not installed"
find "$dest" -path '*/odpub/policies/nyc-baseline.yaml' | grep -q . || fail "policies not installed"
# the installed docs (tests/e2e/install.sh checks them) quote test canaries: not odpub
# output, so not left for the suite's secrets scan
find "$dest" -type d -path '*/share/doc/odpub' -prune -exec rm -rf {} +
# no internal header is installed
if find "$dest" -path '*/include/*' -name '*.h' | grep -v '/include/odp/' | grep -q .; then
    fail "a header outside odp/ was installed"
fi
readelf -d "$so" | grep -q 'SONAME.*libodp\.so\.0' || fail "no SONAME libodp.so.0"
bad=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^odp_' || true)
[ -z "$bad" ] || fail "non-API symbols exported: $bad"

cat > prog.c <<'C'
#include <stdio.h>
#include <string.h>
#include <odp/release.h>

int
main(int argc, char **argv)
{
    struct odp_release_opts o;
    struct odp_release_result r;
    struct odp_err err;

    if (argc != 4) {
        return 2;
    }
    odp_release_opts_init(&o);
    o.data = argv[1];
    o.policy = argv[2];
    o.out = argv[3];
    odp_err_clear(&err);
    memset(&r, 0, sizeof(r));
    if (odp_release(&o, &r, &err) != ODP_OK) {
        fprintf(stderr, "prog: %s:%llu:%llu: %s\n", err.path, (unsigned long long)err.line,
                (unsigned long long)err.col, err.msg);
        return 1;
    }
    printf("rows_in=%llu rows_out=%llu name=%s\n", (unsigned long long)r.rows_in,
           (unsigned long long)r.rows_out, r.package_name);
    odp_release_result_free(&r);
    return 0;
}
C
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR=$dest
# shellcheck disable=SC2046
cc -std=c17 -Wall -Werror -o prog prog.c $(pkg-config --cflags --libs odpub) ||
    fail "a program does not build against the installed library with pkg-config"
libdir=$(cd "$(dirname "$so")" && pwd)
printf 'id,name,borough\n1,Ann,QUEENS\n2,Bob,BRONX\n' > lib.in.csv
cat > lib.yaml <<'Y'
odpub: 1
name: libtest
dataset: {title: "Library test", agency: "Test agency", license: "CC0-1.0"}
columns:
  id: {action: keep}
  name: {action: drop}
  borough: {action: keep}
Y
export SOURCE_DATE_EPOCH=1795392000
LD_LIBRARY_PATH=$libdir ./prog lib.in.csv lib.yaml pkg-lib >prog.out 2>prog.err ||
    { cat prog.err >&2; fail "the program's release failed"; }
expect_in prog.out 'rows_in=2 rows_out=2 name=libtest-'
linked=$(LD_LIBRARY_PATH=$libdir ldd ./prog)
case $linked in
    *"$libdir/libodp.so.0"*) ;;
    *) fail "prog is not linked to the installed shared library" ;;
esac
run 0 release lib.in.csv --policy lib.yaml -o pkg-cli
cmp pkg-lib/data/libtest.csv pkg-cli/data/libtest.csv || fail "library and CLI releases differ"
expect_not_in pkg-lib/data/libtest.csv Ann
# the error path reaches the caller with file, line and column
printf 'odpub: 1\nname: x\ncolumns:\n  id: {action: nope}\n' > bad.yaml
rc=0
LD_LIBRARY_PATH=$libdir ./prog lib.in.csv bad.yaml pkg-bad >prog.out 2>prog.err || rc=$?
[ "$rc" = 1 ] || fail "bad policy: exit $rc"
expect_in prog.err 'bad.yaml:4:[0-9]+: .*unknown action'
expect_no_path pkg-bad
# the installed tree holds the project's docs, whose examples name test canaries: it is
# not odpub output, so it does not stay for the secrets scan
rm -rf "$dest"
