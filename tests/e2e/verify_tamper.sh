# Tampering is always caught: a small signed package in each format has every byte
# flipped (one at a time), and its files renamed, added, removed and truncated; verify
# --pubkey exits 1 or 2 for every one of them and never 0, and exactly 1 ("verification
# failed") for every archive format: a corrupt download is a failed verification, not an
# unusable input. (The untrusted comment line of a .minisig is not signed by design, so
# it is the one thing left out.)
PY=/usr/bin/python3
printf 'id,name,note\n1,Ann,"hello, world"\n2,Bob,"say ""hi"""\n3,Cy,plain\n' > d.csv
cat > p.yaml <<'YAML'
odpub: 1
name: tamper-test
dataset:
  title: Tamper test
  agency: Department of Testing
  license: CC0-1.0
default: reject
columns:
  id: {action: keep, type: integer}
  name: {action: drop}
  note: {action: redact}
YAML
"$ODPUB" keygen k -W >/dev/null 2>&1 || fail "keygen failed"
export SOURCE_DATE_EPOCH=1700000000
for fmt in dir zip tar.gz tar.zst; do
    run 0 release d.csv --policy p.yaml -o "pkg.$fmt" -f "$fmt" -k k.key
    run 0 verify "pkg.$fmt" --pubkey k.pub
done

$PY - "$ODPUB" <<'PY'
import concurrent.futures as cf, io, os, shutil, subprocess, sys, tarfile, zipfile
odpub = sys.argv[1]
total = 0

