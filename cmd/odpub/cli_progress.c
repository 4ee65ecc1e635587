/*
 * cli_progress.c - one progress line on a terminal for release, verify and audit.
 *
 * Like git's "Receiving objects: 45% (...)": shown only when stderr is a terminal (and
 * not with --json), rewritten in place with \r at most 5 times a second, and erased at
 * the end, so logs and pipes never see it. With a known total it shows the percent of
 * bytes and an ETA from the rate so far. Never colour (NO_COLOR has nothing to turn off).
 */
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static double
now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t
cli_file_size(const char *path)
{
    struct stat st;

    if (path == NULL || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0) {
        return 0;
    }
    return (uint64_t)st.st_size;
}

void
cli_progress_start(struct cli_progress *p, const struct cli *cli, const char *what, uint64_t total)
{
    p->what = what;
    p->total = total;
    p->on = cli->tty && !cli->json;
    p->shown = 0;
    p->start = now();
    p->last = 0;
}

/* "1.0 GB", "450 MB", "12 kB": decimal units, as du -h --si. */
static void
human(char *buf, size_t size, uint64_t n)
{
    static const char *const units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = (double)n;
    int u = 0;

    while (v >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    snprintf(buf, size, u == 0 || v >= 10 ? "%.0f %s" : "%.1f %s", v, units[u]);
}

void
cli_progress_cb(void *ctx, uint64_t rows, uint64_t bytes)
{
    struct cli_progress *p = ctx;
    char done[32], total[32], eta[32] = "";
    double t, el, rate, left;
    unsigned pct;

    if (p == NULL || !p->on) {
        return;
    }
    t = now();
    if (p->shown && t - p->last < 0.2) {
        return;
    }
    p->last = t;
    p->shown = 1;
    human(done, sizeof(done), bytes);
    if (p->total > 0 && bytes > 0) {
        if (bytes > p->total) {
            bytes = p->total;
        }
        pct = (unsigned)((double)bytes * 100.0 / (double)p->total);
        human(total, sizeof(total), p->total);
        el = t - p->start;
        rate = el > 0 ? (double)bytes / el : 0;
        if (rate > 0 && el >= 0.5) {
            left = (double)(p->total - bytes) / rate;
            snprintf(eta, sizeof(eta), ", ETA %u:%02u", (unsigned)(left / 60), (unsigned)left % 60);
        }
        fprintf(stderr, "\rodpub %s: %3u%% (%s of %s)%s", p->what, pct, done, total, eta);
    } else if (bytes > 0) {
        fprintf(stderr, "\rodpub %s: %s", p->what, done);
    } else {
        fprintf(stderr, "\rodpub %s: %llu rows", p->what, (unsigned long long)rows);
    }
    if (rows > 0 && bytes > 0) {
        fprintf(stderr, ", %llu rows", (unsigned long long)rows);
    }
    fputs("\033[K", stderr); /* erase the rest of a longer earlier line */
    fflush(stderr);
}

void
cli_progress_end(struct cli_progress *p)
{
    if (p->on && p->shown) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->shown = 0;
}
