"""The Python binding (python/odpub) against the built libodp: run by tests/e2e/python_api.sh
with Debian's /usr/bin/python3. Each test would fail if the binding or the JSON call broke."""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import odpub

SRC = os.environ["SRCDIR"]
ODPUB = os.environ["ODPUB"]
EPOCH = 1795392000


class Binding(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="odpub-py-")
        self.csv = os.path.join(self.tmp, "d.in.csv")
        with open(self.csv, "w") as f:
            f.write("id,name,borough,phone\n1,Ann Lee,QUEENS,212-555-0101\n"
                    "2,Bob Roy,BRONX,718-555-0102\n3,Cy Tan,QUEENS,\n")
        self.pol = os.path.join(self.tmp, "p.yaml")
        with open(self.pol, "w") as f:
            f.write('odpub: 1\nname: pytest\ndataset: {title: "Py", agency: "Test", '
                    'license: "CC0-1.0"}\ncolumns:\n  id: {action: keep}\n'
                    '  name: {action: drop}\n  borough: {action: keep}\n'
                    '  phone: {action: redact}\n')

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def test_release_same_bytes_as_cli(self):
        out_py = os.path.join(self.tmp, "pkg-py")
        rep = odpub.release(self.csv, self.pol, out_py, epoch=EPOCH)
        self.assertEqual(rep["rows"]["in"], 3)
        self.assertEqual(rep["rows"]["out"], 3)
        out_cli = os.path.join(self.tmp, "pkg-cli")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
        subprocess.run([ODPUB, "release", self.csv, "--policy", self.pol, "-o", out_cli],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        for f in ("data/pytest.csv", "report.json", "datapackage.json", "policy.yaml"):
            self.assertTrue(filecmp.cmp(os.path.join(out_py, f), os.path.join(out_cli, f),
                                        shallow=False), f)
        with open(os.path.join(out_py, "data/pytest.csv")) as f:
            body = f.read()
        self.assertNotIn("Ann", body)
        self.assertNotIn("555-0101", body)

    def test_no_sync_same_bytes(self):
        out_a = os.path.join(self.tmp, "pkg-sync")
        out_b = os.path.join(self.tmp, "pkg-nosync")
        odpub.release(self.csv, self.pol, out_a, epoch=EPOCH)
        odpub.release(self.csv, self.pol, out_b, epoch=EPOCH, no_sync=True)
        cmp = filecmp.dircmp(out_a, out_b)
        self.assertEqual(cmp.diff_files + cmp.left_only + cmp.right_only, [])
        for f in ("data/pytest.csv", "report.json", "bag-info.txt", "manifest-sha256.txt"):
            self.assertTrue(filecmp.cmp(os.path.join(out_a, f), os.path.join(out_b, f),
                                        shallow=False), f)
        with self.assertRaises(odpub.OdpubError) as cm:
            odpub._call("release", data=self.csv, policy=self.pol,
                        out=os.path.join(self.tmp, "p2"), no_sync="yes")
        self.assertIn("no_sync", str(cm.exception))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "p2")))

    def test_error_carries_location(self):
        bad = os.path.join(self.tmp, "bad.yaml")
        with open(bad, "w") as f:
            f.write("odpub: 1\nname: x\ncolumns:\n  id: {action: nope}\n")
        out = os.path.join(self.tmp, "pkg-bad")
        with self.assertRaises(odpub.Error) as cm:  # SPEC.md's name
            odpub.release(self.csv, bad, out)
        e = cm.exception
        self.assertIsInstance(e, odpub.OdpubError)
        self.assertEqual(e.kind, "schema")
        self.assertTrue(e.path.endswith("bad.yaml"))
        self.assertEqual(e.line, 4)
        self.assertGreater(e.col, 0)
        self.assertFalse(os.path.exists(out))

    def test_bad_options_rejected(self):
        with self.assertRaises(odpub.OdpubError) as cm:
            odpub._call("release", data=self.csv, policy=self.pol, out="x", colour="red")
        self.assertEqual(cm.exception.kind, "usage")
        with self.assertRaises(odpub.OdpubError):
            odpub._call("frobnicate")
        with self.assertRaises(odpub.OdpubError):
            odpub.release(self.csv, self.pol, os.path.join(self.tmp, "p"), format="rar")

    def test_audit_finds_kept_phone(self):
        keep = os.path.join(self.tmp, "keep.yaml")
        with open(keep, "w") as f:
            f.write('odpub: 1\nname: k\ndataset: {title: "K", agency: "T", '
                    'license: "CC0-1.0"}\ncolumns:\n  id: {action: keep}\n'
                    '  name: {action: drop}\n  borough: {action: keep}\n'
                    '  phone: {action: keep}\n')
        res = odpub.audit(self.csv, keep)
        self.assertFalse(res["clean"])
        res = odpub.audit(self.csv, self.pol)
        self.assertTrue(res["clean"])

    def test_verify_and_init(self):
        out = os.path.join(self.tmp, "pkg-v")
        odpub.release(self.csv, self.pol, out, epoch=EPOCH)
        res = odpub.verify(out, unsigned=True)
        self.assertTrue(res["ok"])
        with open(os.path.join(out, "data/pytest.csv"), "a") as f:
            f.write("4,,QUEENS,\n")
        self.assertFalse(odpub.verify(out, unsigned=True)["ok"])
        with self.assertRaises(odpub.OdpubError):
            odpub.verify(out)  # neither a key nor unsigned
        draft = odpub.init(self.csv)
        self.assertIn("policy", draft)
        self.assertIn("phone", draft["policy"])
        self.assertEqual(draft["read_faults"], [])

    def test_init_reads_past_faults(self):
        # a quote inside an unquoted field: init drafts (and says where), release refuses
        raw = os.path.join(self.tmp, "faulty.csv")
        with open(raw, "w") as f:
            f.write('id,street\n1,1880 "O" ROAD\n2,12 MAIN ST\n')
        draft = odpub.init(raw)
        self.assertEqual(draft["read_faults"], [{"fault": "quote inside an unquoted field",
                                                 "records": 1, "line": 2, "col": 8}])
        pol = os.path.join(self.tmp, "faulty.yaml")
        with open(pol, "w") as f:
            f.write('odpub: 1\nname: faulty\ndataset: {title: "F", agency: "Test"}\n'
                    'columns:\n  id: {action: keep}\n  street: {action: drop}\n')
        with self.assertRaises(odpub.Error) as cm:
            odpub.release(raw, pol, os.path.join(self.tmp, "pkg-faulty"))
        self.assertEqual((cm.exception.line, cm.exception.col), (2, 8))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "pkg-faulty")))

    def test_delimiter_encoding_threads(self):
        # a `;` windows-1252 export: the options say how to read it, as the CLI's flags
        raw = os.path.join(self.tmp, "semi.csv")
        with open(raw, "wb") as f:
            f.write("id;name;borough;phone\r\n1;Zoë Brontë;QUEENS;212-555-0101\r\n"
                    "2;\"Roy; Bob\";BRONX;\r\n".encode("cp1252"))
        draft = odpub.init(raw)
        self.assertIn('delimiter: ";"', draft["policy"])
        self.assertIn("windows-1252", draft["policy"])
        out_py = os.path.join(self.tmp, "pkg-semi-py")
        odpub.release(raw, self.pol, out_py, epoch=EPOCH, delimiter=";",
                      encoding="windows-1252", threads=2)
        out_cli = os.path.join(self.tmp, "pkg-semi-cli")
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(EPOCH))
        subprocess.run([ODPUB, "release", raw, "--policy", self.pol, "-o", out_cli,
                        "--delimiter", ";", "--encoding", "windows-1252", "--threads", "1"],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        for f in ("data/pytest.csv", "report.json"):
            self.assertTrue(filecmp.cmp(os.path.join(out_py, f), os.path.join(out_cli, f),
                                        shallow=False), f)
        with open(os.path.join(out_py, "data/pytest.csv"), encoding="utf-8") as f:
            body = f.read()
        self.assertEqual(body, "id,borough,phone\n1,QUEENS,REDACTED\n2,BRONX,\n")
        res = odpub.audit(raw, self.pol, delimiter=";", encoding="windows-1252")
        self.assertTrue(res["clean"])
        # read as the default comma UTF-8 file it is not: an error with a place, not bytes
        with self.assertRaises(odpub.OdpubError) as cm:
            odpub.release(raw, self.pol, os.path.join(self.tmp, "pkg-x"), epoch=EPOCH)
        self.assertGreater(cm.exception.line, 0)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "pkg-x")))
        for bad in ({"delimiter": "::"}, {"encoding": "ebcdic"}, {"threads": 65},
                    {"threads": -1}):
            with self.assertRaises(odpub.OdpubError) as cm:
                odpub.release(raw, self.pol, os.path.join(self.tmp, "pkg-y"), **bad)
            self.assertEqual(cm.exception.kind, "usage", bad)
            self.assertFalse(os.path.exists(os.path.join(self.tmp, "pkg-y")))

    def test_version(self):
        self.assertRegex(odpub.library_version(), r"^\d+\.\d+\.\d+$")

    def test_release_frame(self):
        try:
            import pandas as pd
        except ImportError:
            self.skipTest("pandas is not installed")
        df = pd.DataFrame({"id": [1, 2], "name": ["A", "B"], "borough": ["X", "Y"],
                           "phone": ["1", ""]})
        out = os.path.join(self.tmp, "pkg-df")
        odpub.release_frame(df, self.pol, out, name="pytest", epoch=EPOCH)
        self.assertTrue(os.path.exists(os.path.join(out, "data/pytest.csv")))


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if r.wasSuccessful() else 1)
