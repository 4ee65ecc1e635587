/*
 * detect_hints.c - what a column's header and a whole cell say, for the detectors of
 * detect.c: person-name cells under a name header (odp_det_valid_name) and the
 * header hints (odp_column_hint_kinds: a name, licence or record-number column). Split
 * from detect.c (issue 22).
 */
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "detect_int.h"
#include "textscan.h"

/* ---------------------------------------------------------------- names */

static int
is_alpha_byte(unsigned char c)
{
    /* Bytes >= 0x80 are parts of UTF-8 letters (José, Nuñez). */
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80;
}

static int
word_ieq(const char *w, size_t wl, const char *const *list)
{
    size_t i, k;

    for (i = 0; list[i] != NULL; i++) {
        if (strlen(list[i]) != wl) {
            continue;
        }
        for (k = 0; k < wl; k++) {
            char c = w[k];

            if (c >= 'A' && c <= 'Z') {
                c = (char)(c - 'A' + 'a');
            }
            if (c != list[i][k]) {
                break;
            }
        }
        if (k == wl) {
            return 1;
        }
    }
    return 0;
}

/* Whole values that mean "no name". */
static const char *const name_junk[] = {"n/a",
                                        "na",
                                        "n.a.",
                                        "none",
                                        "null",
                                        "nil",
                                        "unknown",
                                        "unk",
                                        "unspecified",
                                        "not provided",
                                        "not applicable",
                                        "not available",
                                        "not given",
                                        "no name",
                                        "anonymous",
                                        "anon",
                                        "redacted",
                                        "withheld",
                                        "refused",
                                        "declined",
                                        "test",
                                        "tbd",
                                        "same",
                                        "self",
                                        "owner",
                                        "tenant",
                                        "resident",
                                        "occupant",
                                        "landlord",
                                        "management",
                                        "super",
                                        "superintendent",
                                        "other",
                                        "various",
                                        "see above",
                                        "see notes",
                                        "-",
                                        "--",
                                        "x",
                                        "xx",
                                        "xxx",
                                        "blank",
                                        "missing",
                                        "undefined",
                                        "private",
                                        "confidential",
                                        NULL};

/* Words that make a value an organisation rather than a person. */
static const char *const name_org[] = {
    "llc",          "l.l.c.",      "inc",           "inc.",        "corp",
    "corp.",        "co",          "co.",           "ltd",         "lp",
    "llp",          "pc",          "pllc",          "dba",         "d/b/a",
    "assoc",        "associates",  "association",   "company",     "corporation",
    "incorporated", "holdings",    "realty",        "properties",  "property",
    "management",   "mgmt",        "trust",         "bank",        "church",
    "school",       "hospital",    "center",        "centre",      "dept",
    "department",   "city",        "nyc",           "authority",   "housing",
    "group",        "services",    "service",       "enterprises", "construction",
    "contracting",  "development", "restaurant",    "deli",        "market",
    "store",        "shop",        "cafe",          "pizza",       "grocery",
    "laundromat",   "cleaners",    "parking",       "garage",      "hotel",
    "nycha",        "agency",      "office",        "council",     "board",
    "committee",    "foundation",  "university",    "college",     "institute",
    "club",         "partners",    "international", "industries",  "systems",
    "solutions",    "of",          "the",           "and",         "&",
    "unknown",      "unspecified", "n/a",           NULL};

/*
 * Person-name value shape: 1-4 words of letters (with - ' . inside), optionally one
 * comma ("Last, First M."), no digits, no organisation words, not a "no name"
 * placeholder, not a single all-caps code of up to 4 letters (DOB, NYPD).
 * Sets [*vb, *ve) to the trimmed value.
 */
int
odp_det_valid_name(const char *s, size_t n, size_t *vb, size_t *ve)
{
    size_t b = 0, e = n, i, ws, words = 0, commas = 0, letters;
    int all_upper = 1;

    while (b < e && (s[b] == ' ' || s[b] == '\t')) {
        b++;
    }
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) {
        e--;
    }
    if (e - b < 2 || e - b > 100 || word_ieq(s + b, e - b, name_junk)) {
        return 0;
    }
    i = b;
    while (i < e) {
        while (i < e && (s[i] == ' ' || s[i] == ',')) {
            commas += s[i] == ',';
            i++;
        }
        if (i == e) {
            break;
        }
        ws = i;
        letters = 0;
        while (i < e && s[i] != ' ' && s[i] != ',') {
            unsigned char c = (unsigned char)s[i];

            if (is_alpha_byte(c)) {
                letters++;
                if (c >= 'a' && c <= 'z') {
                    all_upper = 0;
                }
            } else if (c != '-' && c != '\'' && c != '.') {
                return 0; /* digits, '/', '&', '@', '#'... */
            }
            i++;
        }
        if (letters == 0 || word_ieq(s + ws, i - ws, name_org)) {
            return 0;
        }
        if (s[ws] == '-' || s[ws] == '\'') {
            return 0;
        }
        words++;
    }
    if (words == 0 || words > 4 || commas > 1) {
        return 0;
    }
    if (words == 1 && all_upper && e - b <= 4) {
        return 0;
    }
    *vb = b;
    *ve = e;
    return 1;
}

