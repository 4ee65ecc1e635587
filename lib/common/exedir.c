/*
 * exedir.c - paths relative to the running executable, so an installed odpub finds its
 * data (policies) under its own prefix wherever the tree was installed or moved, and a
 * binary in the build tree finds the sources' copy through a link meson makes there.
 * No build-tree path is compiled in.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"

char *
odp_exe_relative(const char *rel)
{
    char exe[4096], *dir, *p;
    ssize_t n;
    size_t dl, rl;

    if (rel == NULL || rel[0] == '\0' || rel[0] == '/') {
        return NULL;
    }
    n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0 || (size_t)n >= sizeof(exe) - 1) {
        return NULL;
    }
    exe[n] = '\0';
    dir = strrchr(exe, '/');
    if (dir == NULL) {
        return NULL;
    }
    *dir = '\0';
    dl = strlen(exe);
    rl = strlen(rel);
    p = malloc(dl + 1 + rl + 1);
    if (p == NULL) {
        return NULL;
    }
    memcpy(p, exe, dl);
    p[dl] = '/';
    memcpy(p + dl + 1, rel, rl + 1);
    return p;
}
