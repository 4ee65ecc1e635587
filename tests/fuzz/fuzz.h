/*
 * fuzz.h - shared helpers of the libFuzzer targets in tests/fuzz/ (after zstd's
 * tests/fuzz/fuzz_helpers.h).
 *
 * Every target defines LLVMFuzzerTestOneInput and feeds the bytes to the library entry
 * point the CLI uses for that kind of untrusted input. The same file is built twice:
 * with clang and -fsanitize=fuzzer (meson -Dfuzz=true, scripts/fuzz) and with the
 * normal compiler plus fuzz_replay.c, which replays corpus/<target>/ as a meson test.
 *
 * FUZZ_CHECK is the oracle: a broken invariant (two readers that disagree, an error
 * record without a position, a message holding a newline) aborts, so both libFuzzer
 * and the replay test report it as a crash.
 */
#ifndef ODP_FUZZ_H
#define ODP_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "odp/err.h"
#include "odp/format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond);          \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/*
 * A private scratch directory for the whole run (mkdtemp under $TMPDIR or /tmp,
 * removed at exit). Borrowed, valid until exit.
 */
const char *fuzz_tmpdir(void);

/*
 * Writes data[0..size) to fuzz_tmpdir()/name (replacing it) and returns the full
 * path in a static buffer of that name's slot (valid until the next call with the
 * same name). Aborts on I/O errors: the harness itself failed.
 */
const char *fuzz_write(const char *name, const void *data, size_t size);

/* A fresh empty directory fuzz_tmpdir()/name (an old one is removed first). */
const char *fuzz_fresh_dir(const char *name);

/*
 * Checks the error record after a failed call: a negative code, no newline or other
 * control byte in the message, and the message is NUL-terminated.
 */
void fuzz_check_err(const struct odp_err *err, int rc);

/*
 * The differential oracle of a table reader (fmt: CSV or JSON), written once for both
 * targets. The input (written to fuzz_tmpdir()/name) is read by two readers at once:
 * the fast path (SSE2 scanner / fast UTF-8 check) with the default 1 MiB block, and the
 * plain byte-at-a-time path with a tiny block (1..61 bytes, so records, quotes, strings,
 * escapes, CRLF pairs and UTF-8 sequences straddle refills). They must agree on every
 * row (fields, line, record number, field positions) and on the final result (ODP_END,
 * or the same error code at the same line and column). After ODP_END the digest must be
 * the SHA-256 of the input, and a rewind must give the same number of rows again. Caps
 * are lowered (field 1 MiB, record 2 MiB) so a hostile input cannot make the harness
 * itself big. Returns 0 (libFuzzer's convention); a broken invariant aborts.
 */
int fuzz_table_diff(const uint8_t *data, size_t size, enum odp_input_format fmt, const char *name);

/* The caps the harnesses read with (field 1 MiB, record 2 MiB). */
#define FUZZ_MAX_FIELD (1u << 20)
#define FUZZ_MAX_RECORD (2u << 20)

struct odp_table;

/*
 * A table reader over path with the harness caps; block and plain as in struct
 * odp_table_tune (0 and 0: the defaults). NULL + err when it cannot be opened (err is
 * cleared first).
 */
struct odp_table *fuzz_open_table(const char *path, enum odp_input_format fmt, size_t block,
                                  int plain, struct odp_err *err);
/* The same, reading tolerantly when `tolerant` (odp_read_opts.tolerant, init's reading). */
struct odp_table *fuzz_open_table_tolerant(const char *path, enum odp_input_format fmt,
                                           size_t block, int plain, int tolerant,
                                           struct odp_err *err);

/* Aborts unless the two error records agree: code, line, column and message. */
void fuzz_same_err(const struct odp_err *a, const struct odp_err *b);

/* FNV-1a of the input, to pick harness parameters without spending input bytes. */
uint64_t fuzz_hash(const uint8_t *data, size_t size);

#endif
