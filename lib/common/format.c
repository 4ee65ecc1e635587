/*
 * format.c - the name and extension tables of odp/format.h.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fs.h"
#include "odp/format.h"

const char *
odp_input_format_name(enum odp_input_format f)
{
    switch (f) {
    case ODP_FMT_AUTO: return "auto";
    case ODP_FMT_CSV: return "csv";
    case ODP_FMT_JSON: return "json";
    }
    return NULL;
}

int
odp_input_format_from_name(const char *s)
{
    if (strcmp(s, "csv") == 0) {
        return ODP_FMT_CSV;
    }
    if (strcmp(s, "json") == 0) {
        return ODP_FMT_JSON;
    }
    return -1;
}

enum odp_input_format
odp_input_format_of_path(const char *path)
{
    if (odp_has_suffix(path, ".json", 1) || odp_has_suffix(path, ".ndjson", 1) || odp_has_suffix(path, ".jsonl", 1)) {
        return ODP_FMT_JSON;
    }
    return ODP_FMT_CSV;
}

static const struct {
    const char *name;
    const char *ext;
    const char *alias; /* another name and extension read as this format */
} pkg[ODP_PKG__COUNT] = {
#define PKG_ROW(ID, id, name, ext, alias) [ODP_PKG_##ID] = {name, ext, alias},
    ODP_PKG_FORMATS(PKG_ROW)
#undef PKG_ROW
};

const char *
odp_pkg_format_name(enum odp_pkg_format f)
{
    return (unsigned)f < ODP_PKG__COUNT ? pkg[f].name : NULL;
}

const char *
odp_pkg_format_extension(enum odp_pkg_format f)
{
    return (unsigned)f < ODP_PKG__COUNT ? pkg[f].ext : NULL;
}

int
odp_pkg_format_from_name(const char *s)
{
    int i;

    for (i = 0; i < ODP_PKG__COUNT; i++) {
        if (strcmp(s, pkg[i].name) == 0 ||
            (pkg[i].alias != NULL && strcmp(s, pkg[i].alias) == 0)) {
            return i;
        }
    }
    return -1;
}

int
odp_pkg_format_of_path(const char *path)
{
    int i;

    for (i = 1; i < ODP_PKG__COUNT; i++) {
        char alt[16];

        if (odp_has_suffix(path, pkg[i].ext, 1)) {
            return i;
        }
        if (pkg[i].alias != NULL) {
            snprintf(alt, sizeof(alt), ".%s", pkg[i].alias);
            if (odp_has_suffix(path, alt, 1)) {
                return i;
            }
        }
    }
    return -1;
}
