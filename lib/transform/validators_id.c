/*
 * validators_id.c - identity numbers and postcodes of other countries, for the column
 * classifier (see validators.h): national ID numbers by their check digits or shape,
 * Irish Eircodes, and post-office boxes.
 */
#include <string.h>

#include "validators.h"
#include "validators_int.h"

/*
 * National identity numbers of other countries, by their check digits or their fixed
 * shape, for exports from outside the US (an SSN has neither and is the detector's):
 *   - Brazil CPF: 11 digits (or 000.000.000-00), two mod-11 check digits;
 *   - Spain DNI / NIE: 8 digits (NIE: X, Y or Z and 7 digits) and the mod-23 letter;
 *   - France NIR: 13 characters (sex 1/2, year, month, department with 2A/2B) and a
 *     97 - (number mod 97) key;
 *   - UK National Insurance number: two letters (not D F I Q U V, second not O), six
 *     digits, A-D;
 *   - Italy codice fiscale: 6 letters, 2 digits, a month letter, 2 digits, a letter,
 *     3 digits, and its odd/even check letter.
 * Spaces, dots and dashes inside are ignored. A string of one repeated digit is no ID.
 */
static int
cpf_ok(const char *d)
{
    int i, s, r;

    for (i = 1; i < 11 && d[i] == d[0]; i++) {
    }
    if (i == 11) {
        return 0;
    }
    for (s = 0, i = 0; i < 9; i++) {
        s += (d[i] - '0') * (10 - i);
    }
    r = (s * 10) % 11 % 10;
    if (r != d[9] - '0') {
        return 0;
    }
    for (s = 0, i = 0; i < 10; i++) {
        s += (d[i] - '0') * (11 - i);
    }
    r = (s * 10) % 11 % 10;
    return r == d[10] - '0';
}

static int
dni_ok(const char *d, size_t n)
{
    static const char letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
    unsigned long x = 0;
    size_t i = 0;

    if (n != 9) {
        return 0;
    }
    if (d[0] == 'X' || d[0] == 'Y' || d[0] == 'Z') {
        x = (unsigned long)(d[0] - 'X');
        i = 1;
    }
    for (; i < 8; i++) {
        if (!isdig((unsigned char)d[i])) {
            return 0;
        }
        x = x * 10 + (unsigned long)(d[i] - '0');
    }
    return up((unsigned char)d[8]) == letters[x % 23];
}

static int
nir_ok(const char *d, size_t n)
{
    char w[14];
    unsigned long long x = 0;
    size_t i;
    int m;

    if (n != 15 || (d[0] != '1' && d[0] != '2')) {
        return 0;
    }
    memcpy(w, d, 13);
    w[13] = '\0';
    /* Corsica: department 2A counts as 19, 2B as 18 */
    if (w[5] == '2' && (up((unsigned char)w[6]) == 'A' || up((unsigned char)w[6]) == 'B')) {
        w[6] = up((unsigned char)w[6]) == 'A' ? '9' : '8';
        w[5] = '1';
    }
    for (i = 0; i < 13; i++) {
        if (!isdig((unsigned char)w[i])) {
            return 0;
        }
        x = x * 10 + (unsigned long long)(w[i] - '0');
    }
    m = (w[3] - '0') * 10 + (w[4] - '0');
    if (m < 1 || (m > 12 && m < 20) || m > 42 || !isdig((unsigned char)d[13]) ||
        !isdig((unsigned char)d[14])) {
        return 0;
    }
    return (int)(97 - x % 97) == (d[13] - '0') * 10 + (d[14] - '0');
}

static int
nino_ok(const char *d, size_t n)
{
    size_t i;
    int a = up((unsigned char)d[0]), b = n > 1 ? up((unsigned char)d[1]) : 0;

    if (n != 9 || !isalpha_((unsigned char)d[0]) || !isalpha_((unsigned char)d[1]) ||
        strchr("DFIQUV", a) != NULL || strchr("DFIQUVO", b) != NULL) {
        return 0;
    }
    for (i = 2; i < 8; i++) {
        if (!isdig((unsigned char)d[i])) {
            return 0;
        }
    }
    return strchr("ABCD", up((unsigned char)d[8])) != NULL;
}

