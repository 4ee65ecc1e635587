/*
 * test_textround7.c - the free-text detectors' round-7 rules (phones outside the North
 * American plan, grid, highway and rural addresses, postcodes, PO boxes, flats, lots,
 * parcel and building numbers outside New York, card and report numbers, signatures,
 * aliases, names in capitals) and their look-alikes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "detect.h"
#include "textdetect_util.h"

/* Round 7: phones outside the North American plan, grid, highway and fire-number
 * addresses, mobile-home lots, parcel and building numbers outside New York, card and
 * report numbers. */
static void
test_round7_shapes(void **state)
{
    static const struct pos ph[] = {
        {"flat 4, 127 Brixton Road, tel: 07631 398 114. Owner", "07631 398 114"},
        {"RP REQ CONTACT +44 7311 287426", "+44 7311 287426"},
        {"(grandmother), +44 (0)20 3400 0080.", "+44 (0)20 3400 0080"},
        {"belongs to Brendan W. Puckett, 07801 355233.", "07801 355233"},
        {"can be reached at +86 138 1693 2331. Client", "+86 138 1693 2331"},
        {"office (02) 9876 5432 after hours", "(02) 9876 5432"},
        {"mobile 0412 345 678 or", "0412 345 678"},
        {"texted from 07801355233 twice", "07801355233"},
        {"can be reached at cell: 297-9035 and requests", "297-9035"},
        {"call her at 921-3384 Observed raw eggs", "921-3384"},
        {"my number is 840-0094 Fee estimate", "840-0094"},
    };
    static const char *const ph_neg[] = {
        "report # 25-073527 filed; 598-9332 units", /* seven digits without a phone word */
        "card 2 4421 05397 5301 was declined",      /* groups of a longer number */
        "dated 01 12 2020 and paid 0.50",
        "job 0123456789 and ref 01.23.4567",
        "Complaint # 0412 345 678 closed",
        "call 311-5555 for the hotline",
        "temperature +12 at 0600 hours",
        "paid $0412 345 678",
    };
    static const struct pos ad[] = {
        {"he stated he is moving to 570 w 3300 s, baltimore", "570 w 3300 s"},
        {"last known address 1246 W 2500 S, APT 25E.", "1246 W 2500 S"},
        {"by my neighbor at 18872 Hwy 41.", "18872 Hwy 41"},
        {"visited 1828 Highway 101, Apt. 18K", "1828 Highway 101"},
        {"home kitchen at N2455 County Rd Q Apt 3037.", "N2455 County Rd Q"},
        {"DOG LOOSE IN ALLEY BEHIND N3703 COUNTY RD K", "N3703 COUNTY RD K"},
        {"home kitchen at W206N8831 Main St, Apt. 8.", "W206N8831 Main St"},
        {"lives at 2210 US-101 N", "2210 US-101"},
        {"moved to 44 State Route 9W last year", "44 State Route 9W"},
    };
    static const char *const ad_neg[] = {
        "Detour on route 98 due to construction",
        "took 3 Hwy 41 buses", /* a house on a highway has two digits or more */
        "12 N 2 S",
        "part N2455 was replaced",
        "the $1200 W 3300 S invoice",
    };
    static const struct pos ap[] = {
        {"lived at 18492 lincoln ave lot 73 for 2 years", "lot 73"},
        {"6059 MARTIN LUTHER KING JR DR, SP. 65.", "SP. 65"},
        {"at 125 Gene Autry Trl, space 96 for 8 years", "space 96"},
    };
    static const char *const ap_neg[] = {"the parking lot 3 was full", "lot 12 of block 4",
                                         "leave space 4 clear"};
    static const struct pos pa[] = {
        {"STRUCTURES SHARE ROLL NO. 1696-78-8-159-03306: THE FRONT", "1696-78-8-159-03306"},
        {"Two structures share PIN 25-35-619-213-0000: the front", "25-35-619-213-0000"},
        {"PROPERTY TAX ID 36-09-05-689-860 LIEN FOR UNPAID", "36-09-05-689-860"},
        {"records for Building ID # 9725405 at 1043 Boul.", "9725405"},
        {"THE FRONT HOUSE (STRUCTURE ID B5185680) AND", "B5185680"},
    };
    static const char *const pa_neg[] = {"your PIN 1234 is due", "roll 12 dice",
                                         "Building ID 12 was vacant", "pin 2024-05 report"};
    static const struct pos cs[] = {
        {"charged to card 2 7199 41835 0289.  Vandalism", "2 7199 41835 0289"},
        {"Library account (card 23630170072248) accessed", "23630170072248"},
        {"the crash report for report # 19-884562. I was", "19-884562"},
        {"my report number 25-572144. my number", "25-572144"},
    };
    static const char *const cs_neg[] = {
        "COMPLAINT REPORT 2023-036-72329.",        /* a record's report: not a person's */
        "address on blue card: 41-12 41st Rd, QN", /* a card's number has seven digits */
        ("will submit report. \xc2\xa7"
         "27-2022(a)"), /* (split: \xa7 followed by a digit would read as one escape) */
        "the 2023 report 2024 figures",
        "refund to card 4644 8930 8420 1237 per DOB", /* a payment card: the card detector's */
    };

    (void)state;
    run(ODP_DET_PHONE, ph, N(ph), ph_neg, N(ph_neg));
    run(ODP_DET_ADDRESS, ad, N(ad), ad_neg, N(ad_neg));
    run(ODP_DET_APARTMENT, ap, N(ap), ap_neg, N(ap_neg));
    run(ODP_DET_BBL, pa, N(pa), pa_neg, N(pa_neg));
    run(ODP_DET_CASE_NUMBER, cs, N(cs), cs_neg, N(cs_neg));
}

