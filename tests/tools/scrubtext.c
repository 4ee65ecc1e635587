/*
 * scrubtext - runs the scrub action over the "text" of each line of a JSON-lines corpus
 * (bench/freetext/gen_corpus.py) and writes one JSON-encoded string per line, the
 * SCRUBBED format of bench/freetext/score.py. Prints rows and rows/s to stderr.
 *   scrubtext DETECTORS [REPEAT] < corpus.jsonl > scrubbed.txt
 * DETECTORS is a comma list of detector names, or "all" (every detector but date).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "actions_int.h"
#include "buf.h"
#include "detectors.h"
#include "policy.h"

static void
put_json(FILE *f, const char *s, size_t n)
{
    size_t i;

    fputc('"', f);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\') {
            fputc('\\', f);
            fputc(c, f);
        } else if (c == '\n') {
            fputs("\\n", f);
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
        } else {
            fputc(c, f);
        }
    }
    fputs("\"\n", f);
}

int
main(int argc, char **argv)
{
    struct odp_colrule rule;
    struct odp_err err = {0};
    struct odp_scrub *sc;
    struct odp_buf b;
    char **texts = NULL;
    size_t ntexts = 0, cap = 0, i;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    int repeat = argc > 2 ? atoi(argv[2]) : 1, r;
    struct timespec t0, t1;
    double secs;

    if (argc < 2) {
        fprintf(stderr, "usage: scrubtext DETECTORS [REPEAT] < corpus.jsonl\n");
        return 2;
    }
    memset(&rule, 0, sizeof(rule));
    rule.name = "text";
    rule.action = ODP_ACT_SCRUB;
    if (strcmp(argv[1], "all") == 0) {
        rule.detect_mask = odp_detectors_all();
        rule.ndetect = odp_detectors_all_order(rule.detect_order, sizeof(rule.detect_order));
    } else {
        char *tok, *save = NULL;

        for (tok = strtok_r(argv[1], ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
            int d = odp_detector_from_name(tok, strlen(tok));

            if (d < 0 || rule.ndetect >= sizeof(rule.detect_order)) {
                fprintf(stderr, "scrubtext: unknown detector %s\n", tok);
                return 2;
            }
            rule.detect_mask |= 1u << d;
            rule.detect_order[rule.ndetect++] = (uint8_t)d;
        }
    }
    while ((len = getline(&line, &lcap, stdin)) > 0) {
        cJSON *j = cJSON_Parse(line), *t;

        if (j == NULL || (t = cJSON_GetObjectItem(j, "text")) == NULL || !cJSON_IsString(t)) {
            fprintf(stderr, "scrubtext: bad line %zu\n", ntexts + 1);
            return 2;
        }
        if (ntexts == cap) {
            cap = cap ? cap * 2 : 1024;
            texts = realloc(texts, cap * sizeof(*texts));
            if (texts == NULL) {
                return 1;
            }
        }
        texts[ntexts++] = strdup(t->valuestring);
        cJSON_Delete(j);
    }
    free(line);
    sc = odp_scrub_new(&rule, &err);
    if (sc == NULL) {
        fprintf(stderr, "scrubtext: %s\n", err.msg);
        return 1;
    }
    odp_buf_init(&b, 1u << 20);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (r = 0; r < (repeat > 0 ? repeat : 1); r++) {
        for (i = 0; i < ntexts; i++) {
            struct odp_field f;

            if (odp_scrub_apply(sc, texts[i], strlen(texts[i]), &b, &f, &err) < 0) {
                fprintf(stderr, "scrubtext: row %zu: %s\n", i + 1, err.msg);
                return 1;
            }
            if (r == 0) {
                put_json(stdout, f.p, f.len);
            }
        }
    }
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    fprintf(stderr, "scrubtext: %zu rows x %d in %.3f s = %.0f rows/s (CPU time)\n", ntexts, repeat,
            secs, (double)ntexts * repeat / secs);
    odp_buf_release(&b);
    odp_scrub_free(sc);
    for (i = 0; i < ntexts; i++) {
        free(texts[i]);
    }
    free(texts);
    return 0;
}
