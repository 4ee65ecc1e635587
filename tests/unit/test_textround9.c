/*
 * test_textround9.c - the apartment rules of round 9 (units written as other cities and
 * quick typists write them: "aptmt 4C", glued floors "2FL REAR", "PARLOR FLOOR FRONT",
 * rooms someone lives in, "#209" after a street, "12j" after a street, "lower flat",
 * "coach house") and their look-alikes (a courtroom, a meeting room, a time after a
 * street, a living room before a code, a unit heater); police report numbers, which are
 * no bare SSNs; parcel numbers outside New York after their labels.
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

static void
test_round9_units(void **state)
{
    static const struct pos ap[] = {
        {"LEAD PAINT INSPECTION APTMT 12L, CHILD", "APTMT 12L"},
        {"who lives alone in aptmnt 7r, no heat", "aptmnt 7r"},
        {"leak from ceiling of 2FL REAR into the bathroom", "2FL REAR"},
        {"C/O LOUD MUSIC FROM 3FLR RIGHT AFTER 10 AM", "3FLR RIGHT"},
        {"the super entered 5FLOOR MIDDLE w/o notice", "5FLOOR MIDDLE"},
        {"SRO ROOMS IN PARLOR FLOOR FRONT: THREE", "PARLOR FLOOR FRONT"},
        {"of 1615 valentine ave top floor rear says heat", "top floor rear"},
        {"ILLEGAL OCCUPANCY RM 29 AND RM. 30, 10 BEDS", "RM 29"},
        {"Illegal occupancy Rm. 32 and RM 8C, 6 SRO rooms", "Rm. 32"},
        {"resp to submit lease for room 1C.", "room 1C"},
        {"a senior living alone in room 28, no elevator", "room 28"},
        {"neighbor at 3300 germantown ave, room 38, keeps", "room 38"},
        {"arrested at 2528 W. 79th St. #209 on a warrant", "#209"},
        {"TENANT OLENA BOYKO #1410 SAYS LANDLADY ENTERED", "#1410"},
        {"upstairs neighbor #310 stomping", "#310"},
        {"pt rocco russo 1775 canal st 12j; son visits", "12j"},
        {"HEAT COMPLAINT 1461 BOSTON RD, BRONX, 12H, TENANT", "12H"},
        {"pt W.S. Chen 2904 Delancey St bsmt., Article 81", "bsmt"},
        {"lives in the upper unit at 1075 E Van Buren St", "upper unit"},
        {"THE REAR HOUSE AT 9372 W LAWRENCE AVE IS", "REAR HOUSE"},
        {"at 84 S Prairie Ave, coach house; CHA voucher", "coach house"},
        {"CONTACT: GONZALEZ RUIZ/ELISEO 917 5552722 2G; ORDER NO. 2070", "2G"},
        {"CONTACT: SALEH/AYMAN 718-748-2446 x2323 1H", "1H"},
        {"O. 5472294: TENANT GENNADY THOMPSON 4-B SAYS CEILING CRACKED", "4-B"},
        {"Who Lives Alone In 13-K, No Heat", "13-K"},
        {"is renting out the BSMT to 10 people.", "BSMT"},
        {"Tenant CASEY CAUDILL, space 25, Desert Rose Mobile Home Comm", "space 25"},
        {"BAIL ADDRESS: SPACE 92, LAZY J TRAILER COURT.", "SPACE 92"},
        {"new address lot 47, 704 N. Red Bud Ct.", "lot 47"},
    };
    static const char *const ap_neg[] = {
        "Trial held in Room 691; decision reserved.",
        "Matter adjourned to May 10, Part L, Room 405. Respondent",
        "The meeting has been moved to conference room 4b at 3:37 pm",
        "Fire alarm pulled in Room 214 at 7:45 PM",
        "CLASS C VIOLATION ISSUED. LIVING ROOM 28 RCNY 25-101 REPAIR",
        "outreach canvass Guy R Brewer Blvd and Jackson Ave 1pm, ten people",
        "marcy ave x lincoln pl 11p, 4 men engaged",
        "at 350 5th Ave 5th floor",
        "123 Main St 10 units",
        "tenant called SR #311-01208153 today",
        "the rear unit heater is broken",
        "2FL REAR YARD",
        "the top floor north wall",
        "HV attempted 2024-06-25 9pm, no answer",
        "TENANT LOGS SHOW 60F AT 11A 11 WKS.",
        "water in bsmt since monday",
        "lot 5, 12 cars",
        "parking lot 3, then",
    };

    (void)state;
    run(ODP_DET_APARTMENT, ap, N(ap), ap_neg, N(ap_neg));
}

/* A police report's number after its label is the record's, not a bare SSN. */
static void
test_round9_records(void **state)
{
    static const struct pos ssn[] = {
        {"client ssn 078051120 on file", "078051120"},
        {"call 219099999 re benefits", "219099999"},
    };
    static const char *const ssn_neg[] = {
        "INCIDENT NO. 495639120 CLOSED, EXCEPTIONALLY CLEARED",
        "DR #221626453 CLOSED",
        "Report 495639120 generated",
        "RD 221626453 and",
    };

    (void)state;
    run(ODP_DET_SSN, ssn, N(ssn), ssn_neg, N(ssn_neg));
}

