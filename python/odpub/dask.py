"""A release split over partitions on Dask distributed (Debian's python3-distributed).

    python3 -m odpub.dask release DATA... --policy P -o OUT [--scheduler ADDR | --workers N]

Each DATA file is one partition; every file has the same header and the whole input is
their concatenation: the first file, then each other file's records (with the first
file's line end put between two files when a file does not end with one). The package at
OUT is byte-identical to `odpub release` of that concatenation (a file named like the
first DATA file, or --input-name).

How it runs (docs/SCALE.md): every round sends each partition to a worker, which runs
libodp's `partition_pass` step on it: with k-anonymity, the first round counts each
partition's quasi-identifier classes; the driver merges the partial counts
(`partition_merge`) and the next round counts small cells (if the policy has them) with
the global classes known, and so on; in the last round each worker writes its
partition's rows (suppression decided on the merged, global state) to a part file in a
private temp directory beside OUT and returns the part's accounting. The driver then
assembles the one signed package from the parts in order (`partition_assemble`), which
also reads the whole input once for its SHA-256. Tasks return digests and counts, never
a cell value or a key: every process reads the pseudonym and signing keys from the files
and environment the CLI uses.

Workers and the driver need libodp (ODPUB_LIBRARY or installed), this package, the policy,
the DATA files and the directory of OUT at the same paths (a shared file system).
"""
import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
import uuid

from . import OdpubError, _call

__all__ = ["release"]

_EPOCH_MAX = 253402300799  # 9999-12-31T23:59:59Z, as the library


def _resolve_epoch(epoch):
    """SOURCE_DATE_EPOCH (digits only) or now, resolved once for every step."""
    if epoch is not None:
        return int(epoch)
    s = os.environ.get("SOURCE_DATE_EPOCH", "")
    if s == "":
        return int(time.time())
    if not s.isdigit() or not s.isascii() or int(s) > _EPOCH_MAX:
        raise OdpubError("release", {
            "code": -1, "kind": "usage",
            "message": "SOURCE_DATE_EPOCH must be a number of seconds up to year 9999"})
    return int(s)


def _pass_task(index, data, first, opts, state, part_out, rng=None):
    """On a worker: the next step of one partition. Returns the step's result, or
    {"error": {...}} (the driver raises it, in partition order)."""
    # a fresh name per attempt: Dask may run a task again after its worker died
    part_out = "%s.%s" % (part_out, uuid.uuid4().hex[:12])
    try:
        return _call("partition_pass", data=data, first=first, index=index,
                     part_out=part_out, range=rng, **opts, **state)["result"]
    except OdpubError as e:
        return {"error": e.error}


def _run_round(client, data, ranges, opts, state, parts):
    from distributed import wait

    state_arg = client.scatter([state], broadcast=True)[0] if state else {}
    if ranges is None:
        futures = [client.submit(_pass_task, i, d, data[0], opts, state_arg, parts[i],
                                 pure=False)
                   for i, d in enumerate(data)]
    else:
        futures = [client.submit(_pass_task, i, data[0], None, opts, state_arg, parts[i], r,
                                 pure=False)
                   for i, r in enumerate(ranges)]
    wait(futures)
    results = []
    for f in futures:  # the first failed partition in input order speaks
        r = f.result()
        if "error" in r:
            for g in futures:
                g.release()
            raise OdpubError("partition_pass", r["error"])
        results.append(r)
    return results


def _make_client(scheduler, workers):
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler), None
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, processes=True, threads_per_worker=1,
                           dashboard_address=None, silence_logs=logging.ERROR)
    return Client(cluster), cluster


