# A partitioned release (python3 -m odpub.dask's driver, on a LocalCluster of two worker
# processes) with derive: (policies/nyc-dob-approval-steps.yaml on gen311 DOB data, one
# file split in 3 and 3 files): byte-identical to `odpub release` of the whole input,
# report.json's derive counters (rows, empty, negative) added over the partitions; an
# aggregate: policy is refused before any work, naming the policy.
# A sanitizer build cannot be loaded into an uninstrumented python3 (as dask.sh).
case $(ldd "$ODPUB" 2>/dev/null) in
    *libasan*|*libubsan*) echo "skip: sanitizer build"; return 0 ;;
esac
so=$BUILDDIR/lib/libodp.so.0
[ -e "$so" ] || fail "no shared library at $so"
/usr/bin/python3 -c 'import distributed' 2>/dev/null ||
    fail "python3-distributed is missing (apt-get install python3-distributed; scripts/bootstrap --test installs it)"
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
export ODPUB_BENCH_KEY=$ODPUB_PSEUDONYM_KEY
export SOURCE_DATE_EPOCH=1795392000
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
./gen311 -m dob 3000 > dob.csv
{ head -1 dob.csv; sed -n '2,1001p' dob.csv; } > p0.csv
{ head -1 dob.csv; sed -n '1002,2201p' dob.csv; } > p1.csv
{ head -1 dob.csv; sed -n '2202,$p' dob.csv; } > p2.csv
pol=$SRCDIR/policies/nyc-dob-approval-steps.yaml
run 0 release dob.csv --policy "$pol" -o ref
# a file, not stdin: the cluster's worker processes import the main module
cat > part.py <<'PY'
import json, sys
import odpub, odpub.dask
from distributed import Client, LocalCluster

pol, agg = sys.argv[1], sys.argv[2]
if __name__ == "__main__":
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    client = Client(cluster)
    try:
        rep = odpub.dask.release(["dob.csv"], pol, "split", client=client, split=3,
                                 input_name="dob.csv")
        rep3 = odpub.dask.release(["p0.csv", "p1.csv", "p2.csv"], pol, "files",
                                  client=client, input_name="dob.csv")
        want = json.load(open("ref/report.json"))["derived"]
        assert rep["derived"] == want and rep3["derived"] == want, (rep["derived"], want)
        assert all(d["rows"] == 3000 for d in want), want
        try:
            odpub.dask.release(["dob.csv"], agg, "agg", client=client, split=2)
            raise SystemExit("aggregate: was not refused")
        except odpub.OdpubError as e:
            assert "aggregate:" in str(e) and "aggregate.yaml" in str(e), str(e)
    finally:
        client.close()
        cluster.close()
    print("OK")
PY
PYTHONPATH=$SRCDIR/python ODPUB_LIBRARY=$so timeout 300 /usr/bin/python3 part.py "$pol" \
    "$SRCDIR/bench/aggregate.yaml" > py.log 2>&1 || { tail -40 py.log >&2; fail "partitioned derive: failed"; }
grep -q "^OK" py.log || { cat py.log >&2; fail "no OK"; }
diff -r ref split >/dev/null || fail "split in 3: the package differs from odpub release"
diff -r ref files >/dev/null || fail "3 files: the package differs from odpub release"
expect_no_path agg
