/*
 * test_textround8.c - the person-name rules of round 8: the people a text names again
 * (a later mention of a found name's word, the other items of its list), a name before
 * a birth date's label or an e-mail address in brackets, a lone given name, initials and
 * suffixes, and their look-alikes (places, pets, firms and nouns that share a word with
 * a name).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "actions_int.h"
#include "detect.h"
#include "detectors.h"
#include "policy.h"

struct want {
    const char *in, *out;
};

static void
scrub_all(const struct want *w, size_t nw)
{
    struct odp_colrule rule;
    struct odp_scrub *sc;
    struct odp_err err;
    size_t i;

    memset(&rule, 0, sizeof(rule));
    rule.name = "notes";
    rule.action = ODP_ACT_SCRUB;
    rule.detect_mask = odp_detectors_all();
    rule.ndetect = odp_detectors_all_order(rule.detect_order, sizeof(rule.detect_order));
    odp_err_clear(&err);
    sc = odp_scrub_new(&rule, &err);
    assert_non_null(sc);
    for (i = 0; i < nw; i++) {
        struct odp_buf b;
        struct odp_field f;
        size_t n = strlen(w[i].in);
        char *x = malloc(n); /* exactly the text: a read past it trips ASan */

        assert_non_null(x);
        memcpy(x, w[i].in, n);
        odp_buf_init(&b, 1u << 16);
        odp_err_clear(&err);
        assert_true(odp_scrub_apply(sc, x, n, &b, &f, &err) >= 0);
        if (f.len != strlen(w[i].out) || memcmp(f.p, w[i].out, f.len) != 0) {
            print_error("scrub [%s]\n  got  [%.*s]\n  want [%s]\n", w[i].in, (int)f.len, f.p,
                        w[i].out);
            fail();
        }
        odp_buf_release(&b);
        free(x);
    }
    odp_scrub_free(sc);
}

/* A found name's words again, in the same capitals; not where they name a place or firm. */
static void
test_mentions_again(void **state)
{
    static const struct want w[] = {
        {"Tenant Rashad Toussaint called twice. Toussaint said the boiler is out.",
         "Tenant [PERSON] called twice. [PERSON] said the boiler is out."},
        {"my neighbor tony rivera plays music. rivera said he dont care",
         "my neighbor [PERSON] plays music. [PERSON] said he dont care"},
        {"OWNER KWAME ASANTE-BOATENG NOT HOME. ASANTE-BOATENG REFUSED ACCESS.",
         "OWNER [PERSON] NOT HOME. [PERSON] REFUSED ACCESS."},
        {"Mr. Toussaint called at 9. Later Rafael Toussaint said the heat is off.",
         "Mr. [PERSON] called at 9. Later [PERSON] said the heat is off."},
        {"AGENT L. OWUSU LISTED. OWUSU NOT HOME.", "AGENT [PERSON] LISTED. [PERSON] NOT HOME."},
        {"Met Ana Reyes and Jose Cruz, Kings County. Reyes agreed.",
         "Met [PERSON] and [PERSON], Kings County. [PERSON] agreed."},
        /* look-alikes: a firm, a park, a noun after "the", a water board, a street */
        {"Rev. Kim spoke. Objecting to the license for Kim's Dry Cleaning.",
         "Rev. [PERSON] spoke. Objecting to the license for Kim's Dry Cleaning."},
        {"Ms. Park called about the Park entrance near Cal Anderson Park.",
         "Ms. [PERSON] called about the Park entrance near Cal Anderson Park."},
        {"CALLER ROBERT BOSTON SAID LEAK. BOSTON WATER AND SEWER NOTIFIED.",
         "CALLER [PERSON] SAID LEAK. BOSTON WATER AND SEWER NOTIFIED."},
        {"Per Mr. Luther, the dog barks at the corner of martin luther king jr blvd",
         "Per Mr. [PERSON], the dog barks at the corner of martin luther king jr blvd"},
        {"Per Ms. Hill the leak is back. Hill Street is flooded; Murray Hill too.",
         "Per Ms. [PERSON] the leak is back. Hill Street is flooded; Murray Hill too."},
    };

    (void)state;
    scrub_all(w, sizeof(w) / sizeof(w[0]));
}

