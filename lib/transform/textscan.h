/*
 * textscan.h - word-level helpers for the free-text detectors (textnames.c,
 * apartments.c, anchored.c): ASCII word runs, case-insensitive comparisons, the words
 * just before a position (for cue words such as "DOB", "Index No.", "Apt", "Mr."), a
 * date parser for every format birth dates are written in, and the English word list
 * (data/words/, PROVENANCE.md there).
 *
 * Every function reads only s[0..n) and allocates nothing.
 */
#ifndef ODP_TEXTSCAN_H
#define ODP_TEXTSCAN_H

#include <stddef.h>
#include <stdint.h>

#define TX_WORD_LC 16 /* lower-cased copy of a word, truncated (long words never cues) */

struct tx_word {
    size_t b, e;         /* byte range in s */
    char lc[TX_WORD_LC]; /* lower case, NUL-terminated; "" when longer than 15 bytes */
    unsigned gap_nl : 1; /* a line break or ';' separates it from the next word */
};

/* Byte classes (textscan.c): 1 ASCII letter, 2 digit. One load where the scanners walk
 * every byte of a value, instead of three range tests. */
extern const uint8_t tx_cls[256];

static inline int
tx_alpha(int c)
{
    return (tx_cls[(unsigned)c & 0xffu] & 1u) != 0;
}

static inline int
tx_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline int
tx_alnum(int c)
{
    return tx_cls[(unsigned)c & 0xffu] != 0;
}

static inline int
tx_upper(int c)
{
    return c >= 'A' && c <= 'Z';
}

/* Case-insensitive: s[b..e) equals the lower-case word w. */
int tx_ieq(const char *s, size_t b, size_t e, const char *w);

/*
 * A list of lower-case words or phrases ("index no", "spoke with"), hashed by its last
 * word on first use (thread-safe), so membership and cue tests cost one probe sequence.
 * Define one per list: static struct tx_set x_set = TX_SET(x); lists hold < 900 entries.
 */
#define TX_SET_SLOTS 2048u
#define TX_SET_MAX (TX_SET_SLOTS / 2u)
struct tx_set {
    const char *const *list;                        /* NULL-terminated */
    int ready;                                      /* atomic flag */
    uint16_t slot[TX_SET_SLOTS];                    /* entry index + 1; 0 = empty */
    uint8_t lw_off[TX_SET_MAX], lw_len[TX_SET_MAX]; /* each entry's last word */
    uint8_t nwords[TX_SET_MAX];                     /* words in the entry */
};
#define TX_SET(l)                                                                                  \
    {                                                                                              \
        (l), 0, {0}, {0}, {0},                                                                     \
        {                                                                                          \
            0                                                                                      \
        }                                                                                          \
    }

/* Does some entry of the set (a word or a phrase) end in the lower-case word w? */
int tx_set_ends(struct tx_set *set, const char *w);

/* Is the lower-case word w (NUL-terminated) an entry of the set? */
int tx_has(struct tx_set *set, const char *w);

/*
 * Up to `cap` words (ASCII letter/digit runs) before position pos, nearest first, across
 * separators of at most 4 bytes each (spaces and punctuation); stops at a line break,
 * ';', '|' or a longer gap. Returns how many.
 */
size_t tx_prev_words(const char *s, size_t pos, struct tx_word *w, size_t cap);

/*
 * Does a cue phrase end right before the words w[0..nw) (nearest first)? Each phrase is
 * lower-case words separated by single spaces ("index no", "l t", "date of birth"). The
 * filler words of `fillers` (may be NULL) may stand between the phrase and pos. Returns
 * the number of words of w the phrase and fillers take, or 0.
 */
size_t tx_cue_before(const struct tx_word *w, size_t nw, struct tx_set *phrases,
                     struct tx_set *fillers);

/*
 * A date at s[i..n): 03/14/1987, 3-14-87, 3.14.1987, 1987-03-14, 14-Mar-1987,
 * 14 March 1987, March 14, 1987, Mar. 14th 1987, the 14th of March, 1987. Calendar-checked
 * (years 1880-2099, two-digit years allowed). Returns 1 and *end when it is one.
 */
int tx_date_at(const char *s, size_t n, size_t i, size_t *end);

