/*
 * api.c - odp_call_json (odp/api.h): one JSON request in, one JSON response out, for
 * bindings. Parses the request with cJSON, fills the job's options from its defaults,
 * runs the job and wraps the job's own JSON document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <openssl/crypto.h>

#include "json.h"
#include "odp/api.h"
#include "odp/audit.h"
#include "odp/format.h"
#include "odp/init.h"
#include "odp/release.h"
#include "odp/verify.h"
#include "fs.h"
#include "partition.h"

#ifndef ODP_VERSION_STR
#define ODP_VERSION_STR "unknown"
#endif

#define API_MAX_QI 64

const char *
odp_version(void)
{
    return ODP_VERSION_STR;
}

void
odp_free(void *p)
{
    free(p);
}

static const char *
kind_of(int code)
{
    switch (code) {
    case ODP_EINVAL:
        return "usage";
    case ODP_ENOMEM:
        return "memory";
    case ODP_EIO:
        return "io";
    case ODP_ESYNTAX:
        return "syntax";
    case ODP_ESCHEMA:
        return "schema";
    case ODP_EPOLICY:
        return "policy";
    case ODP_EDATA:
        return "data";
    case ODP_EKEY:
        return "key";
    case ODP_EVERIFY:
        return "verify";
    case ODP_ELIMIT:
        return "limit";
    case ODP_EINTERNAL:
        return "internal";
    default:
        return "error";
    }
}

/* The response's head: {"ok": ok, "odpub": VERSION, "command": cmd}. */
static cJSON *
head(int ok, const char *cmd)
{
    cJSON *o = cJSON_CreateObject();

    if (o == NULL || cJSON_AddBoolToObject(o, "ok", ok) == NULL ||
        cJSON_AddStringToObject(o, "odpub", ODP_VERSION_STR) == NULL ||
        (cmd != NULL && cJSON_AddStringToObject(o, "command", cmd) == NULL)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static char *
error_response(const char *cmd, const struct odp_err *err)
{
    cJSON *o = head(0, cmd), *e;
    char *s;
    int code = err->code != ODP_OK ? err->code : ODP_EINTERNAL;

    if (o == NULL || (e = cJSON_AddObjectToObject(o, "error")) == NULL) {
        cJSON_Delete(o);
        return NULL;
    }
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "kind", kind_of(code));
    cJSON_AddStringToObject(e, "path", err->path);
    odp_json_add_u64(e, "line", err->line);
    odp_json_add_u64(e, "col", err->col);
    cJSON_AddStringToObject(e, "message", err->msg[0] != '\0' ? err->msg : "failed");
    s = odp_json_render(o);
    cJSON_Delete(o);
    return s;
}

/* Wraps the job's JSON text (a document it rendered) as "result". */
static char *
ok_response(const char *cmd, int ok, const char *result_json, struct odp_err *err)
{
    cJSON *o, *r;
    char *s;

    r = cJSON_Parse(result_json != NULL ? result_json : "{}");
    if (r == NULL) {
        odp_errf(err, ODP_EINTERNAL, NULL, "the %s result is not JSON", cmd);
        return error_response(cmd, err);
    }
    o = head(ok, cmd);
    if (o == NULL) {
        cJSON_Delete(r);
        return NULL;
    }
    cJSON_AddItemToObject(o, "result", r);
    s = odp_json_render(o);
    cJSON_Delete(o);
    return s;
}

/* ---------------------------------------------------------------- options */

/* String option `name`: NULL when absent; ODP_EINVAL when present but not a string. */
int
odp_api_str(const cJSON *req, const char *name, int required, const char **out, struct odp_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);

    *out = NULL;
    if (v == NULL || cJSON_IsNull(v)) {
        return required ? odp_errf(err, ODP_EINVAL, NULL, "option '%s' is required", name) : ODP_OK;
    }
    if (!cJSON_IsString(v) || v->valuestring == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "option '%s' must be a string", name);
    }
    *out = v->valuestring;
    return ODP_OK;
}

int
odp_api_u64(const cJSON *req, const char *name, uint64_t max, uint64_t *out, struct odp_err *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(req, name);

    if (v == NULL || cJSON_IsNull(v)) {
        return 0;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > (double)max ||
        v->valuedouble != (double)(uint64_t)v->valuedouble) {
        return odp_errf(err, ODP_EINVAL, NULL, "option '%s' must be an integer 0..%llu", name,
                        (unsigned long long)max);
    }
    *out = (uint64_t)v->valuedouble;
    return 1;
}

