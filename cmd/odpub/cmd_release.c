/*
 * cmd_release.c - `odpub release`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_release(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s release: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
