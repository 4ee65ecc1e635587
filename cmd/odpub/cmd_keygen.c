/*
 * cmd_keygen.c - `odpub keygen`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_keygen(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s keygen: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
