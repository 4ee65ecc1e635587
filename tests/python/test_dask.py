"""python3 -m odpub.dask on a distributed LocalCluster (2 worker processes, one thread
each): the package is byte-identical to `odpub release` of the concatenated input for 1..4
partitions, k-anonymity is enforced on the global counts (a class split over partitions
that reaches k only in total is kept, one below k in total is suppressed), small cells
decide ties across partitions as one pass would, and errors carry file/line/col, exit 2,
with nothing left at -o. Run by tests/e2e/dask.sh with Debian's /usr/bin/python3.

No skip: without python3-distributed the import below fails the test (scripts/bootstrap
--test installs it)."""
import csv
import filecmp
import glob
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import distributed  # noqa: F401  (missing -> the test fails, as it must in CI)
from distributed import Client, LocalCluster

import odpub
import odpub.dask

SRC = os.environ["SRCDIR"]
ODPUB = os.environ["ODPUB"]
EPOCH = "1795392000"
POLICIES = os.path.join(SRC, "policies")


def read_rows(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path, header, rows, final_newline=True):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buf.getvalue()
    if not final_newline and rows:
        text = text[:-1]
    with open(path, "w", newline="") as f:
        f.write(text)


def concatenate(paths, dest):
    """The whole input as odpub.dask defines it: the first file, then every other file's
    records (after its header line), with a line feed put in where a file lacks one."""
    out = b""
    for i, p in enumerate(paths):
        with open(p, "rb") as f:
            b = f.read()
        if i > 0:
            nl = b.find(b"\n")  # the test headers hold no quotes
            b = b[nl + 1:] if nl >= 0 else b""
            if b and out and not out.endswith(b"\n"):
                out += b"\n"
        out += b
    with open(dest, "wb") as f:
        f.write(out)


def split(rows, sizes):
    """rows cut into consecutive pieces of the given sizes (the last takes the rest)."""
    out, at = [], 0
    for n in sizes[:-1]:
        out.append(rows[at:at + n])
        at += n
    out.append(rows[at:])
    return out


