/*
 * textnames_ctx.c - the text around a candidate name, for the person-name scanner
 * (textnames.c): what stands right before it (a sign-off, a dash, a sentence start) and
 * right after it (an age, a phone number, the unit the person lives in, an e-mail in
 * brackets, a party role, a verb, the end of a clause), and the case profile of a text.
 * Each looks at bytes s[0..n) around a position and never past n.
 */
#include <stdint.h>
#include <string.h>

#include "textnames_int.h"

/* Is the word of letters at b one of list (NULL-ended)? *end is set to its end. */
static int
word_at(const char *s, size_t n, size_t b, const char *const *list, size_t *end)
{
    size_t e, k;

    for (e = b; e < n && tx_alpha((unsigned char)s[e]); e++) {
    }
    *end = e;
    for (k = 0; e > b && list[k] != NULL; k++) {
        if (tx_ieq(s, b, e, list[k])) {
            return 1;
        }
    }
    return 0;
}

/*
 * ASCII spelling of the Latin letters with diacritics (U+00C0..U+017F) in s[b..e) into
 * buf; its length, or 0 when the token holds any other non-ASCII character.
 */
size_t
tn_fold_latin(const char *s, size_t b, size_t e, char *buf, size_t cap)
{
    static const char l1[] = "AAAAAAACEEEEIIIIDNOOOOO?OUUUUYTsaaaaaaaceeeeiiiidnooooo?ouuuuyty";
    static const char ext[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL"
                              "lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    size_t i = b, k = 0;

    while (i < e) {
        unsigned c0 = (unsigned char)s[i], c1 = i + 1 < e ? (unsigned char)s[i + 1] : 0;
        char c;

        if (k + 1 >= cap) {
            return 0;
        }
        if (c0 < 0x80) {
            c = (char)c0;
            i++;
        } else if (c0 == 0xC3 && c1 >= 0x80 && c1 <= 0xBF && l1[c1 - 0x80] != '?') {
            c = l1[c1 - 0x80];
            i += 2;
        } else if ((c0 == 0xC4 || c0 == 0xC5) && c1 >= 0x80 && c1 <= 0xBF) {
            c = ext[(c0 - 0xC4) * 64 + (c1 - 0x80)];
            i += 2;
        } else {
            return 0;
        }
        buf[k++] = c;
    }
    buf[k] = '\0';
    return k;
}

/* A sign-off line right before b: "Best regards,\n", "Thanks,\n", "Sincerely,\n". */
int
tn_signoff_before(const char *s, size_t b)
{
    static const char *const words[] = {"regards",      "thanks",    "sincerely", "cheers", "best",
                                        "respectfully", "thank you", "thx",       "ty",     NULL};
    size_t i = b, e, k;
    int nl = 0, dash = 0;

    /* "/s/ Amber Hovhannisyan", "/S/ ADAEZE KEANE": an electronic signature's mark */
    if (b >= 4 && s[b - 1] == ' ' && s[b - 2] == '/' && (s[b - 3] | 0x20) == 's' &&
        s[b - 4] == '/') {
        return 2;
    }
    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\r' || s[i - 1] == ',' ||
                     s[i - 1] == '-')) {
        nl |= s[i - 1] == '\n';
        dash |= s[i - 1] == '-';
        i--;
    }
    /* "Respectfully submitted, dieudonné étienne": the same line, whatever the word */
    if (i >= 23 && i < b && tx_ieq(s, i - 9, i, "submitted") &&
        tx_ieq(s, i - 23, i - 11, "respectfully") && s[i - 10] == ' ') {
        return 2;
    }
    /* "Thanks,\nIrina" (1); "thx - lance", "Thank you -- Maria" (2: whatever the word) */
    if (!nl && !dash) {
        return 0;
    }
    /* "______________\nJOANNA MAZUR": the line a signature is written on */
    if (nl && i >= 3 && s[i - 1] == '_' && s[i - 2] == '_' && s[i - 3] == '_') {
        return 2;
    }
    e = i;
    while (i > 0 && tx_alpha((unsigned char)s[i - 1])) {
        i--;
    }
    for (k = 0; words[k] != NULL; k++) {
        size_t l = strlen(words[k]);

        if (strchr(words[k], ' ') != NULL) {
            /* "thank you": the last word, then the one before */
            if (tx_ieq(s, i, e, "you") && i >= 6 && tx_ieq(s, i - 6, i - 1, "thank")) {
                return nl ? 1 : 2;
            }
        } else if (e - i == l && tx_ieq(s, i, e, words[k]) && (nl || l <= 6)) {
            return nl ? 1 : 2;
        }
    }
    return 0;
}

