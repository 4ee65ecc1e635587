# odpub portal end to end: packages made here (keygen -W, release of every example in a
# different archive format, plus a package whose metadata and data are full of HTML), a
# site built from them, then: layout, data.json against the DCAT-US catalog schema,
# catalog.json, byte-identical rebuilds, refusals (tampered archive, wrong key, missing
# .minisig, directory, existing site) that leave nothing behind, no secret and no
# protected value in the site, and the real-browser test (tests/browser/test_portal.py,
# headless chromium: catalog, filters, treatments, Verify valid / invalid, screenshots).
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
export SOURCE_DATE_EPOCH=1795392000
mkdir -p keys pkgs
(cd keys && "$ODPUB" keygen agency -W >/dev/null && "$ODPUB" keygen other -W >/dev/null)
for ex in "nyc-311-sample:nyc-311:tar.zst" "dob-job-filings-sample:nyc-dob-job-filings:tar.gz" \
          "mmr-indicators-sample:nyc-mmr-indicators:zip"; do
    IFS=: read -r data pol fmt <<<"$ex"
    run 0 release "$SRCDIR/examples/$data.csv" --policy "$SRCDIR/policies/$pol.yaml" \
        --key keys/agency.key --format "$fmt" -o "pkgs/$pol.$fmt"
done
# strings that would be markup if they were not escaped, in every field the site shows
cat > probe.csv <<'CSV'
id,x<y,note
1,<script>alert(1)</script>,"a & b ""quoted"" <img src=x onerror=alert(2)>"
2,'single',"</td></tr></table><h1>injected</h1>"
CSV
cat > probe.yaml <<'YAML'
odpub: 1
name: xss-probe
dataset:
  title: "<script>alert('title')</script> & \"Probe\""
  description: "<img src=x onerror=alert('desc')> description"
  agency: "Agency <b>bold</b>"
  category: "Cat \"quoted\" & <i>it</i>"
  tags: ["<em>tag</em>", "a&b"]
  update_frequency: "<u>weekly</u>"
  license: "<a href=javascript:alert(1)>lic</a>"
  contact: "Probe <probe@example.org>"
default: reject
columns:
  id: {action: keep, type: integer, description: "<b>id</b> description"}
  "x<y": {action: keep, description: "column named x<y"}
  note: {action: keep, description: "free text \"<script>\""}
YAML
run 0 release probe.csv --policy probe.yaml --key keys/agency.key --format tar.gz -o pkgs/xss-probe.tar.gz
pkgs=(pkgs/nyc-311.tar.zst pkgs/nyc-dob-job-filings.tar.gz pkgs/nyc-mmr-indicators.zip pkgs/xss-probe.tar.gz)

run 0 portal "${pkgs[@]}" --pubkey keys/agency.pub -o site --json
jq -e '.ok and (.datasets | length) == 4' "$OUT" >/dev/null || fail "portal --json summary"
key_id=$(jq -r .key_id "$OUT")
for f in index.html data.json catalog.json agency.pub assets/style.css assets/verify.js \
         assets/blake2b.js assets/catalog.js; do
    [ -f "site/$f" ] || fail "site/$f missing"
done
for p in "${pkgs[@]}"; do
    b=$(basename "$p")
    cmp "$p" "site/downloads/$b" || fail "downloads/$b is not the package"
    cmp "$p.minisig" "site/downloads/$b.minisig" || fail "downloads/$b.minisig is not the signature"
done
cmp keys/agency.pub site/agency.pub || fail "agency.pub differs from the key used"
ls -a | grep -q '^\.odpub-tmp-' && fail "temp dir left behind"
# every page: dataset facts, downloads with size and SHA-256, key id and trusted comment
mkdir -p x
for p in "${pkgs[@]}"; do
    b=$(basename "$p"); mkdir -p "x/$b"
    case "$b" in
        *.zip) (cd "x/$b" && /usr/bin/python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extractall()' "../../$p") ;;
        *) tar -xf "$p" -C "x/$b" ;;
    esac
    bag=$(ls "x/$b"); id=$(jq -r .policy "x/$b/$bag/report.json"); page="site/datasets/$id.html"
    [ -f "$page" ] || fail "$page missing"
    csv=$(ls "x/$b/$bag/data/")
    cmp "x/$b/$bag/data/$csv" "site/downloads/$bag.csv" || fail "downloads/$bag.csv is not the package's CSV"
    for f in "$p" "$p.minisig" "site/downloads/$bag.csv"; do
        expect_in "$page" "$(sha256sum "$f" | cut -c1-64)"
        expect_in "$page" "$(stat -c %s "$f" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta') bytes"
    done
    expect_in "$page" "$key_id"
    tc=$(sed -n 3p "$p.minisig" | cut -c18-)
    case "$b" in xss-*) ;; *) expect_in "$page" "$(printf '%s' "$tc" | sed 's/[.[\*^$]/\\&/g')" ;; esac
    expect_in site/index.html "datasets/$id.html"
