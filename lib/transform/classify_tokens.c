/*
 * classify_tokens.c - header tokens of the column classifier: a header split on spaces,
 * punctuation, snake_case, camelCase and letter/digit runs, glued ALLCAPS and lower-case
 * words split on known suffixes and a vocabulary of open-data header words, abbreviations
 * expanded (docs/DETECTION.md, "What it reads").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_int.h"
#include "textscan.h"

/* ------------------------------------------------------------ header tokens */

/* Abbreviations and glued words, to canonical tokens (space-separated). */
static const char *const abbrev[][2] = {
    {"nm", "name"},
    {"fname", "first name"},
    {"lname", "last name"},
    {"mname", "middle name"},
    {"firstname", "first name"},
    {"lastname", "last name"},
    {"middlename", "middle name"},
    {"fullname", "full name"},
    {"givenname", "first name"},
    {"surname", "last name"},
    {"fn", "first name"},
    {"ln", "last name"},
    {"dob", "birth date"},
    {"bdate", "birth date"},
    {"birthdate", "birth date"},
    {"birthday", "birth date"},
    {"born", "birth"},
    {"tel", "phone"},
    {"telephone", "phone"},
    {"ph", "phone"},
    {"phn", "phone"},
    {"fax", "phone"},
    {"mobile", "phone"},
    {"cell", "phone"},
    {"phone", "phone"},
    {"addr", "address"},
    {"adr", "address"},
    {"strno", "house number"},
    {"stno", "house number"},
    {"stnum", "house number"},
    {"housenum", "house number"},
    {"houseno", "house number"},
    {"stnm", "street name"},
    {"stname", "street name"},
    {"apt", "apartment"},
    {"aptno", "apartment"},
    {"ste", "suite"},
    {"bldg", "building"},
    {"dkt", "docket"},
    {"idx", "index"},
    {"rpt", "report"},
    {"inc", "incident"},
    {"cmplnt", "complaint"},
    {"num", "number"},
    {"nbr", "number"},
    {"no", "number"},
    {"nr", "number"},
    {"nmbr", "number"},
    {"lic", "license"},
    {"licence", "license"},
    {"licenses", "license"},
    {"dt", "date"},
    {"tm", "time"},
    {"desc", "description"},
    {"descr", "description"},
    {"descrp", "description"},
    {"susp", "suspect"},
    {"vic", "victim"},
    {"perp", "perpetrator"},
    {"emp", "employee"},
    {"boro", "borough"},
    {"pct", "precinct"},
    {"zipcode", "zip"},
    {"postcode", "zip"},
    {"postal", "zip"},
    {"lat", "latitude"},
    {"lng", "longitude"},
    {"lon", "longitude"},
    {"long", "longitude"},
    {"xcoord", "x coordinate"},
    {"ycoord", "y coordinate"},
    {"coord", "coordinate"},
    {"coordinates", "coordinate"},
    {"coords", "coordinate"},
    {"email", "email"},
    {"yr", "year"},
    {"cd", "code"},
    {"flg", "flag"},
    {"cnt", "count"},
    {"ssn", "ssn"},
    {"social", "ssn"},
    {"sex", "sex"},
    {"dba", "business"},
    {"bus", "business"},
    {"biz", "business"},
    {"co", "company"},
    {"dept", "department"},
    {"emplr", "employer"},
    {"occ", "occupation"},
    {"pkg", "package"},
    {"plt", "plate"},
    {"vin", "vin"},
    {"ofns", "offense"},
    {"offns", "offense"},
    {"juris", "jurisdiction"},
    {"apts", "apartment"},
    {"zip5", "zip"},
    {"zip4", "zip"},
    {"nysid", "nysid"},
    {"ptr", "patrol"},
    /* headers of exports in other languages (accents folded first: Längengrad ->
     * langengrad), to the same canonical words */
    {"nombre", "name"},
    {"nome", "name"},
    {"nom", "name"},
    {"naam", "name"},
    {"prenom", "first name"},
    {"vorname", "first name"},
    {"voornaam", "first name"},
    {"nachname", "last name"},
    {"famille", "last"}, /* nom de famille */
    {"familienname", "last name"},
    {"apellido", "last name"},
    {"apellidos", "last name"},
    /* Spanish-speaking registries split the surname: apellido paterno, materno */
    {"paterno", "last name"},
    {"materno", "last name"},
    {"appaterno", "last name"},
    {"apmaterno", "last name"},
    {"sobrenome", "last name"},
    {"cognome", "last name"},
    {"achternaam", "last name"},
    {"nascimento", "birth"},
    {"nacimiento", "birth"},
    {"naixement", "birth"},
    {"naissance", "birth"},
    {"geburt", "birth"},
    {"geburtsdatum", "birth date"},
    {"geboortedatum", "birth date"},
    {"nascita", "birth"},
    {"urodzenia", "birth"},
    {"fecha", "date"},
    {"datum", "date"},
    {"latitud", "latitude"},
    {"longitud", "longitude"},
    {"breitengrad", "latitude"},
    {"langengrad", "longitude"},
    {"laengengrad", "longitude"},
    {"telefono", "phone"},
    {"telefone", "phone"},
    {"telefon", "phone"},
    {"celular", "phone"},
    {"movil", "phone"},
    {"correo", "email"},
    {"courriel", "email"},
    {"direccion", "address"},
    {"endereco", "address"},
    {"adresse", "address"},
    {"indirizzo", "address"},
    {"domicilio", "address"},
    {"anschrift", "address"},
    {"calle", "street"},
    {"rua", "street"},
    {"strasse", "street"},
    {"numero", "number"},
    {"nummer", "number"},
    {"plz", "zip"},
    {"cep", "zip"},
    {"eircode", "zip"},
    {"expediente", "case"},
    {"expedient", "case"},
    {"processo", "case"},
    {"proceso", "case"},
    {"aktenzeichen", "case"},
    {"sexo", "sex"},
    {"sexe", "sex"},
    {"geschlecht", "sex"},
    {"genero", "gender"},
    {"edad", "age"},
    {"idade", "age"},
    {"cpf", "ssn"},
    {"dni", "ssn"},
    {"nif", "ssn"},
    {"nie", "ssn"},
    {"nir", "ssn"},
    {"curp", "ssn"},
    {"propietario", "owner"},
    {"proprietario", "owner"},
    {"eigentumer", "owner"},
    {"halter", "owner"},
    {"inquilino", "tenant"},
    {"victima", "victim"},
    {"vitima", "victim"},
    {"conductor", "driver"},
    {"matricula", "plate"},
    {"placa", "plate"},
    {"kennzeichen", "plate"},
    {"prop", "property"},
};

