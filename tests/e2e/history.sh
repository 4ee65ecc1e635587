# Release history: release --previous, stable dataset identity across releases, and the
# portal's one entry per dataset with its versions.
#  - release --previous with on_violation suppress publishes without the risky change
#    (two rows added to a class of 10, k=5: held back; report.json and the summary say
#    so; diff of the two releases is then clean); five rows are published at once; with
#    on_violation fail it stops with exit 1 and writes nothing; a previous release of
#    another dataset, or one missing a quasi-identifier, is exit 2;
#  - two releases keep one identifier (DCAT identifier, Frictionless name, Socrata-style
#    id) while version / modified / issued carry the date; the metadata validate against
#    the DCAT-US and Frictionless schemas; licence as a URL, never in rights;
#  - portal of two releases: one catalog entry, two versions newest first with what
#    changed, data.json one dataset (issued = first release) valid against the catalog
#    schema, the pandas / R snippet keeps text codes as text; the browser test covers it.
PY=/usr/bin/python3
F="$SHARED/conformance/frictionless"
D="$SHARED/conformance/dcat-us"
$PY -c 'import jsonschema' 2>/dev/null || fail "python3-jsonschema missing"
validate_dp() { # SCHEMA INSTANCE
    $PY -c 'import json,sys,jsonschema as j; s=json.load(open(sys.argv[1])); c=j.validators.validator_for(s); c(s,format_checker=j.FormatChecker()).validate(json.load(open(sys.argv[2])))' "$1" "$2" \
        || fail "$2 does not validate against $1"
}
validate_dcat() { # SCHEMA-FILE INSTANCE
    $PY -W ignore -c 'import json,sys,glob,jsonschema as j; d=sys.argv[1]; st={json.load(open(f))["id"].rstrip("#"):json.load(open(f)) for f in glob.glob(d+"/*.json")}; s=json.load(open(sys.argv[2])); j.Draft4Validator(s,resolver=j.RefResolver.from_schema(s,store=st),format_checker=j.FormatChecker()).validate(json.load(open(sys.argv[3])))' \
        "$D/dashboard-non-federal-v1.1" "$D/dashboard-non-federal-v1.1/$1" "$2" \
        || fail "$2 does not validate against the DCAT-US non-federal $1"
}

printf 'test-pseudonym-key-0123456789abcdef\n' > pseudo.key && chmod 600 pseudo.key
(mkdir -p keys && cd keys && "$ODPUB" keygen agency -W >/dev/null)
$PY - <<'PY'
import csv
def write(name, extra):
    with open(name, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "zip", "type", "block", "phone"])
        n = 0
        for zip_, typ, cnt in [("10001", "Noise", 20), ("10001", "Heat", 20), ("11201", "Noise", 10),
                               ("11201", "Heat", 10)] + extra:
            for _ in range(cnt):
                n += 1
                w.writerow([n, zip_, typ, "%05d" % (n % 7), "212-555-%04d" % n])
write("v1.in.csv", [])
write("v2.in.csv", [("11201", "Noise", 2)])                         # +2 in a class of 10
write("v3.in.csv", [("11201", "Noise", 2), ("11201", "Noise", 3)])  # +5 in all
write("v4.in.csv", [("11201", "Noise", 2), ("10001", "Heat", 1)])   # and +1 elsewhere
PY
cat > hist.yaml <<'YAML'
odpub: 1
name: hist-311
dataset:
  title: History of a dataset
  description: Synthetic requests, released again and again.
  agency: Department of Testing
  category: City Government
  update_frequency: daily
  license: "NYC Open Data Terms of Use"
  contact: Open Data Team <opendata@example.gov>
keys:
  pseudonym: file:pseudo.key
default: reject
columns:
  id: {action: keep, type: integer}
  zip: {action: generalize, digits: 3}
  type: {action: keep}
  block: {action: keep, description: "Tax block (text: leading zeros)"}
  phone: {action: redact}
privacy:
  quasi_identifiers: [zip, type]
  k: 5
  on_violation: suppress
YAML
sed 's/on_violation: suppress/on_violation: fail/' hist.yaml > fail.yaml
sed -e 's/^name: hist-311/name: other-311/' -e 's/^  agency: .*/  agency: Department of Other Things/' -e 's/^  category: .*/  category: Health/' -e 's/^  title: .*/  title: Another dataset/' hist.yaml > other.yaml
rel() { # DATA POLICY OUT EPOCH [ARGS...]
    local data=$1 pol=$2 out=$3 epoch=$4; shift 4
    SOURCE_DATE_EPOCH=$epoch run 0 release "$data" --policy "$pol" -o "$out" -k keys/agency.key "$@"
}
DAY=86400; E1=1795392000
rel v1.in.csv hist.yaml p1.tar.zst $E1 -f tar.zst

