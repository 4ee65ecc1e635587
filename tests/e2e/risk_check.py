#!/usr/bin/python3
"""Independent check of a release under risk models (tests/e2e/risk_models.sh).

A separate implementation, in plain Python, of the definitions in docs/PRIVACY.md:
it recomputes k, l and t (and k-map from the population file) from the RELEASED csv
and the input, compares them with report.json, and, with generalize: auto, checks that
the chosen node is minimal: no node one step finer on one quasi-identifier meets every
model within max_suppression (that node's classes are recomputed from the input here).

usage: risk_check.py CONFIG.json   where CONFIG holds input, output, report, qi, k,
       l {sensitive, measure, l, c}, t {sensitive, t}, pop {file, by, count, k},
       hier {column: [level specs as in the policy]}, max_suppression.
"""
import collections
import csv
import itertools
import json
import math
import sys

cfg = json.load(open(sys.argv[1]))
rep = json.load(open(cfg["report"]))
priv = rep["privacy"]
qi = cfg["qi"]
inp = list(csv.DictReader(open(cfg["input"], newline="")))
out = list(csv.DictReader(open(cfg["output"], newline="")))
EPS = 1e-6


def gen(spec, v):
    """One generalize level applied to a raw value (class identity only)."""
    if spec is not None and "map" in spec:  # a category level: unmapped empty stays empty
        return spec["map"][v] if v in spec["map"] or v != "" else ""
    if v == "":
        return ""
    if spec is None:
        return v
    if "digits" in spec:
        return v[: spec["digits"]]
    if "width" in spec:
        x = float(v)
        if "top" in spec and x >= spec["top"]:
            return ">=top"
        if "bottom" in spec and x < spec["bottom"]:
            return "<bottom"
        return str(math.floor(x / spec["width"]))
    raise SystemExit("risk_check: unsupported level %r" % spec)


def num_or_none(v):
    try:
        return float(v)
    except ValueError:
        return None


def emd(cls, glob, order):
    """EMD of a class's histogram to the table's: ordered or equal distance."""
    n = sum(glob.values())
    size = sum(cls.values())
    if order is None:
        return sum(abs(cls.get(v, 0) / size - glob[v] / n) for v in glob) / 2
    m = len(order)
    if m < 2:
        return 0.0
    cum, d = 0.0, 0.0
    for v in order[:-1]:
        cum += cls.get(v, 0) / size - glob[v] / n
        d += abs(cum)
    return d / (m - 1)


def ldiv(hist, spec):
    """(passes, value) for one class."""
    counts = sorted(hist.values(), reverse=True)
    size = sum(counts)
    if spec["measure"] == "distinct":
        return len(counts) >= spec["l"], len(counts)
    if spec["measure"] == "entropy":
        h = -sum(c / size * math.log(c / size) for c in counts)
        return h >= math.log(spec["l"]) - 1e-9, math.exp(h)
    l, c = int(spec["l"]), spec["c"]
    tail = sum(counts[l - 1:])
    val = math.inf if tail == 0 else counts[0] / tail
    return counts[0] < c * tail, val


def t_order(values):
    vals = sorted(set(values))
    nums = [num_or_none(v) for v in vals if v != ""]
    if all(x is not None for x in nums):
        return sorted(vals, key=lambda v: (v != "", num_or_none(v) or 0.0, v))
    return None


# Reference distributions come from the whole input table (before suppression).
T = cfg.get("t")
L = cfg.get("l")
POP = cfg.get("pop")
tglob = collections.Counter(r[T["sensitive"]] for r in inp) if T else None
torder = t_order(list(tglob)) if T else None
pop_rows = list(csv.DictReader(open(POP["file"], newline=""))) if POP else []


def judge(rows, keyf, popkey):
    """Per class: size, failing models; returns (classes, failing rows, figures)."""
    classes = collections.defaultdict(list)
    for r in rows:
        classes[keyf(r)].append(r)
    popc = collections.Counter()
    for p in pop_rows:
        popc[popkey(p)] += int(p[POP["count"]])
    fails = collections.Counter()
    sup_rows = sup_classes = 0
    fig = {"k": math.inf, "l": None, "t": 0.0, "kmap": math.inf, "kept": []}
    for key, members in classes.items():
        bad = False
        size = len(members)
        if cfg["k"] and size < cfg["k"]:
            fails["k"] += 1
            bad = True
        if L:
            ok, lval = ldiv(collections.Counter(m[L["sensitive"]] for m in members), L)
            if not ok:
                fails["l"] += 1
                bad = True
        if T:
            e = emd(collections.Counter(m[T["sensitive"]] for m in members), tglob, torder)
            if e > T["t"] + 1e-12:
                fails["t"] += 1
                bad = True
        if POP:
            f = sum(c for pk, c in popc.items()
                    if all(pk[i] == key[qi.index(b)] for i, b in enumerate(POP["by"])))
            if f < POP["k"]:
                fails["kmap"] += 1
                bad = True
        if bad:
            sup_rows += size
            sup_classes += 1
            continue
        fig["k"] = min(fig["k"], size)
        fig["kept"].append(size)
        if L:
            if fig["l"] is None:
                fig["l"] = lval
            elif L["measure"] == "recursive":
                fig["l"] = max(fig["l"], lval)
            else:
                fig["l"] = min(fig["l"], lval)
        if T:
            fig["t"] = max(fig["t"], e)
        if POP:
            fig["kmap"] = min(fig["kmap"], f)
    fig["suppressed_classes"] = sup_classes
    return classes, sup_rows, fails, fig


# 1. The released file: every published class meets every model.
def key_out(r):
    return tuple(r[c] for c in qi)