/* Does the token at b start a sentence (text start, or after ". ", "! ", "? ", ": ")? */
int
tn_sentence_start(const char *s, size_t b)
{
    size_t i = b;

    while (i > 0 && (s[i - 1] == ' ' || s[i - 1] == '"' || s[i - 1] == '(')) {
        i--;
    }
    return i == 0 || s[i - 1] == '.' || s[i - 1] == '!' || s[i - 1] == '?' || s[i - 1] == ':' ||
           s[i - 1] == ';' || s[i - 1] == '\n' || s[i - 1] == '-';
}

/* The end of a clause at i: the text's end, or a comma, semicolon, dash or bracket. */
int
tn_clause_end(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ') {
        i++;
    }
    return i >= n || s[i] == ',' || s[i] == ';' || s[i] == '-' || s[i] == '(' || s[i] == ')' ||
           ((unsigned char)s[i] == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            ((unsigned char)s[i + 2] == 0x93 || (unsigned char)s[i + 2] == 0x94));
}

/*
 * After a surname that is also an English word, in capitals, what says it is the person
 * and not an adjective or a noun ("COMPLAINANT GRANT DISPUTES", "RESPONDENT HALL AT", not
 * "TENANT YOUNG CHILDREN"): the end of the clause, a preposition or auxiliary, or a verb
 * in -S or -ED.
 */
int
tn_verb_after(const char *s, size_t n, size_t i)
{
    static const char *const small[] = {"of",   "at",   "in",   "to", "and",  "was", "is", "has",
                                        "said", "says", "will", "to", "from", "on",  NULL};
    size_t b, e;

    if (tn_clause_end(s, n, i) || (i < n && (s[i] == '.' || s[i] == '(' || s[i] == ':'))) {
        return 1;
    }
    for (b = i; b < n && s[b] == ' '; b++) {
    }
    if (word_at(s, n, b, small, &e)) {
        return 1;
    }
    if (e == b) {
        return 0;
    }
    return e - b >= 4 &&
           ((s[e - 1] | 0x20) == 's' || ((s[e - 2] | 0x20) == 'e' && (s[e - 1] | 0x20) == 'd'));
}

/*
 * A birth date's label at i, right after a name: " dob 2/25/1934", ", DOB: ...",
 * " (d.o.b. ...", " date of birth 12/11/62", " b. 1954-10-19", " born 3/4/90".
 */
int
tn_dob_after(const char *s, size_t n, size_t i)
{
    static const char *const strong[] = {"dob", "d.o.b", "d/o/b", "date of birth", NULL};
    static const char *const weak[] = {"b.", "born", NULL};
    size_t k = i, u;
    int comma = 0;

    if (k < n && s[k] == ',') {
        k++; /* "Smith, DOB 1/2/80"; but "Kirkwood, born 9/25/1950" may follow a place */
        comma = 1;
    }
    if (k >= n || s[k] != ' ') {
        return 0;
    }
    while (k < n && s[k] == ' ' && k < i + 3) {
        k++;
    }
    if (k < n && s[k] == '(') {
        k++;
    }
    for (u = 0; strong[u] != NULL; u++) {
        size_t l = strlen(strong[u]);

        if (k + l <= n && tx_ieq(s, k, k + l, strong[u]) &&
            (k + l == n || !tx_alnum((unsigned char)s[k + l]))) {
            return 1;
        }
    }
    for (u = 0; weak[u] != NULL && !comma; u++) {
        size_t l = strlen(weak[u]), j = k + l;

        if (j < n && tx_ieq(s, k, j, weak[u])) {
            while (j < n && j < k + l + 2 && s[j] == ' ') {
                j++;
            }
            if (j > k + l - (weak[u][l - 1] == '.') && j < n && tx_digit((unsigned char)s[j])) {
                return 1;
            }
        }
    }
    return 0;
}

