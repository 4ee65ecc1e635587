# Declared column types are enforced on what is published (issue 21.11): a value that is
# not of the type the policy declares (and datapackage.json promises) stops the release,
# exit 2 at FILE:LINE:COL, the value not shown, nothing written. Valid values of each
# checked type pass; empty cells are missing values.
mk() { # NAME TYPE: a policy with column v kept as TYPE
    cat > "$1.yaml" <<Y
odpub: 1
name: types
dataset: {title: "Types", agency: "Test", license: "CC0-1.0"}
columns:
  id: {action: keep, type: integer}
  v: {action: keep, type: $2}
Y
}
bad() { # TYPE VALUE
    printf 'id,v\n1,\n2,"%s"\n' "$2" > bad.in.csv
    mk p "$1"
    run 2 release bad.in.csv --policy p.yaml -o o
    expect_in "$ERR" "^odpub: bad.in.csv:3:3: column 'v': value is not a valid $1 \\(the type the policy declares\\)$"
    expect_not_in "$ERR" "$2"
    expect_no_path o
}
good() { # TYPE VALUE...
    local t=$1; shift
    { printf 'id,v\n'; i=0; for v in "$@"; do i=$((i + 1)); printf '%s,"%s"\n' "$i" "$v"; done; } > good.csv
    mk p "$t"
    rm -rf o
    run 0 release good.csv --policy p.yaml -o o
}
bad integer abc
bad integer 1e999999
bad integer 1.5
bad integer "12 "
bad number 1e999999
bad number 0x10
bad number "1,5"
bad boolean yes
bad date 2025-02-30
bad date 02/18/2025
bad datetime "2025-01-01 10:00:00"
bad year 25
bad yearmonth 2025-13
bad time 24:00:00
good integer 0 -12 +7 123456789012345678901234567890 ""
good number 1 -1.5 .5 1e10 1E-300 NaN INF -INF ""
good boolean true false TRUE False 1 0
good date 2024-02-29 2025-12-31
good datetime 2025-01-01T10:00:00Z 2025-01-01T10:00:00.123+05:30 2025-01-01T23:59:59
good year 2025
good yearmonth 2025-01
good time 23:59:59
good string "anything at all"
# JSON input too, and a generalized (not kept) column is checked by its action instead
printf '[{"id":1,"v":"x"},{"id":"2x","v":"y"}]' > bad.in.json
mk p string
run 2 release bad.in.json --policy p.yaml -o oj
expect_in "$ERR" "bad.in.json:1:[0-9]+: column 'id': value is not a valid integer"
expect_not_in "$ERR" "2x"
echo "declared_types: values that break their declared type stop the release"