levels = priv.get("generalization", {}).get("levels", {c: 0 for c in qi})
hier = cfg.get("hier", {})


def level_spec(col, lv):
    return None if lv == 0 else hier[col][lv - 1]


def pop_key_at(lv):
    return lambda p: tuple(gen(level_spec(b, lv[b]), p[b]) for b in POP["by"])


# The population's values are generalised like the data: compare on the raw input's
# generalisation at the chosen node (the released strings are labels of those groups).
def input_key_at(lv):
    return lambda r: tuple(gen(level_spec(c, lv[c]), r[c]) for c in qi)


classes, sup, fails, fig = judge(inp, input_key_at(levels), pop_key_at(levels) if POP else None)
assert sum(fails.values()) == 0 or sup > 0
rows = rep["rows"]
assert rows["in"] == rows["out"] + rows["dropped"] + rows["suppressed"], rows
assert rows["out"] == len(out), (rows, len(out))
assert rows["suppressed"] == sup, ("suppressed", rows["suppressed"], sup)
# the released file's classes are the kept classes of the node
out_classes = collections.Counter(key_out(r) for r in out)
assert len(out_classes) == len(classes) - fig["suppressed_classes"], (
    len(out_classes), len(classes), fig["suppressed_classes"])
kept_sizes = sorted(out_classes.values())
if cfg["k"]:
    assert kept_sizes[0] >= cfg["k"], kept_sizes[:3]
assert kept_sizes[0] == fig["k"], (kept_sizes[0], fig["k"])
models = priv["models"]
if cfg["k"]:
    assert models["k_anonymity"]["reached"] == fig["k"], (models["k_anonymity"], fig)
    assert priv["k_reached"] == fig["k"]
# recompute l and t directly on the released rows (published sensitive values)
if L:
    okall = True
    lvals = []
    for key in out_classes:
        members = [r for r in out if key_out(r) == key]
        ok, v = ldiv(collections.Counter(m[L["sensitive"]] for m in members), L)
        okall &= ok
        lvals.append(v)
    assert okall, "a released class fails l-diversity"
    want = max(lvals) if L["measure"] == "recursive" else min(lvals)
    assert abs(models["l_diversity"]["reached"] - want) < EPS * (1 + abs(want)), (
        models["l_diversity"], want)
    assert models["l_diversity"]["classes_failing"] == fails["l"]
if T:
    worst = 0.0
    for key in out_classes:
        members = [r for r in out if key_out(r) == key]
        e = emd(collections.Counter(m[T["sensitive"]] for m in members), tglob, torder)
        assert e <= T["t"] + 1e-12, ("released class above t", e)
        worst = max(worst, e)
    assert abs(models["t_closeness"]["reached"] - worst) < EPS, (models["t_closeness"], worst)
    assert models["t_closeness"]["classes_failing"] == fails["t"]
    assert models["t_closeness"]["distance"] == ("ordered" if torder else "equal")
if POP:
    assert models["k_map"]["reached"] == fig["kmap"], (models["k_map"], fig["kmap"])
    assert models["k_map"]["classes_failing"] == fails["kmap"]
    assert abs(priv["risk"]["journalist_max"] - 1 / max(fig["kmap"], fig["k"])) < EPS or \
        priv["risk"]["population_undercounts"] > 0

# 2. generalize: auto: the chosen node passes and is minimal (search: minimal), or has
# the least loss of every passing node of the lattice (search: global; the loss metric
# recomputed here: dm, discernibility = sum of kept class sizes squared + suppressed x rows).
if "generalization" in priv and priv["generalization"].get("search") == "global":
    g = priv["generalization"]
    assert g["metric"] == "dm", "risk_check recomputes the global optimum for dm only"
    allowed = math.floor(cfg["max_suppression"] * len(inp))
    assert g["rows_suppressed"] == sup <= allowed, (g["rows_suppressed"], sup, allowed)

    best = None
    ranges = [range(len(hier.get(c, [])) + 1) for c in qi]
    npass = 0
    for combo in itertools.product(*ranges):
        lv = dict(zip(qi, combo))
        cl, s2, _, f2 = judge(inp, input_key_at(lv), pop_key_at(lv) if POP else None)
        if s2 > allowed:
            continue
        npass += 1
        dm = sum(x * x for x in f2["kept"]) + s2 * len(inp)
        cand = (dm, sum(combo), combo)
        if best is None or cand < best:
            best = cand
    chosen = tuple(levels[c] for c in qi)
    assert best is not None and best[2] == chosen, ("not the global optimum", best, chosen)
    assert abs(g["loss"]["dm"] - best[0]) < EPS * (1 + best[0]), (g["loss"], best)
    print("global optimum: levels %s, dm %s, %d passing nodes" % (chosen, best[0], npass))
elif "generalization" in priv:
    g = priv["generalization"]
    allowed = math.floor(cfg["max_suppression"] * len(inp))
    assert g["rows_suppressed"] == sup <= allowed, (g["rows_suppressed"], sup, allowed)
    finer_checked = 0
    for col in qi:
        if levels[col] == 0:
            continue
        lv = dict(levels)
        lv[col] -= 1
        _, s2, f2, _ = judge(inp, input_key_at(lv), pop_key_at(lv) if POP else None)
        assert s2 > allowed, ("a finer node passes", col, lv, s2, allowed)
        finer_checked += 1
    print("minimality: %d finer neighbours fail (levels %s)" % (finer_checked, levels))
print("risk check ok: rows %s, k %s, l %s, t %.6f, kmap %s" %
      (rows, fig["k"], fig["l"], fig["t"], fig["kmap"]))
