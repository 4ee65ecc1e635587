#!/usr/bin/env python3
"""Generates the audit test dataset: synthetic 311-like rows with identifiers planted
at known places, and the list of what was planted where.

    gen_planted.py OUTDIR  ->  OUTDIR/planted.csv, OUTDIR/planted.json

planted.json: {"rows": N, "plants": [{"column", "detector", "line", "value"}...]} where
line is the physical line where the record starts (header = line 1; some notes span two
lines, so lines and record numbers drift apart). Every value is fake (555 phone numbers,
example.org mail, test card numbers, SSNs from unissued-looking ranges). Deterministic.
"""
import csv
import io
import json
import os
import random
import sys

ROWS = 240
rnd = random.Random(20261123)

BOROUGHS = ["MANHATTAN", "BROOKLYN", "QUEENS", "BRONX", "STATEN ISLAND"]
TYPES = ["Noise - Residential", "Street Condition", "HEAT/HOT WATER", "Illegal Parking",
         "Water System"]
# Background free text, with look-alikes that are not identifiers: order numbers,
# prices, times, short codes, counts.
NOTES = [
    "Caller reported loud music from the apartment upstairs after midnight.",
    "Inspector visited the site; work order 482913 was closed without a violation.",
    "A fee of $125.50 was paid at 10:30 AM and the case was referred to DEP.",
    "Reference RC-20481 logged; the condition was corrected by the owner.",
    "Crew repaired 3 potholes on the block and cleared debris from 2 catch basins.",
    "Complaint forwarded to the precinct, which reported no evidence of the condition.",
    "Boiler inspected at 7:45 PM; heat restored to 14 units in the building.",
]
REFS = ["RC-%05d" % n for n in range(10000, 10100)]

PLANTS = {
    # column -> detector -> values (each planted once, in a random row)
    "notes": {
        "email": ["jane.roe@example.org", "m.santos+311@example.net", "kwame_o@example.com",
                  "li.wei@mail.example.org"],
        "phone": ["(212) 555-0134", "718-555-0199", "+1 347 555 0123", "646.555.0175",
                  "917 555 0111"],
        "ssn": ["512-34-8765", "287-65-4321", "401-23-5678"],
        "credit_card": ["4111 1111 1111 1111", "5500-0000-0000-0004", "6011000000000004",
                        "3400 000000 00009"],
    },
    "ref_code": {
        "ssn": ["623-11-4455", "318-42-7719"],
        "credit_card": ["4012888888881881", "5105 1051 0510 5100"],
    },
    "callback": {
        "phone": ["212-555-0187", "(718) 555-0144", "929.555.0102"],
    },
    "contact": {
        "email": ["pat.k@example.org", "r.gomez@example.com", "ana@example.net"],
    },
}


def main():
    out = sys.argv[1]
    rows = []
    for i in range(ROWS):
        note = rnd.choice(NOTES)
        if rnd.random() < 0.15:
            note += "\nFollow-up scheduled."     # a two-line field
        rows.append({
            "request_id": str(70000000 + i),
            "created_date": "%02d/%02d/2025" % (rnd.randint(1, 12), rnd.randint(1, 28)),
            "borough": rnd.choice(BOROUGHS),
            "complaint_type": rnd.choice(TYPES),
            "notes": note,
            "ref_code": rnd.choice(REFS),
            "callback": "",
            "contact": "",
            "complainant_phone": "212-555-%04d" % rnd.randint(100, 199),
        })
    plants = []
    used = set()
    for col, dets in PLANTS.items():
        for det, values in dets.items():
            for v in values:
                while True:
                    r = rnd.randrange(ROWS)
                    if (r, col) not in used:
                        break
                used.add((r, col))
                if col == "notes":
                    rows[r][col] = rnd.choice(["Caller asked to be reached at %s today.",
                                               "Contact %s for access to the cellar.",
                                               "%s was given as the callback."]) % v
                else:
                    rows[r][col] = v
                plants.append({"column": col, "detector": det, "row": r, "value": v})
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    line = 1 + buf.getvalue().count("\n")
    start = []
    for row in rows:
        start.append(line)
        before = buf.getvalue().count("\n")
        w.writerow(row)
        line += buf.getvalue().count("\n") - before
    text = buf.getvalue()
    with open(os.path.join(out, "planted.csv"), "w", newline="") as f:
        f.write(text)
    for p in plants:
        p["line"] = start[p.pop("row")]
    plants.sort(key=lambda p: (p["column"], p["detector"], p["line"]))
    with open(os.path.join(out, "planted.json"), "w") as f:
        json.dump({"rows": ROWS, "lines": start, "plants": plants}, f, indent=1)


main()