/* Round 7: signatures, aliases, names in capitals in mixed-case text. */
static void
test_round7_names(void **state)
{
    static const struct pos nm[] = {
        {"moved out in Jan.\n______________________\nJOANNA MAZUR", "JOANNA MAZUR"},
        {"Respectfully submitted, KWAME BOATENG", "KWAME BOATENG"},
        {"Sincerely,\nbracha teitelbaum\n511 Richmond Ter, apartment 2", "bracha teitelbaum"},
        {"THE SUPERINTENDENT, KNOWN TO ME ONLY AS \"KATYA\", REMOVED", "KATYA"},
        {"the officers called him \"Junior\", which is his nickname", "Junior"},
        {"Reviewed by AGNIESZKA KRAWCZYK (Community Associate).", "AGNIESZKA KRAWCZYK"},
        {"Public comment: IBRAHIM, Mariam - opposes", "IBRAHIM, Mariam"},
        /* roles of schools, councils and parks outside New York; Arabic articles */
        {"SRO Banks #50233 responded and took a report", "Banks"},
        {"Cllr Reddy called the meeting to order", "Reddy"},
        {"Patron Brayden Al-Masri disputed $20 in fines", "Brayden Al-Masri"},
        {"Reviewer Haddad requested structural calcs", "Haddad"},
        /* a known name alone before a denial or a report verb */
        {"left a door hanger. Svetlana was not home.", "Svetlana"},
        {"the tenant upstairs, Tiffany stated the rent", "Tiffany"},
        /* a surname in capitals and an initial; notes' authors; relatives; messages */
        {"Name change HERNÁNDEZ, E to Hope Tanaka per", "HERNÁNDEZ, E"},
        {"Note entered by K.S.. // CW EXPLAINED", "K.S."},
        {"home visit. Clarence (mother) present", "Clarence"},
        {"Left voicemail for loretta at H: 402-675-8133", "loretta"},
        /* court shorthand; a name and the sex and race a police report writes after it */
        {"RESP MARK DIALLO APPEARED W/ COUNSEL", "MARK DIALLO"},
        {"petr Peggy De la Rosa, resp Deborah Chowdhury", "Peggy De la Rosa"},
        {"on scene Tariq Mensah M/B 25 was arrested", "Tariq Mensah"},
        {"the light fixture, Mark upstairs in apt 18H wont open", "Mark"},
        /* casework shorthand; a known name in capitals before what befell it */
        {"HV: mom Teddy, bf Joy, and 11 kids present.", "Teddy"},
        {"CPS Shmuel made unannounced visit", "Shmuel"},
        {"lm for destiny to call back re: fact finding", "destiny"},
        {"AT 280 WALTON AVE; HARPREET WAS AIDED AND REMOVED", "HARPREET"},
        /* lower case: an initial and a surname after a role, a name before speech */
        {"-- permit holder r. tanaka. -- ll152", "r. tanaka"},
        {"no call back. peggy said she would let us in", "peggy"},
        {"Magistrate Kealoha recused; case reassigned", "Kealoha"},
        /* two given names joined by "and" before a verb; a baby named in a visit */
        {"every nite, Dale and Darnell tried knocking.", "Dale"},
        {"home visit, baby Yulia, wt 11.5 lb.", "Yulia"},
    };
    static const char *const nm_neg[] = {
        "the area known as Hunts Point",
        "the building known as \"The Towers\" was sold",
        "The NYPD ESU and FDNY EMS units responded",
        "Call ACS CARES at the number",
        "Plans submitted, Con Edison approved",
        "report to HPD DAMIEN unit",
        "THE SRO UNITS AT 123 MAIN ST",
        "DC Water crews flushed the main",
        "the AP Style guide says",
        "services at Masjid Al-Noor today",
        "Recyc was not picked up again",
        "no gas since 9/7 Con Ed says its the landlord",
        "Mgmt reported the leak",
        "per HPD, E side of bldg",
        "The Bronx (borough) office",
        "Left message for Building Manager",
        "the subject property at the corner",
        "SUSPECT DESCRIBED AS M/B 5'10",
        "Quad Ave M/B corner",
        "Smoke in apt 3 again",
        "THE BOILER WAS REMOVED",
        "Referred to Urban Justice Center for legal help",
        "no gas since 10/8/23, con ed says its the landlord",
        "see p. 12 of the report",
        "Magistrate Court hearing set",
        "Parks was notified",
        "CPS Worker assigned",
        "the Super in apt 1 said",
    };

    (void)state;
    run(ODP_DET_PERSON_NAME, nm, N(nm), nm_neg, N(nm_neg));
}

