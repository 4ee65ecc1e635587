/*
 * textscan.c - word-level helpers shared by the free-text detectors (textscan.h).
 */
#include <pthread.h>
#include <string.h>

#include "textscan.h"

extern const uint32_t odp_words_n;
extern const char odp_words_blob[];
extern const uint32_t odp_words_off[];
extern const uint8_t odp_words_level[];

int
tx_ieq(const char *s, size_t b, size_t e, const char *w)
{
    size_t i;

    for (i = b; i < e; i++, w++) {
        int c = (unsigned char)s[i];

        if (*w == '\0') {
            return 0;
        }
        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        }
        if (c != (unsigned char)*w) {
            return 0;
        }
    }
    return *w == '\0';
}

#define L1 1u
#define D2 2u
#define L8 L1, L1, L1, L1, L1, L1, L1, L1
const uint8_t tx_cls[256] = {
    ['0'] = D2, ['1'] = D2, ['2'] = D2, ['3'] = D2, ['4'] = D2, ['5'] = D2, ['6'] = D2, ['7'] = D2,
    ['8'] = D2, ['9'] = D2, ['A'] = L1, ['B'] = L1, ['C'] = L1, ['D'] = L1, ['E'] = L1, ['F'] = L1,
    ['G'] = L1, ['H'] = L1, ['I'] = L1, ['J'] = L1, ['K'] = L1, ['L'] = L1, ['M'] = L1, ['N'] = L1,
    ['O'] = L1, ['P'] = L1, ['Q'] = L1, ['R'] = L1, ['S'] = L1, ['T'] = L1, ['U'] = L1, ['V'] = L1,
    ['W'] = L1, ['X'] = L1, ['Y'] = L1, ['Z'] = L1, ['a'] = L1, ['b'] = L1, ['c'] = L1, ['d'] = L1,
    ['e'] = L1, ['f'] = L1, ['g'] = L1, ['h'] = L1, ['i'] = L1, ['j'] = L1, ['k'] = L1, ['l'] = L1,
    ['m'] = L1, ['n'] = L1, ['o'] = L1, ['p'] = L1, ['q'] = L1, ['r'] = L1, ['s'] = L1, ['t'] = L1,
    ['u'] = L1, ['v'] = L1, ['w'] = L1, ['x'] = L1, ['y'] = L1, ['z'] = L1,
};
#undef L8
#undef L1
#undef D2

static pthread_mutex_t set_mu = PTHREAD_MUTEX_INITIALIZER;

/* The last word of a phrase: pointer and length. */
static const char *
last_word(const char *p, size_t *len)
{
    const char *q = strrchr(p, ' ');

    q = q != NULL ? q + 1 : p;
    *len = strlen(q);
    return q;
}

static uint32_t
hash_word(const char *w, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;

    for (i = 0; i < n; i++) {
        h = (h ^ (unsigned char)w[i]) * 16777619u;
    }
    return h;
}

