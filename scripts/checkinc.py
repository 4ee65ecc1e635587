#!/usr/bin/python3
"""checkinc.py - the include rules of docs/ARCHITECTURE.md, for scripts/checksrc.

1. cmd/ includes only public headers ("odp/x.h") and its own (cmd/odpub/*.h).
2. No include cycle: the graph of quoted includes between lib/ files (a name resolves to
   the header in the including file's folder, else to lib/odp/ for "odp/x.h", else to
   the one lib/ header of that name) has no cycle.
3. No lib/ .c file over LIMIT lines, except the hot CSV scanner (issue 22): reported;
   an error only with --strict-size.
Prints one line per problem; exits 1 if any rule (1, 2, or 3 with --strict-size) fails.
"""
import os
import re
import sys

LIMIT = 1300
SIZE_EXEMPT = {"lib/table/csv.c"}
INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def files(top, exts):
    out = []
    for d, _, names in os.walk(top):
        for n in names:
            if n.endswith(exts):
                out.append(os.path.join(d, n))
    return sorted(out)


def main():
    strict_size = "--strict-size" in sys.argv
    bad = False
    libfiles = files("lib", (".c", ".h"))
    by_name = {}
    for f in libfiles:
        if f.endswith(".h") and not f.startswith("lib/include/"):
            by_name.setdefault(os.path.basename(f), []).append(f)

    def resolve(src, name):
        local = os.path.normpath(os.path.join(os.path.dirname(src), name))
        if os.path.exists(local):
            return local
        if name.startswith("odp/"):
            return "lib/" + name
        cands = by_name.get(os.path.basename(name), [])
        return cands[0] if len(cands) == 1 else None

    for f in files("cmd", (".c", ".h")):
        for name in INC.findall(open(f, encoding="utf-8", errors="replace").read()):
            own = os.path.join(os.path.dirname(f), name)
            if not name.startswith("odp/") and not os.path.exists(own):
                print(f'{f}: includes "{name}": cmd/ may include only odp/ headers')
                bad = True

    graph = {}
    for f in libfiles:
        text = open(f, encoding="utf-8", errors="replace").read()
        graph[f] = [t for t in (resolve(f, n) for n in INC.findall(text)) if t and t != f]
    state = {}
    stack = []

    def visit(n):
        nonlocal bad
        state[n] = 1
        stack.append(n)
        for m in graph.get(n, []):
            if state.get(m) == 1:
                print("include cycle: " + " -> ".join(stack[stack.index(m):] + [m]))
                bad = True
            elif m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    sys.setrecursionlimit(10000)
    for f in libfiles:
        if f not in state:
            visit(f)

    for f in libfiles:
        if f.endswith(".c") and f not in SIZE_EXEMPT:
            n = sum(1 for _ in open(f, encoding="utf-8", errors="replace"))
            if n > LIMIT:
                print(f"{f}: {n} lines (over {LIMIT}){'' if strict_size else ' [note]'}")
                bad = bad or strict_size
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