/* " (44)" or " (44 y/o)" at i: a person's age in brackets right after a name. */
int
tn_age_after(const char *s, size_t n, size_t i)
{
    static const char *const units[] = {" y/o",      "y/o",        " yo",   "yo",
                                        " yrs",      " years old", " y.o.", " yr old",
                                        " year old", " years",     NULL};
    size_t k, u;

    if (i + 4 >= n || s[i] != ' ' || s[i + 1] != '(') {
        return 0;
    }
    k = i + 2;
    /* "(age 93)", "(Age: 7)" */
    if (k + 4 < n && tx_ieq(s, k, k + 3, "age")) {
        k += 3;
        if (s[k] == ':') {
            k++;
        }
        if (s[k] != ' ') {
            return 0;
        }
        k++;
    }
    if (k >= n || !tx_digit((unsigned char)s[k])) {
        return 0;
    }
    k++;
    if (k < n && tx_digit((unsigned char)s[k])) {
        k++;
    }
    if (k < n && s[k] == ')') {
        return 1;
    }
    /* "(44 y/o)", "(84yo)", "(50 years old)" */
    for (u = 0; units[u] != NULL; u++) {
        size_t l = strlen(units[u]);

        if (k + l < n && tx_ieq(s, k, k + l, units[u]) && s[k + l] == ')') {
            return 1;
        }
    }
    return 0;
}

/*
 * " M/B", ", F/W", " (M/H)", " B/M" at i: the sex and race a police report writes after a
 * person's name ("SUBJECT RAY KAMAU M/B AGE 25").
 */
int
tn_descriptor_after(const char *s, size_t n, size_t i)
{
    static const char sex[] = "MFmf", race[] = "BWHAIOUbwhaiou";
    size_t k = i;
    int a, b;

    if (k < n && s[k] == ',') {
        k++;
    }
    if (k >= n || s[k] != ' ') {
        return 0;
    }
    k++;
    if (k < n && s[k] == '(') {
        k++;
    }
    if (k + 3 > n || s[k + 1] != '/') {
        return 0;
    }
    a = (unsigned char)s[k];
    b = (unsigned char)s[k + 2];
    if (!((strchr(sex, a) != NULL && strchr(race, b) != NULL) ||
          (strchr(race, a) != NULL && strchr(sex, b) != NULL)) ||
        a == 0 || b == 0) {
        return 0;
    }
    k += 3;
    return k >= n || !tx_alpha((unsigned char)s[k]);
}

/* Does s hold a sex-and-race descriptor anywhere ("M/B", "f/w")? One pass per value, so
 * that tn_descriptor_after is only looked for where one can be. */
int
tn_has_descriptor(const char *s, size_t n)
{
    const char *p = s, *end = s + n;

    while ((p = memchr(p, '/', (size_t)(end - p))) != NULL) {
        if (p > s + 1 && p + 1 < end && strchr("MFBWHAIOUmfbwhaiou", p[-1]) != NULL &&
            strchr("MFBWHAIOUmfbwhaiou", p[1]) != NULL && p[-1] != '\0' && p[1] != '\0' &&
            (p[-2] == ' ' || p[-2] == '(' || p[-2] == ',')) {
            return 1;
        }
        p++;
    }
    return 0;
}

/*
 * Could tn_dob_after() or tn_email_after() hold anywhere in s? An '@', "[at]" or "(at)",
 * or a 'b' that ends "dob"/"d.o.b"/"d/o/b" or starts "birth", "born" or "b.": the gate of
 * the name rules that read those labels (most texts have none).
 */