# --previous, suppress: the two new rows of a class of 10 are held back
rel v2.in.csv hist.yaml p2.tar.zst $((E1 + DAY)) -f tar.zst --previous p1.tar.zst
expect_in "$OUT" '^previous release hist-311-2026-11-23: 2 rows in 1 quasi-identifier classes held back'
expect_in "$OUT" '^rows: 62 in, 60 out, 0 dropped by rule, 2 suppressed$'
run 0 diff p1.tar.zst p2.tar.zst --pubkey keys/agency.pub
expect_in "$OUT" '0 differencing risks'
mkdir x2 && tar -xf p2.tar.zst -C x2
$PY - x2/hist-311-2026-11-24/report.json <<'PY'
import json, sys
h = json.load(open(sys.argv[1]))["history"]
assert h["previous"] == "hist-311-2026-11-23" and h["rows_held_back"] == 2 and h["classes_held_back"] == 1, h
assert "1..k-1" in h["reason"], h
PY
expect_not_in x2/hist-311-2026-11-24/report.json "11201"
# the same data without --previous would publish the risky change
rel v2.in.csv hist.yaml nohist $((E1 + DAY))
run 1 diff p1.tar.zst nohist
# with five new rows (>= k) since the release that held two back, all are published
rel v3.in.csv hist.yaml p3 $((E1 + 2 * DAY)) --previous p2.tar.zst
expect_in "$OUT" ': 0 rows in 0 quasi-identifier classes held back'
expect_in "$OUT" '^rows: 65 in, 65 out'
run 0 diff p2.tar.zst p3
expect_in "$OUT" 'zip=112, type=Noise: 10 -> 15 \(\+5\)$'
# on_violation fail: exit 1, nothing written
SOURCE_DATE_EPOCH=$((E1 + DAY)) run 1 release v4.in.csv --policy fail.yaml -o pfail --previous p1.tar.zst
expect_in "$ERR" 'differencing: 3 rows in 2 quasi-identifier classes would change their published count by 1..4 since hist-311-2026-11-23 and on_violation is fail; nothing was written'
expect_no_path pfail
# bad input: another dataset, a missing package, a policy without k
SOURCE_DATE_EPOCH=$((E1 + DAY)) run 2 release v2.in.csv --policy other.yaml -o pother --previous p1.tar.zst
expect_in "$ERR" "previous is a release of 'hist-311', not of 'other-311'"
expect_no_path pother
SOURCE_DATE_EPOCH=$((E1 + DAY)) run 2 release v2.in.csv --policy hist.yaml -o pnone --previous nowhere.tar.zst
expect_no_path pnone
sed '/^privacy:/,$d' hist.yaml > nok.yaml
SOURCE_DATE_EPOCH=$((E1 + DAY)) run 2 release v2.in.csv --policy nok.yaml -o pnok --previous p1.tar.zst
expect_in "$ERR" 'needs privacy.k and quasi_identifiers'

# stable identity across releases; the date is in version / modified / issued
mkdir x1 && tar -xf p1.tar.zst -C x1
b1=x1/hist-311-2026-11-23; b2=x2/hist-311-2026-11-24
for b in $b1 $b2; do
    validate_dcat dataset-non-federal.json "$b/metadata/dcat-us.json"
    validate_dp "$F/v1-standalone/tabular-data-package.json" "$b/datapackage.json"
    validate_dp "$F/v1/datapackage.json" "$b/datapackage.json"
    validate_dp "$F/v2/datapackage.json" "$b/datapackage.json"
