"""odpub from Python: the library's jobs (release, audit, verify, init) as functions
returning dicts, errors as exceptions carrying file, line and column.

The binding loads libodp (the shared library `meson install` puts under the prefix) with
ctypes from the standard library and talks to it through one JSON call (odp/api.h), so no
C struct layout is mirrored here. Where the library is found, first to last: the path in
$ODPUB_LIBRARY (or its older name $ODPUB_LIB), then the system's library search
(ctypes.util.find_library("odp")).

    import odpub
    report = odpub.release("data.csv", policy="policy.yaml", out="pkg")
    findings = odpub.audit("data.csv", policy="policy.yaml")
    odpub.verify("pkg", pubkey="odpub.pub")

A release split over the machines of a Dask cluster, byte-identical to one release of the
whole input: `python3 -m odpub.dask release DATA... --policy P -o OUT` (odpub/dask.py).
"""
import ctypes
import ctypes.util
import json
import os

__all__ = ["Error", "OdpubError", "release", "audit", "verify", "init", "release_frame",
           "library_version"]


class OdpubError(Exception):
    """A job failed. `code` is the library's negative ODP_E* value, `kind` its name
    ("schema", "data", "io", ...), `path`, `line` and `col` where the problem is (line
    and col 0 when not applicable). The message never holds a value from the data."""

    def __init__(self, command, error):
        self.command = command
        self.error = dict(error)
        self.code = error.get("code")
        self.kind = error.get("kind")
        self.path = error.get("path") or ""
        self.line = error.get("line") or 0
        self.col = error.get("col") or 0
        self.message = error.get("message") or "failed"
        where = self.path
        if where and self.line:
            where += ":%d:%d" % (self.line, self.col)
        super().__init__("%s: %s" % (where, self.message) if where else self.message)

    def __reduce__(self):  # pickles (Dask sends errors between processes)
        return (OdpubError, (self.command, self.error))


Error = OdpubError  # the name SPEC.md gives it; OdpubError stays for older code


_lib = None


def _load():
    global _lib
    if _lib is not None:
        return _lib
    path = (os.environ.get("ODPUB_LIBRARY") or os.environ.get("ODPUB_LIB")
            or ctypes.util.find_library("odp"))
    if not path:
        raise OSError("libodp not found: install odpub (meson install) or set ODPUB_LIBRARY")
    lib = ctypes.CDLL(path)
    lib.odp_call_json.argtypes = [ctypes.c_char_p]
    lib.odp_call_json.restype = ctypes.c_void_p  # freed with odp_free
    lib.odp_free.argtypes = [ctypes.c_void_p]
    lib.odp_free.restype = None
    lib.odp_version.argtypes = []
    lib.odp_version.restype = ctypes.c_char_p
    _lib = lib
    return lib


def library_version():
    """The loaded libodp's version ("0.1.0")."""
    return _load().odp_version().decode()


def _call(command, **options):
    lib = _load()
    req = {"command": command}
    for k, v in options.items():
        if v is not None:
            req[k] = os.fspath(v) if isinstance(v, os.PathLike) else v
    p = lib.odp_call_json(json.dumps(req).encode())
    if not p:
        raise MemoryError("libodp: out of memory")
    try:
        resp = json.loads(ctypes.string_at(p).decode())
    finally:
        lib.odp_free(p)
    if "error" in resp:
        raise OdpubError(command, resp["error"])
    return resp


def release(data, policy, out, *, format=None, input_format=None, policies_dir=None,
            key=None, passphrase_file=None, epoch=None, delimiter=None, encoding=None,
            threads=None, no_sync=False):
    """Releases DATA under POLICY as a package at OUT (must not exist). Returns the
    package's report.json as a dict. Raises OdpubError (nothing is left at OUT).
    delimiter (",", ";", "|", "\t") and encoding ("utf-8", "latin-1", "windows-1252")
    override the policy's dataset.delimiter / dataset.encoding; threads (0 = one per CPU,
    the default) never changes the bytes; no_sync=True skips every fsync (scratch
    output: faster, but a machine crash soon after can leave the package incomplete)."""
    return _call("release", data=data, policy=policy, out=out, format=format,
                 input_format=input_format, policies_dir=policies_dir, key=key,
                 passphrase_file=passphrase_file, epoch=epoch, delimiter=delimiter,
                 encoding=encoding, threads=threads,
                 no_sync=True if no_sync else None)["result"]


def audit(data, policy=None, *, policies_dir=None, input_format=None, k=None,
          quasi_identifiers=None, delimiter=None, encoding=None):
    """Audits DATA under POLICY (or a package directory with its own policy). Returns the
    audit document (as `odpub audit --json` prints it) with "clean": True when there is
    no finding."""
    resp = _call("audit", data=data, policy=policy, policies_dir=policies_dir,
                 input_format=input_format, k=k, delimiter=delimiter, encoding=encoding,
                 quasi_identifiers=list(quasi_identifiers) if quasi_identifiers else None)
    result = resp["result"]
    result["clean"] = resp["ok"]
    return result


def verify(package, pubkey=None, *, unsigned=False):
    """Verifies a package. Returns the verification document; its "ok" says whether
    every check passed (a failed check is a result, not an exception)."""
    return _call("verify", package=package, pubkey=pubkey, unsigned=bool(unsigned))["result"]


def init(data, *, input_format=None, sample=None, delimiter=None, encoding=None):
    """Drafts a policy for DATA. Returns {"policy": YAML text, "columns": [...],
    "read_faults": [...], ...}. The delimiter and encoding are sniffed unless given. A
    file the release reader refuses (a bare quote, NUL bytes, ragged rows ...) is drafted
    anyway: "read_faults" lists each kind with its first line and column."""
    return _call("init", data=data, input_format=input_format, sample=sample,
                 delimiter=delimiter, encoding=encoding)["result"]


def release_frame(df, policy, out, *, name="data", **kw):
    """Releases a pandas DataFrame: written as CSV (index dropped) to a private temporary
    file, released, and the file removed. Keyword arguments as for release()."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="odpub-") as tmp:
        path = os.path.join(tmp, name + ".csv")
        df.to_csv(path, index=False)
        return release(path, policy, out, **kw)
