#!/usr/bin/env python3
"""Writes a small 311-shaped CSV whose protected columns hold marked canary values.

usage: canary.py OUT.csv [ROWS]
Every canary starts with CANARY- so a test can grep all outputs for "CANARY-".
Columns kept by the test policy (status, borough) never hold canaries.
"""
import csv
import sys

rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["unique_key", "created_date", "incident_zip", "borough", "status",
                "complainant_name", "complainant_phone", "complainant_email", "notes"])
    for i in range(rows):
        w.writerow([
            1000 + i, "03/%02d/2025 10:15:00 AM" % (1 + i % 28), "1120%d" % (i % 10),
            ["BRONX", "QUEENS"][i % 2], "Closed",
            "CANARY-NAME-%d Person" % i, "CANARY-PHONE-%d" % i,
            "CANARY-EMAIL-7731-%d@example.org" % i,
            "call CANARY-EMAIL-7731-%d@example.org about case" % i,
        ])
