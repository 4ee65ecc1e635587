/*
 * cmd_audit.c - `odpub audit`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_audit(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s audit: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
