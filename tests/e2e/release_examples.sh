# Releases every example with its policy: the layout is there, the row accounting
# holds, dropped columns are gone, and protected values from the input do not appear.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
for ex in "nyc-311-sample:nyc-311:nyc-311-service-requests" \
          "dob-job-filings-sample:nyc-dob-job-filings:nyc-dob-job-filings" \
          "mmr-indicators-sample:nyc-mmr-indicators:nyc-mmr-indicators"; do
    IFS=: read -r data pol name <<<"$ex"
    run 0 release "$SRCDIR/examples/$data.csv" --policy "$SRCDIR/policies/$pol.yaml" -o "out-$pol" --json
    for f in "data/$name.csv" policy.yaml report.json; do
        [ -f "out-$pol/$f" ] || fail "$pol: $f missing"
    done
    jq -e '.rows.in == .rows.out + .rows.dropped + .rows.suppressed' "out-$pol/report.json" >/dev/null \
        || fail "$pol: row accounting does not hold"
    in_rows=$(( $(/usr/bin/python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1],newline=''))))" "$SRCDIR/examples/$data.csv") - 1 ))
    jq -e ".rows.in == $in_rows" "out-$pol/report.json" >/dev/null || fail "$pol: rows.in is not $in_rows"
    # --json is report.json with "ok" in front (and "odpub" kept at the top)
    jq -e '.ok == true and (keys_unsorted[0:2] == ["ok", "odpub"])' "$OUT" >/dev/null ||
        fail "$pol: --json does not start with ok and odpub"
    [ "$(jq -S 'del(.ok)' "$OUT")" = "$(jq -S . "out-$pol/report.json")" ] ||
        fail "$pol: --json output is not report.json"
    # no temp dirs left beside the output
    ls -a | grep -q '^\.odpub-tmp-' && fail "temp dir left behind"
    # the key never enters the package; only its id
    no_canary "$ODPUB_PSEUDONYM_KEY" "out-$pol"
done
# 311: names dropped, emails pseudonymized, phones redacted, no email/phone in free text
out311=out-nyc-311/data/nyc-311-service-requests.csv
head -1 "$out311" | grep -q complainant_name && fail "dropped column published"
/usr/bin/python3 - "$SRCDIR/examples/nyc-311-sample.csv" "$out311" <<'PY'
import csv, re, sys
src = list(csv.DictReader(open(sys.argv[1], newline="")))
out = list(csv.DictReader(open(sys.argv[2], newline="")))
text = open(sys.argv[2]).read()
for r in src:
    for col in ("complainant_name", "complainant_email", "complainant_phone"):
        v = r[col]
        assert not v or v not in text, "a %s value leaked" % col
for r in out:
    assert re.fullmatch(r"[0-9a-f]{16}|", r["complainant_email"]), "email not pseudonymized"
    assert r["complainant_phone"] in ("", "REDACTED")
    assert re.fullmatch(r"\d{3}|", r["incident_zip"])
    assert re.fullmatch(r"\d{4}-\d{2}", r["created_date"])
    assert not re.search(r"@|\(212\) 555|078-05-1120|219-09-9999", r["resolution_description"])
print("311 checks ok")
PY
