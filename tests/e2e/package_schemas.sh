# The package's metadata validates against the published schemas (python3-jsonschema from
# Debian, offline $ref resolution), stock tools check its manifests and signature, and two
# releases with the same SOURCE_DATE_EPOCH are byte-identical in every format.
PY=/usr/bin/python3
F="$SHARED/conformance/frictionless"
D="$SHARED/conformance/dcat-us"
$PY -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema missing (apt-get install python3-jsonschema)"

validate_dp() { # SCHEMA INSTANCE
    $PY -c 'import json,sys,jsonschema as j; s=json.load(open(sys.argv[1])); c=j.validators.validator_for(s); c(s,format_checker=j.FormatChecker()).validate(json.load(open(sys.argv[2])))' "$1" "$2" \
        || fail "$2 does not validate against $1"
}
validate_dcat() { # INSTANCE
    $PY -W ignore -c 'import json,sys,glob,jsonschema as j; d=sys.argv[1]; st={json.load(open(f))["id"].rstrip("#"):json.load(open(f)) for f in glob.glob(d+"/*.json")}; s=json.load(open(sys.argv[2])); j.Draft4Validator(s,resolver=j.RefResolver.from_schema(s,store=st),format_checker=j.FormatChecker()).validate(json.load(open(sys.argv[3])))' \
        "$D/dashboard-non-federal-v1.1" "$D/dashboard-non-federal-v1.1/dataset-non-federal.json" "$1" \
        || fail "$1 does not validate against the DCAT-US non-federal schema"
}

printf 'id,name,note,when,Amount ($)\n1,Ann,"hello, world",2024-01-02,3.5\n2,Bob,"say ""hi""",2024-02-03,4\n' > d.csv
cat > full.yaml <<'YAML'
odpub: 1
name: tiny-test
dataset:
  title: "Tiny test, with \"quotes\""
  description: A tiny synthetic dataset.
  agency: Department of Testing
  category: City Government
  tags: [test, tiny]
  update_frequency: monthly
  license: CC0-1.0
  contact: Open Data Team <opendata@example.gov>
default: reject
columns:
  id: {action: keep, type: integer, description: "Row id"}
  name: {action: drop, description: "Person name"}
  note: {action: redact, description: "Free text, with a comma"}
  when: {action: keep, type: date}
  Amount ($): {action: round, decimals: 0, type: number}
YAML
# Sparse metadata: no contact, a free-text license, an odd update frequency.
cat > sparse.yaml <<'YAML'
odpub: 1
name: sparse-test
dataset:
  title: Sparse
  agency: Department of Testing
  update_frequency: when we feel like it
  license: see the agency's terms of use
default: drop
columns:
  id: {action: keep, type: integer}
YAML

"$ODPUB" keygen k -W >/dev/null 2>&1 || fail "keygen failed"
export SOURCE_DATE_EPOCH=1700000000
for pol in full sparse; do
    run 0 release d.csv --policy $pol.yaml -o "$pol.dir" -k k.key
    validate_dp "$F/v1-standalone/tabular-data-package.json" "$pol.dir/datapackage.json"
    validate_dp "$F/v1/datapackage.json" "$pol.dir/datapackage.json"
    validate_dp "$F/v2/datapackage.json" "$pol.dir/datapackage.json"
    validate_dcat "$pol.dir/metadata/dcat-us.json"
    (cd "$pol.dir" && sha256sum --quiet --strict -c manifest-sha256.txt && sha256sum --quiet --strict -c tagmanifest-sha256.txt) \
        || fail "$pol: sha256sum -c disagrees with our manifests"
    if command -v minisign >/dev/null; then
        minisign -Vq -p k.pub -m "$pol.dir/tagmanifest-sha256.txt" || fail "$pol: minisign rejects the signature"
    fi
    run 0 verify "$pol.dir" --pubkey k.pub
    expect_in "$OUT" "^verified: OK"
    slug=tiny; [ $pol = sparse ] && slug=sparse
    expect_in "$OUT" "^trusted comment: odpub package=$slug-test-2023-11-14 date=2023-11-14 policy_sha256=[0-9a-f]{64} key=[0-9A-F]{16}$"
done

# Header names with no ASCII letter or digit, or that fold to the same fieldName: one
# byte (`*`, ` `) once overflowed portal.json's fieldName buffer; each fieldName is new
printf '*, ,\346\233\271\347\210\276\347\253\240,a-b,a b,column\n1,2,3,4,5,6\n' >odd.csv
cat >odd.yaml <<'YAML'
odpub: 1
name: odd-names
dataset: {title: Odd names, description: Header names without letters, agency: Testing}
columns:
  "*": {action: keep}
  " ": {action: keep}
  "曹爾章": {action: keep}
  a-b: {action: keep}
  a b: {action: keep}
  column: {action: keep}
YAML
run 0 release odd.csv --policy odd.yaml -o odd.dir -k k.key
$PY - odd.dir/metadata/portal.json <<'PY'
import json, re, sys
names = [c["fieldName"] for c in json.load(open(sys.argv[1]))["columns"]]
assert names == ["column", "column_2", "column_3", "a_b", "a_b_5", "column_6"], names
assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names), names
PY

