/*
 * cmd_portal.c - `odpub portal`: not built yet (see the open issues).
 */
#include <stdio.h>

#include "cli.h"

int
cmd_portal(int argc, char **argv, struct cli *cli)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "%s portal: not implemented yet\n", cli->prog);
    return CLI_ERROR;
}