/* ---------------------------------------------------------------- headers */

/* Normalises a header into lower_snake tokens; returns the token count. */

static size_t
hint_tokens(const char *h, char tok[HINT_MAX_TOKENS][HINT_TOKEN_LEN])
{
    size_t nt = 0, tl = 0, i;
    unsigned char c, prev = 0;

    for (i = 0; h[i] != '\0' && i < DET_HINT_MAX; i++) {
        int alnum, upper;

        c = (unsigned char)h[i];
        upper = c >= 'A' && c <= 'Z';
        alnum = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        /* Break on non-alphanumerics and on a lower->Upper step (camelCase). */
        if (!alnum || (upper && prev >= 'a' && prev <= 'z')) {
            if (tl > 0) {
                tok[nt][tl] = '\0';
                nt++;
                tl = 0;
                if (nt == HINT_MAX_TOKENS) {
                    return nt;
                }
            }
        }
        if (alnum && tl + 1 < HINT_TOKEN_LEN) {
            tok[nt][tl++] = (char)(upper ? c - 'A' + 'a' : c);
        }
        prev = c;
    }
    if (tl > 0) {
        tok[nt][tl] = '\0';
        nt++;
    }
    return nt;
}

static int
in_list(const char *t, const char *const *list)
{
    size_t i;

    for (i = 0; list[i] != NULL; i++) {
        if (strcmp(t, list[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

static int
starts(const char *t, const char *p)
{
    return strncmp(t, p, strlen(p)) == 0;
}

static int
ends(const char *t, const char *p)
{
    size_t tl = strlen(t), pl = strlen(p);

    return tl >= pl && strcmp(t + tl - pl, p) == 0;
}

/* Roles that a person plays; a header naming one is about that person. */
static const char *const hint_role[] = {
    "applicant",      "applicants", "owner",          "owners",    "complainant", "victim",
    "suspect",        "contact",    "representative", "permittee", "licensee",    "respondent",
    "perpetrator",    "perp",       "witness",        "tenant",    "landlord",    "caller",
    "requester",      "requestor",  "decedent",       "patient",   "defendant",   "plaintiff",
    "petitioner",     "attorney",   "driver",         "signer",    "filer",       "borrower",
    "grantor",        "grantee",    "registrant",     "employee",  "inspector",   "officer",
    "superintendent", NULL};

/* One-token name headers ("FirstName" splits, "firstname" does not). */
static const char *const hint_name_word[] = {"fullname",  "firstname",  "lastname",   "surname",
                                             "givenname", "familyname", "middlename", "fname",
                                             "lname",     "mname",      NULL};

static const char *const hint_not_person[] = {
    "business",     "street",       "agency",    "facility",   "park",          "company",
    "corp",         "corporation",  "dba",       "school",     "site",          "location",
    "building",     "bldg",         "program",   "file",       "project",       "org",
    "organization", "organisation", "vendor",    "entity",     "establishment", "borough",
    "boro",         "neighborhood", "nta",       "landmark",   "district",      "precinct",
    "community",    "board",        "station",   "route",      "bus",           "dataset",
    "column",       "category",     "city",      "state",      "county",        "country",
    "zip",          "zipcode",      "postcode",  "address",    "addr",          "phone",
    "telephone",    "tel",          "fax",       "email",      "mail",          "id",
    "date",         "time",         "license",   "lic",        "licence",       "title",
    "status",       "type",         "code",      "descriptor", "number",        "num",
    "no",           "nbr",          "count",     "cnt",        "house",         "apt",
    "unit",         "lot",          "block",     "bbl",        "bin",           "product",
    "brand",        "model",        "make",      "item",       "event",         "venue",
    "team",         "league",       "species",   "breed",      "animal",        "dog",
    "cat",          "pet",          "flag",      "ind",        "indicator",     "sex",
    "gender",       "race",         "age",       "ethnicity",  "role",          "class",
    "occupancy",    "occupied",     "signature", "file",       "document",      NULL};

static const char *const hint_license[] = {"license",   "licence", "licenses",      "lic",
                                           "licno",     "licnum",  "licensenumber", "licensenum",
                                           "licenseno", NULL};

/* "Job #", "unique_key", "CMPLNT_NUM": a record number, unless it names an identifier. */
static int
record_id(const char *header, char tok[][HINT_TOKEN_LEN], size_t nt, uint32_t kinds)
{
    static const char *const key[] = {"id", "num", "number", "no", "nbr", "key", NULL};
    size_t i;

    if ((kinds & ((1u << ODP_DET_SSN) | (1u << ODP_DET_PHONE) | (1u << ODP_DET_CREDIT_CARD) |
                  (1u << ODP_DET_LICENSE))) != 0) {
        return 0;
    }
    if (strchr(header, '#') != NULL) {
        return 1;
    }
    for (i = 0; i < nt; i++) {
        if (in_list(tok[i], key)) {
            return 1;
        }
    }
    return 0;
}

uint32_t
odp_column_hint_kinds(const char *header)
{
    char tok[HINT_MAX_TOKENS][HINT_TOKEN_LEN];
    size_t nt, i;
    uint32_t k = 0;
    int person = 0, not_person = 0, first_last = 0, has_name = 0, addr_meta = 0;

    if (header == NULL) {
        return 0;
    }
    nt = hint_tokens(header, tok);
    for (i = 0; i < nt; i++) {
        const char *t = tok[i];
        const char *nx = i + 1 < nt ? tok[i + 1] : "";

        if (starts(t, "email") || (strcmp(t, "e") == 0 && strcmp(nx, "mail") == 0)) {
            k |= 1u << ODP_DET_EMAIL;
        }
        if (starts(t, "phone") ||
            in_list(t, (const char *const[]){"tel", "telephone", "fax", "mobile", "cell",
                                             "cellphone", NULL})) {
            k |= 1u << ODP_DET_PHONE;
        }
        if (strcmp(t, "ssn") == 0 || strcmp(t, "socialsecurity") == 0 ||
            (strcmp(t, "social") == 0 && strcmp(nx, "security") == 0)) {
            k |= 1u << ODP_DET_SSN;
        }
        if (strcmp(t, "creditcard") == 0 || (strcmp(t, "credit") == 0 && strcmp(nx, "card") == 0) ||
            ((strcmp(t, "card") == 0 || strcmp(t, "cc") == 0) &&
             in_list(nx, (const char *const[]){"number", "num", "no", "nbr", NULL})) ||
            strcmp(t, "ccnum") == 0 || strcmp(t, "pan") == 0) {
            k |= 1u << ODP_DET_CREDIT_CARD;
        }
        if (in_list(t, (const char *const[]){"ip", "ipaddress", "ipaddr", "ipv4", "ipv6", NULL})) {
            k |= 1u << ODP_DET_IP;
        }
        if (strcmp(t, "dob") == 0 || ends(t, "date") || strcmp(t, "dt") == 0 ||
            strcmp(t, "datetime") == 0 || strcmp(t, "timestamp") == 0 || strcmp(t, "birth") == 0 ||
            strcmp(t, "birthday") == 0 || strcmp(t, "dateofbirth") == 0) {
            k |= 1u << ODP_DET_DATE;
        }
        if (starts(t, "address") || strcmp(t, "addr") == 0 || strcmp(t, "streetaddress") == 0) {
            k |= 1u << ODP_DET_ADDRESS;
        }
        if (strcmp(t, "bbl") == 0 || strcmp(t, "bin") == 0 ||
            (strcmp(t, "borough") == 0 && strcmp(nx, "block") == 0 && i + 2 < nt &&
             strcmp(tok[i + 2], "lot") == 0)) {
            k |= 1u << ODP_DET_BBL;
        }
        if (in_list(t, (const char *const[]){"type", "pct", "precinct", "code", "cd", "flag", "ind",
                                             "status", NULL})) {
            addr_meta = 1;
        }
        if (in_list(t, hint_license)) {
            k |= 1u << ODP_DET_LICENSE;
        }
        if (in_list(t, hint_role) || in_list(t, hint_name_word)) {
            person = 1;
        }
        if (strcmp(t, "name") == 0 || strcmp(t, "nm") == 0 || strcmp(t, "initial") == 0) {
            has_name = 1;
        }
        if (in_list(t, (const char *const[]){"first", "last", "middle", "full", "given", "family",
                                             NULL})) {
            first_last = 1;
        }
        if (in_list(t, hint_not_person)) {
            not_person = 1;
        }
    }
    /* name_of_*: "name of the facility", "name of school" ... */
    if (nt >= 2 && strcmp(tok[0], "name") == 0 && strcmp(tok[1], "of") == 0) {
        not_person = 1;
    }
    /*
     * "first_name", "Last Nm", "middle initial"; "first" or "last" alone; "name" alone.
     * "name" after anything else ("ferry terminal name", "dog_name") needs a role.
     */
    if ((first_last && (has_name || nt == 1)) || (nt == 1 && has_name)) {
        person = 1;
    }
    /*
     * "email_address", "ip_address" name the address of something else; "address_type",
     * "addr_pct_cd" describe an address without holding one.
     */
    if ((k & ((1u << ODP_DET_EMAIL) | (1u << ODP_DET_IP))) != 0 || addr_meta) {
        k &= ~(1u << ODP_DET_ADDRESS);
    }
    if (person && !not_person) {
        k |= 1u << ODP_DET_PERSON_NAME;
    }
    if (record_id(header, tok, nt, k)) {
        k |= ODP_HINT_RECORD_ID;
    }
    return k;
}
