/*
 * cmd_init.c - `odpub init`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_init(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s init: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