/* The other items of a list that a found name is in, in the found name's shape. */
static void
test_list_items(void **state)
{
    static const struct want w[] = {
        {"PRESENT: G. McGillicuddy, M. Price, B. Hovhannisyan. Stip signed.",
         "PRESENT: [PERSON], [PERSON], [PERSON]. Stip signed."},
        {"HH comp: Schmidt, G.; Guo, T.; Yoon, B. and Faith, R.",
         "HH comp: [PERSON]; [PERSON]; [PERSON] and [PERSON]"},
        /* an item that goes on into a firm's name, or that is a place, is no one */
        {"PRESENT: G. McGillicuddy, M. Price, B. Hovhannisyan Law Group signed.",
         "PRESENT: [PERSON], [PERSON], B. Hovhannisyan Law Group signed."},
        {"Tenant Maria Okafor, Kings County, Apt 4B.",
         "Tenant [PERSON], Kings County, [APARTMENT]."},
    };

    (void)state;
    scrub_all(w, sizeof(w) / sizeof(w[0]));
}

/* A name right before a birth date's label or an e-mail address in brackets. */
static void
test_labelled_names(void **state)
{
    static const struct want w[] = {
        {"TB skin test read 1mm for Kwame Hill dob 06-07-1992, referred",
         "TB skin test read 1mm for [PERSON] dob [DOB], referred"},
        {"tb skin test read 15mm for siobhan faith dob 2/25/1934, referred",
         "tb skin test read 15mm for [PERSON] dob [DOB], referred"},
        {"submitted via online form by j. flores (hope1775@outlook.com) from",
         "submitted via online form by [PERSON] ([EMAIL]) from"},
        {"Submitted via online form by KIMBERLY PRICE (yusuf7485@outlook.com) from",
         "Submitted via online form by [PERSON] ([EMAIL]) from"},
        /* a role's possessive, a place before "born", an agency before its address */
        {"Parent Jaquan Wright gave the child's D.O.B. 08/08/1983 for the referral.",
         "Parent [PERSON] gave the child's D.O.B. [DOB] for the referral."},
        {"Injured: Hodan J. Gutierrez, 3000 Ponce de Leon Ave NE, Kirkwood, born 9/25/1950.",
         "Injured: [PERSON], [ADDRESS] NE, Kirkwood, born [DOB]."},
        {"Contact HPD (hpd@nyc.gov) or Con Edison (x@coned.com).",
         "Contact HPD ([EMAIL]) or Con Edison ([EMAIL])."},
        /* a medical record number after its cue; a DOB complaint number is a record's */
        {"SW met with pt (MRN# 58535622), a 25 y/o",
         "SW met with pt (MRN# [CASE_NUMBER]), a 25 y/o"},
        {"seen today (med rec no. 33219425); stable",
         "seen today (med rec no. [CASE_NUMBER]); stable"},
        {"DOB Complaint #3012345 closed at 2 PM.", "DOB Complaint #3012345 closed at 2 PM."},
        /* a trade licence after its cue, four digits too; not a year, not without the sign */
        {"Site safety manager, LMP # 14033, not present.",
         "Site safety manager, LMP # [LICENSE], not present."},
        {"plumber (lic. no. 1762) did gas work", "plumber (lic. no. [LICENSE]) did gas work"},
        {"License no. 2023 renewal; license 4090 units; DL 1234",
         "License no. 2023 renewal; license 4090 units; DL 1234"},
    };

    (void)state;
    scrub_all(w, sizeof(w) / sizeof(w[0]));
}

/*
 * A known given name alone: after a lower-case word inside a sentence, after a verb
 * said to a person, before a modal; initials before any surname; a name with a suffix.
 * Not a place after a preposition, a pet, a car, a firm, a store or a school.
 */
