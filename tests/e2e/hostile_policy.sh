# Hostile policies through `odpub release` and `odpub check`: YAML alias bombs
# ("billion laughs", merge keys, aliases in columns), 10 MB strings, deep nesting (block
# and flow, 400,000 levels), too many nodes or entries, duplicate keys at every level,
# invalid UTF-8, over-long extends chains and fan-outs, /dev/zero as a policy. Each run
# is bounded by `timeout 60` and a peak-RSS cap; each refusal is exit 2 with the
# message's FILE:LINE:COL (FILE: alone for whole-file limits) and leaves no output.
PY=/usr/bin/python3
RSS_CAP=65536   # see hostile_csv.sh: looser under ASan
if nm -D "$ODPUB" 2>/dev/null | grep __asan_init >/dev/null; then RSS_CAP=196608; fi

brun() { # WANT_EXIT ARGS...: run (lib.sh) bounded in time and memory
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
# bad POLICY REGEX: release and check both refuse POLICY with exit 2 and the same
# message "odpub: REGEX"; the release leaves nothing at its output path.
bad() {
    local pol=$1 re=$2
    brun 2 release data.in.csv --policy "$pol" -o "pkg-$(basename "$pol")"
    expect_in "$ERR" "^odpub: $re"
    expect_no_path "pkg-$(basename "$pol")"
    brun 2 check "$pol"
    expect_in "$ERR" "^odpub: $re"
}
printf 'a,b\n1,2\n' > data.in.csv

$PY - <<'G'
hdr = 'odpub: 1\nname: hostile\ndataset: {title: "t", agency: "a"}\ndefault: drop\n'
def w(name, text):
    open(name, "w").write(text)

# billion laughs: 9^9 "lol"s if expanded
lol = 'odpub: 1\nlol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for i in range(1, 10):
    lol += 'lol%d: &a%d [%s]\n' % (i, i, ",".join(["*a%d" % (i - 1)] * 9))
w("laughs.yaml", lol)
# the bomb hidden where a policy expects its data: inside columns and tags
w("laughs-cols.yaml", hdr + 'columns:\n  a: &k {action: keep}\n  b: *k\n')
w("alias-tags.yaml", 'odpub: 1\nname: hostile\ndataset: {title: t, agency: a, tags: *t}\n')
w("merge.yaml", hdr + 'columns:\n  a: {<<: *m, action: keep}\n')
w("anchor-scalar.yaml", hdr + 'columns:\n  a: {action: &x keep}\n')
# 10 MB strings: a quoted, a plain and a folded scalar; and 900 KB (under the cap: works)
big = "x" * (10 << 20)
w("str10m-quoted.yaml", hdr + 'columns:\n  a: {action: keep, description: "%s"}\n' % big)
w("str10m-plain.yaml", hdr + 'columns:\n  a: {action: keep, description: %s}\n' % big)
w("str10m-folded.yaml", hdr + 'columns:\n  a:\n    action: keep\n    description: >\n' +
  ("      " + "w" * 100 + "\n") * 100000)
w("str900k.yaml", hdr + 'columns:\n  a: {action: keep, description: "%s"}\n' % ("y" * (900 << 10)))
w("key1m.yaml", hdr + 'columns:\n  %s: {action: keep}\n' % ("k" * (1000 << 10)))
# deep nesting
w("deep-flow-seq.yaml", 'odpub: 1\nname: hostile\nx: ' + "[" * 400000 + "]" * 400000 + "\n")
w("deep-flow-map.yaml", 'odpub: 1\nname: hostile\nx: ' + "{a: " * 150000 + "b" + "}" * 150000 + "\n")
w("deep-block.yaml", 'odpub: 1\nname: hostile\ndataset:\n' +
  "".join("  " * (i + 1) + "k%d:\n" % i for i in range(40)) + "  " * 41 + "v\n")
w("deep-33.yaml", 'odpub: 1\nname: hostile\nx: ' + "[" * 33 + "]" * 33 + "\n")
# too many entries / nodes
w("entries.yaml", hdr + 'columns:\n' + "".join("  c%d: {action: keep}\n" % i for i in range(10001)))
w("nodes.yaml", hdr + 'dataset2: [' + ",".join(["[" + ",".join("a" * 24) + "]"] * 9000) + ']\n')
# duplicate keys at the top, in columns, in a rule, in dataset
w("dup-top.yaml", hdr + 'columns:\n  a: {action: keep}\nname: other\n')
w("dup-col.yaml", hdr + 'columns:\n  a: {action: keep}\n  b: {action: keep}\n  a: {action: drop}\n')
w("dup-param.yaml", hdr + 'columns:\n  a: {action: redact, replacement: "x", replacement: "y"}\n')
w("dup-dataset.yaml", 'odpub: 1\nname: hostile\ndataset: {title: "t", agency: "a", title: "u"}\n'
  'default: drop\ncolumns:\n  a: {action: keep}\n')
w("dup-quoted.yaml", hdr + 'columns:\n  a: {action: keep}\n  "a": {action: drop}\n')
# invalid UTF-8, a NUL byte, a BOM-less UTF-16 file
open("utf8.yaml", "wb").write(hdr.encode() + b'columns:\n  a: {action: keep, description: "\xc0\xaf"}\n')
open("nul.yaml", "wb").write(hdr.encode() + b'columns:\n  a: {action: keep}\0\n')
open("utf16.yaml", "wb").write(b"\x00o\x00d\x00p\x00u\x00b\x00:\x00 \x001\x00\n")
G

bad laughs.yaml "laughs\.yaml:2:7: YAML anchors \(&name\) are not allowed"
bad laughs-cols.yaml "laughs-cols\.yaml:6:6: YAML anchors \(&name\) are not allowed"
bad alias-tags.yaml "alias-tags\.yaml:3:38: YAML aliases \(\*name\) are not allowed"
bad merge.yaml "merge\.yaml:6:11: YAML aliases \(\*name\) are not allowed"
bad anchor-scalar.yaml "anchor-scalar\.yaml:6:15: YAML anchors \(&name\) are not allowed"
bad str10m-quoted.yaml "str10m-quoted\.yaml: file larger than the limit of 1048576 bytes"
bad str10m-plain.yaml "str10m-plain\.yaml: file larger than the limit of 1048576 bytes"
bad str10m-folded.yaml "str10m-folded\.yaml: file larger than the limit of 1048576 bytes"
bad key1m.yaml "key1m\.yaml:6:1024003: YAML syntax error: mapping values are not allowed"
bad deep-flow-seq.yaml "deep-flow-seq\.yaml:3:35: YAML nested deeper than 32 levels"
bad deep-flow-map.yaml "deep-flow-map\.yaml:3:128: YAML nested deeper than 32 levels"
bad deep-block.yaml "deep-block\.yaml:35:65: YAML nested deeper than 32 levels"
bad deep-33.yaml "deep-33\.yaml:3:35: YAML nested deeper than 32 levels"
bad entries.yaml "entries\.yaml:10006:3: more than 10000 entries in one mapping or list"
bad nodes.yaml "nodes\.yaml:5:399981: more than 200000 YAML nodes in one policy file"
bad dup-top.yaml "dup-top\.yaml:7:1: duplicate key 'name' in 'policy' \(first at line 2, column 1\)"
bad dup-col.yaml "dup-col\.yaml:8:3: column 'a' is named twice \(first at line 6, column 3\)"
bad dup-param.yaml "dup-param\.yaml:6:41: duplicate key 'replacement' in 'a' \(first at line 6, column 23\)"
bad dup-dataset.yaml "dup-dataset\.yaml:3:36: duplicate key 'title' in 'dataset' \(first at line 3, column 11\)"
bad dup-quoted.yaml "dup-quoted\.yaml:7:3: column 'a' is named twice \(first at line 6, column 3\)"
bad utf8.yaml "utf8\.yaml:6:35: YAML syntax error: invalid length of a UTF-8 sequence"
bad nul.yaml "nul\.yaml:6:20: YAML syntax error: control characters are not allowed"
bad utf16.yaml "utf16\.yaml:1:1: YAML syntax error"
# a device as the policy: read up to the cap and refused, never hangs
bad /dev/zero "/dev/zero: file larger than the limit"

# a 900 KB string under the file cap works, and the report/metadata carry it
brun 0 release data.in.csv --policy str900k.yaml -o pkg-900k
brun 0 check str900k.yaml
[ "$(jq -r '.resources[0].schema.fields[0].description | length' pkg-900k/datapackage.json)" -ge 921600 ] ||
    fail "900 KB description not in datapackage.json"

# extends: a chain of 20 files (cap 16) and a fan-out of 71 files (cap 64)
mkdir -p ext
for i in $(seq 0 19); do
    { echo "odpub: 1"; echo "name: p$i"; [ "$i" -lt 19 ] && echo "extends: [p$((i + 1)).yaml]"
      echo "default: drop"; echo "columns:"; echo "  a: {action: keep}"; } > "ext/p$i.yaml"
done
bad ext/p0.yaml "ext/p15\.yaml:3:11: extends: chain longer than 16 files"
{ echo "odpub: 1"; echo "name: fan"; printf 'extends: ['
  for i in $(seq 1 70); do printf 'f%d.yaml, ' "$i"; done; echo "f0.yaml]"
  echo "default: drop"; echo "columns:"; echo "  a: {action: keep}"; } > ext/fan.yaml
for i in $(seq 0 70); do printf 'odpub: 1\nname: f%d\ncolumns:\n  a: {action: keep}\n' "$i" > "ext/f$i.yaml"; done
bad ext/fan.yaml "ext/fan\.yaml:3:[0-9]+: extends: more than 64 policy files"
