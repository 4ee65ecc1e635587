# Pseudonyms link across datasets only where the agency chooses: two different datasets
# released with the same key and domain give the same pseudonym for the same person;
# another domain (or another key) gives a different, unlinkable one.
export ODPUB_PSEUDONYM_KEY=$(cat "$(test_key)")
printf 'case_id,email\n1,ann@example.org\n2,bob@example.org\n' > a.in.csv
printf 'permit,contact_email,fee\n77,bob@example.org,10\n78,ann@example.org,20\n' > b.in.csv
pol() { # pol NAME COLUMN DOMAIN OTHERCOLS...
    local name=$1 col=$2 dom=$3; shift 3
    { printf 'odpub: 1\nname: %s\nkeys: {pseudonym: env:ODPUB_PSEUDONYM_KEY}\ncolumns:\n' "$name"
      printf '  %s: {action: pseudonymize, domain: %s, length: 16}\n' "$col" "$dom"
      for c in "$@"; do printf '  %s: {action: keep}\n' "$c"; done; } > "$name.yaml"
}
pol a email person case_id
pol b contact_email person permit fee
pol c contact_email licensee permit fee
run 0 release a.in.csv --policy a.yaml -o pa
run 0 release b.in.csv --policy b.yaml -o pb
run 0 release b.in.csv --policy c.yaml -o pc
ann_a=$(awk -F, 'NR==2{print $2}' pa/data/a.csv)
ann_b=$(awk -F, 'NR==3{print $2}' pb/data/b.csv)
ann_c=$(awk -F, 'NR==3{print $2}' pc/data/c.csv)
bob_a=$(awk -F, 'NR==3{print $2}' pa/data/a.csv)
bob_b=$(awk -F, 'NR==2{print $2}' pb/data/b.csv)
[ ${#ann_a} = 16 ] || fail "pseudonym length ${#ann_a}"
[ "$ann_a" = "$ann_b" ] || fail "same key + domain, two datasets: pseudonyms differ"
[ "$bob_a" = "$bob_b" ] || fail "same key + domain, two datasets: pseudonyms differ"
[ "$ann_a" != "$bob_a" ] || fail "two people share a pseudonym"
[ "$ann_b" != "$ann_c" ] || fail "another domain gives the same pseudonym"
# another key: unlinkable too
export ODPUB_PSEUDONYM_KEY=another-pseudonym-key-0123456789abcdef
run 0 release a.in.csv --policy a.yaml -o pd
[ "$(awk -F, 'NR==2{print $2}' pd/data/a.csv)" != "$ann_a" ] || fail "another key gives the same pseudonym"
no_canary "ann@example.org" pa pb pc pd