static int
opt_input_format(const cJSON *req, enum odp_input_format *f, struct odp_err *err)
{
    const char *s;
    int rc = odp_api_str(req, "input_format", 0, &s, err), v;

    if (rc < 0 || s == NULL) {
        return rc;
    }
    v = odp_input_format_from_name(s);
    if (v < 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "input_format: unknown format (csv, json)");
    }
    *f = (enum odp_input_format)v;
    return ODP_OK;
}

/* "delimiter" (",", ";", "|", a TAB or "tab") and "encoding" ("utf-8", "latin-1",
 * "windows-1252"): how a CSV is read, as --delimiter and --encoding. */
static int
opt_read(const cJSON *req, int *delim, enum odp_encoding *enc, struct odp_err *err)
{
    const char *s = NULL;
    int rc = odp_api_str(req, "delimiter", 0, &s, err), v;

    if (rc == ODP_OK && s != NULL) {
        v = odp_delimiter_from_name(s);
        if (v < 0) {
            return odp_errf(err, ODP_EINVAL, NULL,
                            "delimiter: one of \",\", \";\", \"|\" or a tab");
        }
        *delim = v;
    }
    s = NULL;
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "encoding", 0, &s, err);
    }
    if (rc == ODP_OK && s != NULL) {
        v = odp_encoding_from_name(s);
        if (v < 0) {
            return odp_errf(err, ODP_EINVAL, NULL, "encoding: one of utf-8, latin-1, windows-1252");
        }
        *enc = (enum odp_encoding)v;
    }
    return rc;
}

/* Only the keys a command knows: a misspelt option is an error, not ignored. */
int
odp_api_known(const cJSON *req, const char *const *keys, struct odp_err *err)
{
    const cJSON *it;
    size_t i;

    cJSON_ArrayForEach(it, req)
    {
        int found = strcmp(it->string, "command") == 0;

        for (i = 0; !found && keys[i] != NULL; i++) {
            found = strcmp(it->string, keys[i]) == 0;
        }
        if (!found) {
            return odp_errf(err, ODP_EINVAL, NULL, "unknown option '%.64s'", it->string);
        }
    }
    return ODP_OK;
}

/* ---------------------------------------------------------------- commands */

int
odp_api_passphrase(const char *path, char **pass, size_t *len, struct odp_err *err)
{
    int rc = odp_read_file(path, 4096, pass, len, err);

    if (rc == ODP_OK && memchr(*pass, '\n', *len) != NULL &&
        memchr(*pass, '\n', *len) != *pass + *len - 1) {
        rc = odp_errf(err, ODP_EKEY, NULL, "passphrase file must hold exactly one line");
    }
    if (rc == ODP_OK) {
        while (*len > 0 && ((*pass)[*len - 1] == '\n' || (*pass)[*len - 1] == '\r')) {
            (*pass)[--*len] = '\0';
        }
    }
    return rc;
}

/* partition_pass, partition_merge, partition_assemble (partition.c). */
static char *
do_partition(const char *cmd, const cJSON *req, struct odp_err *err)
{
    cJSON *result = NULL, *o;
    char *s;
    int rc = odp_part_call(cmd, req, &result, err);

    if (rc < 0) {
        cJSON_Delete(result);
        return error_response(cmd, err);
    }
    o = head(1, cmd);
    if (o == NULL) {
        cJSON_Delete(result);
        return NULL;
    }
    cJSON_AddItemToObject(o, "result", result);
    s = odp_json_render(o);
    cJSON_Delete(o);
    return s;
}

