# Pseudonyms are plain HMAC-SHA-256: odpub's output equals `openssl dgst -sha256 -hmac`
# for the same key, with and without a domain (domain bytes + one NUL + value), and a
# date_shift offset is the documented function of HMAC(key, "date_shift" NUL by-value).
key='e2e-pseudonym-key-0123456789abcdef'
printf '%s\n' "$key" > k.key
chmod 600 k.key

hmac() { # hmac BYTES-VIA-PRINTF-FORMAT ARGS... -> 64 hex
    # shellcheck disable=SC2059
    printf "$@" | openssl dgst -sha256 -hmac "$key" | sed 's/^.*= //'
}

# 1. the building block (test_actions --hmac) against openssl, for awkward values
tool="$BUILDDIR/tests/test_actions"
[ -x "$tool" ] || fail "missing $tool"
for v in 'a' '12345678' 'john.doe@example.com' 'Jos\303\251 "Q", x' ; do
    val=$(printf "$v")
    want=$(hmac '%s' "$val")
    got=$("$tool" --hmac k.key "$val")
    [ "$got" = "$want" ] || fail "HMAC of a test value: got $got, openssl says $want"
    want=$(hmac 'person\0%s' "$val")
    got=$("$tool" --hmac k.key "$val" person)
    [ "$got" = "$want" ] || fail "domain HMAC: got $got, openssl says $want"
done

# 2. through odpub release: pseudonymize (plain and with a domain) and date_shift
cat > in.csv <<'EOF'
id,email,email_d,visit,who
1,a@example.com,a@example.com,2024-03-01,P1
2,b@example.com,b@example.com,03/15/2024 10:30:00 AM,P2
3,,,,
EOF
cat > pol.yaml <<'EOF'
odpub: 1
name: vec
dataset: {title: "vectors", agency: "odpub tests"}
keys:
  pseudonym: file:k.key
default: reject
columns:
  id:      {action: keep}
  email:   {action: pseudonymize, length: 64}
  email_d: {action: pseudonymize, domain: person, length: 16}
  visit:   {action: date_shift, by: who, max_days: 30}
  who:     {action: drop}
EOF
run 0 release in.csv --policy pol.yaml -o pkg
out=pkg/data/vec.csv
[ -f "$out" ] || fail "no $out"
/usr/bin/python3 - "$out" "$key" <<'EOF' || fail "release output differs from the HMAC vectors"
import csv, datetime, hmac, subprocess, sys

key = sys.argv[2]
def ossl(data):
    r = subprocess.run(["openssl", "dgst", "-sha256", "-hmac", key], input=data,
                       capture_output=True, check=True)
    return r.stdout.decode().split("= ")[1].strip()

rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["id"] for r in rows] == ["1", "2", "3"], rows
assert "who" not in rows[0]
inp = {"1": ("a@example.com", "2024-03-01", "P1"), "2": ("b@example.com", "03/15/2024 10:30:00 AM", "P2")}
for r in rows:
    if r["id"] == "3":
        assert r["email"] == r["email_d"] == r["visit"] == "", r  # empty stays empty
        continue
    email, visit, who = inp[r["id"]]
    assert r["email"] == ossl(email.encode()), ("email", r)
    assert r["email_d"] == ossl(b"person\0" + email.encode())[:16], ("email_d", r)
    mac = ossl(b"date_shift\0" + who.encode())
    shift = int(mac[:16], 16) % 61 - 30
    if "/" in visit:
        d = datetime.datetime.strptime(visit[:10], "%m/%d/%Y").date() + datetime.timedelta(days=shift)
        want = d.strftime("%m/%d/%Y") + visit[10:]
    else:
        want = (datetime.date.fromisoformat(visit) + datetime.timedelta(days=shift)).isoformat()
    assert r["visit"] == want, ("visit", r, want)
print("vectors ok")
EOF
# the key never appears in anything odpub wrote
no_canary "$key" pkg "$E2E_OUT"/out.* "$E2E_OUT"/err.*
