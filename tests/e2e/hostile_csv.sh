# Hostile CSV input through `odpub release`: 1 MB fields, 100,000 columns, a header
# and no rows, no final newline, NUL bytes, invalid UTF-8 and CRLF exactly at the
# reader's read(2) block boundary (ODP_TABLE_BLOCK, 1 MiB in lib/table_int.h), with
# the fast scanner (AVX-512BW where the CPU has it), the SSE2 one (ODP_CSV_PLAIN=sse2) and
# the plain one (ODP_CSV_PLAIN=1). Each run is bounded by a
# timeout and a peak-RSS cap, and has an expected exit code and FILE:LINE:COL.
# Inputs are named *.in.csv (the secrets scan skips inputs by that convention).
PY=/usr/bin/python3
BLOCK=1048576   # ODP_TABLE_BLOCK

# The 64 MB promise is measured on the plain build; ASan's shadow memory and quarantine
# roughly triple a process's footprint, so a sanitized build gets a looser cap that
# still catches a buffer growing with the input.
RSS_CAP=65536
if nm -D "$ODPUB" 2>/dev/null | grep __asan_init >/dev/null; then RSS_CAP=196608; fi

# brun WANT_EXIT ARGS...: run (lib.sh) under `timeout 60`, with peak RSS < RSS_CAP KB.
brun() {
    local want=$1 rc=0 rss; shift
    _run_n=$((_run_n + 1))
    OUT="$E2E_OUT/out.$_run_n"; ERR="$E2E_OUT/err.$_run_n"; TIM="$E2E_OUT/time.$_run_n"
    timeout 60 /usr/bin/time -f %M -o "$TIM" "$ODPUB" "$@" >"$OUT" 2>"$ERR" </dev/null || rc=$?
    [ "$rc" != 124 ] || fail "timed out: odpub $*"
    if [ "$rc" != "$want" ]; then
        head -c 2000 "$ERR" >&2
        fail "exit $rc, wanted $want: odpub $*"
    fi
    rss=$(tail -n 1 "$TIM")
    [ "$rss" -lt "$RSS_CAP" ] || fail "peak RSS $rss KB over $RSS_CAP KB: odpub $*"
}
# rel WANT_EXIT INPUT [REGEX]: release INPUT with the keep-a,b policy into pkg-INPUT;
# on failure the message must match REGEX and nothing may exist at the output.
rel() {
    local want=$1 in=$2 re=${3:-}
    rm -rf "pkg-$in"
    brun "$want" release "$in" --policy pol.yaml -o "pkg-$in"
    if [ "$want" != 0 ]; then
        expect_in "$ERR" "^odpub: $re"
        expect_no_path "pkg-$in"
        [ -z "$(ls -A | grep '^\.odpub-tmp-' || true)" ] || fail "temp entry left by $in"
    fi
}
rows_in() { jq -r '.rows.in' "pkg-$1/report.json"; }

cat > pol.yaml <<'P'
odpub: 1
name: hostile
dataset: {title: "hostile input", agency: "odpub tests"}
default: drop
columns:
  a: {action: keep}
  b: {action: keep}
P

