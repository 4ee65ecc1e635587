/*
 * table.h - record sources (CSV and JSON) behind one pull interface, and the CSV writer.
 *
 * A reader yields rows as views (pointer + length) into its own reused buffer: nothing
 * is allocated per cell or per row. A view is valid until the next call on the reader.
 * Readers track the 1-based line of each record and can locate any field (line and
 * byte column) for error messages, which never include the value itself.
 *
 * Readers can rewind (k-anonymity makes two passes) and compute the SHA-256 of the
 * raw input bytes as they read them (the report carries it).
 */
#ifndef ODP_TABLE_H
#define ODP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"
#include "odp/err.h"
#include "odp/format.h"

/* Caps (hostile input): a field, a record, the number of columns. */
#define ODP_CSV_MAX_FIELD (64u << 20)
#define ODP_CSV_MAX_RECORD (256u << 20)
#define ODP_CSV_MAX_COLUMNS 100000u

/*
 * The name given to an empty first header cell (an R write.csv or pandas to_csv export,
 * whose first column holds row numbers). Any other empty header cell is named after its
 * position, "_column_N" (1-based), in at most ODP_COLUMN_NAME_MAX bytes.
 */
#define ODP_ROW_INDEX_NAME "_row_index"
#define ODP_COLUMN_NAME_MAX 32

struct odp_field {
    const char *p;
    size_t len;
};

struct odp_row {
    size_t n;                  /* number of fields */
    const struct odp_field *f; /* n views, valid until the next call on the reader */
    uint64_t line;             /* 1-based line where the record starts */
    uint64_t recno;            /* 1-based data record number (header not counted) */
};

struct odp_table;

/*
 * Opens a data file. With ODP_FMT_AUTO the format follows the extension (.json,
 * .ndjson, .jsonl -> JSON, anything else CSV). `path` "-" reads stdin (not rewindable).
 * The header (CSV) or the first record's keys (JSON) are read at once; a missing,
 * empty header name is ODP_ESYNTAX at its position. A CSV header name used again is
 * read as name.1, name.2 ... (as pandas and R do); a JSON key used twice is ODP_ESYNTAX.
 * `hash`: compute SHA-256 of the raw bytes read.
 * Returns NULL and fills err on failure.
 */
struct odp_table *odp_table_open(const char *path, enum odp_input_format fmt, int hash,
                                 struct odp_err *err);
void odp_table_free(struct odp_table *t);

/*
 * How a CSV is read (dataset.delimiter, dataset.encoding, --delimiter, --encoding).
 * `delimiter`: 0 or `,`, `;`, TAB, `|` (quoting is the same for each; JSON ignores it).
 * `encoding`: DEFAULT/UTF8 read as is (invalid UTF-8 is an error); LATIN1 and
 * WINDOWS1252 are transcoded to UTF-8 below the readers (the five bytes windows-1252
 * leaves undefined are ODP_ESYNTAX at their line and byte column). The SHA-256 and the
 * byte count stay those of the raw file; error columns on a transcoded line count
 * UTF-8 bytes.
 */
struct odp_read_opts {
    int delimiter;
    enum odp_encoding encoding;
    int tolerant; /* CSV only: read what the strict reader refuses (odp_read_fault) */
};

/*
 * Tolerant reading, for drafting a policy (`init`) from an export that every other
 * reader takes but the strict one refuses. Each fault is read as pandas and Python's csv
 * module read it, counted, and its first position kept; release and audit never read
 * tolerantly. A fault in the header is still an error, and so is anything else (an
 * unterminated quote, a character after a closing quote, the caps).
 */
enum odp_read_fault {
    ODP_FAULT_QUOTE,  /* a quote inside an unquoted field: a literal quote */
    ODP_FAULT_NUL,    /* a NUL byte: kept as a byte of its field */
    ODP_FAULT_CR,     /* a bare CR line ending: ends the record */
    ODP_FAULT_MIXED,  /* a line ending other than the first record's: taken */
    ODP_FAULT_RAGGED, /* fewer fields than the header (padded empty) or more (cut) */
    ODP_FAULT_BLANK,  /* a blank row: skipped */
    ODP_FAULT_UTF8,   /* invalid UTF-8: the record is skipped */
    ODP_FAULT_N
};

struct odp_read_faults {
    uint64_t count[ODP_FAULT_N];
    uint64_t line[ODP_FAULT_N]; /* the first of each kind (1-based; 0: none) */
    uint64_t col[ODP_FAULT_N];
};

/* What a fault is, as the strict reader's error says it ("bare CR line ending"). */
const char *odp_read_fault_name(enum odp_read_fault k);
/* The faults a tolerant read has met so far (all zero for a strict one). */
void odp_table_faults(const struct odp_table *t, struct odp_read_faults *out);

/* odp_table_open reading as `ro` says (NULL: comma, UTF-8). ODP_EINVAL for another
 * delimiter or encoding. */
struct odp_table *odp_table_open_opts(const char *path, enum odp_input_format fmt, int hash,
                                      const struct odp_read_opts *ro, struct odp_err *err);