class DaskRelease(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="odpub-dask-test-")
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH
        key = os.path.join(cls.tmp, "pseudo.key")
        with open(key, "w") as f:
            f.write("test-pseudonym-key-0123456789abcdef\n")
        os.chmod(key, 0o600)
        os.environ["ODPUB_PSEUDONYM_KEY"] = "test-pseudonym-key-0123456789abcdef"
        subprocess.run([ODPUB, "keygen", "-W", "--out", os.path.join(cls.tmp, "sig")],
                       check=True, stdout=subprocess.DEVNULL)
        cls.sk = os.path.join(cls.tmp, "sig.key")
        # workers are started after the environment is set: they inherit the keys
        cls.cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                   dashboard_address=None, silence_logs=logging.ERROR)
        cls.client = Client(cls.cluster)
        cls.k311 = cls.make_311()
        cls.mmr = cls.make_mmr()

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.tmp)

    # ---- inputs

    @classmethod
    def make_311(cls):
        """311 rows with planted classes: KEPT has exactly k=5 rows, one in each of four
        partitions (plus one), GONE has 4 (k-1) spread the same way; drop_when rows in
        several partitions; quoted line breaks."""
        header, rows = read_rows(os.path.join(SRC, "examples/nyc-311-sample.csv"))
        ct, zp = header.index("complaint_type"), header.index("incident_zip")
        res = header.index("resolution_description")
        for n, r in enumerate(rows):
            if n % 7 == 0:
                r[res] = r[res][:30] + '\nsecond "quoted" line,\r\n' + r[res][30:]
        for n in (5, 105, 205, 305, 395):
            rows[n][ct], rows[n][zp] = "Planted Kept", "10001"
        for n in (15, 115, 215, 315):
            rows[n][ct], rows[n][zp] = "Planted Gone", "10001"
        for n in (25, 125, 225):
            rows[n][ct] = "Elder Abuse"
        pol = os.path.join(cls.tmp, "k311.yaml")
        with open(os.path.join(POLICIES, "nyc-311.yaml")) as f:
            text = f.read()
        with open(pol, "w") as f:
            f.write(text)
        return {"header": header, "rows": rows, "policy": pol, "name": "nyc-311-service-requests"}

    @classmethod
    def make_mmr(cls):
        """Indicator counts with small cells and k-anonymity together (three rounds), and
        a tie for the complementary cell between two partitions: the earlier row wins."""
        header, rows = read_rows(os.path.join(SRC, "examples/mmr-indicators-sample.csv"))
        planted = [["NYPD", "Planted tie", "2025-01", b, c] for b, c in
                   (("MANHATTAN", "5"), ("BROOKLYN", "20"), ("QUEENS", "20"), ("BRONX", "40"))]
        for at, row in zip((3, 40, 75, 110), planted):
            rows.insert(at, row)
        rows.insert(60, ["NYPD", "Lonely indicator", "2025-02", "QUEENS", "33"])
        pol = os.path.join(cls.tmp, "mmr.yaml")
        with open(os.path.join(POLICIES, "nyc-mmr-indicators.yaml")) as f:
            text = f.read()
        text = text.replace("privacy:\n", "privacy:\n  quasi_identifiers: [indicator]\n"
                                          "  k: 2\n  on_violation: suppress\n")
        with open(pol, "w") as f:
            f.write(text)
        return {"header": header, "rows": rows, "policy": pol, "name": "nyc-mmr-indicators"}

    def partitions(self, ds, sizes, tag, last_newline=True, empty=None):
        paths = []
        for i, piece in enumerate(split(ds["rows"], sizes)):
            p = os.path.join(self.tmp, "%s-%d-p%d.in.csv" % (tag, len(sizes), i))
            if empty is not None and i == empty:
                piece = []
            write_csv(p, ds["header"], piece, final_newline=last_newline or i == len(sizes) - 1)
            paths.append(p)
        return paths

    def cli_release(self, data, policy, out, *extra):
        subprocess.run([ODPUB, "release", data, "--policy", policy, "-o", out,
                        "--policies-dir", POLICIES, "--key", self.sk] + list(extra),
                       check=True, stdout=subprocess.DEVNULL)

    def assert_same_dir(self, a, b):
        r = subprocess.run(["diff", "-r", a, b], stdout=subprocess.PIPE, text=True)
        self.assertEqual(r.returncode, 0, "packages differ:\n" + r.stdout[:2000])

    def no_leftovers(self, out):
        d = os.path.dirname(out)
        left = [n for n in os.listdir(d) if n.startswith(".odpub")]
        self.assertEqual(left, [], "temp entries left beside %s" % out)

    # ---- byte identity

    def same_bytes(self, ds, tag, sizes, **kw):
        paths = self.partitions(ds, sizes, tag, **{k: v for k, v in kw.items()
                                                    if k in ("last_newline", "empty")})
        whole = os.path.join(self.tmp, "%s-%d-all.in.csv" % (tag, len(sizes)))
        concatenate(paths, whole)
        ref = os.path.join(self.tmp, "%s-%d-ref" % (tag, len(sizes)))
        self.cli_release(whole, ds["policy"], ref)
        out = os.path.join(self.tmp, "%s-%d-dask" % (tag, len(sizes)))
        rep = odpub.dask.release(paths, ds["policy"], out, client=self.client, key=self.sk,
                                 policies_dir=POLICIES, input_name=os.path.basename(whole),
                                 threads=kw.get("threads", 1))
        self.assert_same_dir(ref, out)
        self.no_leftovers(out)
        return rep, out

    def published(self, out, name):
        with open(os.path.join(out, "data", name + ".csv"), newline="") as f:
            return list(csv.reader(f))

    def test_k_anonymity_across_partitions(self):
        for sizes in ([400], [200, 200], [100, 150, 150], [100, 100, 100, 100]):
            with self.subTest(partitions=len(sizes)):
                rep, out = self.same_bytes(self.k311, "k311", sizes,
                                           last_newline=len(sizes) != 3)
                rows = rep["rows"]
                self.assertEqual(rows["in"], 400)
                self.assertGreater(rows["suppressed"], 0)
                self.assertEqual(rows["dropped"], 3)
                body = self.published(out, self.k311["name"])
                ct = body[0].index("complaint_type")
                kinds = [r[ct] for r in body[1:]]
                # 5 rows in 4 partitions: k=5 only in total -> kept
                self.assertEqual(kinds.count("Planted Kept"), 5)
                # 4 rows: below k in total -> suppressed
                self.assertEqual(kinds.count("Planted Gone"), 0)

    def test_small_cells_and_k_three_rounds(self):
        for sizes in ([200], [60, 200], [3, 40, 200], [20, 30, 30, 200]):
            with self.subTest(partitions=len(sizes)):
                rep, out = self.same_bytes(self.mmr, "mmr", sizes,
                                           empty=1 if len(sizes) == 4 else None)
                if len(sizes) == 4:
                    continue  # partition 1 was emptied: the input differs, bytes still equal
                body = self.published(out, self.mmr["name"])
                tie = [r for r in body if r[1] == "Planted tie"]
                # 5 < 10 primary; of the two 20s the earlier row (BROOKLYN) is the
                # complementary cell, across a partition boundary
                self.assertEqual([r[3] for r in tie if r[4] == ""], ["MANHATTAN", "BROOKLYN"])
                self.assertFalse(any(r[1] == "Lonely indicator" for r in body))

    def test_threads_inside_tasks_and_zip(self):
        paths = self.partitions(self.k311, [150, 250], "zip")
        whole = os.path.join(self.tmp, "zip-all.in.csv")
        concatenate(paths, whole)
        # the same name in two directories (the signature's trusted comment names the file)
        os.mkdir(os.path.join(self.tmp, "zip-ref"))
        os.mkdir(os.path.join(self.tmp, "zip-dask"))
        ref = os.path.join(self.tmp, "zip-ref", "pkg.zip")
        self.cli_release(whole, self.k311["policy"], ref, "--format", "zip")
        out = os.path.join(self.tmp, "zip-dask", "pkg.zip")
        odpub.dask.release(paths, self.k311["policy"], out, client=self.client, key=self.sk,
                           policies_dir=POLICIES, input_name="zip-all.in.csv", format="zip",
                           threads=2)
        self.assertTrue(filecmp.cmp(ref, out, shallow=False), "zip archives differ")
        self.assertTrue(filecmp.cmp(ref + ".minisig", out + ".minisig", shallow=False))

    def test_cli_on_an_existing_scheduler(self):
        """The documented way: --scheduler ADDR of a running cluster (this class's)."""
        paths = self.partitions(self.k311, [120, 280], "sched")
        whole = os.path.join(self.tmp, "sched-all.in.csv")
        concatenate(paths, whole)
        ref = os.path.join(self.tmp, "sched-ref")
        self.cli_release(whole, self.k311["policy"], ref)
        out = os.path.join(self.tmp, "sched-dask")
        r = subprocess.run([sys.executable, "-m", "odpub.dask", "release"] + paths +
                           ["--policy", self.k311["policy"], "-o", out, "--policies-dir",
                            POLICIES, "--key", self.sk, "--input-name", "sched-all.in.csv",
                            "--scheduler", self.cluster.scheduler_address],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("rows: 400 in", r.stdout)
        self.assert_same_dir(ref, out)
        self.no_leftovers(out)

    def test_split_one_file(self):
        """--split N: one file cut at record boundaries (quoted line breaks inside), same
        bytes as the CLI on that file, k and small cells (ties across ranges) global."""
        for ds, tag in ((self.k311, "s311"), (self.mmr, "smmr")):
            whole = os.path.join(self.tmp, tag + ".in.csv")
            write_csv(whole, ds["header"], ds["rows"])
            ref = os.path.join(self.tmp, tag + "-ref")
            self.cli_release(whole, ds["policy"], ref)
            for n in (1, 2, 3, 4):
                with self.subTest(data=tag, split=n):
                    ranges = odpub._call("partition_split", data=whole,
                                         parts=n)["result"]["ranges"]
                    self.assertEqual(len(ranges), n)
                    self.assertEqual(ranges[-1]["end"], os.path.getsize(whole))
                    out = os.path.join(self.tmp, "%s-%d" % (tag, n))
                    odpub.dask.release([whole], ds["policy"], out, client=self.client,
                                       key=self.sk, policies_dir=POLICIES, split=n)
                    self.assert_same_dir(ref, out)
                    self.no_leftovers(out)

    def test_split_error_is_the_clis(self):
        header, rows = read_rows(os.path.join(SRC, "examples/nyc-311-sample.csv"))
        rows[300] = rows[300] + ["extra"]
        whole = os.path.join(self.tmp, "sbad.in.csv")
        write_csv(whole, header, rows)
        cli = subprocess.run([ODPUB, "release", whole, "--policy", self.k311["policy"], "-o",
                              os.path.join(self.tmp, "sbad-ref"), "--policies-dir", POLICIES],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(cli.returncode, 2)
        out = os.path.join(self.tmp, "sbad-out")
        r = self.module(whole, "--policy", self.k311["policy"], "-o", out, "--split", "4")
        self.assertEqual(r.returncode, 2, r.stderr)
        # the same FILE:LINE:COL and message as one release of the file
        self.assertIn(cli.stderr.strip(), r.stderr.splitlines())
        self.assertFalse(os.path.lexists(out))
        self.no_leftovers(out)

    # ---- errors

    def module(self, *args):
        env = dict(os.environ)
        return subprocess.run([sys.executable, "-m", "odpub.dask", "release"] + list(args) +
                              ["--policies-dir", POLICIES, "--workers", "2"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def test_missing_file(self):
        paths = self.partitions(self.k311, [200, 200], "miss")
        gone = os.path.join(self.tmp, "no-such.in.csv")
        out = os.path.join(self.tmp, "miss-out")
        with self.assertRaises(odpub.OdpubError) as cm:
            odpub.dask.release([paths[0], gone, paths[1]], self.k311["policy"], out,
                               client=self.client, policies_dir=POLICIES)
        self.assertEqual(cm.exception.path, gone)
        self.assertEqual(cm.exception.kind, "io")
        self.assertFalse(os.path.lexists(out))
        self.no_leftovers(out)
        r = self.module(paths[0], gone, "--policy", self.k311["policy"], "-o", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(gone + ": cannot open", r.stderr)
        self.assertFalse(os.path.lexists(out))
        self.no_leftovers(out)

    def test_header_mismatch(self):
        paths = self.partitions(self.k311, [200, 200], "hdr")
        h = list(self.k311["header"])
        h[1], h[2] = h[2], h[1]
        other = os.path.join(self.tmp, "hdr-other.in.csv")
        write_csv(other, h, self.k311["rows"][:10])
        out = os.path.join(self.tmp, "hdr-out")
        with self.assertRaises(odpub.OdpubError) as cm:
            odpub.dask.release([paths[0], other], self.k311["policy"], out, client=self.client,
                               policies_dir=POLICIES)
        e = cm.exception
        self.assertEqual((e.path, e.line, e.col), (other, 1, 1))
        self.assertIn("header differs from the first partition's", e.message)
        r = self.module(paths[0], paths[1], other, "--policy", self.k311["policy"], "-o", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(other + ":1:1: the header differs", r.stderr)
        self.assertFalse(os.path.lexists(out))
        self.no_leftovers(out)

    def test_bad_row_names_its_file_line_col(self):
        paths = self.partitions(self.k311, [100, 100, 100, 100], "bad")
        header, rows = read_rows(paths[2])
        rows[50] = rows[50] + ["extra"]
        write_csv(paths[2], header, rows)
        # the record's line in its own file: header + records before (with line breaks)
        with open(paths[2], newline="") as f:
            text = f.read()
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows([header] + rows[:50])
        line = buf.getvalue().count("\n") + 1
        out = os.path.join(self.tmp, "bad-out")
        with self.assertRaises(odpub.OdpubError) as cm:
            odpub.dask.release(paths, self.k311["policy"], out, client=self.client,
                               policies_dir=POLICIES)
        e = cm.exception
        self.assertEqual(e.path, paths[2])
        self.assertEqual(e.line, line)
        self.assertGreater(e.col, 0)
        self.assertIn("ragged row", e.message)
        self.assertNotIn("extra", str(e))
        r = self.module(*paths, "--policy", self.k311["policy"], "-o", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertRegex(r.stderr, re.escape(paths[2]) + ":%d:[0-9]+: .*ragged row" % line)
        self.assertFalse(os.path.lexists(out))
        self.no_leftovers(out)
        self.assertTrue(len(text) > 0)

    def test_on_violation_fail_exit_1_as_cli(self):
        pol = os.path.join(self.tmp, "fail.yaml")
        with open(self.k311["policy"]) as f:
            text = f.read()
        with open(pol, "w") as f:
            f.write(text.replace("on_violation: suppress", "on_violation: fail"))
        paths = self.partitions(self.k311, [200, 200], "fail")
        whole = os.path.join(self.tmp, "fail-all.in.csv")
        concatenate(paths, whole)
        cli = subprocess.run([ODPUB, "release", whole, "--policy", pol, "-o",
                              os.path.join(self.tmp, "fail-ref"), "--policies-dir", POLICIES],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.assertEqual(cli.returncode, 1)
        out = os.path.join(self.tmp, "fail-out")
        r = self.module(*paths, "--policy", pol, "-o", out)
        self.assertEqual(r.returncode, 1, r.stderr)
        # the same message, with the same global counts
        self.assertIn(cli.stderr.strip(), r.stderr.splitlines())
        self.assertFalse(os.path.lexists(out))
        self.no_leftovers(out)

    def test_not_covered_and_existing_output(self):
        paths = self.partitions(self.k311, [200, 200], "cov")
        js = os.path.join(self.tmp, "cov.in.ndjson")
        with open(js, "w") as f:
            f.write('{"a": "1"}\n')
        out = os.path.join(self.tmp, "cov-out")
        r = self.module(js, "--policy", self.k311["policy"], "-o", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("the input is not CSV", r.stderr)
        os.mkdir(out)
        r = self.module(*paths, "--policy", self.k311["policy"], "-o", out)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("output already exists", r.stderr)
        self.assertEqual(os.listdir(out), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