/* Round 7, second part: postcodes, PO boxes, British flats, plates and licences, an
 * ambulance's patient care report, illnesses, breeds and hospitals that are no one. */
static void
test_round7_places(void **state)
{
    static const struct pos ad[] = {
        {"injured in Leeds LS7 4DL, d.o.b. 26/6/95", "LS7 4DL"},
        {"lives in Bristol, BS2 2LR with grandmother", "BS2 2LR"},
        {"Parkdale, M4X 2C4 reports her car", "M4X 2C4"},
        {"Dublin D14 R8F2 today", "D14 R8F2"},
        {"Re-sent to Royal Patterson, P.O. Box 5229, Marietta.", "P.O. Box 5229"},
        {"Owner Sparrow, Ivy, Box 6099, Grays Ferry.", "Box 6099"},
        {"HV to RR 7 Box 290, 4 adults in home", "RR 7 Box 290"},
        {"responded to Rural Route 4 Box 12, Kalamazoo", "Rural Route 4 Box 12"},
    };
    static const char *const ad_neg[] = {"the PS3 2XX console", "box 12 of 40 was empty",
                                         "see page 7 box 12", "route A1 to the coast", "QV1 2AA"};
    static const struct pos ap[] = {
        {"Tenant in flat B says no heat for 2 days", "flat B"},
        {"TENANT IN FLAT 1/1 SAYS NO HEAT", "FLAT 1/1"},
        {"Injured: Brittany Petrosyan, flat 49, 156 Mill Lane", "flat 49"},
    };
    static const char *const ap_neg[] = {"a flat 20% fee", "flat 3 days", "the flat roof leaks",
                                         "a flat tyre at 4"};
    static const struct pos pl[] = {
        {"Inoperable gold Ford Transit (VRM LD64 YRJ) on blocks", "LD64 YRJ"},
        {"green Ford Fiesta, reg FR20 YBH on blocks", "FR20 YBH"},
    };
    static const struct pos li[] = {
        {"found a wallet w/ DVLA licence CASTI802214LR9JH belonging to", "CASTI802214LR9JH"},
    };
    static const struct pos cs[] = {
        {"ePR: 56013113 completed; pt transported", "56013113"},
        {"Student Khalid N. Boateng (SID 25774025) was involved", "25774025"},
        {"LCS ID 7270934 closed. NI number BG 54 38 62 A. Client", "BG 54 38 62 A"},
    };
    static const char *const cs_neg[] = {"Run #F24363937. Engine 16 cancelled",
                                         "GO 12 34 56 A today"};
    static const char *const nm_neg[] = {
        "Pt has hx of Parkinson's and Alzheimer's; meds include Coumadin",
        "hx Lyme disease and Huntington's disease. Pt's daughter",
        "Client takes Benadryl for Hodgkin lymphoma, out of refills",
        "Loose Australian Shepherd running in traffic",
        "Student reported a Shih Tzu loose on the field",
        "pt transported to Harborview w/o incident.",
    };
    static const struct pos nm[] = {{"Mr. Parkinson's car was towed", "Parkinson's"}};

    (void)state;
    run(ODP_DET_ADDRESS, ad, N(ad), ad_neg, N(ad_neg));
    run(ODP_DET_APARTMENT, ap, N(ap), ap_neg, N(ap_neg));
    run(ODP_DET_PLATE, pl, N(pl), NULL, 0);
    run(ODP_DET_LICENSE, li, N(li), NULL, 0);
    run(ODP_DET_CASE_NUMBER, cs, N(cs), cs_neg, N(cs_neg));
    run(ODP_DET_PERSON_NAME, nm, N(nm), nm_neg, N(nm_neg));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round7_shapes),
        cmocka_unit_test(test_round7_names),
        cmocka_unit_test(test_round7_places),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
