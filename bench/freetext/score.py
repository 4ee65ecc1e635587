#!/usr/bin/env python3
"""Score a scrubber's output against a labelled corpus from gen_corpus.py.

    python3 score.py CORPUS.jsonl SCRUBBED.txt [--json] [--by-format] [--by-source]
                     [--show N] [--threshold 0.8] [--token-regex REGEX ...] [--raw]

SCRUBBED.txt holds one scrubbed text per line, in corpus order, each line a
JSON-encoded string (so that newlines survive); --raw reads plain lines instead.

Alignment
  1. Both texts are normalised per character for comparison: NFKC, casefold,
     every dash-like character -> '-', every space-like character -> ' ',
     format characters (zero-width space U+200B, U+200C/D, U+2060, U+FEFF)
     dropped.  So a scrubber that only normalises Unicode or case does not
     "remove" anything.
  2. Replacement tokens in the scrubbed text ("[PERSON]", "<NAME>", "{NAME}",
     "*****", "XXXX", "████", redact-pii's bare "PERSON_NAME", "DIGITS", ...,
     plus --token-regex) become one opaque symbol that matches nothing, unless
     the same string occurs in the original row.
  3. Both sides are split into tokens (alphanumeric runs, single
     punctuation, opaque symbols; whitespace is ignored).  difflib (autojunk
     off) first aligns the word tokens (alphanumeric runs and opaque symbols)
     only, then all tokens inside each gap between matched words.  Inside each
     replaced region a character-level alignment recovers characters kept
     around a partial replacement
     ("ph#2125550134" -> "ph#[PHONE]"); there only common runs of >= 2
     characters count, so letters of a replacement word ("NAME") do not
     match letters of the removed name by chance.
  An original character is KEPT when it is aligned to an equal character;
  otherwise it is REMOVED (deleted or replaced, whatever the replacement's length).

Metrics
  recall (per type, overall):  a span is removed when all its digits are
      removed and at least --threshold (0.8) of its alphanumeric characters
      are removed.  "strict" additionally needs 100% of them removed.
      Removing a superset of the span (e.g. also "Mr." or "Apt") counts.
  decoys kept: a decoy survives when every non-space character of it is kept.
  token precision: original word tokens (alphanumeric runs) with at least one
      removed character are "removed tokens"; precision = removed tokens that
      overlap an identifier span / (those + removed tokens outside spans and
      cues).  Cue tokens ("Mr.", "DOB", "Apt", "plate", ...) are neutral.
  non-identifier tokens destroyed: removed tokens outside spans and cues /
      all tokens outside spans and cues.
  clean rows untouched: rows with no identifier whose tokens all survive.
"""
import argparse
import difflib
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict

DEFAULT_TOKEN_PATTERNS = [
    r"\[[A-Z][A-Z0-9_ \-/.]*\]",           # [PERSON] [REDACTED] [CASE_NUMBER]
    r"<[A-Z][A-Z0-9_ \-/.]*>",             # <NAME> <PERSON>
    r"\{\{?[A-Z][A-Z0-9_ \-]*\}?\}",       # {NAME} {{NAME}}
    r"\*{2,}",                              # *****
    r"[\u2588\u25a0\u2587\u2589]+",          # block characters
    r"\b[Xx]{3,}\b",                        # XXXX
    # redact-pii's default replacement values
    r"\b(?:PERSON_NAME|PHONE_NUMBER|STREET_ADDRESS|EMAIL_ADDRESS|US_SOCIAL_SECURITY_NUMBER"
    r"|CREDIT_CARD_NUMBER|IP_ADDRESS|ZIPCODE|DIGITS|URL|USERNAME|PASSWORD|CREDENTIALS)\b",
]

DASHES = set("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")
TYPES = ["person_name", "apartment", "case_number", "dob", "phone", "email", "ssn",
         "address", "bbl", "bin", "plate", "license", "badge", "credit_card", "ip"]


