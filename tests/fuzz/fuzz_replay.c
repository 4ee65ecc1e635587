/*
 * fuzz_replay.c - runs a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer (after zstd's tests/fuzz/regression_driver.c).
 *
 * Usage: fuzz_<target>_replay PATH...   where each PATH is a file or a directory whose
 * regular files are replayed in name order. Built with the normal compiler, so
 * `meson test --suite fuzz-replay` (and the ASan/UBSan run of scripts/test) checks
 * every committed corpus file, crashers found and fixed included, on every build.
 * Exit 0 when every input ran (a crash or a failed FUZZ_CHECK aborts the process);
 * 2 when a path cannot be read or nothing was replayed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT (64u << 20)

static int
replay_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long len;

    if (f == NULL) {
        fprintf(stderr, "fuzz_replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    len = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    if (len < 0 || (unsigned long)len > REPLAY_MAX_INPUT || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "fuzz_replay: %s: cannot size the file\n", path);
        fclose(f);
        return -1;
    }
    /* One extra byte so an empty file still gets a valid, distinct pointer. */
    buf = malloc((size_t)len + 1);
    if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len) {
        fprintf(stderr, "fuzz_replay: %s: cannot read\n", path);
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)len);
    free(buf);
    (*count)++;
    return 0;
}

static int
by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
replay_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL, *p;
    size_t n = 0, i;
    int rc = 0;

    if (d == NULL) {
        fprintf(stderr, "fuzz_replay: %s: %s\n", dir, strerror(errno));
        return -1;
    }
    while ((de = readdir(d)) != NULL) {
        char **nn;

        if (de->d_name[0] == '.') {
            continue;
        }
        nn = realloc(names, (n + 1) * sizeof(*names));
        p = malloc(strlen(dir) + strlen(de->d_name) + 2);
        if (nn == NULL || p == NULL) {
            free(nn != NULL ? nn : names);
            free(p);
            closedir(d);
            return -1;
        }
        names = nn;
        memcpy(p, dir, strlen(dir));
        p[strlen(dir)] = '/';
        memcpy(p + strlen(dir) + 1, de->d_name, strlen(de->d_name) + 1);
        names[n++] = p;
    }
    closedir(d);
    qsort(names, n, sizeof(*names), by_name);
    for (i = 0; i < n; i++) {
        struct stat st;

        if (rc == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            rc = replay_file(names[i], count);
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int
main(int argc, char **argv)
{
    size_t count = 0;
    int i;

    for (i = 1; i < argc; i++) {
        struct stat st;
        int rc;

        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "fuzz_replay: %s: %s\n", argv[i], strerror(errno));
            return 2;
        }
        rc = S_ISDIR(st.st_mode) ? replay_dir(argv[i], &count) : replay_file(argv[i], &count);
        if (rc != 0) {
            return 2;
        }
    }
    if (count == 0) {
        fprintf(stderr, "fuzz_replay: no input replayed\n");
        return 2;
    }
    printf("fuzz_replay: %zu inputs ok\n", count);
    return 0;
}