# Metadata content of the full policy.
$PY - full.dir <<'PY'
import csv, hashlib, json, os, sys
b = sys.argv[1]
dp = json.load(open(f"{b}/datapackage.json"))
r = dp["resources"][0]
data = open(f"{b}/data/tiny-test.csv", "rb").read()
assert r["path"] == "data/tiny-test.csv" and r["bytes"] == len(data), r
assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
assert r["dialect"]["delimiter"] == "," and r["dialect"]["doubleQuote"] is True
names = [f["name"] for f in r["schema"]["fields"]]
assert names == ["id", "note", "when", "Amount ($)"], names
types = {f["name"]: f["type"] for f in r["schema"]["fields"]}
assert types == {"id": "integer", "note": "string", "when": "date", "Amount ($)": "number"}, types
assert "Treatment: redacted" in r["schema"]["fields"][1]["description"]
assert dp["name"] == "tiny-test" and dp["keywords"] == ["test", "tiny"]
dc = json.load(open(f"{b}/metadata/dcat-us.json"))
assert dc["accrualPeriodicity"] == "R/P1M" and dc["accessLevel"] == "public"
assert dc["contactPoint"]["hasEmail"] == "mailto:opendata@example.gov"
assert dc["publisher"] == {"@type": "org:Organization", "name": "Department of Testing"}
assert dc["theme"] == ["City Government"] and dc["identifier"] == "tiny-test"
po = json.load(open(f"{b}/metadata/portal.json"))
cf = po["metadata"]["custom_fields"]
assert cf["Update"]["Update Frequency"] == "Monthly" and cf["Update"]["Automation"] == "No"
assert cf["Dataset Information"]["Agency"] == "Department of Testing"
cols = [(c["fieldName"], c["dataTypeName"], c["position"]) for c in po["columns"]]
assert cols == [("id", "number", 1), ("note", "text", 2), ("when", "calendar_date", 3),
                ("amount", "number", 4)], cols
rows = list(csv.reader(open(f"{b}/metadata/data-dictionary.csv", newline="")))
assert rows[0] == ["column", "type", "description", "treatment"], rows[0]
assert rows[2][:3] == ["note", "string", "Free text, with a comma"], rows[2]
assert rows[-1] == ["name", "", "Person name", "dropped: not published"], rows[-1]
bi = open(f"{b}/bag-info.txt").read()
assert f"Payload-Oxum: {len(data)}.1\n" in bi and "Source-Organization: Department of Testing\n" in bi
assert "External-Identifier: tiny-test-2023-11-14\n" in bi and "Bag-Software-Agent: odpub 0.1.0\n" in bi
assert open(f"{b}/bagit.txt").read() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
tm = [l.split("  ", 1)[1] for l in open(f"{b}/tagmanifest-sha256.txt").read().splitlines()]
assert tm == sorted(tm) and "metadata/dcat-us.json" in tm and "policy.yaml" in tm, tm
assert not any("\r" in open(os.path.join(d, f), "rb").read().decode("latin1")
               for d, _, fs in os.walk(b) for f in fs if not f.endswith(".csv"))
PY
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["accrualPeriodicity"]=="irregular" and "license" not in d and "hasEmail" not in d["contactPoint"], d' sparse.dir/metadata/dcat-us.json

# Determinism: a second release (other directory, other time) is byte-identical.
for fmt in dir zip tar.gz tar.zst; do
    for i in 1 2; do
        mkdir -p "run$i"
        run 0 release d.csv --policy full.yaml -o "run$i/pkg.$fmt" -f "$fmt" -k k.key
        sleep 1
    done
    if [ "$fmt" = dir ]; then
        diff -r run1/pkg.dir run2/pkg.dir >/dev/null || fail "dir: two releases differ"
    else
        cmp "run1/pkg.$fmt" "run2/pkg.$fmt" || fail "$fmt: two releases differ"
        cmp "run1/pkg.$fmt.minisig" "run2/pkg.$fmt.minisig" || fail "$fmt: signatures differ"
        run 0 verify "run1/pkg.$fmt" --pubkey k.pub
        expect_in "$OUT" "^archive trusted comment: .* file=pkg.$fmt$"
        if command -v minisign >/dev/null; then
            minisign -Vq -p k.pub -m "run1/pkg.$fmt" || fail "$fmt: minisign rejects the archive signature"
        fi
    fi
done
# Archive layout: one top directory, sorted entries, fixed owner, modes and times.
$PY - run1/pkg.tar.gz run1/pkg.zip <<'PY'
import sys, tarfile, zipfile
t = tarfile.open(sys.argv[1])
m = t.getmembers()
names = [x.name for x in m]
assert names[0] == "tiny-test-2023-11-14", names
assert all(n == names[0] or n.startswith(names[0] + "/") for n in names)
for x in m:
    assert x.uid == 0 and x.gid == 0 and x.uname == "" and x.gname == "" and x.mtime == 1700000000, x
    assert x.mode == (0o755 if x.isdir() else 0o644), (x.name, oct(x.mode))
    assert x.isdir() or x.isfile()
keys = [n + "/" if x.isdir() else n for n, x in zip(names, m)]
assert keys == sorted(keys, key=lambda s: s.encode()), keys
assert open(sys.argv[1], "rb").read(10)[4:8] == b"\0\0\0\0", "gzip header carries a time"
z = zipfile.ZipFile(sys.argv[2])
assert [i.filename.rstrip("/") for i in z.infolist()] == names
PY