def ckey(c):
    """comparison key of one character, or None when the character is ignored"""
    if unicodedata.category(c) == "Cf":
        return None
    k = unicodedata.normalize("NFKC", c)
    if not k:
        return None
    if k in DASHES or c in DASHES:
        return "-"
    if k.isspace():
        return " "
    return k.casefold()


def is_alnum_key(k):
    return any(ch.isalnum() for ch in k)


class Elem:
    __slots__ = ("key", "idx", "alnum")

    def __init__(self, key, idx, alnum):
        self.key, self.idx, self.alnum = key, idx, alnum


def elements(text, opaque_spans=()):
    """list of Elem; opaque spans (start,end) become one element each"""
    out = []
    op = iter(sorted(opaque_spans))
    nxt = next(op, None)
    i = 0
    n_op = 0
    while i < len(text):
        if nxt is not None and i == nxt[0]:
            out.append(Elem("\x00OPAQUE%d\x00" % n_op, -1, False))
            n_op += 1
            i = nxt[1]
            nxt = next(op, None)
            continue
        k = ckey(text[i])
        if k is not None:
            out.append(Elem(k, i, is_alnum_key(k)))
        i += 1
    return out


def tokenize(elems):
    """group elements: alnum runs, single others, opaque singles (whitespace dropped).
    returns list of (token_key, [element positions])"""
    toks = []
    cur, cur_kind = [], None
    for p, e in enumerate(elems):
        if e.key.startswith("\x00OPAQUE"):
            kind = "op"
        elif e.alnum:
            kind = "w"
        elif e.key == " ":
            kind = "s"
        else:
            kind = "p"
        if kind in ("w", "s") and kind == cur_kind:
            cur.append(p)
            continue
        if cur:
            toks.append(cur)
        cur, cur_kind = [p], kind
    if cur:
        toks.append(cur)
    out = []
    for t in toks:
        if elems[t[0]].key == " ":
            continue          # whitespace is not scored and only causes spurious matches
        first = elems[t[0]]
        is_word = first.alnum or first.key.startswith("\x00OPAQUE")
        out.append(("".join(elems[p].key for p in t), t, is_word))
    return out


def find_opaque(scrubbed, original_norm, patterns):
    spans = []
    for rx in patterns:
        for m in rx.finditer(scrubbed):
            if m.end() == m.start():
                continue
            frag = m.group(0)
            fnorm = "".join(k for k in (ckey(c) for c in frag) if k)
            if fnorm and fnorm in original_norm:
                continue          # the string is in the original: not a replacement token
            spans.append((m.start(), m.end()))
    # drop overlaps (keep earliest, longest)
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out = []
    last = -1
    for s, e in spans:
        if s >= last:
            out.append((s, e))
            last = e
    return out


