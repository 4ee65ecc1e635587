/* jsonin.c - placeholder while being written */
#include "table_int.h"
int odp_jsonin_open(struct odp_table *t, struct odp_err *err) { (void)t; return odp_errf(err, ODP_EINVAL, NULL, "json todo"); }
int odp_jsonin_next(struct odp_table *t, struct odp_row *row, struct odp_err *err) { (void)t; (void)row; return odp_errf(err, ODP_EINVAL, NULL, "json todo"); }
int odp_jsonin_rewind(struct odp_table *t, struct odp_err *err) { (void)t; return odp_errf(err, ODP_EINVAL, NULL, "json todo"); }
void odp_jsonin_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col) { (void)t; (void)i; *line = 0; *col = 0; }
void odp_jsonin_free(struct odp_jsonin *j) { (void)j; }