static char *
do_release(const cJSON *req, struct odp_err *err)
{
    static const char *const keys[] = {
        "data", "policy",          "out",   "format",    "input_format", "policies_dir",
        "key",  "passphrase_file", "epoch", "delimiter", "encoding",     "threads",
        "no_sync", NULL};
    struct odp_release_opts o;
    struct odp_release_result r;
    const char *fmt = NULL, *pass_file = NULL;
    char *pass = NULL, *resp;
    size_t pass_len = 0;
    uint64_t epoch = 0;
    int rc;

    memset(&r, 0, sizeof(r));
    odp_release_opts_init(&o);
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "data", 1, &o.data, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "policy", 1, &o.policy, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "out", 1, &o.out, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "policies_dir", 0, &o.policies_dir, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "key", 0, &o.key, err);
    }
    if (rc == ODP_OK) {
        rc = opt_input_format(req, &o.data_format, err);
    }
    if (rc == ODP_OK) {
        rc = opt_read(req, &o.delimiter, &o.encoding, err);
    }
    if (rc == ODP_OK) {
        uint64_t th = 0;
        int has = odp_api_u64(req, "threads", 64, &th, err);

        rc = has < 0 ? has : ODP_OK;
        if (has == 1) {
            o.threads = (int)th; /* 0: one per online CPU */
        }
    }
    if (rc == ODP_OK) {
        const cJSON *ns = cJSON_GetObjectItemCaseSensitive(req, "no_sync");

        if (ns != NULL && !cJSON_IsBool(ns)) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "option 'no_sync' must be true or false");
        }
        o.no_sync = cJSON_IsTrue(ns);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "format", 0, &fmt, err);
    }
    if (rc == ODP_OK && fmt != NULL) {
        int f = odp_pkg_format_from_name(fmt);

        if (f < 0) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "format: unknown (" ODP_PKG_FORMAT_LIST ")");
        } else {
            o.format = (enum odp_pkg_format)f;
        }
    }
    if (rc == ODP_OK) {
        int has = odp_api_u64(req, "epoch", (uint64_t)INT64_MAX, &epoch, err);

        rc = has < 0 ? has : ODP_OK;
        if (has == 1) {
            o.epoch = (int64_t)epoch;
        }
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "passphrase_file", 0, &pass_file, err);
    }
    if (rc == ODP_OK && pass_file != NULL) {
        rc = odp_api_passphrase(pass_file, &pass, &pass_len, err);
        o.passphrase = pass;
    }
    if (rc == ODP_OK) {
        rc = odp_release(&o, &r, err);
    }
    if (pass != NULL) {
        OPENSSL_cleanse(pass, pass_len);
        free(pass);
    }
    resp = rc == ODP_OK ? ok_response("release", 1, r.report_json, err)
                        : error_response("release", err);
    odp_release_result_free(&r);
    return resp;
}