static void
set_build(struct tx_set *set)
{
    size_t i;

    pthread_mutex_lock(&set_mu);
    if (!__atomic_load_n(&set->ready, __ATOMIC_ACQUIRE)) {
        memset(set->slot, 0, sizeof(set->slot));
        for (i = 0; set->list[i] != NULL && i + 1 < TX_SET_MAX; i++) {
            size_t l, k, nwd = 1;
            const char *lw = last_word(set->list[i], &l);
            uint32_t h = hash_word(lw, l) & (TX_SET_SLOTS - 1u);

            for (k = 0; set->list[i][k] != '\0'; k++) {
                nwd += set->list[i][k] == ' ';
            }
            set->lw_off[i] = (uint8_t)(lw - set->list[i]);
            set->lw_len[i] = (uint8_t)l;
            set->nwords[i] = (uint8_t)nwd;

            while (set->slot[h] != 0) {
                h = (h + 1) & (TX_SET_SLOTS - 1u);
            }
            set->slot[h] = (uint16_t)(i + 1);
        }
        __atomic_store_n(&set->ready, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&set_mu);
}

/*
 * Calls back for each entry whose last word is w; stops when fn returns nonzero and
 * returns that value.
 */
static size_t
set_each(struct tx_set *set, const char *w,
         size_t (*fn)(struct tx_set *set, size_t entry, void *ctx), void *ctx)
{
    size_t wl = strlen(w), r;
    uint32_t h;

    if (!__atomic_load_n(&set->ready, __ATOMIC_ACQUIRE)) {
        set_build(set);
    }
    h = hash_word(w, wl) & (TX_SET_SLOTS - 1u);
    while (set->slot[h] != 0) {
        size_t x = set->slot[h] - 1u;

        if (set->lw_len[x] == wl && memcmp(set->list[x] + set->lw_off[x], w, wl) == 0 &&
            (r = fn(set, x, ctx)) != 0) {
            return r;
        }
        h = (h + 1) & (TX_SET_SLOTS - 1u);
    }
    return 0;
}

static size_t
single_word(struct tx_set *set, size_t x, void *ctx)
{
    (void)ctx;
    return set->nwords[x] == 1;
}

static size_t
any_entry(struct tx_set *set, size_t x, void *ctx)
{
    (void)set;
    (void)x;
    (void)ctx;
    return 1;
}

int
tx_set_ends(struct tx_set *set, const char *w)
{
    return set_each(set, w, any_entry, NULL) != 0;
}

int
tx_has(struct tx_set *set, const char *w)
{
    return set_each(set, w, single_word, NULL) != 0;
}

size_t
tx_prev_words(const char *s, size_t pos, struct tx_word *w, size_t cap)
{
    size_t i = pos, k = 0;

    while (k < cap) {
        size_t gap = 0, b, e, j;

        while (i > 0 && !tx_alnum((unsigned char)s[i - 1])) {
            int c = (unsigned char)s[i - 1];

            if (c == '\n' || c == ';' || c == '|' || ++gap > 4) {
                return k;
            }
            i--;
        }
        e = i;
        while (i > 0 && tx_alnum((unsigned char)s[i - 1])) {
            i--;
        }
        b = i;
        if (b == e) {
            return k;
        }
        w[k].b = b;
        w[k].e = e;
        w[k].gap_nl = 0;
        if (e - b < TX_WORD_LC) {
            for (j = 0; j < e - b; j++) {
                int c = (unsigned char)s[b + j];

                w[k].lc[j] = (char)(c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c);
            }
            w[k].lc[e - b] = '\0';
        } else {
            w[k].lc[0] = '\0';
        }
        k++;
    }
    return k;
}

int
tx_cue_possible(const char *s, size_t pos, struct tx_set *phrases, struct tx_set *fillers)
{
    struct tx_word w;

    if (tx_prev_words(s, pos, &w, 1) == 0 || w.lc[0] == '\0') {
        return 0;
    }
    return tx_set_ends(phrases, w.lc) || (fillers != NULL && tx_has(fillers, w.lc));
}

/* Does phrase (space-separated words) end at w[f] (words nearest first)? Word count. */
static size_t
phrase_at(const struct tx_word *w, size_t nw, size_t f, const char *phrase)
{
    const char *starts[8];
    size_t lens[8], m = 0, j;
    const char *p = phrase;

    while (*p != '\0' && m < 8) {
        const char *q = strchr(p, ' ');
        size_t l = q != NULL ? (size_t)(q - p) : strlen(p);

        starts[m] = p;
        lens[m++] = l;
        p += l;
        while (*p == ' ') {
            p++;
        }
    }
    if (m == 0 || f + m > nw) {
        return 0;
    }
    for (j = 0; j < m; j++) {
        const struct tx_word *x = &w[f + (m - 1 - j)];

        if (strlen(x->lc) != lens[j] || memcmp(x->lc, starts[j], lens[j]) != 0) {
            return 0;
        }
    }
    return m;
}

struct cue_ctx {
    const struct tx_word *w;
    size_t nw, f, best;
};

static size_t
cue_try(struct tx_set *set, size_t x, void *ctx)
{
    struct cue_ctx *c = ctx;
    size_t m = set->nwords[x] == 1 ? 1 : phrase_at(c->w, c->nw, c->f, set->list[x]);

    if (m > c->best) {
        c->best = m;
    }
    return 0;
}

size_t
tx_cue_before(const struct tx_word *w, size_t nw, struct tx_set *phrases, struct tx_set *fillers)
{
    size_t f;

    for (f = 0; f <= 2 && f < nw; f++) {
        struct cue_ctx c = {w, nw, f, 0};

        if (f > 0 && (fillers == NULL || !tx_has(fillers, w[f - 1].lc))) {
            break;
        }
        if (w[f].lc[0] == '\0') {
            break;
        }
        set_each(phrases, w[f].lc, cue_try, &c);
        if (c.best > 0) {
            return f + c.best;
        }
    }
    return 0;
}

static const char *const month_names[12] = {"january",   "february", "march",    "april",
                                            "may",       "june",     "july",     "august",
                                            "september", "october",  "november", "december"};

int
tx_month(const char *s, size_t b, size_t e)
{
    size_t l = e - b, i, j;

    if (l < 3 || l > 9) {
        return 0;
    }
    for (i = 0; i < 12; i++) {
        const char *m = month_names[i];
        size_t ml = strlen(m);

        if (l > ml) {
            continue;
        }
        for (j = 0; j < l; j++) {
            int c = (unsigned char)s[b + j];

            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != m[j]) {
                break;
            }
        }
        /* whole name, a 3-letter abbreviation, or "Sept" / "Febr" style 4 letters */
        if (j == l && (l == ml || l == 3 || l == 4)) {
            return (int)i + 1;
        }
    }
    return 0;
}

