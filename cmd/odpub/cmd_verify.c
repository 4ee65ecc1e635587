/*
 * cmd_verify.c - `odpub verify`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_verify(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s verify: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