# --- 1 MB fields: plain, quoted with quotes/commas/newlines, multibyte; an 8 MB record.
$PY - <<'G'
mb = 1 << 20
with open("big.in.csv", "w", newline="") as f:
    f.write("a,b\n")
    f.write("1," + "x" * mb + "\n")
    f.write('2,"' + ('ab,c""d\n' * (mb // 8)) + '"\n')
    f.write("3," + "\u00e9\u20ac" * (mb // 5) + "\n")
    f.write('"' + "y" * mb + ',",' + "z" * mb + "\n")
with open("wide8.in.csv", "w", newline="") as f:
    f.write("a,b," + ",".join("c%d" % i for i in range(6)) + "\n")
    f.write(",".join(chr(97 + i) * mb for i in range(8)) + "\n")
    f.write(",".join(["1"] * 8) + "\n")
G
rel 0 big.in.csv
cmp big.in.csv pkg-big.in.csv/data/hostile.csv || fail "1 MB fields not kept byte for byte"
[ "$(rows_in big.in.csv)" = 4 ] || fail "1 MB fields: rows in $(rows_in big.in.csv)"
rel 0 wide8.in.csv
cut -d, -f1,2 wide8.in.csv | cmp - pkg-wide8.in.csv/data/hostile.csv || fail "8 MB record"

# --- 100,000 columns (the cap) works; 100,001 is refused at the header's column.
$PY - <<'G'
n = 100000
hdr = ["a", "b"] + ["c%d" % i for i in range(1, n - 1)]
row = ",".join(str(i % 10) for i in range(n))
open("cols.in.csv", "w").write(",".join(hdr) + "\n" + (row + "\n") * 3)
over = ",".join(hdr + ["extra"])
open("cols1.in.csv", "w").write(over + "\n" + row + ",1\n")
# the col of the 100,001st name: bytes before it + 1
open("cols1.col", "w").write(str(len(",".join(hdr)) + 2))
# a data row with 100,001 fields under a 2-column header
open("ragwide.in.csv", "w").write("a,b\n" + ",".join(["1"] * 100001) + "\n")
G
rel 0 cols.in.csv
[ "$(rows_in cols.in.csv)" = 3 ] || fail "100,000 columns: rows in"
[ "$(jq ".columns + .dropped_columns | length" pkg-cols.in.csv/report.json)" = 100000 ] || fail "100,000 columns: report"
printf 'a,b\n0,1\n0,1\n0,1\n' | cmp - pkg-cols.in.csv/data/hostile.csv || fail "100,000 columns: data"
rel 2 cols1.in.csv "cols1\.in\.csv:1:$(cat cols1.col): header has more than 100000 columns"
rel 2 ragwide.in.csv "ragwide\.in\.csv:2:[0-9]+: (ragged row|record has more than)"

# --- only a header: release works, 0 rows (with and without a final newline).
printf 'a,b\n' > hdr.in.csv
printf 'a,b' > hdrnonl.in.csv
for f in hdr.in.csv hdrnonl.in.csv; do
    rel 0 "$f"
    [ "$(jq -c '[.rows.in, .rows.out, .rows.dropped, .rows.suppressed]' "pkg-$f/report.json")" = "[0,0,0,0]" ] ||
        fail "$f: report rows not 0"
    printf 'a,b\n' | cmp - "pkg-$f/data/hostile.csv" || fail "$f: data is not the header"
    expect_in "$OUT" "rows: 0 in, 0 out"
done
: > empty.in.csv
rel 2 empty.in.csv "empty\.in\.csv:1:1: empty file"

# --- no final newline: the last record counts; inside quotes it is unterminated.
printf 'a,b\n1,2\n3,4' > nonl.in.csv
rel 0 nonl.in.csv
printf 'a,b\n1,2\n3,4\n' | cmp - pkg-nonl.in.csv/data/hostile.csv || fail "no final newline: data"
[ "$(rows_in nonl.in.csv)" = 2 ] || fail "no final newline: rows"
printf 'a,b\n1,2\n3,"4' > nonlq.in.csv
rel 2 nonlq.in.csv "nonlq\.in\.csv:3:3: unterminated quoted field"

# --- NUL bytes: in the header, a field, a quoted field, the last byte of the file.
printf 'a,b\0\n1,2\n' > nul1.in.csv
printf 'a,b\n1,2\n3,x\0y\n' > nul2.in.csv
printf 'a,b\n1,"x\0y"\n' > nul3.in.csv
printf 'a,b\n1,2\0' > nul4.in.csv
rel 2 nul1.in.csv "nul1\.in\.csv:1:4: NUL byte in data"
rel 2 nul2.in.csv "nul2\.in\.csv:3:4: NUL byte in data"
rel 2 nul3.in.csv "nul3\.in\.csv:2:5: NUL byte in data"
rel 2 nul4.in.csv "nul4\.in\.csv:2:4: NUL byte in data"

# --- the read(2) block boundary: the byte sequence under test starts at BLOCK+d.
$PY - "$BLOCK" <<'G'
import sys
B = int(sys.argv[1])
cases = []  # name, bytes, d, want ('ok' or an error regex), crlf

def build(name, seq, d, want, crlf=False, quoted=False):
    eol = b"\r\n" if crlf else b"\n"
    out = bytearray(b"a,b" + eol)
    p = B + d
    n = 0
    while len(out) + 64 <= p - 40:
        r = b"%08d," % n
        out += r + b"p" * (64 - len(r) - len(eol)) + eol
        n += 1
    head = b"1," + (b'"' if quoted else b"")
    pad = p - len(out) - len(head)
    out += head + b"q" * pad
    assert len(out) == p
    out += seq + b"r" * 5 + (b'"' if quoted else b"") + eol
    out += b"2,3" + eol
    line = out[:p].count(b"\n") + 1
    col = p - (out.rfind(b"\n", 0, p) + 1) + 1
    open(name + ".in.csv", "wb").write(bytes(out))
    if want == "ok":
        norm = bytes(out).replace(b"\r\n", b"\n")
        open(name + ".want", "wb").write(norm)
        cases.append("%s 0 -" % name)
    else:
        cases.append("%s 2 %s:%d:%d: %s" % (name, name + "\\.in\\.csv", line, col, want))

for d in (-3, -2, -1, 0):
    build("euro%d" % -d, "\u20ac".encode(), d, "ok")             # valid E2 82 AC split
    build("emoji%d" % -d, "\U0001F600".encode(), d, "ok")        # valid 4-byte split
    build("trunc%d" % -d, b"\xe2\x82", d, "invalid UTF-8")       # truncated 3-byte seq
build("cont0", b"\x80", 0, "invalid UTF-8")                      # lone continuation, 1st byte of block 2
build("ff1", b"\xff", -1, "invalid UTF-8")                       # last byte of block 1
build("overlong1", b"\xc0\xaf", -1, "invalid UTF-8")
build("surrogate1", b"\xed\xa0\x80", -1, "invalid UTF-8")
build("surrogate2", b"\xed\xa0\x80", -2, "invalid UTF-8")
build("big1", b"\xf4\x90\x80\x80", -1, "invalid UTF-8")          # > U+10FFFF
build("crlf", b"", 0, "ok", crlf=True)                           # CR is byte B-1? see below
build("nulb", b"\0", 0, "NUL byte in data")
build("nulb1", b"\0", -1, "NUL byte in data")
build("qq1", b'""', -1, "ok", quoted=True)                       # escaped quote split
open("boundary.cases", "w").write("\n".join(cases) + "\n")

# CRLF split exactly: CR is the last byte of block 1, LF the first of block 2.
out = bytearray(b"a,b\r\n")
n = 0
while len(out) + 64 <= B - 64:
    r = b"%08d," % n
    out += r + b"p" * (64 - len(r) - 2) + b"\r\n"
    n += 1
last = b"1," + b"q" * (B - 1 - len(out) - 2)
out += last + b"\r\n2,3\r\n"
assert out[B - 1:B + 1] == b"\r\n"
open("crlfsplit.in.csv", "wb").write(bytes(out))
open("crlfsplit.want", "wb").write(bytes(out).replace(b"\r\n", b"\n"))
# the same with a bare CR there: refused at the CR
bad = bytearray(out); bad[B] = ord("x")
line = bad[:B - 1].count(b"\n") + 1
col = B - 1 - (bad.rfind(b"\n", 0, B - 1) + 1) + 1
open("crsplit.in.csv", "wb").write(bytes(bad))
with open("boundary.cases", "a") as f:
    f.write("crlfsplit 0 -\n")
    f.write("crsplit 2 crsplit\\.in\\.csv:%d:%d: bare CR\n" % (line, col))
G
for plain in 0 sse2 1; do
    export ODP_CSV_PLAIN=$plain
    while read -r name want re; do
        if [ "$want" = 0 ]; then
            rel 0 "$name.in.csv"
            cmp "$name.want" "pkg-$name.in.csv/data/hostile.csv" || fail "$name (plain=$plain): data differs"
        else
            rel 2 "$name.in.csv" "$re"
        fi
    done < boundary.cases
done
unset ODP_CSV_PLAIN
