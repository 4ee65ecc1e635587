#!/usr/bin/env bash
# The reference transform as closely as Miller 6 can express it (no HMAC in Miller:
# pseudonyms are sha256(key . value), so this output is not byte-identical; the point
# is the speed and memory of a popular streaming CSV tool doing the same work).
#   bench/miller.sh IN.csv > OUT.csv
set -euo pipefail
key='bench-hmac-key-0123456789abcdef!'
exec mlr --icsv --ocsv --quote-original 2>/dev/null --ifs , cut -x -f complainant_name,bbl,x_coordinate_state_plane,y_coordinate_state_plane,location \
  then put '
    for (c in ["unique_key", "complainant_phone", "complainant_email"]) {
      if ($[c] != "") { $[c] = substr(sha256("'"$key"'" . $[c]), 0, 15) }
    }
    for (c in ["created_date", "closed_date", "due_date", "resolution_action_updated_date"]) {
      if ($[c] != "") { $[c] = sub($[c], "^([0-9]{2})/[0-9]{2}/([0-9]{4}).*", "\2-\1") }
    }
    if ($incident_address != "") { $incident_address = "REDACTED" }
    $incident_zip = substr($incident_zip, 0, 2);
    for (c in ["latitude", "longitude"]) {
      if ($[c] != "") { $[c] = fmtnum(float($[c]), "%.3f") }
    }
    if ($resolution_description != "") {
      $resolution_description = gsub(gsub($resolution_description,
        "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}", "[EMAIL]"),
        "[(]?[0-9]{3}[)]?[-. ]?[0-9]{3}[-. ][0-9]{4}", "[PHONE]")
    }
  ' "$1"
