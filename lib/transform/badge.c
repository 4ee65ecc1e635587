/*
 * badge.c - the free-text detector for the numbers of officers and other workers
 * (badge): after a shield, badge or tax registry cue; after a worker's cue with a '#' or
 * "no." ("(Emp #11767)"); after a rank or a role and a name, with a '#' ("PO Nguyen
 * #4521", "I/M Boateng, Glen #SO913449") or bare before a verb ("Capt. Sue Hovhannisyan
 * 8465 investigated"). Its cue lists open anchored.c's gate.
 */
#include <string.h>

#include "anchored_int.h"
#include "textscan.h"

const char *const tx_badge_cues[] = {
    "shield", "badge", "tax reg", "tax registry", "tax registration", "shield number",
    "badge number", "reg", "bdg", "shld", "sh",
    /* a British constable's numbers; an Indian constable's buckle, a South African force
     * number, a New Zealand QID */
    "shoulder", "collar", "warrant card", "buckle", "force no", "force number", "qid", NULL};
static struct tx_set badge_cues_set = TX_SET(tx_badge_cues);
/* A worker's own number, with a '#' or "no." / "ID" between: "(Emp #11767)", "(Employee
 * No. 00248612)", "worker ID 2473" (not "social worker, (201) 555-0100"). */
const char *const tx_worker_cues[] = {"emp",       "employee", "worker", "drv", "staff",
                                      "personnel", "eid",      "pw",     "ee",  NULL};
static struct tx_set worker_cues_set = TX_SET(tx_worker_cues);
/* Words a number after a name and a rank belongs to instead: "EMS to PS 146", "Capt.
 * Mitchell, Engine 295" (with its comma), "notified at 1152". */
static const char *const rank_num_not[] = {"to",   "at",   "of",    "the", "and",
                                           "on",   "in",   "from",  "by",  "for",
                                           "with", "near", "hours", "hrs", NULL};
static struct tx_set rank_num_not_set = TX_SET(rank_num_not);
/* Things a number after a '#' or a name belongs to ("Driver Dale (Bus #1234)"). */
static const char *const num_things[] = {
    "engine",  "ladder",   "truck",   "squad",    "rescue", "battalion", "unit", "car",      "bus",
    "van",     "vehicle",  "route",   "room",     "rm",     "bed",       "cell", "tier",     "post",
    "sector",  "zone",     "station", "lot",      "suite",  "ste",       "apt",  "floor",    "fl",
    "school",  "building", "bldg",    "gate",     "door",   "pier",      "dock", "exit",     "hwy",
    "highway", "precinct", "pct",     "district", "ward",   "area",      "beat", "division", "team",
    "shift",   "code",     "channel", "radio",    NULL};
static struct tx_set num_things_set = TX_SET(num_things);
const char *const tx_ranks[] = {
    "po",    "p o",        "officer",     "det",     "detective",    "sgt",        "sergeant",
    "lt",    "lieutenant", "capt",        "captain", "inspector",    "insp",       "marshal",
    "agent", "trooper",    "deputy",      "chief",   "investigator", "supervisor", "inv",
    "ptl",   "patrolman",  "cpt",         "fm",      "ems",          "emt",        "paramedic",
    "ofc",   "medic",      "firefighter", "ff",      "cpl",          "corporal",   "tpr",
    "cmdr",  "commander",  NULL};
static struct tx_set ranks_set = TX_SET(tx_ranks);
/* People whose number follows their name after a '#' as an officer's does: "I/M Boateng,
 * Glen #SO913449", "Poll worker Gareth Stroud (ID#4134)", "Volunteer Ana Ruiz #3301". */
const char *const tx_id_roles[] = {"inmate",   "i m",  "worker",   "volunteer", "driver",
                                   "employee", "emp",  "resident", "offender",  "detainee",
                                   "staff",    "aide", NULL};
static struct tx_set id_roles_set = TX_SET(tx_id_roles);
/* Words before a badge number that need a rank before them: Chicago's star, LAPD's serial. */
static const char *const badge_words[] = {"star", "serial", "id", NULL};
const char *const tx_badge_gate_words[] = {"star", "serial", NULL}; /* "ID #": the '#' */
static struct tx_set badge_words_set = TX_SET(badge_words);

/*
 * A person's number at s[tb..te): 3-8 digits, or one or two letters (a dash may follow)
 * and 3-8 digits ("C9483", "SO913449", "P-32388").
 */
static int
id_token(const char *s, size_t tb, size_t te)
{
    size_t i = tb, l, d;

    while (i < te && tx_alpha((unsigned char)s[i])) {
        i++;
    }
    l = i - tb;
    if (l > 0 && i < te && s[i] == '-') {
        i++;
    }
    for (d = 0; i < te && tx_digit((unsigned char)s[i]); i++) {
        d++;
    }
    if (l == 0 && d >= 3 && i + 1 == te && tx_upper((unsigned char)s[i])) {
        i++; /* "QID 22982S": a letter after the digits */
    }
    return i == te && l <= 2 && d >= 3 && d <= 8 && (l == 0 || tx_upper((unsigned char)s[tb]));
}

/* A rank or a role (ranks_set, or id_roles_set too) within the words w[k0..k0+span]. */
static int
rank_within(const struct tx_word *w, size_t nw, size_t k0, size_t span, int roles)
{
    size_t k;

    for (k = k0; k < nw && k <= span + k0; k++) {
        if (tx_cue_before(w + k, nw - k, &ranks_set, NULL) > 0 ||
            (roles && tx_cue_before(w + k, nw - k, &id_roles_set, NULL) > 0)) {
            return 1;
        }
    }
    return 0;
}