static int
codice_ok(const char *d, size_t n)
{
    /* the value of a character in an odd (1-based) place: digits as A..J */
    static const int odd[26] = {1,  0,  5, 7, 9, 13, 15, 17, 19, 21, 2,  4,  18,
                                20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
    static const char shape[] = "AAAAAA00M00A000";
    size_t i;
    int s = 0;

    if (n != 16) {
        return 0;
    }
    for (i = 0; i < 15; i++) {
        int c = up((unsigned char)d[i]), v;

        if (shape[i] == '0') {
            /* a digit, or its letter when digits were replaced (omocodia) */
            if (!isdig((unsigned char)c) && strchr("LMNPQRSTUV", c) == NULL) {
                return 0;
            }
        } else if (shape[i] == 'M') {
            if (strchr("ABCDEHLMPRST", c) == NULL) {
                return 0;
            }
        } else if (!(c >= 'A' && c <= 'Z')) {
            return 0;
        }
        v = isdig((unsigned char)c) ? c - '0' : c - 'A';
        s += i % 2 == 0 ? odd[v] : v;
    }
    return up((unsigned char)d[15]) == 'A' + s % 26;
}

int
odp_val_national_id(const char *v, size_t n)
{
    char d[20];
    size_t i, k = 0, digits = 0;

    trim(&v, &n);
    if (n < 9 || n > 24) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v[i];

        if (c == ' ' || c == '.' || c == '-') {
            continue;
        }
        if (!isdig(c) && !isalpha_(c)) {
            return 0;
        }
        if (k >= sizeof(d) - 1) {
            return 0;
        }
        digits += isdig(c);
        d[k++] = (char)c;
    }
    d[k] = '\0';
    if (k == 11 && digits == 11) {
        return cpf_ok(d);
    }
    return dni_ok(d, k) || nir_ok(d, k) || nino_ok(d, k) || codice_ok(d, k);
}

/*
 * An Irish Eircode: a routing key (a letter of A C D E F H K N P R T V W X Y and two
 * digits, or D6W) and a unique identifier of four characters from 0-9 and those letters,
 * with or without a space ("D14 R8F2", "H91A0TK").
 */
int
odp_val_eircode(const char *v, size_t n)
{
    static const char al[] = "ACDEFHKNPRTVWXY";
    size_t i, k = 0;
    char d[8];

    trim(&v, &n);
    if (n != 7 && n != 8) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (v[i] == ' ' && i == 3 && n == 8) {
            continue;
        }
        if (k >= 7) {
            return 0;
        }
        d[k++] = (char)up((unsigned char)v[i]);
    }
    if (k != 7) {
        return 0;
    }
    if (!(strchr(al, d[0]) != NULL && isdig((unsigned char)d[1]) &&
          (isdig((unsigned char)d[2]) || (d[0] == 'D' && d[1] == '6' && d[2] == 'W')))) {
        return 0;
    }
    for (i = 3; i < 7; i++) {
        if (!isdig((unsigned char)d[i]) && (d[i] == '\0' || strchr(al, d[i]) == NULL)) {
            return 0;
        }
    }
    return 1;
}

/* Case-insensitive: v[*i..] starts with the word w (letters), then no letter follows. */
static int
word_at(const char *v, size_t n, size_t *i, const char *w)
{
    size_t k = 0, j = *i;

    while (w[k] != '\0' && j < n && (v[j] | 0x20) == w[k]) {
        j++;
        k++;
    }
    if (w[k] != '\0' || (j < n && ((v[j] | 0x20) >= 'a' && (v[j] | 0x20) <= 'z'))) {
        return 0;
    }
    *i = j;
    return 1;
}

static void
skip_sep(const char *v, size_t n, size_t *i)
{
    while (*i < n && (v[*i] == ' ' || v[*i] == '.' || v[*i] == '-' || v[*i] == ',')) {
        (*i)++;
    }
}

/* A number (a letter may follow: `BOX 12A`) at v[*i]. */
static int
number_at(const char *v, size_t n, size_t *i)
{
    size_t j = *i;

    if (j < n && v[j] == '#') {
        j++;
    }
    if (j >= n || v[j] < '0' || v[j] > '9') {
        return 0;
    }
    while (j < n && v[j] >= '0' && v[j] <= '9') {
        j++;
    }
    *i = j;
    return 1;
}

int
odp_val_po_box(const char *v, size_t n)
{
    size_t i = 0, j;

    while (i < n && v[i] == ' ') {
        i++;
    }
    j = i;
    if (word_at(v, n, &j, "rr") || word_at(v, n, &j, "hc") || word_at(v, n, &j, "rural") ||
        word_at(v, n, &j, "route") || word_at(v, n, &j, "rt")) {
        skip_sep(v, n, &j);
        (void)word_at(v, n, &j, "route");
        skip_sep(v, n, &j);
        if (!number_at(v, n, &j)) {
            return 0;
        }
        i = j; /* a rural route: its box follows */
        skip_sep(v, n, &i);
    } else if (word_at(v, n, &j, "post")) {
        skip_sep(v, n, &j);
        if (!word_at(v, n, &j, "office")) {
            return 0;
        }
        i = j;
        skip_sep(v, n, &i);
    } else if (word_at(v, n, &j, "pob")) {
        skip_sep(v, n, &j);
        return number_at(v, n, &j);
    } else if (word_at(v, n, &j, "po") ||
               (word_at(v, n, &j, "p") && (skip_sep(v, n, &j), word_at(v, n, &j, "o")))) {
        i = j;
        skip_sep(v, n, &i);
    }
    if (!word_at(v, n, &i, "box") && !word_at(v, n, &i, "drawer")) {
        return 0;
    }
    skip_sep(v, n, &i);
    return number_at(v, n, &i);
}