static char *
do_audit(const cJSON *req, struct odp_err *err)
{
    static const char *const keys[] = {"data",         "policy",   "policies_dir",
                                       "input_format", "k",        "quasi_identifiers",
                                       "delimiter",    "encoding", NULL};
    struct odp_audit_opts o;
    struct odp_audit_result r;
    const char *qi[API_MAX_QI];
    const cJSON *q, *it;
    uint64_t k = 0;
    char *json = NULL, *resp;
    int rc, has;

    memset(&r, 0, sizeof(r));
    odp_audit_opts_init(&o);
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "data", 1, &o.data, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "policy", 0, &o.policy, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "policies_dir", 0, &o.policies_dir, err);
    }
    if (rc == ODP_OK) {
        rc = opt_input_format(req, &o.data_format, err);
    }
    if (rc == ODP_OK) {
        rc = opt_read(req, &o.delimiter, &o.encoding, err);
    }
    if (rc == ODP_OK) {
        has = odp_api_u64(req, "k", UINT32_MAX, &k, err);
        rc = has < 0 ? has : ODP_OK;
        o.k = (uint32_t)k;
    }
    q = cJSON_GetObjectItemCaseSensitive(req, "quasi_identifiers");
    if (rc == ODP_OK && q != NULL) {
        if (!cJSON_IsArray(q) || cJSON_GetArraySize(q) > API_MAX_QI) {
            rc = odp_errf(err, ODP_EINVAL, NULL,
                          "quasi_identifiers must be an array of at most %d names", API_MAX_QI);
        }
        cJSON_ArrayForEach(it, q)
        {
            if (rc == ODP_OK && !cJSON_IsString(it)) {
                rc = odp_errf(err, ODP_EINVAL, NULL, "quasi_identifiers: names are strings");
            }
            if (rc == ODP_OK) {
                qi[o.nqi++] = it->valuestring;
            }
        }
        o.qi = qi;
    }
    if (rc == ODP_OK) {
        rc = odp_audit(&o, &r, err);
        if (rc == ODP_EVERIFY) { /* findings: a result, not a failure */
            odp_err_clear(err);
            rc = ODP_OK;
        }
    }
    if (rc == ODP_OK) {
        json = odp_audit_json(&r);
        if (json == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    resp = rc == ODP_OK ? ok_response("audit", r.findings == 0, json, err)
                        : error_response("audit", err);
    free(json);
    odp_audit_result_free(&r);
    return resp;
}

static char *
do_verify(const cJSON *req, struct odp_err *err)
{
    static const char *const keys[] = {"package", "pubkey", "unsigned", NULL};
    struct odp_verify_opts o;
    struct odp_verify_result *r = NULL;
    const char *pkg = NULL;
    const cJSON *u;
    char *json = NULL, *resp;
    int rc;

    odp_verify_opts_init(&o);
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "package", 1, &pkg, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "pubkey", 0, &o.pubkey_path, err);
    }
    u = cJSON_GetObjectItemCaseSensitive(req, "unsigned");
    if (rc == ODP_OK && u != NULL) {
        if (!cJSON_IsBool(u)) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "option 'unsigned' must be true or false");
        }
        o.allow_unsigned = cJSON_IsTrue(u);
    }
    if (rc == ODP_OK && o.pubkey_path == NULL && !o.allow_unsigned) {
        rc = odp_errf(err, ODP_EINVAL, NULL, "verify needs 'pubkey' (or 'unsigned': true)");
    }
    if (rc == ODP_OK) {
        rc = odp_verify_package(pkg, &o, &r, err);
        if (rc == ODP_EVERIFY && r != NULL) { /* a failed check: a result */
            odp_err_clear(err);
            rc = ODP_OK;
        }
    }
    if (rc == ODP_OK) {
        json = odp_verify_result_json(r);
        if (json == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    resp = rc == ODP_OK ? ok_response("verify", r->ok, json, err) : error_response("verify", err);
    free(json);
    odp_verify_result_free(r);
    return resp;
}

static char *
do_init(const cJSON *req, struct odp_err *err)
{
    static const char *const keys[] = {"data",      "input_format", "sample",
                                       "delimiter", "encoding",     NULL};
    struct odp_init_opts o;
    struct odp_init_result r;
    uint64_t sample = 0;
    char *resp;
    int rc, has;

    memset(&r, 0, sizeof(r));
    odp_init_opts_init(&o);
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "data", 1, &o.data, err);
    }
    if (rc == ODP_OK) {
        rc = opt_input_format(req, &o.format, err);
    }
    if (rc == ODP_OK) {
        rc = opt_read(req, &o.delimiter, &o.encoding, err);
    }
    if (rc == ODP_OK) {
        has = odp_api_u64(req, "sample", UINT64_MAX / 2, &sample, err);
        rc = has < 0 ? has : ODP_OK;
        if (has == 1) {
            o.sample = sample;
        }
    }
    if (rc == ODP_OK) {
        rc = odp_init_draft(&o, &r, err);
    }
    resp = rc == ODP_OK ? ok_response("init", 1, r.json, err) : error_response("init", err);
    odp_init_result_free(&r);
    return resp;
}

char *
odp_call_json(const char *request)
{
    struct odp_err err;
    cJSON *req;
    const cJSON *cmd;
    char *resp;

    odp_err_clear(&err);
    req = request != NULL ? cJSON_Parse(request) : NULL;
    if (req == NULL || !cJSON_IsObject(req)) {
        cJSON_Delete(req);
        odp_errf(&err, ODP_EINVAL, NULL, "the request is not a JSON object");
        return error_response(NULL, &err);
    }
    cmd = cJSON_GetObjectItemCaseSensitive(req, "command");
    if (!cJSON_IsString(cmd)) {
        odp_errf(&err, ODP_EINVAL, NULL, "the request has no \"command\" string");
        resp = error_response(NULL, &err);
    } else if (strcmp(cmd->valuestring, "release") == 0) {
        resp = do_release(req, &err);
    } else if (strcmp(cmd->valuestring, "audit") == 0) {
        resp = do_audit(req, &err);
    } else if (strcmp(cmd->valuestring, "verify") == 0) {
        resp = do_verify(req, &err);
    } else if (strcmp(cmd->valuestring, "init") == 0) {
        resp = do_init(req, &err);
    } else if (strncmp(cmd->valuestring, "partition_", 10) == 0) {
        resp = do_partition(cmd->valuestring, req, &err);
    } else {
        odp_errf(&err, ODP_EINVAL, NULL,
                 "unknown command (release, audit, verify, init, partition_pass, "
                 "partition_merge, partition_assemble)");
        resp = error_response(NULL, &err);
    }
    cJSON_Delete(req);
    return resp;
}