def verify(path, *extra):
    return subprocess.run([odpub, "verify", path, "--pubkey", "k.pub", *extra],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode

def want(path):
    return (1, 2) if os.path.isdir(path) else (1,)

# ODPUB_TAMPER_MAX caps the flips per file (sampled evenly, always including the first
# and last bytes); scripts/test sets it for the slow sanitizer run. Unset: every byte.
MAX = int(os.environ.get("ODPUB_TAMPER_MAX", "0"))

def positions(data, is_sig):
    start = data.index(b"\n") + 1 if is_sig else 0   # skip the unsigned comment line
    poss = list(range(start, len(data)))
    if MAX and len(poss) > MAX:
        step = len(poss) / MAX
        poss = sorted({poss[int(i * step)] for i in range(MAX)} | {poss[-1]})
    return poss

def flip_file_job(args):
    """Worker: flips each byte of one file of a package copy; returns bad positions."""
    w, src_root, rel, poss = args
    root = f"w{w}"
    target = os.path.join(root, rel)
    orig = open(target, "rb").read()
    bad = []
    for i in poss:
        b = bytearray(orig); b[i] ^= 0x01
        open(target, "wb").write(b)
        rc = verify(os.path.join(root, src_root))
        if rc not in want(os.path.join(root, src_root)):
            bad.append((rel, i, rc))
    open(target, "wb").write(orig)
    return bad

def prepare(nw, items):
    for w in range(nw):
        d = f"w{w}"
        shutil.rmtree(d, ignore_errors=True); os.mkdir(d)
        for it in items:
            if os.path.isdir(it):
                shutil.copytree(it, os.path.join(d, it))
            else:
                shutil.copy(it, os.path.join(d, it))

NW = 2
bad = []
for fmt in ["dir", "zip", "tar.gz", "tar.zst"]:
    pkg = f"pkg.{fmt}"
    if fmt == "dir":
        items = [pkg]
        files = [os.path.relpath(os.path.join(r, f)) for r, _, fs in os.walk(pkg) for f in fs]
    else:
        items = [pkg, pkg + ".minisig"]
        files = [pkg, pkg + ".minisig"]
    prepare(NW, items)
    jobs = []
    for rel in sorted(files):
        data = open(rel, "rb").read()
        poss = list(positions(data, rel.endswith(".minisig")))
        total += len(poss)
        for w in range(NW):
            jobs.append((w, pkg, rel, poss[w::NW]))
    # one file at a time per worker: split each file's positions between the workers
    for rel in sorted(files):
        js = [j for j in jobs if j[2] == rel]
        with cf.ThreadPoolExecutor(NW) as ex:
            for r in ex.map(flip_file_job, js):
                bad += r
print(f"flipped {total} bytes", file=sys.stderr)
assert not bad, f"tampered packages accepted: {bad[:10]}"

# File-level tampering of the directory package.
def fresh():
    shutil.rmtree("t", ignore_errors=True); shutil.copytree("pkg.dir", "t")

cases = 0
names = sorted(os.path.relpath(os.path.join(r, f), "pkg.dir") for r, _, fs in os.walk("pkg.dir") for f in fs)
for rel in names:
    for op in ("remove", "truncate-half", "truncate-zero", "rename", "append"):
        fresh(); p = os.path.join("t", rel)
        data = open(p, "rb").read()
        if op == "remove": os.remove(p)
        elif op == "truncate-half": open(p, "wb").write(data[: len(data) // 2])
        elif op == "truncate-zero": open(p, "wb").write(b"")
        elif op == "rename": os.rename(p, p + ".x")
        else: open(p, "ab").write(b"\n")
        cases += 1
        rc = verify("t")
        assert rc in (1, 2), f"{op} {rel}: verify exited {rc}"
for rel in ("extra.txt", "data/extra.csv", "metadata/extra.json", "data/sub/x.csv", "fetch.txt"):
    fresh(); p = os.path.join("t", rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    open(p, "w").write("x\n")
    cases += 1
    rc = verify("t")
    assert rc in (1, 2), f"add {rel}: verify exited {rc}"
# Swap two tag files' contents, and re-sign nothing: caught.
fresh()
shutil.copy("t/metadata/portal.json", "t/metadata/dcat-us.json")
assert verify("t") in (1, 2)

# Archive members tampered and the archive rebuilt, detached .minisig removed, so the
# signature inside the bag has to catch it (--bag-only: without it, the missing .minisig
# alone fails the archive).
def verify_bag(path):
    return verify(path, "--bag-only")
assert verify("pkg.zip") == 0 and verify_bag("pkg.zip") == 0
def members_tar(path):
    t = tarfile.open(path)
    return [(m, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()], t

def write_tar(path, mode, members):
    with tarfile.open(path, mode, format=tarfile.PAX_FORMAT) as t:
        for m, data in members:
            t.addfile(m, io.BytesIO(data) if data is not None else None)

for fmt, mode in (("tar.gz", "w:gz"), ("tar.zst", None)):
    src = f"pkg.{fmt}"
    if fmt == "tar.zst":
        subprocess.run(["zstd", "-qdf", src, "-o", "plain.tar"], check=True)
        src, mode = "plain.tar", "w"
    base, _ = members_tar(src)
    files = [i for i, (m, _) in enumerate(base) if m.isfile()]
    for i in files:
        for op in ("remove", "truncate", "rename", "append"):
            ms = [(tarfile.TarInfo(m.name), d) for m, d in base]
            for (n, d), (m, _) in zip(ms, base):
                n.type, n.mode, n.mtime = m.type, m.mode, m.mtime
                n.size = len(d) if d is not None else 0
            m, d = ms[i]
            if op == "remove": del ms[i]
            elif op == "truncate": ms[i] = (m, d[: len(d) // 2]); m.size = len(d) // 2
            elif op == "rename": m.name += ".x"
            else: ms[i] = (m, d + b"\n"); m.size = len(d) + 1
            out = "m.tar"
            write_tar(out, mode, ms)
            cases += 1
            rc = verify_bag(out)
            assert rc == 1, f"{fmt} {op} {base[i][0].name}: verify exited {rc}"
    # an extra member
    ms = list(base)
    extra = tarfile.TarInfo(base[0][0].name + "/data/extra.csv"); extra.size = 2
    write_tar("m.tar", mode, [(m, d) for m, d in ms] + [(extra, b"x\n")])
    assert verify_bag("m.tar") == 1
    assert verify("m.tar") == 1  # and no detached signature at all

z = zipfile.ZipFile("pkg.zip")
entries = [(i, z.read(i) if not i.is_dir() else b"") for i in z.infolist()]
for k, (info, data) in enumerate(entries):
    if info.is_dir():
        continue
    for op in ("remove", "truncate", "rename", "append"):
        with zipfile.ZipFile("m.zip", "w", zipfile.ZIP_DEFLATED) as out:
            for j, (i2, d2) in enumerate(entries):
                name = i2.filename
                if j == k:
                    if op == "remove": continue
                    if op == "truncate": d2 = d2[: len(d2) // 2]
                    if op == "rename": name += ".x"
                    if op == "append": d2 += b"\n"
                out.writestr(name, d2)
        cases += 1
        rc = verify_bag("m.zip")
        assert rc == 1, f"zip {op} {info.filename}: verify exited {rc}"
print(f"{cases} file-level cases", file=sys.stderr)
PY