static void
test_lone_names(void **state)
{
    static const struct want w[] = {
        {"SW helped Rajesh replace a lost ID.", "SW helped [PERSON] replace a lost ID."},
        {"Told Rajesh we hope to fix it.", "Told [PERSON] we hope to fix it."},
        {"TOLD BRIDGET WE HOPE TO FIX IT.", "TOLD [PERSON] WE HOPE TO FIX IT."},
        {"Ngozi will call back after 4 pm.", "[PERSON] will call back after 4 pm."},
        {"Public comment: A.H. Green of Cleveland spoke against it.",
         "Public comment: [PERSON] of Cleveland spoke against it."},
        {"GUY WISE III CLAIMS THE BIRDS ARE NOT HIS.", "[PERSON] CLAIMS THE BIRDS ARE NOT HIS."},
        {"Ranger escorted Rose Price Sr. out of the park at 9:20 AM.",
         "Ranger escorted [PERSON] out of the park at 9:20 AM."},
        /* look-alikes */
        {"Cameras at Ross checked; the Garfield stop is closed.",
         "Cameras at Ross checked; the Garfield stop is closed."},
        {"Vehicle is a Mercedes, odometer 11982 miles.",
         "Vehicle is a Mercedes, odometer 11982 miles."},
        {"Abandoned vehicle, no plates, black Lincoln on Washington Ave since July.",
         "Abandoned vehicle, no plates, black Lincoln on Washington Ave since July."},
        {"Dog named Rocky returned to owner; the dog Rocky will be inside.",
         "Dog named Rocky returned to owner; the dog Rocky will be inside."},
        {"Several residents spoke against the proposed Denny's drive-thru.",
         "Several residents spoke against the proposed Denny's drive-thru."},
        {"Low bidder Murphy & Sons Electric at $6,596,500.",
         "Low bidder Murphy & Sons Electric at $6,596,500."},
        {"Fight in the lot of the T.J. Maxx; U.S. Army recruiter present.",
         "Fight in the lot of the T.J. Maxx; U.S. Army recruiter present."},
        {"Child attends Jacobi, teacher reports absences.",
         "Child attends Jacobi, teacher reports absences."},
        {"site safety manager AT Ralph's WILL PRESERVE VIDEO.",
         "site safety manager AT Ralph's WILL PRESERVE VIDEO."},
        {"Lives at 12 A.H. Green St now.", "Lives at 12 A.H. Green St now."},
        /* casework's "Cx" (client); a given name that is a word, after a role, in
         * capitals, before a verb (not "YOUNG CHILDREN", not a street) */
        {"Cx Devika asked for a callback at noon.", "Cx [PERSON] asked for a callback at noon."},
        {"TENANT REPORTS SUPER DAWN ENTERED THE APT.",
         "TENANT REPORTS SUPER [PERSON] ENTERED THE APT."},
        {"SUPER WILL FIX IT. TENANT YOUNG CHILDREN PRESENT. SUPER HOPE ST BLDG CLOSED.",
         "SUPER WILL FIX IT. TENANT YOUNG CHILDREN PRESENT. SUPER HOPE ST BLDG CLOSED."},
        /* lower case: a name before "at" and a house number (the street is its address,
         * not its name); after "by" a given name and a frequent surname */
        {"my neighbor maeve castillo at 5785 Park Ave, Apt 21M",
         "my neighbor [PERSON] at [ADDRESS], [APARTMENT]"},
        {"reported by guerline richardson.", "reported by [PERSON]."},
        {"dog at the corner of smith rd and martin luther king jr blvd",
         "dog at the corner of smith rd and martin luther king jr blvd"},
        {"replaced by william street crew", "replaced by william street crew"},
        /* a known name before what a person does in a note; a firm's is not */
        {"Powell appealed on May 1; the appeal was denied.",
         "[PERSON] appealed on May 1; the appeal was denied."},
        {"Verizon called back; Con Ed called too.", "Verizon called back; Con Ed called too."},
        /* relatives with their ages; a name before "at" and its e-mail address */
        {"HH comp: Chinedu (son, 9), Amber (daughter, 4) -- Faxed 8 pages",
         "HH comp: [PERSON] (son, 9), [PERSON] (daughter, 4) -- Faxed 8 pages"},
        {"Emailed Tatiana at tatiana.h@outlook.com today", "Emailed [PERSON] at [EMAIL] today"},
        {"Contact Parks Dept at parks@x.gov or 311.", "Contact Parks Dept at [EMAIL] or 311."},
        /* "Surname, Given [M.]" before a verb, "of" or the clause's end */
        {"Tran, Aigerim signed in at noon.", "[PERSON] signed in at noon."},
        {"Public comment: LOVE, Mark F. of Glasgow spoke against it.",
         "Public comment: [PERSON] of Glasgow spoke against it."},
        {"HYDRANT AT W CAMELBACK RD OOS, CREW TO MARK IT.",
         "HYDRANT AT W CAMELBACK RD OOS, CREW TO MARK IT."},
        {"Offices in Jackson, Grace Ave and Austin, TX closed.",
         "Offices in Jackson, Grace Ave and Austin, TX closed."},
        {"Call HPD, Monday. NYPD, DOT and DSNY, Inc. notified.",
         "Call HPD, Monday. NYPD, DOT and DSNY, Inc. notified."},
    };

    (void)state;
    scrub_all(w, sizeof(w) / sizeof(w[0]));
}