/* Reads 1..maxd digits at *i; returns the value or -1. */
static long
num_at(const char *s, size_t n, size_t *i, size_t maxd, size_t *nd)
{
    long v = 0;
    size_t k = 0;

    while (*i < n && tx_digit((unsigned char)s[*i])) {
        if (k == maxd) {
            return -1;
        }
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    *nd = k;
    return k > 0 ? v : -1;
}

static int
date_ok(long y, size_t yd, long m, long d)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (yd == 4 && (y < 1880 || y > 2099)) {
        return 0;
    }
    if (yd != 2 && yd != 4) {
        return 0;
    }
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1]) {
        return 0;
    }
    if (m == 2 && d == 29 && yd == 4 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
        return 0;
    }
    return 1;
}

static size_t
skip_ordinal(const char *s, size_t n, size_t i)
{
    if (i + 2 <= n &&
        (tx_ieq(s, i, i + 2, "st") || tx_ieq(s, i, i + 2, "nd") || tx_ieq(s, i, i + 2, "rd") ||
         tx_ieq(s, i, i + 2, "th")) &&
        (i + 2 == n || !tx_alpha((unsigned char)s[i + 2]))) {
        return i + 2;
    }
    return i;
}

static size_t
skip_sp(const char *s, size_t n, size_t i, int comma)
{
    if (comma && i < n && s[i] == ',') {
        i++;
    }
    while (i < n && s[i] == ' ') {
        i++;
    }
    return i;
}

/* Month word at i (optional '.'): month number and *end, else 0. */
static int
month_word(const char *s, size_t n, size_t i, size_t *end)
{
    size_t e = i;
    int m;

    while (e < n && tx_alpha((unsigned char)s[e])) {
        e++;
    }
    m = tx_month(s, i, e);
    if (m == 0) {
        return 0;
    }
    if (e < n && s[e] == '.') {
        e++;
    }
    *end = e;
    return m;
}