int
tn_has_label(const char *s, size_t n)
{
    static const char bs[] = "bB", brackets[] = "[(";
    size_t k;

    if (memchr(s, '@', n) != NULL) {
        return 1;
    }
    for (k = 0; k < 2; k++) { /* memchr skips the text between hits */
        const char *p = s, *end = s + n;

        while ((p = memchr(p, bs[k], (size_t)(end - p))) != NULL) {
            size_t i = (size_t)(p - s);

            if (i + 1 < n &&
                (s[i + 1] == '.' || tx_ieq(s, i, i + 4 <= n ? i + 4 : i, "born") ||
                 (i + 5 <= n && tx_ieq(s, i, i + 5, "birth")) ||
                 (i >= 2 && (s[i - 1] | 0x20) == 'o' && (s[i - 2] | 0x20) == 'd') ||
                 (i >= 4 && (s[i - 1] == '.' || s[i - 1] == '/') && (s[i - 2] | 0x20) == 'o'))) {
                return 1;
            }
            if (i + 1 == n && i >= 2 && (s[i - 1] | 0x20) == 'o' && (s[i - 2] | 0x20) == 'd') {
                return 1;
            }
            p++;
        }
        p = s;
        while ((p = memchr(p, brackets[k], (size_t)(end - p))) != NULL) {
            if (p + 3 < end && (p[1] | 0x20) == 'a' && (p[2] | 0x20) == 't' &&
                (p[3] == ']' || p[3] == ')')) {
                return 1;
            }
            p++;
        }
    }
    return 0;
}

/* A word that labels a phone number (TEL, CALLBACK, Cell, WhatsApp), not a name. */
int
tn_phone_label(const char *s, size_t b, size_t e)
{
    static const char *const labels[] = {
        "tel",    "tele", "telephone", "phone",    "ph",        "cell",    "cellphone",
        "mobile", "mob",  "fax",       "callback", "cb",        "contact", "number",
        "num",    "nbr",  "no",        "hotline",  "office",    "home",    "work",
        "direct", "ext",  "pager",     "whatsapp", "text",      "sms",     "landline",
        "main",   "line", "hq",        "desk",     "voicemail", "vm",      "call",
        "at",     "tlf",  "telf",      "movil",    "celular",   NULL};
    size_t k;

    for (k = 0; labels[k] != NULL; k++) {
        if (tx_ieq(s, b, e, labels[k]) && strlen(labels[k]) == e - b) {
            return 1;
        }
    }
    return 0;
}

/*
 * A phone number right after a name at i: " (718) 555-0134", " 917-555-0134",
 * " 646.555.6326", " 718 555 0134": ten digits with their usual separators (bare digit
 * runs could be any record number).
 */
int
tn_phone_after(const char *s, size_t n, size_t i)
{
    size_t k = i, d = 0, groups = 0, len[3] = {0, 0, 0};
    int paren = 0;

    if (k >= n || s[k] != ' ') {
        return 0;
    }
    k++;
    if (k < n && s[k] == '(') {
        paren = 1;
        k++;
    }
    while (k < n && d < 10) {
        size_t g = 0;

        while (k < n && tx_digit((unsigned char)s[k])) {
            g++;
            k++;
        }
        if (g == 0) {
            return 0;
        }
        d += g;
        if (groups < 3) {
            len[groups] = g;
        }
        groups++;
        if (d >= 10) {
            break;
        }
        if (k < n && paren && s[k] == ')') {
            paren = 0;
            k++;
            if (k < n && s[k] == ' ') {
                k++;
            }
            continue;
        }
        if (k + 1 < n && (s[k] == '-' || s[k] == '.' || s[k] == ' ') &&
            tx_digit((unsigned char)s[k + 1])) {
            k++;
            continue;
        }
        return 0;
    }
    return d == 10 && groups == 3 && len[0] == 3 && len[1] == 3 && len[2] == 4 &&
           !(k < n && tx_alnum((unsigned char)s[k]));
}

/* " <name@host>" at i: an e-mail address in angle brackets right after a name. */
int
tn_email_after(const char *s, size_t n, size_t i)
{
    size_t k;

    char close;

    /* "Emailed Tatiana at tatiana.h@outlook.com": the address after "at" */
    if (i + 5 < n && s[i] == ' ' && (s[i + 1] | 0x20) == 'a' && (s[i + 2] | 0x20) == 't' &&
        s[i + 3] == ' ') {
        for (k = i + 4; k < n && k < i + 80 && s[k] != ' ' && s[k] != ','; k++) {
            if (s[k] == '@') {
                return 1;
            }
        }
        return 0;
    }
    if (i + 2 >= n || s[i] != ' ' || (s[i + 1] != '<' && s[i + 1] != '(' && s[i + 1] != '[')) {
        return 0;
    }
    close = s[i + 1] == '<' ? '>' : s[i + 1] == '(' ? ')' : ']';
    /* "<name@host>", "(name@host)", "(name[at]host.com)" */
    for (k = i + 2; k < n && k < i + 80 && s[k] != close && s[k] != ' '; k++) {
        if (s[k] == '@' ||
            (k + 4 <= n && (s[k] == '[' || s[k] == '(') && tx_ieq(s, k + 1, k + 3, "at") &&
             (s[k + 3] == ']' || s[k + 3] == ')'))) {
            return 1;
        }
    }
    return 0;
}

