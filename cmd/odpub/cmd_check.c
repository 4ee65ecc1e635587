/*
 * cmd_check.c - `odpub check`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_check(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s check: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