done
$PY - $b1 $b2 <<'PY'
import json, sys
a, b = sys.argv[1], sys.argv[2]
def j(root, f): return json.load(open(f"{root}/{f}"))
da, db = j(a, "metadata/dcat-us.json"), j(b, "metadata/dcat-us.json")
assert da["identifier"] == db["identifier"] == "hist-311", (da["identifier"], db["identifier"])
assert (da["modified"], da["issued"], db["modified"]) == ("2026-11-23", "2026-11-23", "2026-11-24")
assert da["license"] == "https://www.nyc.gov/home/terms-of-use.page" and "rights" not in da, da
fa, fb = j(a, "datapackage.json"), j(b, "datapackage.json")
assert fa["name"] == fb["name"] == "hist-311" and (fa["version"], fb["version"]) == ("2026-11-23", "2026-11-24")
assert fa["licenses"] == [{"path": "https://www.nyc.gov/home/terms-of-use.page", "title": "NYC Open Data Terms of Use"}], fa["licenses"]
sa, sb = j(a, "metadata/portal.json"), j(b, "metadata/portal.json")
import re
assert sa["id"] == sb["id"] and re.fullmatch(r"[2-9a-km-z]{4}-[2-9a-km-z]{4}", sa["id"]), (sa["id"], sb["id"])
assert sa["viewType"] == "tabular" and sa["rowsUpdatedAt"] == 1795392000 and sb["rowsUpdatedAt"] == 1795478400
assert sa["license"] == {"name": "NYC Open Data Terms of Use", "termsLink": "https://www.nyc.gov/home/terms-of-use.page"}, sa["license"]
print("stable identity across releases: ok")
PY
# licence forms: an id, "Name <URL>", free text (no URL: neither license nor rights)
for lic in 'CC-BY-4.0|https://creativecommons.org/licenses/by/4.0/' \
           'City terms <https://example.gov/terms>|https://example.gov/terms' 'see the agency terms|'; do
    text=${lic%%|*}; url=${lic#*|}
    sed "s|^  license: .*|  license: \"$text\"|" hist.yaml > lic.yaml
    rm -rf plic; rel v1.in.csv lic.yaml plic $E1
    validate_dcat dataset-non-federal.json plic/metadata/dcat-us.json
    $PY -c 'import json,sys; d=json.load(open(sys.argv[1])); u=sys.argv[2]; assert "rights" not in d and d.get("license") == (u or None), d' plic/metadata/dcat-us.json "$url"
done

# the portal: two releases of one dataset are one entry with two versions
rel v1.in.csv other.yaml o1.tar.zst $E1 -f tar.zst
run 0 portal p2.tar.zst p1.tar.zst o1.tar.zst --pubkey keys/agency.pub -o site --base-url https://data.example.gov/ --json
$PY - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ds = {x["dataset"]: x for x in d["datasets"]}
assert d["ok"] and sorted(ds) == ["hist-311", "other-311"], d
h = ds["hist-311"]
assert h["versions"] == 2 and h["package"] == "hist-311-2026-11-24" and h["page"] == "datasets/hist-311.html", h
PY
[ "$(ls site/datasets)" = "$(printf 'hist-311.html\nother-311.html')" ] || fail "one page per dataset: $(ls site/datasets)"
validate_dcat catalog.json site/data.json
$PY - site/data.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
ds = {d["identifier"]: d for d in c["dataset"]}
assert sorted(ds) == ["hist-311", "other-311"], sorted(ds)
h = ds["hist-311"]
assert h["issued"] == "2026-11-23" and h["modified"] == "2026-11-24", h
assert h["license"] == "https://www.nyc.gov/home/terms-of-use.page" and "rights" not in h
assert h["landingPage"] == "https://data.example.gov/datasets/hist-311.html", h["landingPage"]
urls = [x.get("downloadURL") for x in h["distribution"]]
assert urls == ["https://data.example.gov/downloads/hist-311-2026-11-24.csv",
                "https://data.example.gov/downloads/p2.tar.zst"], urls
PY
page=site/datasets/hist-311.html
[ "$(grep -c '<li class="version"' $page)" = 2 ] || fail "two versions listed"
expect_in $page '<li class="version" data-release="2026-11-24">'
expect_in $page 'What changed:</strong> rows in the extract \+2; rows suppressed \+2\.'
expect_in $page 'What changed:</strong> first release on this site\.'
expect_in $page 'href="../downloads/p1.tar.zst.minisig" download>signature'
expect_in $page 'Verify this version'
# a risky second release is flagged in the versions list
rel v2.in.csv hist.yaml r2.tar.zst $((E1 + DAY)) -f tar.zst
run 0 portal p1.tar.zst r2.tar.zst --pubkey keys/agency.pub -o site-risk
expect_in site-risk/datasets/hist-311.html '<p class="changed finding"><strong>What changed:</strong> .*differencing risk: 1 class changed by 1..4 rows'
# two packages of one dataset on one date (one package name) are refused
run 2 portal p1.tar.zst o1.tar.zst p2.tar.zst r2.tar.zst --pubkey keys/agency.pub -o site-dup
expect_in "$ERR" 'two packages with the same name'
expect_no_path site-dup
# the reading snippets give every text column (block: "00001") as text
$PY - $page <<'PY'
import html, re, sys
t = open(sys.argv[1]).read()
pd = html.unescape(re.search(r'id="snippet-pandas"><code>(.*?)</code>', t, re.S).group(1))
r = html.unescape(re.search(r'id="snippet-r"><code>(.*?)</code>', t, re.S).group(1))
assert '"block": "string"' in pd and '"zip": "string"' in pd and '"id": "Int64"' in pd, pd
assert 'keep_default_na=False' in pd and 'read_csv("hist-311-2026-11-24.csv"' in pd, pd
compile(pd, "snippet", "exec")
assert '`block` = col_character()' in r and '`id` = col_integer()' in r, r
PY
# the browser: one entry, versions newest first, each verifies; 390 px layout
mkdir -p xp && for p in p1.tar.zst p2.tar.zst o1.tar.zst; do mkdir -p "xp/$p" && tar -xf "$p" -C "xp/$p"; done
cp p2.tar.zst tampered.tar.zst
$PY -c 'import sys; b=bytearray(open(sys.argv[1],"rb").read()); b[len(b)//2]^=0x55; open(sys.argv[1],"wb").write(b)' tampered.tar.zst
$PY "$SRCDIR/tests/browser/test_portal.py" --site site --packages xp --tampered tampered.tar.zst \
    --versions hist-311:2 --out "$E2E_OUT" || fail "browser test failed"
[ -s "$E2E_OUT/dataset-versions.png" ] || fail "screenshot of the versions missing"
