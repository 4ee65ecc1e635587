# python3 -m odpub.dask (a partitioned release on Dask distributed) on a LocalCluster of
# two worker processes: byte-identical packages to `odpub release` of the concatenated
# input for 1..4 partitions, k-anonymity across partitions, errors (tests/python/test_dask.py).
# Like python_api.sh: a sanitizer build cannot be loaded into an uninstrumented python3.
case $(ldd "$ODPUB" 2>/dev/null) in
    *libasan*|*libubsan*) echo "skip: sanitizer build"; return 0 ;;
esac
so=$BUILDDIR/lib/libodp.so.0
[ -e "$so" ] || fail "no shared library at $so"
# not a skip: CI installs python3-distributed (scripts/bootstrap --test)
/usr/bin/python3 -c 'import distributed' 2>/dev/null ||
    fail "python3-distributed is missing (apt-get install python3-distributed; scripts/bootstrap --test installs it)"
PYTHONPATH=$SRCDIR/python ODPUB_LIBRARY=$so SRCDIR=$SRCDIR ODPUB=$ODPUB \
    /usr/bin/python3 "$SRCDIR/tests/python/test_dask.py" > py.log 2>&1 ||
    { cat py.log >&2; fail "dask tests failed"; }
grep -q "^OK" py.log || { cat py.log >&2; fail "dask tests did not report OK"; }
grep -q "^Ran [1-9]" py.log || { cat py.log >&2; fail "no dask test ran"; }
