/*
 * typecheck.h - whether a published value is a valid value of its column's declared
 * Table Schema type (datapackage.json promises that type to every reader).
 */
#ifndef ODP_TYPECHECK_H
#define ODP_TYPECHECK_H

#include <stddef.h>

/*
 * 1 when p[0..len) is a value of Table Schema type `type` in its default format, or
 * empty (a missing value); 0 when not. Checked: integer, number, boolean, date,
 * datetime, time, year, yearmonth; every other type (string, text, any, ...) is 1.
 */
int odp_type_ok(const char *type, const char *p, size_t len);

/* 1 when values of `type` are checked by odp_type_ok at all. */
int odp_type_checked(const char *type);

#endif