static int
year_at(const char *s, size_t n, size_t *i, long *y, size_t *yd)
{
    size_t j = *i;

    if (j < n && s[j] == '\'') {
        j++;
    }
    *y = num_at(s, n, &j, 4, yd);
    if (*y < 0 || (*yd != 2 && *yd != 4)) {
        return 0;
    }
    *i = j;
    return 1;
}

int
tx_date_at(const char *s, size_t n, size_t i, size_t *end)
{
    size_t j = i, nd, yd, k;
    long a, b, y;
    int m;

    if (i >= n) {
        return 0;
    }
    if (i + 4 <= n && tx_ieq(s, i, i + 4, "the ")) {
        j = i + 4;
        a = num_at(s, n, &j, 2, &nd);
        if (a < 0) {
            return 0;
        }
        j = skip_ordinal(s, n, j);
        if (!(j + 4 <= n && tx_ieq(s, j, j + 4, " of "))) {
            return 0;
        }
        j += 4;
        m = month_word(s, n, j, &j);
        if (m == 0) {
            return 0;
        }
        j = skip_sp(s, n, j, 1);
        if (!year_at(s, n, &j, &y, &yd) || !date_ok(y, yd, m, a)) {
            return 0;
        }
        goto done;
    }
    if (tx_alpha((unsigned char)s[i])) {
        m = month_word(s, n, i, &j);
        if (m == 0) {
            return 0;
        }
        k = j;
        if (j < n && s[j] == '-') {
            j++;
        } else {
            j = skip_sp(s, n, j, 0);
            if (j == k) {
                return 0;
            }
        }
        a = num_at(s, n, &j, 2, &nd);
        if (a < 0) {
            return 0;
        }
        j = skip_ordinal(s, n, j);
        k = j;
        if (j < n && (s[j] == '-' || s[j] == '/')) {
            j++;
        } else {
            j = skip_sp(s, n, j, 1);
            if (j == k) {
                return 0;
            }
        }
        if (!year_at(s, n, &j, &y, &yd) || !date_ok(y, yd, m, a)) {
            return 0;
        }
        goto done;
    }
    a = num_at(s, n, &j, 4, &nd);
    if (a < 0) {
        return 0;
    }
    if (nd == 4) { /* 1987-03-14, 1987/3/14 */
        char sep;
        size_t d2;

        if (j >= n || (s[j] != '-' && s[j] != '/' && s[j] != '.')) {
            return 0;
        }
        sep = s[j++];
        b = num_at(s, n, &j, 2, &d2);
        if (b < 0 || j >= n || s[j] != sep) {
            return 0;
        }
        j++;
        y = num_at(s, n, &j, 2, &d2);
        if (y < 0 || !date_ok(a, 4, b, y)) {
            return 0;
        }
        goto done;
    }
    if (nd > 2) {
        return 0;
    }
    if (j < n && (s[j] == '/' || s[j] == '-' || s[j] == '.') && j + 1 < n &&
        tx_digit((unsigned char)s[j + 1])) {
        char sep = s[j++];
        size_t d2;

        b = num_at(s, n, &j, 2, &d2);
        if (b < 0 || j >= n || s[j] != sep) {
            return 0;
        }
        j++;
        if (!year_at(s, n, &j, &y, &yd)) {
            return 0;
        }
        if (!date_ok(y, yd, a, b) && !date_ok(y, yd, b, a)) {
            return 0;
        }
        goto done;
    }
    /* 14-Mar-1987, 14 March 1987, 14th of March, 1987 */
    j = skip_ordinal(s, n, j);
    if (j < n && (s[j] == '-' || s[j] == ' ' || s[j] == '/')) {
        j++;
    } else {
        return 0;
    }
    if (j + 3 <= n && tx_ieq(s, j, j + 3, "of ")) {
        j += 3;
    }
    m = month_word(s, n, j, &j);
    if (m == 0) {
        return 0;
    }
    k = j;
    if (j < n && (s[j] == '-' || s[j] == '/')) {
        j++;
    } else {
        j = skip_sp(s, n, j, 1);
        if (j == k) {
            return 0;
        }
    }
    if (!year_at(s, n, &j, &y, &yd) || !date_ok(y, yd, m, a)) {
        return 0;
    }
done:
    if (j < n && tx_alnum((unsigned char)s[j])) {
        return 0;
    }
    *end = j;
    return 1;
}