/* Suffixes glued to a word in ALLCAPS headers ("INMATEID", "FILENO", "INTERMNAME"). */
static const char *const glued[] = {"number", "status", "value", "name", "date",  "type", "code",
                                    "desc",   "flag",   "year",  "time", "count", "key",  "num",
                                    "nbr",    "id",     "no",    "nm",   "cd",    "dt",   "tm",
                                    "yr",     "flg",    "cnt",   NULL};
/* Words that end like a glued suffix but are one word. */
static const char *const whole[] = {
    "jockey",    "turkey",   "monkey",  "hockey",    "donkey",    "whiskey",    "lackey",
    "casino",    "piano",    "latino",  "filipino",  "albino",    "domino",     "volcano",
    "valid",     "invalid",  "solid",   "liquid",    "fluid",     "rapid",      "hybrid",
    "humid",     "acid",     "squid",   "avid",      "timid",     "vivid",      "candid",
    "pyramid",   "orchid",   "android", "david",     "candidate", "update",     "mandate",
    "validate",  "sedate",   "account", "discount",  "surname",   "nickname",   "rename",
    "overtime",  "lifetime", "daytime", "anytime",   "barcode",   "zipcode",    "postcode",
    "decode",    "encode",   "episode", "genotype",  "prototype", "stereotype", "tintype",
    "someyear",  "mount",    "amount",  "recount",   "viscount",  "paramount",  "keyno",
    "typed",     "named",    "dated",   "coded",     "timed",     "dbnumber",   "ssn",
    "dob",       "strno",    "stno",    "houseno",   "aptno",     "bdate",      "birthdate",
    "lname",     "fname",    "mname",   "firstname", "lastname",  "middlename", "fullname",
    "givenname", "stnm",     "stname",  "cmplnt",    "descrp",    "nysid",      NULL};

