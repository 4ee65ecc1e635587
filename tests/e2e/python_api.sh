# The Python binding (python/odpub) on the built shared library, with Debian's python3:
# release (same bytes as the CLI), errors with file/line/col, audit, verify, init.
# A sanitizer build cannot be loaded into an uninstrumented program, and its UBSan
# diagnostics carry source paths: these checks belong to the plain build.
case $(ldd "$ODPUB" 2>/dev/null) in
    *libasan*|*libubsan*) echo "skip: sanitizer build"; return 0 ;;
esac
so=$BUILDDIR/lib/libodp.so.0
[ -e "$so" ] || fail "no shared library at $so"
PYTHONPATH=$SRCDIR/python ODPUB_LIBRARY=$so SRCDIR=$SRCDIR ODPUB=$ODPUB \
    /usr/bin/python3 "$SRCDIR/tests/python/test_odpub.py" > py.log 2>&1 ||
    { cat py.log >&2; fail "python binding tests failed"; }
grep -q "^OK" py.log || { cat py.log >&2; fail "python tests did not report OK"; }