/* A dash that opens a signature right before b: " - ", " -- ", an em or en dash. */
int
tn_dash_before(const char *s, size_t b)
{
    size_t i = b;

    while (i > 0 && s[i - 1] == ' ') {
        i--;
    }
    if (i == b || i == 0) {
        return 0;
    }
    if (s[i - 1] == '-') {
        while (i > 0 && s[i - 1] == '-') {
            i--;
        }
    } else if (i >= 3 && (unsigned char)s[i - 3] == 0xE2 && (unsigned char)s[i - 2] == 0x80 &&
               ((unsigned char)s[i - 1] == 0x93 || (unsigned char)s[i - 1] == 0x94)) {
        i -= 3;
    } else {
        return 0;
    }
    return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n';
}

/* Only spaces and closing punctuation from i to the end of the text? */
int
tn_text_ends(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '.' || s[i] == '!' || s[i] == '\n' || s[i] == '\r')) {
        i++;
    }
    return i >= n;
}

/*
 * " from apt 8a", " in #4d", " from unit 3", " (apt 6F)" at i: the unit a person just
 * named lives in.
 */
int
tn_unit_after(const char *s, size_t n, size_t i)
{
    static const char *const units[] = {"apt",  "apartment", "unit", "#",        "rm",
                                        "room", "ph",        "bsmt", "basement", NULL};
    size_t b, e, k;

    if (i + 4 >= n || s[i] != ' ') {
        return 0;
    }
    b = i + 1;
    if (s[b] == '(') {
        b++;
    } else {
        for (e = b; e < n && tx_alpha((unsigned char)s[e]); e++) {
        }
        /* "Mark upstairs in apt 18H", "April downstairs in #8K" */
        if ((tx_ieq(s, b, e, "upstairs") || tx_ieq(s, b, e, "downstairs")) && e + 1 < n &&
            s[e] == ' ') {
            for (b = e + 1, e = b; e < n && tx_alpha((unsigned char)s[e]); e++) {
            }
        }
        if (!(tx_ieq(s, b, e, "from") || tx_ieq(s, b, e, "in")) || e >= n || s[e] != ' ') {
            return 0;
        }
        b = e + 1;
    }
    if (b < n && s[b] == '#') {
        return b + 1 < n && tx_alnum((unsigned char)s[b + 1]);
    }
    for (e = b; e < n && tx_alpha((unsigned char)s[e]); e++) {
    }
    for (k = 0; units[k] != NULL; k++) {
        if (tx_ieq(s, b, e, units[k])) {
            /* then the unit's number: "apt 8a", "apt#8B", "apt. 4", "apt3f" */
            while (e < n && (s[e] == ' ' || s[e] == '.' || s[e] == '#' || s[e] == ':')) {
                e++;
            }
            return e < n && tx_digit((unsigned char)s[e]);
        }
    }
    return 0;
}

/* A 5-digit ZIP code after a space at i. */
int
tn_zip_after(const char *s, size_t n, size_t i)
{
    size_t k;

    if (i >= n || s[i] != ' ') {
        return 0;
    }
    for (k = 1; k <= 5; k++) {
        if (i + k >= n || !tx_digit((unsigned char)s[i + k])) {
            return 0;
        }
    }
    return i + 6 >= n || !tx_alnum((unsigned char)s[i + 6]);
}

/* " (petitioner)", " (Respondent)", " (mother)" at i: the role of the party or the
 * relative just named. */