/* The delimiter the table is read with (`,` unless opened otherwise). */
int odp_table_delimiter(const struct odp_table *t);

/*
 * What `init` proposes for an input: the delimiter among `,` `;` TAB `|` that splits the
 * first records (quote-aware) into the same number (>= 2) of fields, and the encoding.
 */
struct odp_sniff {
    int delimiter;              /* the byte; `,` when none splits consistently */
    int delimiter_found;        /* 1 when chosen by consistent counts (0: the default) */
    size_t fields;              /* fields per record with it */
    size_t records;             /* records looked at (the header counts) */
    enum odp_encoding encoding; /* UTF8, or WINDOWS1252: not UTF-8 but every byte is
                                   defined in windows-1252 */
    size_t bytes;               /* bytes looked at */
};

/* Sniffs p[0..n) (`at_eof`: the input ends there, else its last record may be cut). */
void odp_sniff_bytes(const char *p, size_t n, int at_eof, struct odp_sniff *s);
/* Sniffs the first ODP_SNIFF_BYTES of a file (not stdin). ODP_OK or ODP_EIO. */
#define ODP_SNIFF_BYTES (1u << 20)
int odp_sniff_file(const char *path, struct odp_sniff *s, struct odp_err *err);

/*
 * Reads a table held in memory (a file of a package being verified): `p` and `len` are
 * borrowed and must outlive the table; `origin` names it in errors. `max_field` and
 * `max_record` lower the caps for hostile input (0: the defaults). No hashing; rewind works.
 */
struct odp_table *odp_table_open_mem(const char *origin, const char *p, size_t len,
                                     enum odp_input_format fmt, size_t max_field, size_t max_record,
                                     struct odp_err *err);

/* The header names (borrowed, valid until free). */
const struct odp_row *odp_table_header(const struct odp_table *t);

/*
 * Next data record: ODP_OK (row filled), ODP_END at the end, or a negative code with
 * err at FILE:LINE:COL (ragged row, unterminated quote, stray quote, invalid UTF-8,
 * NUL byte, field over the cap, and for JSON non-flat values or keys that differ from
 * the first record, at its record number).
 *
 * CSV details: RFC 4180 with a required header; a UTF-8 BOM is skipped (columns still
 * count its 3 bytes); records end with LF or CRLF and the first record's ending must be
 * kept throughout (line breaks inside quoted fields are data and do not count); a bare
 * CR, an empty line, or a row of only empty fields (more than one column) is
 * ODP_ESYNTAX; a final record without a line end is fine. `""` in quoted fields comes
 * back as one `"`. Lines are 1-based in the file, columns 1-based bytes in the line.
 * Positions of an unterminated quote point at the opening quote.
 * JSON: a top-level array of flat objects, or one object per line (.ndjson, .jsonl).
 * Values come back as text: strings decoded, numbers as written in the input, true and
 * false as words, null as "". Keys may come in any order after the first record.
 * After an error the reader goes no further: free it or rewind it.
 */
int odp_table_next(struct odp_table *t, struct odp_row *row, struct odp_err *err);

/* Goes back to the first data record (a second pass). ODP_EINVAL on stdin. */
int odp_table_rewind(struct odp_table *t, struct odp_err *err);

/* Line and byte column (1-based) of field `i` of the last row returned (CSV: its first
 * byte, the opening quote when quoted; JSON: the value's token). */
void odp_table_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col);

/*
 * 1 when row views point into the raw input bytes (CSV read with `,`): an unquoted
 * field's view is the field itself, and adjacent unquoted fields are separated by
 * exactly one ','. 0 for other delimiters (the output is always comma-separated).
 */
int odp_table_raw_views(const struct odp_table *t);

/* The origin name used in errors (the path, or "<stdin>"). */
const char *odp_table_path(const struct odp_table *t);

/* The format the table is read as (never ODP_FMT_AUTO once open). */
enum odp_input_format odp_table_format(const struct odp_table *t);

/* Raw input bytes consumed so far in this pass (for progress against the file size). */
uint64_t odp_table_bytes_read(const struct odp_table *t);

/*
 * After ODP_END of a hashed pass: SHA-256 of the raw input and its size in bytes.
 * Returns ODP_EINVAL if hashing was off or the pass is not complete.
 */
int odp_table_input_digest(struct odp_table *t, uint8_t sha256[32], uint64_t *bytes);

/*
 * --- CSV writer: RFC 4180, minimal quoting (`,` `"` CR LF), LF line ends. ---
 * Output equals Python's csv.writer(lineterminator="\n") QUOTE_MINIMAL, including a
 * lone empty field written as "" (so the line is not blank); a bare CR is quoted as
 * Python 3.12+ does. Both return ODP_OK or the stream's sticky error.
 */

/* Writes one field (quoted when needed), no separator. */
int odp_csv_write_field(struct odp_out *o, const char *p, size_t len);
/* Writes a whole record: fields joined by `,`, then `\n`. */
int odp_csv_write_row(struct odp_out *o, const struct odp_field *f, size_t n);

#endif
