# CSV reader conformance: csv-spectrum (parse equal to the reference JSON), csvlint's
# error files (each rejected at the line csvlint lists, the valid ones parsed) and the
# NYC extracts (read whole, BOM stripped), on both the fast and the plain scanner.
# Driven through tests/tools/csv2json (exit 2 with `path:line:col: message` on error).
C2J="$BUILDDIR/tests/csv2json"
CONF="$SHARED/conformance"
[ -x "$C2J" ] || fail "csv2json not built"
[ -d "$CONF/csv-spectrum" ] || fail "no conformance data at $CONF"

for mode in fast sse2 plain; do
    case $mode in
        plain) export ODP_CSV_PLAIN=1 ;;
        sse2) export ODP_CSV_PLAIN=sse2 ;; # the SSE2 scanner on an AVX-512BW CPU
        *) unset ODP_CSV_PLAIN ;;
    esac

    # csv-spectrum: all 11 cases, structural compare
    n=0
    for f in "$CONF"/csv-spectrum/csvs/*.csv; do
        name=$(basename "$f" .csv)
        "$C2J" "$f" > "$name.$mode.json" 2> "$name.$mode.err" || fail "$mode: $name rejected: $(cat "$name.$mode.err")"
        jq -S . "$name.$mode.json" > got.json || fail "$mode: $name: output is not JSON"
        jq -S . "$CONF/csv-spectrum/json/$name.json" > want.json
        diff -u want.json got.json >&2 || fail "$mode: csv-spectrum $name differs"
        n=$((n + 1))
    done
    [ "$n" = 11 ] || fail "expected 11 csv-spectrum cases, ran $n"

    # csvlint-errors: the valid ones parse with the right row counts
    for spec in valid.csv:2 lf-line-endings.csv:2 crlf-line-endings.csv:2 windows-line-endings.csv:1; do
        f=${spec%%:*}; want=${spec##*:}
        got=$("$C2J" --count "$CONF/csvlint-errors/$f") || fail "$mode: valid $f rejected"
        [ "$got" = "$want" ] || fail "$mode: $f gave $got rows, wanted $want"
    done

    # csvlint-errors: each error file exits 2 at the line csvlint lists (csvlint counts
    # the header as row 1, as our file lines do). title-row.csv is csvlint's *warning*:
    # we reject it because its first line, taken as the header, is mostly empty names
    # (one empty cell among named ones is named _column_N instead).
    for spec in \
        "ragged_rows.csv:3:ragged row: expected 3 fields as in the header, found 2" \
        "unclosed_quote.csv:2:unterminated quoted field" \
        "whitespace.csv:2:quote inside an unquoted field" \
        "blank_rows.csv:3:blank row" \
        "blank_rows_trailing.csv:4:blank row" \
        "blank_rows_empty_line.csv:3:blank row" \
        "cr-line-endings.csv:1:bare CR line ending" \
        "inconsistent-line-endings.csv:2:mixed line endings" \
        "inconsistent-line-endings-unquoted.csv:2:mixed line endings" \
        "invalid-byte-sequence.csv:1:invalid UTF-8" \
        "title-row.csv:1:empty header name in column 2"; do
        f=${spec%%:*}; rest=${spec#*:}; line=${rest%%:*}; msg=${rest#*:}
        rc=0
        "$C2J" "$CONF/csvlint-errors/$f" > out.json 2> err.txt || rc=$?
        [ "$rc" = 2 ] || fail "$mode: $f: exit $rc, wanted 2"
        expect_in err.txt "^$CONF/csvlint-errors/$f:$line:[0-9]+: $msg"
    done

    # nyc-real: every extract reads whole; the BOM is stripped from the NYPD header
    for spec in 311-service-requests-2013-12-25.csv:2386 311-service-requests-2022-05-01-sample.csv:924 \
        dob-job-application-filings-sample.csv:100 dob-now-build-job-filings-sample.csv:100 \
        nypd-complaint-data-historic-sample.csv:2444; do
        f=${spec%%:*}; want=${spec##*:}
        got=$("$C2J" --count "$CONF/nyc-real/$f") || fail "$mode: nyc-real $f rejected"
        [ "$got" = "$want" ] || fail "$mode: $f gave $got rows, wanted $want"
    done
    "$C2J" "$CONF/nyc-real/nypd-complaint-data-historic-sample.csv" > nypd.json
    first=$(jq -r '.[0] | keys_unsorted[0]' nypd.json)
    [ "$first" = CMPLNT_NUM ] || fail "$mode: first NYPD header is not CMPLNT_NUM (BOM kept?)"
done
unset ODP_CSV_PLAIN

# Error messages never carry field content: the ragged row's values "4" and "5" and the
# unclosed value "Baz" are not echoed.
"$C2J" "$CONF/csvlint-errors/unclosed_quote.csv" > /dev/null 2> err.txt || true
expect_not_in err.txt "Baz"

# Hash of the raw input equals sha256sum, also after a rewind (second pass rehashed)
f="$CONF/nyc-real/nypd-complaint-data-historic-sample.csv"
want=$(sha256sum "$f" | cut -d' ' -f1)
"$C2J" --count --hash "$f" > /dev/null 2> h.txt
[ "$(cut -d' ' -f1 h.txt)" = "$want" ] || fail "input digest differs from sha256sum"
[ "$(cut -d' ' -f2 h.txt)" = "$(wc -c < "$f" | tr -d ' ')" ] || fail "input byte count wrong"
"$C2J" --rewind --count --hash "$f" > n.txt 2> h.txt
[ "$(cat n.txt)" = 2444 ] || fail "second pass after rewind gave $(cat n.txt) rows"
[ "$(cut -d' ' -f1 h.txt)" = "$want" ] || fail "input digest after rewind differs"

# stdin: reads, but cannot be rewound
got=$("$C2J" --count - < "$CONF/csvlint-errors/valid.csv")
[ "$got" = 2 ] || fail "stdin gave $got rows"
rc=0
"$C2J" --rewind - < "$CONF/csvlint-errors/valid.csv" > /dev/null 2> err.txt || rc=$?
[ "$rc" = 2 ] || fail "rewind of stdin: exit $rc, wanted 2"
expect_in err.txt "cannot rewind standard input"