/* Round 9: a full name again, and a role's given name and word-surname. */
static void
test_round9_names(void **state)
{
    static const struct want w[] = {
        /* the full name again, its short word too, in capitals without a verb */
        {"SUPT OF CONSTRUCTION MAEVE NG PRESENT. ELEVATOR OUT OF SERVICE; TENANT MAEVE NG, AGE 81",
         "SUPT OF CONSTRUCTION [PERSON] PRESENT. ELEVATOR OUT OF SERVICE; TENANT [PERSON], AGE 81"},
        /* not where the same words start a place */
        {"Tenant Rose Hill called. The bus stops at Rose Hill Blvd daily.",
         "Tenant [PERSON] called. The bus stops at Rose Hill Blvd daily."},
        /* a role, a known given name, a surname that is an English word */
        {"Custody order on file: father Frank Bear is not permitted to pick up Luis.",
         "Custody order on file: father [PERSON] is not permitted to pick up Luis."},
        {"Service terminated per Georgia Power procedure.",
         "Service terminated per Georgia Power procedure."},
        {"landlord Mark Twain Avenue Corp was served",
         "landlord Mark Twain Avenue Corp was served"},
        /* ... or a street word */
        {"Respondent Keisha Lane, a licensed driver, appeared.",
         "Respondent [PERSON], a licensed driver, appeared."},
        {"the tenant at Maple Lane said", "the tenant at Maple Lane said"},
        /* an acronym or a firm's camel-case word after "per" or "to" is no one's */
        {"GAS SERVICE OFF PER MLGW; EIGHT UNITS AFFECTED.",
         "GAS SERVICE OFF PER MLGW; EIGHT UNITS AFFECTED."},
        {"Raccoon released per CACC protocol.", "Raccoon released per CACC protocol."},
        {"Letter sent to SoCalGas Jul 12.", "Letter sent to SoCalGas Jul 12."},
        /* ... but short names of one vowel are names, and SUBJ is a role */
        {"ADVISED ZHEN TO CONTACT HPD.", "ADVISED [PERSON] TO CONTACT HPD."},
        {"INSPECTOR JING CHOWDHURY UNABLE TO GAIN ACCESS",
         "INSPECTOR [PERSON] UNABLE TO GAIN ACCESS"},
        {"tenant DeShawn Okafor called", "tenant [PERSON] called"},
        {"REQ 2ND UNIT, SUBJ YUSUF, FAADUMO COMBATIVE", "REQ 2ND UNIT, SUBJ [PERSON] COMBATIVE"},
        /* a vendor, a customer, a home health aide, a case planner are roles */
        {"re unpermitted vendor, vendor Krzysztof Wojcik showed NYS DL",
         "re unpermitted vendor, vendor [PERSON] showed NYS DL"},
        {"hha Precious Chen not showing up", "hha [PERSON] not showing up"},
        /* a name with no cue where a clause starts, then what a person does */
        {"Anil Menon posted a blight ticket; owner", "[PERSON] posted a blight ticket; owner"},
        {"ROSE SIMMONS OBSERVED PEELING PAINT", "[PERSON] OBSERVED PEELING PAINT"},
        {"Then Anil Menon posted it", "Then [PERSON] posted it"},
        {"CON ED BILL WENT UP TO $113.00", "CON ED BILL WENT UP TO $113.00"},
        {"Off-leash Jack Russell reported chasing geese",
         "Off-leash Jack Russell reported chasing geese"},
        {"Con Edison reported an outage", "Con Edison reported an outage"},
        /* LAST/FIRST after a role; not two words of a complaint */
        {"CB# CALLER BUTT/RABIA RE: ILLEGAL CONVERSION",
         "CB# CALLER [PERSON] RE: ILLEGAL CONVERSION"},
        {"vendor MORGAN/REGGIE showed DMV ID", "vendor [PERSON] showed DMV ID"},
        {"CALLER NOISE/MUSIC COMPLAINT", "CALLER NOISE/MUSIC COMPLAINT"},
        /* ", ID 9830" after a name is an identity number's label, not Idaho (the number is the
         * inspector's: a badge) */
        {"Inspector Maria Pacheco, ID 9830, attended", "Inspector [PERSON], ID [BADGE], attended"},
        {"lives in Boise, ID 83702 now", "lives in Boise, ID 83702 now"},
        /* a juror, a payer, a Canadian constable */
        {"Juror Dakota Jeffcoat excused", "Juror [PERSON] excused"},
        {"RELEASED ON AN UNDERTAKING BY CST. VERONIQUE BOUDREAU.",
         "RELEASED ON AN UNDERTAKING BY CST. [PERSON]."},
        /* an English word's ending on a word no table knows is no name */
        {"REFERRED TO PARKS RE UNPERMITTED VENDOR.", "REFERRED TO PARKS RE UNPERMITTED VENDOR."},
        {"Client referred by HPD's Anti-Harassment Unit.",
         "Client referred by HPD's Anti-Harassment Unit."},
        {"landlord Grant Street 12 units", "landlord Grant Street 12 units"},
    };

    (void)state;
    scrub_all(w, sizeof(w) / sizeof(w[0]));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mentions_again), cmocka_unit_test(test_list_items),
        cmocka_unit_test(test_labelled_names), cmocka_unit_test(test_lone_names),
        cmocka_unit_test(test_round9_names),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