int
tn_role_after(const char *s, size_t n, size_t i)
{
    static const char *const party[] = {
        "petitioner", "respondent", "tenant",     "landlord", "owner",       "complainant",
        "plaintiff",  "defendant",  "caller",     "witness",  "applicant",   "appellant",
        "claimant",   "client", /* a household: "Clarence (mother) and Will (15)" */
        "mother",     "father",     "son",        "daughter", "grandmother", "grandfather",
        "aunt",       "uncle",      "cousin",     "brother",  "sister",      "stepfather",
        "stepmother", "boyfriend",  "girlfriend", "husband",  "wife",        "partner",
        "guardian",   "sibling",    "nephew",     "niece",    "mgm",         "mgf",
        "pgm",        "pgf",        NULL};
    size_t b, e;

    if (i + 2 >= n || s[i] != ' ' || s[i + 1] != '(') {
        return 0;
    }
    b = i + 2;
    if (!word_at(s, n, b, party, &e) || e >= n) {
        return 0;
    }
    /* "Chinedu (son, 9)", "Amber (daughter, 4 yrs)": the relative's age after a comma */
    if (s[e] == ',' && e + 2 < n && s[e + 1] == ' ' && tx_digit((unsigned char)s[e + 2])) {
        for (e += 2; e < n && e < b + 40 && s[e] != ')' && s[e] != '(' && s[e] != '\n'; e++) {
        }
    }
    return e < n && s[e] == ')';
}

/* How many bytes of m have their high bit set (m has no other bits). */
static size_t
high_bytes(uint64_t m)
{
    return (size_t)(((m >> 7) * 0x0101010101010101u) >> 56);
}

void
tn_count_case(const char *s, size_t n, size_t *lows, size_t *ups)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    size_t p = 0, lo = 0, up = 0;

    for (; p + 8 <= n; p += 8) {
        uint64_t x, y;

        memcpy(&x, s + p, 8);
        y = x & ~(((x & high) >> 7) * 0xFFu);
        up += high_bytes((y + ones * (0x80u - 'A')) & ~(y + ones * (0x7Fu - 'Z')) & high);
        lo += high_bytes((y + ones * (0x80u - 'a')) & ~(y + ones * (0x7Fu - 'z')) & high);
    }
    for (; p < n; p++) {
        int c = (unsigned char)s[p];

        lo += c >= 'a' && c <= 'z';
        up += c >= 'A' && c <= 'Z';
    }
    *lows = lo;
    *ups = up;
}

/* At the start of the text or of a line, after an opening quote or after "COURT: "? */
int
tn_line_start(const char *s, size_t b)
{
    size_t i = b;

    while (i > 0 && s[i - 1] == ' ') {
        i--;
    }
    if (i == 0 || s[i - 1] == '\n') {
        return 1;
    }
    if (s[i - 1] == '"' || s[i - 1] == ':') {
        return i == 1 || s[i - 2] == ' ' || s[i - 2] == '\n' || tx_alpha((unsigned char)s[i - 2]);
    }
    return 0;
}

/*
 * After a name called at i: ",\n", ", can you" (a question to the person), " -\n",
 * " - " then capitals ("Kalliopi - GO BACK").
 */
int
tn_vocative_after(const char *s, size_t n, size_t i)
{
    static const char *const asks[] = {"can",  "could",  "would", "will",   "do", "did", "are",
                                       "have", "please", "thank", "thanks", "i",  "we",  NULL};
    size_t b, e;

    if (i < n && s[i] == ',') {
        i++;
        if (i < n && (s[i] == '\n' || s[i] == '\r')) {
            return 1;
        }
        if (i >= n || s[i] != ' ') {
            return 0;
        }
        b = i + 1;
        return word_at(s, n, b, asks, &e) && e < n && s[e] == ' ';
    }
    if (i + 2 < n && s[i] == ' ' && s[i + 1] == '-') {
        i += 2;
        if (i >= n || s[i] == '\n' || (s[i] == ' ' && i + 1 < n && s[i + 1] == '\n')) {
            return 1;
        }
        return s[i] == ' ' && i + 2 < n && tx_upper((unsigned char)s[i + 1]) &&
               tx_upper((unsigned char)s[i + 2]);
    }
    return 0;
}

