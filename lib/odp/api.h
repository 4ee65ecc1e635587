/*
 * odp/api.h - every job behind one JSON call, for bindings (python/odpub uses it through
 * ctypes): no struct layout crosses the boundary, so options added to a job's C struct do
 * not break a binding.
 *
 * Request: a JSON object {"command": NAME, ...options}. Commands and options:
 *   release  data, policy, out (required); format ("dir", "zip", "tar.gz", "tar.zst"),
 *            input_format ("csv", "json"), delimiter, encoding, policies_dir, key
 *            (minisign secret key path), passphrase_file, epoch (integer; default:
 *            SOURCE_DATE_EPOCH or now), threads (0..64; 0: one per CPU, the default;
 *            the bytes are the same for any value)
 *   audit    data (a data file or a package directory), policy, policies_dir,
 *            input_format, delimiter, encoding, k, quasi_identifiers (array of names)
 *   verify   package (required), pubkey, unsigned (boolean)
 *   init     data (required), input_format, delimiter, encoding, sample (rows; 0 = all)
 * delimiter (",", ";", "|", a TAB or "tab") and encoding ("utf-8", "latin-1",
 * "windows-1252") are --delimiter and --encoding: unset, the policy's dataset.delimiter
 * and dataset.encoding apply (init sniffs them).
 *
 * A partitioned release (python/odpub/dask.py; docs/SCALE.md) in three steps, each a
 * complete run of release's checks on one machine. DATA files with one header are the
 * partitions; the whole input is their concatenation (the first file, then each other
 * file's bytes after its header record, with the first file's line end put in when the
 * bytes so far do not end with a line feed), and the package is byte-identical to a
 * release of it. Every step takes policy, policies_dir, epoch (give every step the same),
 * threads (inside the step; default 1), allow_weaker, and the merged states known so far:
 * "classes" (k-anonymity) and "cells" (small cells), base64 strings.
 *   partition_pass      data (this partition), first (partition 0: the header must be
 *            the same), index (0-based place in the input), part_out (a path that does
 *            not exist), range (optional, from partition_split). Without a state for its
 *            next pass it counts this partition and returns {"stage": "classes"|"cells",
 *            "state": base64}; with every state it
 *            writes this partition's published rows (no header) to part_out and returns
 *            {"stage": "write", "part", "bytes", "accounting": base64}. Run it on every
 *            partition, merge the states of a stage, and run it again with the merged
 *            state until the stage is "write".
 *   partition_merge     data (partition 0), out (the package path; must not exist), stage
 *            ("classes" or "cells"), partials (the partitions' states of that stage) ->
 *            {"stage", "state": the merged state, base64}.
 *   partition_assemble  data (every partition, in order), parts and accounting (the
 *            write results, in the same order), out, format, key, passphrase_file,
 *            input_name (the concatenation's file name in report.json; default: the first
 *            file's) -> the package at out, result: report.json. It reads the whole input
 *            once (its SHA-256) and refuses when its record count differs from the parts'.
 *   partition_split     data (one CSV file), parts (1..4096) -> {"ranges": [{"start",
 *            "end", "line", "recno"}, ...]}: the file cut at record boundaries (a
 *            quote-aware scan) into about equal byte ranges, each with its first record's
 *            line and the records before it. Give a range to partition_pass as "range" (and
 *            data: that file; no "first"); assemble with data: [that file].
 * States and accounting hold 16-byte digests and counts, never a cell value or a key;
 * every step reads the keys from the files and environment the policy names, as the CLI.
 * Refused (ODP_EPOLICY): input that is not CSV, risk models, differential privacy,
 * derive:, aggregate:.
 * Response: {"ok": true|false, "odpub": VERSION, "command": NAME, "result": {...}} where
 * result is the command's own JSON (release: report.json; audit, verify, init: their
 * --json documents), or on an error {"ok": false, "odpub": VERSION, "error": {"code",
 * "kind", "path", "line", "col", "message"}} (code: the negative ODP_E* value). "ok" is
 * false also for a completed audit with findings or a verify that failed; exit-code
 * meaning is the binding's to map.
 */
#ifndef ODP_API_H
#define ODP_API_H

#include "err.h"

/* Runs the request; returns the response (caller frees with odp_free), NULL only when
 * memory ran out. Never prints. */
ODP_API char *odp_call_json(const char *request);
/* Frees memory returned by the library (odp_call_json's response). */
ODP_API void odp_free(void *p);
/* "0.1.0" */
ODP_API const char *odp_version(void);

#endif
