#!/usr/bin/python3
"""Losses of one k-anonymity node of the Adult lattice under both tools' conventions.

usage: risk-adult-loss.py ADULT HIERDIR K LEVELS [QI,QI,...]
  ADULT    ARX's data/adult.csv (';'-separated); HIERDIR its adult_hierarchy_COL.csv files
  LEVELS   one level per quasi-identifier, e.g. 0-0-1-1-3-2-2-1 (default QIs: the eight
           usual ones, in the order age, sex, race, marital-status, education,
           native-country, workclass, occupation)

Classes below K are suppressed. Prints, for docs/PRIVACY-MODELS.md, the loss of the node
as odpub reports it (docs/PRIVACY.md: suppressed rows count as fully generalised in nue;
prec is the mean level share and ignores suppression) and as ARX 3.9's default metrics
compute it (read from ARX's source, MetricMDNUNMEntropyPrecomputed, MetricMDNMPrecision,
MetricSDNMDiscernability, MetricSDAECS, gs-factor 0.5): ARX's non-uniform entropy counts
every row at its generalised value and adds, for the suppressed rows, the entropy of their
generalised values within the suppressed set; ARX's precision counts a suppressed row as
fully generalised. dm and aecs are the same in both. A separate implementation: it reads
neither tool's output.
"""
import collections
import csv
import math
import sys

adult, hdir, k, levels = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
qis = (sys.argv[5].split(",") if len(sys.argv) > 5 else
       ["age", "sex", "race", "marital-status", "education", "native-country", "workclass",
        "occupation"])
rows = list(csv.DictReader(open(adult, newline=""), delimiter=";"))
H = {q: {r[0]: r for r in csv.reader(open(f"{hdir}/adult_hierarchy_{q}.csv", newline=""),
                                     delimiter=";")} for q in qis}
lv = dict(zip(qis, map(int, levels.split("-"))))
n = len(rows)


def g(r, q):
    return H[q][r[q]][lv[q]]


cls = collections.Counter(tuple(g(r, q) for q in qis) for r in rows)
is_sup = [cls[tuple(g(r, q) for q in qis)] < k for r in rows]
sup = [r for r, s in zip(rows, is_sup) if s]
kept_classes = [c for c, s in cls.items() if s >= k]
ns = len(sup)
nue_odpub = nue_all = arx_sup = 0.0
for q in qis:
    c0 = collections.Counter(r[q] for r in rows)
    cg = collections.Counter(g(r, q) for r in rows)
    for r, s in zip(rows, is_sup):
        e = -math.log2(c0[r[q]] / cg[g(r, q)])
        nue_all += e
        nue_odpub += -math.log2(c0[r[q]] / n) if s else e
    cs = collections.Counter(g(r, q) for r in sup)
    arx_sup += sum(-c * math.log2(c / ns) for c in cs.values())
height = {q: len(next(iter(H[q].values()))) - 1 for q in qis}
prec_odpub = sum(lv[q] / height[q] for q in qis) / len(qis)
prec_arx = sum((n - ns) * lv[q] / height[q] + ns for q in qis) / (n * len(qis))
dm = sum(s * s for s in cls.values() if s >= k) + ns * n
aecs = n / (len(kept_classes) + (1 if ns else 0))
print(f"levels {levels}: suppressed {ns}, classes published {len(kept_classes)}, "
      f"nue odpub {nue_odpub:.2f} / ARX {nue_all + arx_sup:.2f}, "
      f"prec odpub {prec_odpub:.4f} / ARX {prec_arx:.5f}, dm {dm:.0f}, aecs {aecs:.2f}")