/*
 * "Capt. Sue Hovhannisyan 8465 investigated", "Cpl. D. Dimaculangan C8237 observed": a
 * number right after a rank and a capitalised name, before a verb or a stop. Not a year,
 * not a time ("Capt. Ruiz 1400 hours" is followed by a word that is no verb of hers:
 * only a lower-case word or a stop may follow).
 */
static int
bare_after_rank(const char *s, size_t n, size_t tb, size_t te, const struct tx_word *w, size_t nw)
{
    size_t k;

    if (nw < 2 || tb == 0 || s[tb - 1] != ' ' || w[0].e + 1 != tb ||
        !tx_upper((unsigned char)s[w[0].b]) || w[0].e - w[0].b < 2 ||
        (te - tb == 4 &&
         ((s[tb] == '1' && s[tb + 1] == '9') || (s[tb] == '2' && s[tb + 1] == '0')))) {
        return 0;
    }
    if (!(te == n || s[te] == ',' || s[te] == ';' || s[te] == ')' ||
          (s[te] == '.' && (te + 1 == n || s[te + 1] == ' ')) ||
          (s[te] == ' ' && te + 1 < n && s[te + 1] >= 'a' && s[te + 1] <= 'z' &&
           !(s[te + 1] == 'h' && te + 2 < n && (s[te + 2] == 'r' || s[te + 2] == 'o'))))) {
        return 0;
    }
    if (strcmp(w[0].lc, "box") == 0 || strcmp(w[0].lc, "drawer") == 0) {
        return 0; /* "P.O. Box 142": a post office's, no officer's */
    }
    for (k = 0; k < nw && k <= 3; k++) {
        size_t g;

        if (k > 0 && tx_cue_before(w + k, nw - k, &ranks_set, NULL) > 0) {
            return 1;
        }
        /* a name: capitalised words, no stop word or thing, only spaces and dots between */
        if (!tx_upper((unsigned char)s[w[k].b]) || tx_has(&rank_num_not_set, w[k].lc) ||
            tx_has(&num_things_set, w[k].lc)) {
            return 0;
        }
        for (g = k + 1 < nw ? w[k + 1].e : w[k].b; g < w[k].b; g++) {
            if (s[g] != ' ' && s[g] != '.') {
                return 0;
            }
        }
    }
    return 0;
}

static int
badge_check(const char *s, size_t n, size_t tb, size_t te, size_t *ms, size_t *me)
{
    struct tx_word w[8];
    size_t nw, dg, lt, k0;
    int hash = tb > 0 && (s[tb - 1] == '#' || (tb > 1 && s[tb - 1] == ' ' && s[tb - 2] == '#'));

    (void)n;
    tx_shape(s, tb, te, &dg, &lt);
    if (!id_token(s, tb, te)) {
        return 0;
    }
    nw = tx_prev_words(s, tb, w, 8);
    /* (letters lead a badge after "badge" or "shield" too: "badge K6796"; not after
     * "Reg.": "Chancellor's Reg. A-832" is a regulation) */
    if ((tx_cue_before(w, nw, &badge_cues_set, &tx_num_fillers_set) > 0 &&
         (lt == 0 || hash || !tx_alpha((unsigned char)s[tb]) ||
          (nw > 0 && (strcmp(w[0].lc, "badge") == 0 || strcmp(w[0].lc, "shield") == 0)))) ||
        (tx_cue_before(w, nw, &worker_cues_set, &tx_num_fillers_set) > 0 &&
         (hash ||
          (nw > 0 && (tx_has(&tx_num_fillers_set, w[0].lc) || strcmp(w[0].lc, "eid") == 0))))) {
        *ms = tb;
        *me = te;
        return 1;
    }
    /* "PO Nguyen #4521", "Inspector Nelson Khan #9532", "OFC. ABDULOV (#7237)",
     * "OFC. HADDAD (ID #47109)", "Officer Hall, Star 20987", "Ofc. J. Lin (Serial #144999)" */
    if (lt == 0 && dg <= 7 && nw > 0 &&
        (tx_has(&badge_words_set, w[0].lc) ||
         (nw > 1 && strcmp(w[0].lc, "no") == 0 && tx_has(&badge_words_set, w[1].lc)))) {
        k0 = strcmp(w[0].lc, "no") == 0 ? 2 : 1;
        if (rank_within(w, nw, k0, 5, 0)) {
            *ms = tb;
            *me = te;
            return 1;
        }
    }
    if (hash) {
        k0 = nw > 0 && strcmp(w[0].lc, "id") == 0 ? 1 : 0;
        /* "Driver Dale (Bus #1234)": the bus's number */
        if (k0 < nw && !tx_has(&num_things_set, w[k0].lc) && rank_within(w, nw, 1 + k0, 2, 1)) {
            *ms = tb;
            *me = te;
            return 1;
        }
    } else if (bare_after_rank(s, n, tb, te, w, nw)) {
        *ms = tb;
        *me = te;
        return 1;
    }
    return 0;
}

int
odp_text_badge(const char *s, size_t n, size_t start, size_t *ms, size_t *me)
{
    return tx_scan_tokens(s, n, start, badge_check, ms, me);
}
