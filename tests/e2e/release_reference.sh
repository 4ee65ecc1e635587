# odpub release with bench/reference.yaml gives a CSV byte-identical to the Python
# reference transform (../shared/bench/reference_transform.py) on 2,000 gen311 rows,
# for the 311 shape and another seed.
cc -O2 -o gen311 "$SHARED/bench/gen311.c"
export ODPUB_BENCH_KEY='bench-hmac-key-0123456789abcdef!'
for seed in 1 7; do
    ./gen311 -s "$seed" 2000 > in-$seed.csv
    /usr/bin/python3 "$SHARED/bench/reference_transform.py" in-$seed.csv > ref-$seed.csv
    run 0 release in-$seed.csv --policy "$SRCDIR/bench/reference.yaml" -o pkg-$seed
    cmp ref-$seed.csv pkg-$seed/data/bench-311.csv || {
        diff <(head -50 ref-$seed.csv) <(head -50 pkg-$seed/data/bench-311.csv) | head -20 >&2
        fail "seed $seed: output differs from the Python reference"
    }
    # the changed-value counts are real: every non-empty email was pseudonymized
    want=$(/usr/bin/python3 -c "import csv,sys; r=csv.DictReader(open(sys.argv[1],newline='')); print(sum(1 for x in r if x['complainant_email']))" in-$seed.csv)
    got=$(jq '.columns[] | select(.name=="complainant_email") | .changed' pkg-$seed/report.json)
    [ "$want" = "$got" ] || fail "complainant_email changed $got, expected $want"
done
