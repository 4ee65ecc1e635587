# No raw protected value reaches stdout, stderr, the report or the package: canaries in
# protected columns, then a good release and every error path we can trigger; the only
# place a canary may appear is nowhere (the policy keeps none of them).
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
/usr/bin/python3 "$SRCDIR/tests/data/canary.py" in.csv 60
pol="$SRCDIR/tests/data/canary-policy.yaml"
run 0 release in.csv --policy "$pol" -o good --json
run 0 release in.csv --policy "$pol" -o good2
# error paths that see protected values:
awk -F, -v OFS=, 'NR==5{$2="CANARY-DATE-bad"}1' in.csv > e1.csv
run 2 release e1.csv --policy "$pol" -o bad1
awk -F, -v OFS=, 'NR==6{$3="CANARY-ZIP"}1' in.csv > e2.csv
run 2 release e2.csv --policy "$pol" -o bad2
{ head -3 in.csv; echo '1,2,3,"CANARY-RAGGED'; } > e3.csv
run 2 release e3.csv --policy "$pol" -o bad3
{ head -3 in.csv; printf '5,03/01/2025 10:15:00 AM,11201,BRONX,Closed,CANARY-NAME-x,CANARY-PHONE-x,CANARY-EMAIL-7731-x@example.org,CANARY-NOTE\0x\n'; } > e4.csv
run 2 release e4.csv --policy "$pol" -o bad4
{ head -3 in.csv; printf '5,03/01/2025 10:15:00 AM,11201,BRONX,Closed,CANARY-NAME-\xff,p,e,n\n'; } > e5.csv
run 2 release e5.csv --policy "$pol" -o bad5
run 2 release e4.csv --policy "$pol" -o bad6 --json
# everything odpub wrote: out.*, err.*, the packages
no_canary CANARY- out.* err.* good good2
# and the pseudonym key bytes
no_canary "$ODPUB_PSEUDONYM_KEY" out.* err.* good good2