/* Parcel numbers as other counties write them, after their labels. */
static void
test_round9_parcels(void **state)
{
    static const struct pos bbl[] = {
        {"DANGEROUS BUILDING, PIN# 15305066550000, BUILT CIRCA 1965", "15305066550000"},
        {"PERMIT BLD2020-96463; PARCEL 11364709. REVIEWER", "11364709"},
        {"owner lives out of state, PARCEL 17311061.126, LIVES", "17311061.126"},
        {"590 E 131ST ST; PPN#130-02-530. C.O. 367.14", "130-02-530"},
        {"11520 TELEPHONE RD, HCAD #0425542640466; INSPECTION", "0425542640466"},
    };
    static const char *const bbl_neg[] = {
        "card PIN 1234 was changed",
        "PARCEL 2 OF 3 DELIVERED",
        "parcel weighing 11.5 lbs left at the door",
        "PPN 12 ISSUED",
    };

    (void)state;
    run(ODP_DET_BBL, bbl, N(bbl), bbl_neg, N(bbl_neg));
}

/* A house number and a street's name with no type, after "at", "to", "outside". */
static void
test_round9_bare_streets(void **state)
{
    static const struct pos ad[] = {
        {"Stray dog picked up at 94 S Indiana by ACO Rao", "94 S Indiana"},
        {"keyed her car outside 11968 S Hope.", "11968 S Hope"},
        {"RESPONDED TO 946 MILLBRANCH APT 3D FOR A DOMESTIC", "946 MILLBRANCH"},
        {"MET PROPERTY MANAGER AT 3236 VOLLINTINE; 5 UNITS", "3236 VOLLINTINE"},
        /* fresh15: streets in te reo Maori, Scottish and Tennessee types */
        {"who lives alone at 34 M\xc4\x81tai Road, unit C.", "34 M\xc4\x81tai Road"},
        {"locked out of 104 T\xc5\x8dtara Cres, Unit 8, Kawerau", "104 T\xc5\x8dtara Cres"},
        {"PARKED ON THE GRASS AT 19994 CANEY FORK PIKE, CROSSVILLE", "19994 CANEY FORK PIKE"},
        {"flat 3/1, 79 Braeside Gardens, Kilmarnock", "79 Braeside Gardens"},
    };
    static const char *const ad_neg[] = {
        "ADJOURNED TO 30 DAYS; FINE PAID",
        "CAME AT 10 PM; LEFT",
        "SENT TO 3 PEOPLE.",
        "INDOOR TEMP 38F AT 1830 HRS; OUTDOOR 59F",
        "HEAT RESTORED AT 2200 MONDAY; ORDER MAY BE DISMISSED",
        "Heat restored at 1105 Tues; ECB may be dismissed",
        "CONSTRUCTION NOISE PERMIT 10:30 TO 1AM THURS ONLY",
        "REFERRED TO 311 FOR FOLLOW UP",
        "sanitizer at 208 PPM.",
        "LOCK OUT FLAT 2A CHURCHILL GARDENS, DUSTIN WAITING",
        "visit the Botanic Gardens today",
    };

    (void)state;
    run(ODP_DET_ADDRESS, ad, N(ad), ad_neg, N(ad_neg));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round9_units),
        cmocka_unit_test(test_round9_records),
        cmocka_unit_test(test_round9_parcels),
        cmocka_unit_test(test_round9_bare_streets),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