static void
push(struct col *c, const char *t, size_t n)
{
    if (c->ntok >= CLS_TOKS || n == 0) {
        return;
    }
    if (n >= CLS_TOKLEN) {
        n = CLS_TOKLEN - 1;
    }
    memcpy(c->tok[c->ntok], t, n);
    c->tok[c->ntok][n] = '\0';
    c->ntok++;
}

static void expand(struct col *c, const char *t, size_t n, int depth);

/* Words of open-data headers, for splitting glued lower-case headers
 * ("courtindexnumber" -> court index number). Every word of the token lists counts too. */
static const char *const vocab[] = {"eviction",
                                    "evicted",
                                    "legal",
                                    "possession",
                                    "residential",
                                    "commercial",
                                    "schedule",
                                    "scheduled",
                                    "census",
                                    "tract",
                                    "council",
                                    "district",
                                    "community",
                                    "board",
                                    "unique",
                                    "cleaned",
                                    "geo",
                                    "search",
                                    "marshal",
                                    "executed",
                                    "filed",
                                    "filing",
                                    "received",
                                    "closed",
                                    "open",
                                    "opened",
                                    "issued",
                                    "issue",
                                    "expiration",
                                    "expire",
                                    "renewal",
                                    "approved",
                                    "signoff",
                                    "permit",
                                    "work",
                                    "job",
                                    "total",
                                    "amount",
                                    "paid",
                                    "due",
                                    "balance",
                                    "fee",
                                    "penalty",
                                    "hearing",
                                    "result",
                                    "status",
                                    "agency",
                                    "borough",
                                    "boro",
                                    "block",
                                    "lot",
                                    "bin",
                                    "bbl",
                                    "nta",
                                    "inspection",
                                    "inspector",
                                    "violation",
                                    "building",
                                    "house",
                                    "street",
                                    "apartment",
                                    "unit",
                                    "floor",
                                    "story",
                                    "zip",
                                    "code",
                                    "city",
                                    "state",
                                    "country",
                                    "county",
                                    "first",
                                    "last",
                                    "middle",
                                    "name",
                                    "initial",
                                    "business",
                                    "corporation",
                                    "contact",
                                    "registration",
                                    "type",
                                    "class",
                                    "description",
                                    "date",
                                    "time",
                                    "number",
                                    "court",
                                    "index",
                                    "docket",
                                    "case",
                                    "report",
                                    "incident",
                                    "complaint",
                                    "arrest",
                                    "key",
                                    "id",
                                    "person",
                                    "owner",
                                    "applicant",
                                    "respondent",
                                    "tenant",
                                    "landlord",
                                    "defendant",
                                    "plaintiff",
                                    "suspect",
                                    "victim",
                                    "driver",
                                    "officer",
                                    "employee",
                                    "inmate",
                                    "birth",
                                    "age",
                                    "sex",
                                    "gender",
                                    "race",
                                    "ethnicity",
                                    "phone",
                                    "email",
                                    "address",
                                    "latitude",
                                    "longitude",
                                    "lat",
                                    "lon",
                                    "lng",
                                    "point",
                                    "location",
                                    "coordinate",
                                    "x",
                                    "y",
                                    "license",
                                    "plate",
                                    "vehicle",
                                    "ticket",
                                    "summons",
                                    "charge",
                                    "offense",
                                    "postcode",
                                    "postal",
                                    "precinct",
                                    "start",
                                    "end",
                                    "stop",
                                    "created",
                                    "updated",
                                    "count",
                                    "value",
                                    "year",
                                    "month",
                                    "day",
                                    "week",
                                    "hour",
                                    "rate",
                                    "salary",
                                    "pay",
                                    "title",
                                    "department",
                                    "payroll",
                                    "work",
                                    "location",
                                    "place",
                                    "site",
                                    "property",
                                    "premises",
                                    "program",
                                    "service",
                                    "request",
                                    "ref",
                                    "reference",
                                    "judgement",
                                    "judgment",
                                    "finding",
                                    "harassment",
                                    "litigation",
                                    "ejectment",
                                    "ordinal",
                                    "mail",
                                    "fax",
                                    "tel",
                                    "cell",
                                    "mobile",
                                    "suite",
                                    "line",
                                    "dob",
                                    "ssn",
                                    NULL};