def align(original, scrubbed, patterns):
    """returns list kept[i] for each char of original (None for ignored chars)

    Pass 1 aligns word tokens only (alphanumeric runs and opaque replacement
    symbols), so that single punctuation marks cannot pull the alignment off
    course.  Pass 2 aligns all tokens inside each gap between matched words,
    and pass 3 aligns characters inside each replaced region."""
    onorm = "".join(k for k in (ckey(c) for c in original) if k)
    a_el = elements(original)
    b_el = elements(scrubbed, find_opaque(scrubbed, onorm, patterns))
    a_tok = tokenize(a_el)
    b_tok = tokenize(b_el)
    kept = [None] * len(original)
    for e in a_el:
        kept[e.idx] = False

    def keep_tok(ti):
        for p in a_tok[ti][1]:
            kept[a_el[p].idx] = True

    def align_chars(i1, i2, j1, j2):
        ap = [p for ti in range(i1, i2) for p in a_tok[ti][1]]
        bp = [p for tj in range(j1, j2) for p in b_tok[tj][1]]
        if not ap or not bp:
            return
        sm = difflib.SequenceMatcher(None, [a_el[p].key for p in ap], [b_el[p].key for p in bp], autojunk=False)
        for blk in sm.get_matching_blocks():
            if blk.size >= 2 or (blk.size == 1 and not a_el[ap[blk.a]].alnum):
                for q in range(blk.a, blk.a + blk.size):
                    kept[a_el[ap[q]].idx] = True

    def align_gap(i1, i2, j1, j2):
        if i1 >= i2 or j1 >= j2:
            return
        sm = difflib.SequenceMatcher(None, [t[0] for t in a_tok[i1:i2]], [t[0] for t in b_tok[j1:j2]], autojunk=False)
        for op, x1, x2, y1, y2 in sm.get_opcodes():
            if op == "equal":
                for ti in range(i1 + x1, i1 + x2):
                    keep_tok(ti)
            elif op == "replace":
                align_chars(i1 + x1, i1 + x2, j1 + y1, j1 + y2)

    aw = [i for i, t in enumerate(a_tok) if t[2]]
    bw = [j for j, t in enumerate(b_tok) if t[2]]
    sm = difflib.SequenceMatcher(None, [a_tok[i][0] for i in aw], [b_tok[j][0] for j in bw], autojunk=False)
    pa, pb = -1, -1
    for blk in sm.get_matching_blocks():
        for q in range(blk.size):
            ia, jb = aw[blk.a + q], bw[blk.b + q]
            align_gap(pa + 1, ia, pb + 1, jb)
            keep_tok(ia)
            pa, pb = ia, jb
    align_gap(pa + 1, len(a_tok), pb + 1, len(b_tok))
    return kept


def word_tokens(text):
    """original word tokens: maximal runs of alphanumeric characters (format chars skipped)"""
    toks = []
    cur = []
    for i, c in enumerate(text):
        k = ckey(c)
        if k is None:
            continue
        if is_alnum_key(k):
            cur.append(i)
        else:
            if cur:
                toks.append(cur)
            cur = []
    if cur:
        toks.append(cur)
    return toks


def load_scrubbed(path, raw):
    out = []
    with open(path, encoding="utf-8") as f:
        for ln, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if raw:
                out.append(line.rstrip("\r"))
                continue
            try:
                v = json.loads(line)
            except json.JSONDecodeError:
                raise SystemExit(f"{path}:{ln}: not a JSON string (use --raw for plain lines)")
            if not isinstance(v, str):
                raise SystemExit(f"{path}:{ln}: expected a JSON string")
            out.append(v)
    return out


def ratio(a, b):
    return a / b if b else None


def pct(x):
    return "   n/a" if x is None else f"{100 * x:6.2f}"


