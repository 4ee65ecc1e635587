# The portal and releases made with --allow-weaker (issue 21.3): the dataset page says so
# at the top, with the findings report.json records (escaped), and the version list marks
# that version; a release that meets its baseline carries no such notice. The portal
# reads packages through the one hostile-archive reader: a signed archive holding a
# symbolic link is refused by the portal for the reason verify refuses it.
export ODPUB_PSEUDONYM_KEY='example-key-0123456789abcdefghijkl'
export ODPUB_DATE_KEY='example-key-0123456789abcdefghijkl'
data="$SRCDIR/examples/nyc-311-sample.csv"
cp "$SRCDIR/policies/nyc-baseline.yaml" .
sed 's/^  complainant_phone: .*/  complainant_phone: {action: keep}/' "$SRCDIR/policies/nyc-311.yaml" > weak.yaml
grep -q 'complainant_phone: {action: keep}' weak.yaml || fail "weak.yaml not made"
run 0 keygen agency -W
mkdir -p pk
SOURCE_DATE_EPOCH=1795392000 run 0 release "$data" --policy "$SRCDIR/policies/nyc-311.yaml" \
    -o pk/ok.tar.gz -f tar.gz -k agency.key
SOURCE_DATE_EPOCH=1795478400 run 0 release "$data" --policy weak.yaml -o pk/weak.tar.gz \
    -f tar.gz -k agency.key --allow-weaker

# one dataset, two versions: the newest (weaker) is the page's release
run 0 portal pk/ok.tar.gz pk/weak.tar.gz --pubkey agency.pub -o site
page=$(ls site/datasets/*.html)
expect_in "$page" 'class="notice weaker"'
expect_in "$page" "Weaker than its baseline"
expect_in "$page" "column &#39;complainant_phone&#39; is kept"
expect_not_in "$page" "column 'complainant_phone' is kept"   # escaped, never raw
/usr/bin/python3 - "$page" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
vers = re.findall(r'<li class="version" data-release="([0-9-]+)">(.*?)</li>\n', html, re.S)
assert len(vers) == 2, len(vers)
marks = {d: ('class="weaker"' in body) for d, body in vers}
assert marks == {"2026-11-24": True, "2026-11-23": False}, marks
# the notice is above the facts, on the first screen
assert html.index('class="notice weaker"') < html.index('<dl class="facts">')
print("weaker notice ok", marks)
PY
# a site of the normal release only: no notice anywhere
run 0 portal pk/ok.tar.gz --pubkey agency.pub -o site-ok
if grep -rl "weaker" site-ok --include=*.html >/dev/null; then
    fail "a release that meets its baseline is marked weaker"
fi

# a hostile archive (a symlink entry beside a valid bag), signed by the agency key: the
# portal refuses it for the same reason verify does, and writes nothing
mkdir -p ex && tar -C ex -xzf pk/ok.tar.gz
bag=$(ls ex)
ln -s /etc/passwd "ex/$bag/metadata/link.txt"
tar -C ex -czf hostile.tar.gz "$bag"
minisign -S -s agency.key -m hostile.tar.gz -x hostile.tar.gz.minisig </dev/null >/dev/null 2>&1 \
    || fail "minisign could not sign with an odpub key"
run 1 verify hostile.tar.gz --pubkey agency.pub
expect_in "$ERR" "symbolic link"
run 1 portal hostile.tar.gz --pubkey agency.pub -o site-hostile
expect_in "$ERR" "hostile.tar.gz.*refused"
expect_in "$ERR" "symbolic link"
expect_no_path site-hostile
