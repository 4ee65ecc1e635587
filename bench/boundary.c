/*
 * boundary.c - throughput of the chunk splitter's record-boundary scan (odp_csv_boundary,
 * lib/table/chunk.c): the scalar reference against each SIMD level this CPU runs, on a
 * real CSV read in blocks of the release's chunk size (1 MiB by default), each block
 * scanned by every implementation in turn while it is in cache (as the dispatching
 * thread scans a block it just read). Time is this thread's CPU time, so other load on
 * the machine matters less than for wall time; the results of all levels must agree.
 * Run by hand (it is not part of the build):
 *
 *   cc -O2 -std=c17 -D_GNU_SOURCE -Ilib/table -Ilib/common -Ilib/include -o /tmp/boundary \
 *       bench/boundary.c build/lib/table/libodp_table.a build/lib/common/libodp_common.a \
 *       -lcrypto
 *   /tmp/boundary FILE.csv [BLOCK_BYTES] [ROUNDS]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chunk.h"

#define NLEVELS 4

static double
cpu_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int
main(int argc, char **argv)
{
    static const char *names[NLEVELS] = {"scalar", "sse2+pclmul", "avx2+pclmul", "avx512bw+pclmul"};
    double secs[NLEVELS] = {0, 0, 0, 0};
    uint64_t bytes = 0, blocks = 0, recs = 0;
    size_t block = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : (size_t)1 << 20;
    int rounds = argc > 3 ? atoi(argv[3]) : 1, top = odp_csv_boundary_level(), lv, r;
    char *buf;
    FILE *f;

    if (argc < 2 || block < 64 || rounds < 1) {
        fprintf(stderr, "usage: boundary FILE.csv [BLOCK_BYTES] [ROUNDS]\n");
        return 2;
    }
    buf = malloc(block);
    if (buf == NULL) {
        fprintf(stderr, "boundary: out of memory\n");
        return 1;
    }
    for (r = 0; r < rounds; r++) {
        size_t n;

        f = fopen(argv[1], "rb");
        if (f == NULL) {
            fprintf(stderr, "boundary: %s: %s\n", argv[1], strerror(errno));
            return 1;
        }
        while ((n = fread(buf, 1, block, f)) > 0) {
            size_t want = 0;
            uint64_t wl = 0, wr = 0;

            for (lv = 0; lv <= top; lv++) {
                /* rotate which level goes first, so none always gets the cold cache */
                int l = (int)((blocks + (uint64_t)lv) % (uint64_t)(top + 1));
                uint64_t nl, nr;
                double t0 = cpu_now();
                size_t b = odp_csv_boundary_impl(l, buf, n, &nl, &nr);

                secs[l] += cpu_now() - t0;
                if (lv == 0) {
                    want = b;
                    wl = nl;
                    wr = nr;
                } else if (b != want || nl != wl || nr != wr) {
                    fprintf(stderr, "boundary: level %d disagrees at block %llu\n", l,
                            (unsigned long long)blocks);
                    return 1;
                }
            }
            bytes += n;
            blocks++;
            recs += wr;
        }
        fclose(f);
    }
    printf("%s: %llu bytes in %llu blocks of %zu, %llu records, %d round(s)\n", argv[1],
           (unsigned long long)bytes, (unsigned long long)blocks, block, (unsigned long long)recs,
           rounds);
    for (lv = 0; lv <= top; lv++) {
        printf("%-12s %8.4f CPU-s  %7.4f CPU-s/GB  %6.2f GB/s  x%.1f\n", names[lv], secs[lv],
               secs[lv] / ((double)bytes * 1e-9), (double)bytes * 1e-9 / secs[lv],
               secs[0] / secs[lv]);
    }
    free(buf);
    return 0;
}