def score(corpus_rows, scrubbed, patterns, threshold=0.8, show=0):
    per_type = defaultdict(Counter)     # type -> n, removed, strict
    per_fmt = defaultdict(Counter)
    per_src = defaultdict(Counter)
    per_kind = defaultdict(Counter)
    tok = Counter()
    rows_clean = Counter()
    misses, fps = [], []
    for row, out in zip(corpus_rows, scrubbed):
        text = row["text"]
        kept = align(text, out, patterns)
        # spans
        in_span = [False] * len(text)
        in_cue = [False] * len(text)
        for sp in row["spans"]:
            s, e, t = sp["start"], sp["end"], sp["type"]
            for i in range(s, e):
                in_span[i] = True
            al = [i for i in range(s, e) if kept[i] is not None and is_alnum_key(ckey(text[i]))]
            dg = [i for i in al if text[i].isdigit()]
            rem = sum(1 for i in al if not kept[i])
            frac = rem / len(al) if al else 1.0
            removed = all(not kept[i] for i in dg) and frac >= threshold
            strict = rem == len(al)
            for c in (per_type[t], per_fmt[(t, sp.get("fmt", ""))], per_src[row.get("source", "?")]):
                c["n"] += 1
                c["removed"] += removed
                c["strict"] += strict
            if not removed and len(misses) < show:
                misses.append((row["id"], t, sp.get("fmt", ""), text[s:e], text, out))
        for cu in row.get("cues", []):
            for i in range(cu["start"], cu["end"]):
                in_cue[i] = True
        # decoys
        for d in row["decoys"]:
            idxs = [i for i in range(d["start"], d["end"]) if kept[i] is not None and ckey(text[i]) != " "]
            ok = all(kept[i] for i in idxs)
            per_kind[d["kind"]]["n"] += 1
            per_kind[d["kind"]]["kept"] += ok
            if not ok and len(fps) < show:
                fps.append((row["id"], d["kind"], text[d["start"]:d["end"]], text, out))
        # tokens
        all_kept = True
        for tk in word_tokens(text):
            removed = any(not kept[i] for i in tk)
            if removed:
                all_kept = False
            if any(in_span[i] for i in tk):
                cls = "span"
            elif any(in_cue[i] for i in tk):
                cls = "cue"
            else:
                cls = "other"
            tok[cls] += 1
            tok[cls + "_removed"] += removed
        if not row["spans"]:
            rows_clean["n"] += 1
            rows_clean["untouched"] += all_kept
    n = sum(c["n"] for c in per_type.values())
    rem = sum(c["removed"] for c in per_type.values())
    strict = sum(c["strict"] for c in per_type.values())
    dn = sum(c["n"] for c in per_kind.values())
    dk = sum(c["kept"] for c in per_kind.values())
    type_recalls = [per_type[t]["removed"] / per_type[t]["n"] for t in TYPES if per_type[t]["n"]]
    res = {
        "rows": len(corpus_rows),
        "threshold": threshold,
        "spans": n,
        "recall": ratio(rem, n),
        "recall_strict": ratio(strict, n),
        "recall_macro": sum(type_recalls) / len(type_recalls) if type_recalls else None,
        "per_type": {t: {"n": per_type[t]["n"], "recall": ratio(per_type[t]["removed"], per_type[t]["n"]),
                         "recall_strict": ratio(per_type[t]["strict"], per_type[t]["n"])}
                     for t in TYPES if per_type[t]["n"]},
        "decoys": dn,
        "decoys_kept": ratio(dk, dn),
        "decoys_per_kind": {k: {"n": c["n"], "kept": ratio(c["kept"], c["n"])}
                            for k, c in sorted(per_kind.items(), key=lambda kv: -kv[1]["n"])},
        "token_precision": ratio(tok["span_removed"], tok["span_removed"] + tok["other_removed"]),
        "span_tokens_removed": ratio(tok["span_removed"], tok["span"]),
        "nonid_tokens_destroyed": ratio(tok["other_removed"], tok["other"]),
        "cue_tokens_removed": ratio(tok["cue_removed"], tok["cue"]),
        "tokens": {"span": tok["span"], "cue": tok["cue"], "other": tok["other"],
                   "span_removed": tok["span_removed"], "cue_removed": tok["cue_removed"],
                   "other_removed": tok["other_removed"]},
        "clean_rows": rows_clean["n"],
        "clean_rows_untouched": ratio(rows_clean["untouched"], rows_clean["n"]),
        "per_format": {f"{t}/{f}": {"n": c["n"], "recall": ratio(c["removed"], c["n"])}
                       for (t, f), c in sorted(per_fmt.items())},
        "per_source": {s: {"n": c["n"], "recall": ratio(c["removed"], c["n"])}
                       for s, c in sorted(per_src.items())},
    }
    return res, misses, fps