unsigned
tx_english_level(const char *s, size_t n)
{
    char key[25];
    size_t i;
    uint32_t lo = 0, hi = odp_words_n;
    unsigned lv;

    if (tx_english_level_hashed(s, n, &lv)) {
        return lv;
    }
    if (n < 2 || n > 24) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        int c = (unsigned char)s[i];

        if (c >= 'A' && c <= 'Z') {
            c += 'a' - 'A';
        } else if (c < 'a' || c > 'z') {
            return 0;
        }
        key[i] = (char)c;
    }
    key[n] = '\0';
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int cmp = strcmp(odp_words_blob + odp_words_off[mid], key);

        if (cmp == 0) {
            return odp_words_level[mid];
        }
        if (cmp < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return 0;
}

static const char *const record_cues[] = {
    "job", "complaint", "complaints", "violation", "violations", "vio", "nov", "ecb", "oath",
    "summons", "order", "sr", "service request", "permit", "application", "app", "ll", "local law",
    "law", "notice", "ticket", "citation", "pcn", "work order", "tracking", "request", "invoice",
    "account", "acct", "reference", "ref", "confirmation", "inspection", "item", "bldg", "building",
    "block", "lot", "precinct", "pct", "route", "bus", "community board", "cb", "district", "zip",
    "zipcode", "pier", "exit", "hmc", "ac", "bc", "rcny", "mdl", "zr", "section", "sec", "code",
    "article", "part", "chapter", "rule", "form", "version", "version no",
    /* a police report's number: the record's, kept
     * (NYPD and Chicago publish them) */
    "incident", "report", "dr", "rd", "activity", NULL};
static struct tx_set record_cues_set = TX_SET(record_cues);
static const char *const record_fillers[] = {"no", "number", "num", "nbr", "id", "nos", NULL};
static struct tx_set record_fillers_set = TX_SET(record_fillers);

int
tx_record_number_before(const char *s, size_t pos)
{
    struct tx_word w[5];
    size_t nw = tx_prev_words(s, pos, w, 5);
    size_t k = tx_cue_before(w, nw, &record_cues_set, &record_fillers_set);

    /* "soc. sec.", "social sec. no.": a social security number, not a code section */
    if (k > 0 && k < nw && strcmp(w[k - 1].lc, "sec") == 0 &&
        (strcmp(w[k].lc, "soc") == 0 || strcmp(w[k].lc, "social") == 0)) {
        return 0;
    }
    return k > 0;
}

int
tx_word_before(const char *s, size_t pos, size_t within, const char *const *words)
{
    struct tx_word w[8];
    size_t nw = tx_prev_words(s, pos, w, within < 8 ? within : 8), k, j;

    for (k = 0; k < nw; k++) {
        for (j = 0; words[j] != NULL; j++) {
            if (strcmp(w[k].lc, words[j]) == 0) {
                return 1;
            }
        }
    }
    return 0;
}

/* US state and DC postal codes, lower case. */
static const char *const us_states[] = {
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "fl", "ga", "hi", "id", "il",
    "in", "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt",
    "ne", "nv", "nh", "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri",
    "sc", "sd", "tn", "tx", "ut", "vt", "va", "wa", "wv", "wi", "wy", "dc", NULL};
static struct tx_set us_states_set = TX_SET(us_states);

int
tx_us_state(const char *lc)
{
    return lc[0] != '\0' && lc[1] != '\0' && lc[2] == '\0' && tx_has(&us_states_set, lc);
}

size_t
tx_skip_states(const struct tx_word *w, size_t nw)
{
    size_t k = 0;

    while (k < nw && tx_us_state(w[k].lc)) {
        k++;
    }
    return k;
}