/* Splits a glued lower-case word into vocabulary words (each 2+ letters, longest first);
 * 1 when the whole word is covered. */
static int
segment(struct col *c, const char *w, size_t n)
{
    size_t cut[CLS_TOKS + 1], nc = 0, pos = 0;

    while (pos < n && nc < CLS_TOKS) {
        size_t best = 0, i;

        for (i = 0; vocab[i] != NULL; i++) {
            size_t l = strlen(vocab[i]);

            if (l >= 2 && l > best && pos + l <= n && memcmp(w + pos, vocab[i], l) == 0) {
                /* the rest must stay coverable: a one-letter tail is not a word */
                if (pos + l == n || n - pos - l >= 2) {
                    best = l;
                }
            }
        }
        if (best == 0) {
            return 0;
        }
        pos += best;
        cut[++nc] = pos;
    }
    if (pos != n || nc < 2) {
        return 0;
    }
    cut[0] = 0;
    for (pos = 0; pos < nc; pos++) {
        expand(c, w + cut[pos], cut[pos + 1] - cut[pos], 1);
    }
    return 1;
}

/* Expands one lower-case raw token into canonical tokens. */
static void
expand(struct col *c, const char *t, size_t n, int depth)
{
    static const char *const ordinal[][2] = {{"1st", "first"}, {"2nd", "second"}, {"3rd", "third"}};
    char w[CLS_TOKLEN * 2];
    size_t i;

    if (n == 0 || n >= sizeof(w)) {
        push(c, t, n);
        return;
    }
    memcpy(w, t, n);
    w[n] = '\0';
    for (i = 0; i < sizeof(ordinal) / sizeof(ordinal[0]); i++) {
        if (n >= 3 && memcmp(w, ordinal[i][0], 3) == 0) {
            push(c, ordinal[i][1], strlen(ordinal[i][1]));
            if (n > 3) {
                expand(c, w + 3, n - 3, depth);
            }
            return;
        }
    }
    for (i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++) {
        if (eq(w, abbrev[i][0])) {
            const char *r = abbrev[i][1], *sp;

            while ((sp = strchr(r, ' ')) != NULL) {
                push(c, r, (size_t)(sp - r));
                r = sp + 1;
            }
            push(c, r, strlen(r));
            return;
        }
    }
    if (depth == 0 && n >= 6 && !in(w, whole) && segment(c, w, n)) {
        return;
    }
    if (depth < 3 && n >= 4 && !in(w, whole)) {
        for (i = 0; glued[i] != NULL; i++) {
            size_t sl = strlen(glued[i]);
            /* a two-letter prefix only when the whole is no English word: "ncid" (nc id),
             * not "paid", "void" */
            size_t min = sl <= 2 ? (n == 4 && tx_english_level(w, n) == 0 ? 2 : 3) : 2;

            if (n >= sl + min && memcmp(w + n - sl, glued[i], sl) == 0) {
                expand(c, w, n - sl, depth + 1);
                expand(c, glued[i], sl, depth + 1);
                return;
            }
        }
        /* f/l/m glued to name: "fname" handled above; "empname" -> emp name via glued */
    }
    push(c, w, n);
}

/*
 * Latin-1 letters of a UTF-8 header (U+00C0..U+00FF, two bytes) to their ASCII letter,
 * in place of the two bytes ("Teléfono" -> "Telefono", "Straße" -> "Strasse"), so that
 * the tokenizer does not break words at them. Returns out, or h when it does not fit.
 */