def print_report(res, by_format, by_source, misses, fps):
    w = sys.stdout.write
    w(f"rows {res['rows']}   identifier spans {res['spans']}   decoys {res['decoys']}   "
      f"(span removed = all digits and >= {res['threshold']:.0%} of alphanumerics gone)\n\n")
    w(f"{'type':<14}{'n':>6}{'recall%':>9}{'strict%':>9}\n")
    for t, v in res["per_type"].items():
        w(f"{t:<14}{v['n']:>6}{pct(v['recall']):>9}{pct(v['recall_strict']):>9}\n")
    w(f"{'ALL (micro)':<14}{res['spans']:>6}{pct(res['recall']):>9}{pct(res['recall_strict']):>9}\n")
    w(f"{'ALL (macro)':<14}{'':>6}{pct(res['recall_macro']):>9}\n\n")
    w(f"decoys kept: {pct(res['decoys_kept']).strip()}%\n")
    for k, v in res["decoys_per_kind"].items():
        w(f"  {k:<18}{v['n']:>6}{pct(v['kept']):>9}\n")
    t = res["tokens"]
    w("\n")
    w(f"token precision:                 {pct(res['token_precision']).strip()}%   "
      f"({t['span_removed']} removed tokens in spans, {t['other_removed']} outside spans and cues)\n")
    w(f"identifier tokens removed:       {pct(res['span_tokens_removed']).strip()}%   (of {t['span']})\n")
    w(f"non-identifier tokens destroyed: {pct(res['nonid_tokens_destroyed']).strip()}%   "
      f"(of {t['other']}; cue tokens, neutral, removed: {pct(res['cue_tokens_removed']).strip()}% of {t['cue']})\n")
    w(f"rows without identifiers left untouched: {pct(res['clean_rows_untouched']).strip()}%   "
      f"(of {res['clean_rows']})\n")
    if by_source:
        w("\nrecall per source:\n")
        for s, v in res["per_source"].items():
            w(f"  {s:<12}{v['n']:>6}{pct(v['recall']):>9}\n")
    if by_format:
        w("\nrecall per type/format:\n")
        for f, v in res["per_format"].items():
            w(f"  {f:<44}{v['n']:>6}{pct(v['recall']):>9}\n")
    if misses:
        w("\nmissed spans (first examples):\n")
        for rid, t, f, frag, text, out in misses:
            w(f"  {rid} {t}/{f}: {frag!r}\n    in:  {text!r}\n    out: {out!r}\n")
    if fps:
        w("\ndestroyed decoys (first examples):\n")
        for rid, k, frag, text, out in fps:
            w(f"  {rid} {k}: {frag!r}\n    in:  {text!r}\n    out: {out!r}\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("scrubbed")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--by-format", action="store_true", help="recall per type/format")
    ap.add_argument("--by-source", action="store_true", help="recall per source (311, hpd, ...)")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print N missed spans and N destroyed decoys")
    ap.add_argument("--threshold", type=float, default=0.8,
                    help="share of a span's alphanumerics that must be removed (digits: all)")
    ap.add_argument("--token-regex", action="append", default=[], metavar="REGEX",
                    help="extra pattern of replacement tokens in the scrubbed text (repeatable)")
    ap.add_argument("--no-default-tokens", action="store_true", help="do not use the built-in token patterns")
    ap.add_argument("--raw", action="store_true", help="SCRUBBED has plain text lines, not JSON strings")
    a = ap.parse_args(argv)
    rows = [json.loads(l) for l in open(a.corpus, encoding="utf-8") if l.strip()]
    scr = load_scrubbed(a.scrubbed, a.raw)
    if len(scr) != len(rows):
        raise SystemExit(f"{a.scrubbed}: {len(scr)} lines but {a.corpus} has {len(rows)} rows")
    pats = ([] if a.no_default_tokens else DEFAULT_TOKEN_PATTERNS) + a.token_regex
    pats = [re.compile(p) for p in pats]
    res, misses, fps = score(rows, scr, pats, a.threshold, a.show)
    if a.json:
        json.dump(res, sys.stdout, indent=1, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_report(res, a.by_format, a.by_source, misses, fps)


if __name__ == "__main__":
    main()