done
# treatments and row counts reach the pages
expect_in site/datasets/nyc-311-service-requests.html 'pseudonymized: keyed HMAC-SHA-256'
expect_in site/datasets/nyc-311-service-requests.html '<code class="dropped-col">complainant_name</code>'
expect_in site/datasets/nyc-311-service-requests.html 'Rows suppressed \(k-anonymity\)</dt><dd>29<'
expect_in site/datasets/nyc-311-service-requests.html 'k reached[^<]*</dt><dd>[0-9]+<'
expect_in site/datasets/nyc-mmr-indicators.html 'Cells suppressed \(below the threshold\)</dt><dd>[1-9]'
# escaping: no markup from the probe package survives as markup
probe=site/datasets/xss-probe.html
expect_not_in "$probe" "<script>alert"
expect_not_in "$probe" "<img"
expect_not_in "$probe" "<h1>injected"
expect_not_in site/index.html "<b>bold"
expect_in "$probe" '&lt;script&gt;alert\(1\)&lt;/script&gt;'
[ "$(grep -c '<script' "$probe")" = 2 ] || fail "probe page has scripts other than the site's"
[ "$(grep -c '<script' site/index.html)" = 1 ] || fail "index has scripts other than the site's"
if grep -rlE '<script>|<[a-zA-Z][^>]*[[:space:]]on[a-z]+=' site --include='*.html' >/dev/null; then
    fail "inline script or event handler in the site"
fi

# data.json: DCAT-US catalog, valid against the non-federal schema (offline $refs)
validate_catalog() {
    /usr/bin/python3 -W ignore -c 'import json,sys,glob,jsonschema as j; d=sys.argv[1]; st={json.load(open(f))["id"].rstrip("#"):json.load(open(f)) for f in glob.glob(d+"/*.json")}; s=json.load(open(sys.argv[2])); j.Draft4Validator(s,resolver=j.RefResolver.from_schema(s,store=st),format_checker=j.FormatChecker()).validate(json.load(open(sys.argv[3])))' \
        "$SHARED/conformance/dcat-us/dashboard-non-federal-v1.1" \
        "$SHARED/conformance/dcat-us/dashboard-non-federal-v1.1/catalog.json" "$1"
}
validate_catalog site/data.json || fail "data.json is not a valid DCAT-US catalog"
jq -e '."@type" == "dcat:Catalog" and .conformsTo == "https://project-open-data.cio.gov/v1.1/schema"
       and (.describedBy | startswith("https://")) and (.dataset | length) == 4' site/data.json >/dev/null \
    || fail "data.json catalog fields"
for p in "${pkgs[@]}"; do
    b=$(basename "$p"); bag=$(ls "x/$b")
    jq -e --slurpfile ds "x/$b/$bag/metadata/dcat-us.json" '.dataset | index($ds[0]) != null' site/data.json >/dev/null \
        || fail "data.json does not carry $bag's dcat-us.json"
    jq -e --slurpfile v "x/$b/$bag/metadata/portal.json" 'index($v[0]) != null' site/catalog.json >/dev/null \
        || fail "catalog.json does not carry $bag's portal.json"
done
# echo the invalid example through the same validator: it must say no
validate_catalog <(jq '.dataset[0].accessLevel = "open"' site/data.json) 2>/dev/null \
    && fail "the validator accepts an invalid catalog"
run 0 portal "${pkgs[@]}" --pubkey keys/agency.pub -o site-linked --base-url https://data.example.gov/opendata
validate_catalog site-linked/data.json || fail "data.json with --base-url is not valid"
jq -e '.["@id"] == "https://data.example.gov/opendata/data.json" and
       (.dataset[0].landingPage | startswith("https://data.example.gov/opendata/datasets/")) and
       (.dataset[0].distribution[0].downloadURL | endswith(".csv"))' site-linked/data.json >/dev/null \
    || fail "--base-url links"