static const char *
fold_header(const char *h, char *out, size_t cap)
{
    static const char map[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    size_t i = 0, o = 0, len = strlen(h);

    if (len >= cap) {
        return h;
    }
    while (i < len) {
        unsigned char b = (unsigned char)h[i];

        if ((b == 0xC3) && i + 1 < len && (unsigned char)h[i + 1] >= 0x80 &&
            (unsigned char)h[i + 1] <= 0xBF) {
            unsigned char x = (unsigned char)h[i + 1];

            if (x == 0x9F) { /* ß */
                out[o++] = 's';
                out[o++] = 's';
            } else {
                out[o++] = map[x - 0x80];
            }
            i += 2;
            continue;
        }
        out[o++] = (char)b;
        i++;
    }
    out[o] = '\0';
    return out;
}

void
odp_cls_tokenize(struct col *c, const char *h0)
{
    char buf[CLS_TOKLEN * 2], folded[256];
    const char *h = fold_header(h0, folded, sizeof(folded));
    size_t n = 0, i, len = strlen(h);
    int prev = 0; /* 1 lower, 2 upper, 3 digit */
    int allcaps = 1;

    for (i = 0; i < len; i++) {
        if (h[i] >= 'a' && h[i] <= 'z') {
            allcaps = 0;
        }
    }
    c->ntok = 0;
    for (i = 0; i <= len; i++) {
        unsigned char ch = i < len ? (unsigned char)h[i] : 0;
        int cls = (ch >= 'a' && ch <= 'z')   ? 1
                  : (ch >= 'A' && ch <= 'Z') ? 2
                  : (ch >= '0' && ch <= '9') ? 3
                                             : 0;
        int ord = prev == 3 && i + 1 < len &&
                  ((((h[i] | 0x20) == 's') && ((h[i + 1] | 0x20) == 't')) ||
                   (((h[i] | 0x20) == 'n') && ((h[i + 1] | 0x20) == 'd')) ||
                   (((h[i] | 0x20) == 'r') && ((h[i + 1] | 0x20) == 'd')));
        int brk = cls == 0 || (cls == 2 && prev == 1 && !allcaps) ||
                  (cls == 3 && prev != 3 && prev != 0) ||
                  (cls != 3 && cls != 0 && prev == 3 && !ord);

        /* "XCoordinate": upper followed by upper+lower splits before the last upper */
        if (!brk && cls == 1 && prev == 2 && n >= 2 && !allcaps) {
            char last = buf[n - 1];

            expand(c, buf, n - 1, 0);
            n = 0;
            buf[n++] = last;
        }
        if (brk && n > 0) {
            expand(c, buf, n, 0);
            n = 0;
        }
        if (cls != 0 && n + 1 < sizeof(buf)) {
            buf[n++] = (char)(cls == 2 ? ch - 'A' + 'a' : ch);
        }
        prev = cls;
    }
    /* "e mail" -> email; "post code" -> zip; "state plane" -> coordinate */
    for (i = 0; i + 1 < c->ntok; i++) {
        if (eq(c->tok[i], "post") && eq(c->tok[i + 1], "code")) {
            snprintf(c->tok[i + 1], CLS_TOKLEN, "zip");
        }
        if (eq(c->tok[i], "e") && eq(c->tok[i + 1], "mail")) {
            snprintf(c->tok[i + 1], CLS_TOKLEN, "email");
        }
        if (eq(c->tok[i], "plane") || eq(c->tok[i + 1], "plane")) {
            snprintf(c->tok[i], CLS_TOKLEN, "coordinate");
        }
    }
}

void
odp_cls_header_tokens(const char *header, char *out, size_t cap)
{
    struct col c;
    size_t i, o = 0;

    memset(&c, 0, sizeof(c));
    odp_cls_tokenize(&c, header != NULL ? header : "");
    if (cap == 0) {
        return;
    }
    out[0] = '\0';
    for (i = 0; i < c.ntok; i++) {
        int w = snprintf(out + o, cap - o, "%s%s", i ? " " : "", c.tok[i]);

        if (w < 0 || (size_t)w >= cap - o) {
            break;
        }
        o += (size_t)w;
    }
}

/* ------------------------------------------------------------ x / y pairs */

static int
alpha(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* The x or y at `at` is glued to a vowel (Max / May, Yard): a word, not a coordinate. */
static int
glued_vowel(const char *a, size_t n, size_t at)
{
    char l = at > 0 ? (char)(a[at - 1] | 0x20) : 0, r = at + 1 < n ? (char)(a[at + 1] | 0x20) : 0;

    return (l != 0 && strchr("aeiou", l) != NULL) || (r != 0 && strchr("aeiou", r) != NULL);
}

/*
 * The column whose header is this one's with an x for a y or a y for an x, at the start
 * or end of the header or of a word (Propx / Propy, XCOORD / YCOORD, pos_x / pos_y): a
 * pair of coordinates named as a pair (cols has ncols columns). Returns its index, or -1.
 */
long
odp_cls_xy_twin(const struct col *cols, size_t ncols, size_t idx)
{
    const char *a = cols[idx].header;
    size_t n = strlen(a), j, p;

    for (j = 0; j < ncols; j++) {
        const char *b = cols[j].header;
        size_t diff = 0, at = 0;

        if (j == idx || strlen(b) != n || n < 2) {
            continue;
        }
        for (p = 0; p < n; p++) {
            if (a[p] != b[p]) {
                diff++;
                at = p;
            }
        }
        if (diff == 1 && ((a[at] | 0x20) == 'x' || (a[at] | 0x20) == 'y') &&
            ((b[at] | 0x20) == 'x' || (b[at] | 0x20) == 'y') && (a[at] | 0x20) != (b[at] | 0x20) &&
            (at == 0 || at + 1 == n || !alpha(a[at - 1]) || !alpha(a[at + 1])) &&
            !glued_vowel(a, n, at)) {
            return (long)j;
        }
    }
    return -1;
}

/* "contact_addr2", "Address2", "MAIL_ADDR_2": an address's second line, named in one word */
int
odp_cls_addr_line2(const struct col *c)
{
    const char *h = c->header;
    size_t l = h != NULL ? strlen(h) : 0, i;

    while (l > 0 && (h[l - 1] == ' ' || h[l - 1] == '"')) {
        l--;
    }
    if (l < 5 || h[l - 1] != '2' || (l >= 2 && h[l - 2] >= '0' && h[l - 2] <= '9')) {
        return 0;
    }
    for (i = 0; i + 4 <= l; i++) {
        if ((h[i] == 'a' || h[i] == 'A') && (h[i + 1] == 'd' || h[i + 1] == 'D') &&
            (h[i + 2] == 'd' || h[i + 2] == 'D') && (h[i + 3] == 'r' || h[i + 3] == 'R')) {
            return 1;
        }
    }
    return 0;
}

/* Is d's header c's with "first" (or "given") added: "prenom X" for "nom X"? */
static int
first_of(const struct col *d, const struct col *c)
{
    size_t i, extra = 0;

    if (!(has(d, "first") || has(d, "given")) || !has(d, "name")) {
        return 0;
    }
    for (i = 0; i < d->ntok; i++) {
        if (eq(d->tok[i], "first") || eq(d->tok[i], "given")) {
            extra++;
        } else if (!has(c, d->tok[i])) {
            return 0;
        }
    }
    for (i = 0; i < c->ntok; i++) {
        if (!has(d, c->tok[i])) {
            return 0;
        }
    }
    return extra == 1;
}

void
odp_cls_surname_pairs(struct col *cols, size_t n)
{
    size_t i, j;

    for (i = 0; i < n; i++) {
        struct col *c = &cols[i];

        if (!has(c, "name") || has(c, "first") || has(c, "last") || has(c, "given") ||
            has(c, "middle") || has(c, "full")) {
            continue;
        }
        for (j = 0; j < n && !c->surname_pair; j++) {
            c->surname_pair = j != i && first_of(&cols[j], c);
        }
    }
}

/* A header that names a part of a person's name ("Buyer First Name", "LAST_NM"). */
int
odp_cls_name_part_header(const struct col *c)
{
    return has(c, "name") && (has(c, "first") || has(c, "last") || has(c, "given"));
}
