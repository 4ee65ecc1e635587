/*
 * table_views.c - what callers may assume about the views a reader returns.
 */
#include "table_int.h"

int
odp_table_raw_views(const struct odp_table *t)
{
    /* The CSV reader returns views into its raw read buffer (quoted fields are unescaped
     * in place); the JSON reader builds its values elsewhere. */
    return t->fmt == ODP_FMT_CSV && t->csv != NULL;
}