/* Month name or abbreviation s[b..e) (case-insensitive): 1..12, else 0. */
int tx_month(const char *s, size_t b, size_t e);

/* SCOWL size level (10 common .. 40) of the English word s[0..n) (any case), 0 if none. */
unsigned tx_english_level(const char *s, size_t n);

/*
 * namehash.c: the same answers as names.h odp_name_lookup and tx_english_level from a
 * hash index built on first use. tx_english_level_hashed returns 0 (and leaves *level)
 * when the index could not be built.
 */
struct odp_name_info;
int tx_name_lookup(const char *tok, size_t n, struct odp_name_info *out);
int tx_english_level_hashed(const char *s, size_t n, unsigned *level);

/*
 * Is the number starting at pos the number of a public record (DOB job, complaint,
 * violation, NOV, ECB summons, order, 311 service request, permit, Local Law) rather than
 * an identifier? Looks at the words right before pos.
 */
int tx_record_number_before(const char *s, size_t pos);

/* --- the free-text detectors: leftmost match in s[start..n), s[0..start) readable --- */
int odp_text_person(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
/*
 * More mentions of the names found at [sb[k], se[k]) of s[0..n): their words again, the
 * other items of their lists (textnames_more.c). Calls add() with each; add returns 1
 * when it took the span, 0 when not, < 0 on error (returned as is). Returns the count.
 */
int odp_text_person_more(const char *s, size_t n, const size_t *sb, const size_t *se, size_t nsp,
                         int (*add)(void *ctx, size_t b, size_t e), void *ctx);
int odp_text_apartment(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_case_number(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_dob(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_plate(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_address(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_phone(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_badge(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_license(const char *s, size_t n, size_t start, size_t *ms, size_t *me);
int odp_text_bbl(const char *s, size_t n, size_t start, size_t *ms, size_t *me);

/*
 * Which cue-anchored scanners (case_number, dob, plate, badge, license, bbl; bit
 * 1u << enum odp_detector) can match anywhere in s[0..n): one pass over the words,
 * one hash probe each. A scanner whose bit is clear finds nothing in this value.
 * tx_anchor_gated() is the set of detectors the gate speaks for.
 */
uint32_t tx_anchor_gate(const char *s, size_t n);
uint32_t tx_anchor_gated(void);
/* The bit tx_anchor_gate sets when s holds a street type word ("St", "AVENUE", "Broadway"). */
uint32_t tx_anchor_street_bit(void);
/* The bit it sets when s holds a direction, a highway word or a fire number (addresses.c). */
uint32_t tx_anchor_road_bit(void);
/* The bit it sets when s holds a phone word (phones.c: odp_phone_cues, the words a local
 * seven-digit number needs before it), and the one for a '+' before a digit or a number
 * led by 0 in groups or ten digits long. */
uint32_t tx_anchor_phone_bit(void);
uint32_t tx_anchor_phone_nat_bit(void);
/* odp_text_phone without the local seven-digit numbers when `local` is 0 (no phone word
 * in the value: then only a '+', a '0' or a '(' can start a match). */
int odp_text_phone_in(const char *s, size_t n, size_t start, int local, size_t *ms, size_t *me);
extern const char *const odp_phone_cues[];
/* Is the lower-case word a street type of the address pattern ("st", "avenue")? */
int tx_street_type(const char *lc);
/* The bit it sets when s holds '@', ']', ')', '}' or the word "dot" (an e-mail can match). */
uint32_t tx_anchor_mail_bit(void);

/*
 * Can tx_cue_before(w, nw, phrases, fillers) be nonzero for the words before pos? 0 when
 * the nearest word neither ends a phrase nor is a filler, so that the caller need not
 * collect the words; 1 otherwise.
 */
int tx_cue_possible(const char *s, size_t pos, struct tx_set *phrases, struct tx_set *fillers);

/* Is one of `words` (lower case, NULL-terminated) among the `within` words before pos? */
int tx_word_before(const char *s, size_t pos, size_t within, const char *const *words);

/* Is lc (lower case, NUL-terminated) a US state or DC postal code ("ny", "ca")? */
int tx_us_state(const char *lc);

/* How many of the words w[0..nw) nearest first are state codes ("plate NY ABC123"). */
size_t tx_skip_states(const struct tx_word *w, size_t nw);

#endif
