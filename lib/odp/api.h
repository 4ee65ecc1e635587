/*
 * odp/api.h - every job behind one JSON call, for bindings (python/odpub uses it through
 * ctypes): no struct layout crosses the boundary, so options added to a job's C struct do
 * not break a binding.
 *
 * Request: a JSON object {"command": NAME, ...options}. Commands and options:
 *   release  data, policy, out (required); format ("dir", "zip", "tar.gz", "tar.zst"),
 *            input_format ("csv", "json"), policies_dir, key (minisign secret key path),
 *            passphrase_file, epoch (integer; default: SOURCE_DATE_EPOCH or now)
 *   audit    data (a data file or a package directory), policy, policies_dir,
 *            input_format, k, quasi_identifiers (array of column names)
 *   verify   package (required), pubkey, unsigned (boolean)
 *   init     data (required), input_format, sample (rows; 0 = all)
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