def release(data, policy, out, *, client=None, scheduler=None, workers=None, format=None,
            key=None, passphrase_file=None, policies_dir=None, epoch=None, input_name=None,
            allow_weaker=False, threads=1, split=None):
    """Releases the concatenation of the DATA files (a list of paths) under POLICY as one
    package at OUT, with one Dask task per file and round. `client`: a
    distributed.Client to use; else one connected to `scheduler`, else a LocalCluster of
    `workers` processes. `split`: one DATA file cut into that many partitions at record
    boundaries (the driver scans the file once to find them). Returns report.json as a
    dict; raises OdpubError (file, line, col) and leaves nothing at OUT on any error."""
    if isinstance(data, (str, os.PathLike)):
        data = [data]
    data = [os.path.abspath(os.fspath(d)) for d in data]
    if not data:
        raise OdpubError("release", {"code": -1, "kind": "usage",
                                     "message": "a partitioned release needs DATA files"})
    out = os.path.abspath(os.fspath(out))
    if os.path.lexists(out):
        raise OdpubError("release", {
            "code": -3, "kind": "io", "path": out,
            "message": "output already exists; remove it or choose another name"})
    opts = {"policy": os.path.abspath(os.fspath(policy)), "epoch": _resolve_epoch(epoch),
            "threads": int(threads)}
    if policies_dir is not None:
        opts["policies_dir"] = os.path.abspath(os.fspath(policies_dir))
    if allow_weaker:
        opts["allow_weaker"] = True
    cluster = None
    if client is None:
        client, cluster = _make_client(scheduler, workers)
    tmp = None
    try:
        tmp = tempfile.mkdtemp(prefix=".odpub-dask-", dir=os.path.dirname(out))
        os.chmod(tmp, 0o755)  # workers may run as another user on a shared file system
        ranges = None
        if split is not None:
            if len(data) != 1 or int(split) < 1:
                raise OdpubError("release", {
                    "code": -1, "kind": "usage",
                    "message": "split cuts one DATA file into 1 or more partitions"})
            ranges = _call("partition_split", data=data[0],
                           parts=int(split))["result"]["ranges"]
        n = len(data) if ranges is None else len(ranges)
        parts = [os.path.join(tmp, "part-%06d.csv" % i) for i in range(n)]
        state = {}
        while True:
            results = _run_round(client, data, ranges, opts, state, parts)
            stage = results[0]["stage"]
            if any(r["stage"] != stage for r in results):
                raise OdpubError("partition_pass", {
                    "code": -11, "kind": "internal",
                    "message": "partitions stopped at different passes"})
            if stage == "write":
                break
            merged = _call("partition_merge", data=data[0], out=out, stage=stage,
                           partials=[r["state"] for r in results], **opts, **state)
            state[stage] = merged["result"]["state"]
        resp = _call("partition_assemble", data=data, out=out,
                     parts=[r["part"] for r in results],
                     accounting=[r["accounting"] for r in results], format=format,
                     key=None if key is None else os.path.abspath(os.fspath(key)),
                     passphrase_file=passphrase_file, input_name=input_name, **opts,
                     **state)
        return resp["result"]
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        if cluster is not None:
            client.close()
            cluster.close()


def _exit_code(e):
    return 1 if e.code == -9 else 2  # ODP_EVERIFY: a finding, as `odpub release`


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="python3 -m odpub.dask",
        description="A partitioned release on Dask distributed: the package is "
                    "byte-identical to `odpub release` of the concatenated DATA files.")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("release", help="release DATA files as one package")
    r.add_argument("data", nargs="+", metavar="DATA", help="CSV files with one header")
    r.add_argument("--policy", required=True)
    r.add_argument("-o", "--out", required=True)
    where = r.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDR", help="an existing Dask scheduler")
    where.add_argument("--workers", type=int, metavar="N",
                       help="a local cluster of N worker processes (default: one per CPU)")
    r.add_argument("--format", help="dir (default), zip, tar.gz, tar.zst")
    r.add_argument("--key", help="minisign secret key for signing")
    r.add_argument("--passphrase-file", help="passphrase of an encrypted key")
    r.add_argument("--policies-dir")
    r.add_argument("--input-name", help="the concatenation's file name in report.json "
                                        "(default: the first DATA file's)")
    r.add_argument("--split", type=int, metavar="N",
                   help="cut one DATA file into N partitions at record boundaries")
    r.add_argument("--threads", type=int, default=1,
                   help="threads per task inside libodp (default 1)")
    r.add_argument("--allow-weaker", action="store_true")
    r.add_argument("--json", action="store_true", help="print report.json")
    a = ap.parse_args(argv)
    if a.workers is not None and a.workers < 1:
        ap.error("--workers must be at least 1")
    if a.threads < 1 or a.threads > 64:
        ap.error("--threads must be 1..64")
    try:
        rep = release(a.data, a.policy, a.out, scheduler=a.scheduler, workers=a.workers,
                      format=a.format, key=a.key, passphrase_file=a.passphrase_file,
                      policies_dir=a.policies_dir, input_name=a.input_name,
                      allow_weaker=a.allow_weaker, threads=a.threads, split=a.split)
    except OdpubError as e:
        print("odpub: %s" % e, file=sys.stderr)
        return _exit_code(e)
    except OSError as e:  # libodp not found, a temp dir that cannot be made
        print("odpub: %s" % e, file=sys.stderr)
        return 2
    if a.json:
        import json
        print(json.dumps(rep, indent=2))
    else:
        rows = rep.get("rows", {})
        print("released %s -> %s" % (", ".join(a.data), a.out))
        print("rows: %s in, %s out, %s dropped by rule, %s suppressed" % (
            rows.get("in"), rows.get("out"), rows.get("dropped"), rows.get("suppressed")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