# deterministic: another build (packages in another order) and a --force rebuild are identical
rev=(); for ((i=${#pkgs[@]}-1; i>=0; i--)); do rev+=("${pkgs[$i]}"); done
run 0 portal "${rev[@]}" --pubkey keys/agency.pub -o site2
diff -r site site2 >/dev/null || fail "rebuilding gives a different site"
run 0 portal "${pkgs[@]}" --pubkey keys/agency.pub -o site2 --force
diff -r site site2 >/dev/null || fail "--force rebuild gives a different site"
run 2 portal "${pkgs[@]}" --pubkey keys/agency.pub -o site2
expect_in "$ERR" "already exists"
mkdir notasite; echo keep > notasite/file
run 2 portal "${pkgs[@]}" --pubkey keys/agency.pub -o notasite --force
expect_in "$ERR" "not a portal site"
[ -f notasite/file ] || fail "--force removed a directory that is not a site"

# refusals: nothing written, the reason named
cp pkgs/nyc-311.tar.zst tampered.tar.zst
cp pkgs/nyc-311.tar.zst.minisig tampered.tar.zst.minisig
/usr/bin/python3 -c 'import sys; p=sys.argv[1]; b=bytearray(open(p,"rb").read()); b[len(b)//2]^=1; open(p,"wb").write(b)' tampered.tar.zst
run 1 portal pkgs/nyc-mmr-indicators.zip tampered.tar.zst --pubkey keys/agency.pub -o refused --json
expect_in "$ERR" "tampered.tar.zst.*refused"
jq -e '.ok == false and .refused == "tampered.tar.zst" and .error.code == "verify" and
       (.error.message | contains("archive signature")) and (.verify == null or .verify.ok == false)' "$OUT" >/dev/null \
    || fail "refusal --json"
expect_no_path refused
run 1 portal pkgs/nyc-311.tar.zst --pubkey keys/other.pub -o refused
expect_in "$ERR" "refused"
expect_no_path refused
cp pkgs/nyc-311.tar.zst nosig.tar.zst
run 2 portal nosig.tar.zst --pubkey keys/agency.pub -o refused
expect_in "$ERR" "minisig"
expect_no_path refused
run 0 release "$SRCDIR/examples/mmr-indicators-sample.csv" --policy "$SRCDIR/policies/nyc-mmr-indicators.yaml" \
    --key keys/agency.key -o dirpkg
run 2 portal dirpkg --pubkey keys/agency.pub -o refused
expect_in "$ERR" "archives"
expect_no_path refused
# an archive signed by the agency key whose bag inside does not verify (a payload byte
# changed, then archived and signed with stock minisign): refused by the bag checks
cp -r dirpkg bad-bag
/usr/bin/python3 -c 'import sys,glob; p=glob.glob(sys.argv[1]+"/data/*.csv")[0]; b=bytearray(open(p,"rb").read()); b[-2]^=1; open(p,"wb").write(b)' bad-bag
bag=$(sed -n 's/^External-Identifier: //p' bad-bag/bag-info.txt)
mkdir -p badtree && cp -r bad-bag "badtree/$bag"
tar -C badtree -czf bad-bag.tar.gz "$bag"
minisign -S -s keys/agency.key -m bad-bag.tar.gz -x bad-bag.tar.gz.minisig </dev/null >/dev/null 2>&1 \
    || fail "minisign could not sign with an odpub key"
run 1 portal pkgs/nyc-311.tar.zst bad-bag.tar.gz --pubkey keys/agency.pub -o refused
expect_in "$ERR" "bad-bag.tar.gz: refused: package failed verification"
expect_no_path refused
run 2 portal dirpkg --pubkey keys/agency.pub -o refused
expect_in "$ERR" "archives"
expect_no_path refused
run 2 portal pkgs/nyc-311.tar.zst pkgs/nyc-311.tar.zst --pubkey keys/agency.pub -o refused
expect_no_path refused
run 2 portal pkgs/nyc-311.tar.zst -o refused
run 2 portal --pubkey keys/agency.pub -o refused
ls -a | grep -q '^\.odpub-tmp-' && fail "temp dir left behind after a refusal"

# no secret in the site: pseudonym key, either secret key (file line and seed), and no
# protected value of the raw 311 extract
no_canary "$ODPUB_PSEUDONYM_KEY" site
for k in keys/agency.key keys/other.key; do
    no_canary "$(sed -n 2p "$k")" site
    seed=$(sed -n 2p "$k" | base64 -d | od -An -tx1 -v -j62 -N32 | tr -d ' \n')
    [ ${#seed} = 64 ] || fail "could not read the seed of $k"
    if grep -rqi "$seed" site; then fail "secret key seed of $k in the site"; fi
done
/usr/bin/python3 - "$SRCDIR/examples/nyc-311-sample.csv" site <<'PY'
import csv, os, sys
src = list(csv.DictReader(open(sys.argv[1], newline="")))
values = {r[c] for r in src for c in ("complainant_name", "complainant_email", "complainant_phone") if len(r[c]) >= 6}
assert values, "no protected values found to check"
for root, _, files in os.walk(sys.argv[2]):
    for f in files:
        p = os.path.join(root, f)
        if p.endswith((".zst", ".gz", ".zip")):
            continue  # compressed: checked through the CSV copies and pages
        text = open(p, encoding="utf-8", errors="replace").read()
        for v in values:
            assert v not in text, "a protected value appears in " + p
print("no protected value in the site (%d values checked)" % len(values))
PY

# the browser: catalog, filters, treatments, Verify valid and invalid, file://, JS off
/usr/bin/python3 "$SRCDIR/tests/browser/test_portal.py" --site site --packages x \
    --tampered tampered.tar.zst --xss xss-probe --out "$E2E_OUT" \
    || fail "browser test failed"
for s in catalog.png dataset.png dataset-verify-valid.png dataset-verify-invalid.png; do
    [ -s "$E2E_OUT/$s" ] || fail "screenshot $s missing"
done