/* "'s mother", "'s teacher" at i (the end of a token that ends in 's): a relation. */
int
tn_relation_after(const char *s, size_t n, size_t i)
{
    static const char *const rel[] = {
        "mother",      "father",      "mom",     "dad",        "son",       "daughter",
        "wife",        "husband",     "brother", "sister",     "aunt",      "uncle",
        "grandmother", "grandfather", "teacher", "caseworker", "boyfriend", "girlfriend",
        "cousin",      "nephew",      "niece",   "friend",     "parents",   "children",
        "kids",        "landlord",    "lawyer",  "attorney",   "doctor",    NULL};
    size_t b, e;

    if (i < 3 || (s[i - 1] != 's' && s[i - 1] != 'S') || s[i - 2] != '\'' || i >= n ||
        s[i] != ' ') {
        return 0;
    }
    b = i + 1;
    return word_at(s, n, b, rel, &e);
}

/* " told", " said", " stated", ", who" at i: a person speaking, or a clause about the
 * person (1); " was not", " is never", " was aided", " was home", " will call" (2: said
 * of things too). */
int
tn_speech_after(const char *s, size_t n, size_t i)
{
    static const char *const verbs[] = {
        "told",      "said",       "asked",    "yelled",    "screamed", "texted",
        "testified", "threatened", "admitted", "explained", "shouted",  "replied",
        "stated",    "states",     "says",     "reported",  "reports",  "refused",
        "declined",  "denied",     "agreed",   NULL};
    static const char *const modal[] = {"will", "would", "could", "should",
                                        "can",  "may",   "must",  NULL};
    /* what a person does in a note; said of firms too, so a known name only (2) */
    static const char *const acts[] = {
        "called",  "appealed", "signed",    "came",       "went",      "moved",
        "paid",    "phoned",   "emailed",   "wrote",      "requested", "complained",
        "arrived", "returned", "confirmed", "apologized", "consented", "claims",
        "claimed", "wants",    "needs",     "became",     "agrees",    "appeared",
        "failed",  "missed",   "picked",    "brought",    NULL};
    static const char *const be[] = {"was", "is", NULL};
    static const char *const neg[] = {"not",     "never",    "aided",       "arrested", "removed",
                                      "injured", "asleep",   "absent",      "present",  "home",
                                      "advised", "notified", "interviewed", NULL};
    size_t b, e, e2;

    static const char *const rel[] = {"who", "whose", NULL};

    /* ", who signs", ", whose son": the relative word, then a space */
    if (i + 2 < n && s[i] == ',' && s[i + 1] == ' ' && word_at(s, n, i + 2, rel, &e) && e < n &&
        s[e] == ' ') {
        return 1;
    }
    if (i >= n || s[i] != ' ') {
        return 0;
    }
    b = i + 1;
    /* "Abena was not home", "Svetlana is never there" (2: only a known name) */
    if (word_at(s, n, b, be, &e) && e + 1 < n && s[e] == ' ' && word_at(s, n, e + 1, neg, &e2)) {
        return 2;
    }
    /* "Ngozi will call back", "JAMAL WOULD CALL" (2: "Jackson will" may be a town's) */
    if (word_at(s, n, b, modal, &e) && e + 1 < n && s[e] == ' ' &&
        tx_alpha((unsigned char)s[e + 1])) {
        return 2;
    }
    if (word_at(s, n, b, acts, &e)) {
        return 2;
    }
    return word_at(s, n, b, verbs, &e);
}

/* Is a quotation mark right before b ('"', '\'', U+201C, U+2018)? */
int
tn_quote_before(const char *s, size_t b)
{
    return (b >= 1 && (s[b - 1] == '"' || s[b - 1] == '\'')) ||
           (b >= 3 && (unsigned char)s[b - 3] == 0xe2 && (unsigned char)s[b - 2] == 0x80 &&
            ((unsigned char)s[b - 1] == 0x9c || (unsigned char)s[b - 1] == 0x98));
}

/* "transported to", "TXP TO", "conveyed to" right before b: a hospital, not a person
 * ("transferred to", "taken to" may name one). */
int
tn_taken_to_before(const char *s, size_t b)
{
    static const char *const moved[] = {"transported", "transport", "conveyed", "txp",
                                        "tx",          "diverted",  "enroute",  NULL};
    struct tx_word w[2];
    size_t k;

    if (tx_prev_words(s, b, w, 2) != 2 || strcmp(w[0].lc, "to") != 0) {
        return 0;
    }
    for (k = 0; moved[k] != NULL; k++) {
        if (strcmp(w[1].lc, moved[k]) == 0) {
            return 1;
        }
    }
    return 0;
}
