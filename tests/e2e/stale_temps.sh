# Temporary output of killed runs is cleaned whatever its target was (issue 21.6): a run
# into a directory removes every ".odpub-tmp-<target>-<pid>-XXXXXX" entry there whose
# process is gone, not only those of its own target; entries of a live process and
# other files stay.
printf 'id,v\n1,a\n2,b\n' > d.csv
cat > p.yaml <<'Y'
odpub: 1
name: stale
dataset: {title: "Stale", agency: "Test", license: "CC0-1.0"}
columns:
  id: {action: keep, type: integer}
  v: {action: keep}
Y
mkdir out
sh -c 'exit 0' & dead=$!; wait "$dead"          # a pid that is gone
while kill -0 "$dead" 2>/dev/null; do sh -c 'exit 0' & dead=$!; wait "$dead"; done
mkdir -p "out/.odpub-tmp-X.tar.zst-$dead-aB3xYz/data"
head -c 100000 /dev/zero > "out/.odpub-tmp-X.tar.zst-$dead-aB3xYz/data/x.csv"
: > "out/.odpub-tmp-x-2026-12-04.zip-$dead-Q1w2E3"
mkdir "out/.odpub-tmp-a-1-2-3-$dead-zzzzzz"
sleep 300 & live=$!
mkdir "out/.odpub-tmp-Y.zip-$live-LiVe00"
: > out/.odpub-tmp-notours
: > out/keep-me.txt
run 0 release d.csv --policy p.yaml -o out/Z -f dir
kill "$live" 2>/dev/null || true
left=$(cd out && ls -A | sort | tr '\n' ' ')
[ "$left" = ".odpub-tmp-Y.zip-$live-LiVe00 .odpub-tmp-notours Z keep-me.txt " ] ||
    fail "after the run: $left"
echo "stale_temps: dead runs' temp entries of every target removed"
