/*
 * test_registry.c - every action named in odp/vocab.h has a policy definition
 * (lib/policy/actions.c) and transform ops (lib/transform/act_NAME.c), and the life
 * cycle dispatches through them: a missing half, a wrong table slot or a name that does
 * not round-trip fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "actions.h"
#include "plan.h"

static void
test_every_action_is_complete(void **state)
{
    int a;

    (void)state;
    for (a = 0; a < ODP_ACT__COUNT; a++) {
        const char *name = odp_action_name((enum odp_action)a);
        const struct odp_action_def *def = odp_action_def((enum odp_action)a);
        const struct odp_action_ops *ops = odp_action_ops((enum odp_action)a);
        struct odp_colrule r;
        char buf[256];

        assert_non_null(name);
        assert_int_equal(odp_action_from_name(name), a);
        assert_non_null(strstr(ODP_ACTION_LIST, name));
        assert_non_null(def);
        assert_non_null(def->participle);
        assert_non_null(def->params);
        assert_non_null(def->parse);
        assert_non_null(def->write);
        assert_non_null(ops);
        assert_non_null(ops->describe);
        memset(&r, 0, sizeof(r));
        r.action = (enum odp_action)a;
        r.name = "c";
        assert_true(odp_treatment_text(&r, buf, sizeof(buf)) > 0);
        assert_string_not_equal(buf, "?");
        assert_non_null(odp_output_type(&r));
    }
    /* each ops table is its own: no two actions share one */
    for (a = 1; a < ODP_ACT__COUNT; a++) {
        assert_ptr_not_equal(odp_action_ops((enum odp_action)a),
                             odp_action_ops((enum odp_action)(a - 1)));
    }
}

static void
test_out_of_range(void **state)
{
    (void)state;
    assert_null(odp_action_name(ODP_ACT__COUNT));
    assert_null(odp_action_def(ODP_ACT__COUNT));
    assert_null(odp_action_ops(ODP_ACT__COUNT));
    assert_int_equal(odp_action_from_name("nope"), -1);
    assert_int_equal(odp_action_from_name(NULL), -1);
}

static int
apply_text(enum odp_action a, struct odp_colrule *r, const char *in, char *out, size_t cap)
{
    struct odp_err err;
    struct odp_op *op;
    struct odp_field f, o;
    struct odp_row row;
    struct odp_buf b;
    int rc;

    odp_err_clear(&err);
    r->action = a;
    r->name = "c";
    op = odp_op_new(r, NULL, 0, &err);
    if (op == NULL) {
        return err.code;
    }
    f.p = in;
    f.len = strlen(in);
    row.f = &f;
    row.n = 1;
    odp_buf_init(&b, 1 << 20);
    rc = odp_op_apply(op, &row, 0, &o, &b, &err);
    if (rc >= 0) {
        snprintf(out, cap, "%.*s", (int)o.len, o.p);
    }
    odp_buf_release(&b);
    odp_op_free(op);
    return rc;
}

static void
test_dispatch(void **state)
{
    struct odp_colrule r;
    char out[64];

    (void)state;
    memset(&r, 0, sizeof(r));
    assert_int_equal(apply_text(ODP_ACT_KEEP, &r, "abc", out, sizeof(out)), 0);
    assert_string_equal(out, "abc");
    memset(&r, 0, sizeof(r));
    assert_int_equal(apply_text(ODP_ACT_REDACT, &r, "abc", out, sizeof(out)), 1);
    assert_string_equal(out, "REDACTED");
    memset(&r, 0, sizeof(r));
    r.keep_last = 2;
    assert_int_equal(apply_text(ODP_ACT_MASK, &r, "abcdef", out, sizeof(out)), 1);
    assert_string_equal(out, "****ef");
    memset(&r, 0, sizeof(r));
    r.decimals = 1;
    assert_int_equal(apply_text(ODP_ACT_ROUND, &r, "2.26", out, sizeof(out)), 1);
    assert_string_equal(out, "2.3");
    memset(&r, 0, sizeof(r));
    r.gen = ODP_GEN_ZIP;
    r.digits = 3;
    assert_int_equal(apply_text(ODP_ACT_GENERALIZE, &r, "10027", out, sizeof(out)), 1);
    assert_string_equal(out, "100");
    /* error paths: drop never gets an op, a keyed action without its key, a bad parameter */
    memset(&r, 0, sizeof(r));
    assert_int_equal(apply_text(ODP_ACT_DROP, &r, "abc", out, sizeof(out)), ODP_EINTERNAL);
    memset(&r, 0, sizeof(r));
    r.length = 16;
    assert_int_equal(apply_text(ODP_ACT_PSEUDONYMIZE, &r, "abc", out, sizeof(out)), ODP_EKEY);
    memset(&r, 0, sizeof(r));
    r.decimals = ODP_ROUND_MAX_DECIMALS + 1;
    assert_int_equal(apply_text(ODP_ACT_ROUND, &r, "1", out, sizeof(out)), ODP_ESCHEMA);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_action_is_complete),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_dispatch),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
