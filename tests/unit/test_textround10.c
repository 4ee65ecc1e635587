/*
 * test_textround10.c - round 10's person numbers in running text: a worker's, an
 * inmate's or a poll worker's number after their name and a '#' ("(Emp #11767)", "I/M
 * Boateng, Glen #SO913449"), a number right after a rank and a name ("Capt. Sue
 * Hovhannisyan 8465 investigated"), letter-led badge numbers ("#C9483"), member, health
 * card, voter and tax file numbers after their labels; and their look-alikes (a P.O.
 * box, an engine company, a time after a rank, a phone after a social worker).
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
test_round10_badges(void **state)
{
    static const struct pos bd[] = {
        {"Volunteer Heather Villasenor (Emp #11767) reports patron", "11767"},
        {"Sub driver D. Lane (Employee No. 00248612) CDL checked", "00248612"},
        {"Poll worker Gareth Stroud (ID#4134) at the curbside lane", "4134"},
        {"unit 1695 Rte 34: driver Tomasz Huynh (drv #77520) reports", "77520"},
        {"Security called 2:05p; Officer Jean-Baptiste #C9483 responded", "C9483"},
        {"MEDIC O DONAILL (ID #E5503) SUSTAINED A CRUSH INJURY", "E5503"},
        {"Officer M. Ochoa (#S1989) cited vehicle", "S1989"},
        {"blade in the dayroom; Cpl. Adaeze del Valle #36460. Pat search", "36460"},
        {"I/M Boateng, Glen #SO913449 in the dayroom refused", "SO913449"},
        {"Capt. Sue Hovhannisyan 8465 investigated; origin the", "8465"},
        {"1400 hours: Cpl. D. Dimaculangan C8237 observed I/M Papadakis", "C8237"},
        {"FF M. Love 3068 investigated; origin the kitchen", "3068"},
        {"to complain about the officer with #99814, who towed her car", "99814"},
        {"2023 7:10am -- Sgt. M. Rahman 1008 cited vehicle ON plate", "1008"},
        {"Volunteer Rangi Benavides (EID 75219) reports patron", "75219"},
        {"Poll worker Thuy Ouellet (PW ID 3518) at the curbside lane", "3518"},
        {"EE T. Jean-Baptiste (EE #30544) reports a burn", "30544"},
        {"a razor blade in Pod C; Lt. Petrenko (badge K6796).", "K6796"},
    };
    static const char *const bd_neg[] = {
        "OWNER HUNTER IYER, P.O. BOX 651.",
        "Re-sent to Sonny Choi, P.O. Box 9389.",
        "FOOT CHASE EB ON MYRTLE AVE EMS TO PS 146, ENGINE 21 RESPONDING",
        "RESPONDED W/ CAPT. MITCHELL, ENGINE 295",
        "SECTOR 43 SUPERVISOR NOTIFIED AT 1152. SCENE HELD",
        "Collateral contact: Zhi Hao Lam, school social worker, (201) 718-4478.",
        "Capt. Ruiz 1400 hours: scene cleared",
        "Officer Lee 2023 annual review done",
        "Sgt. Lee 1998 was a good year",
        "Incident logged under Chancellor's Reg. A-832; no injuries.",
        "Driver Dale (Bus #1234) late",
        "Member ID MFV058490135. CAD #2982655 cleared 0112 hrs",
    };

    (void)state;
    run(ODP_DET_BADGE, bd, N(bd), bd_neg, N(bd_neg));
}

static void
test_round10_person_numbers(void **state)
{
    static const struct pos cn[] = {
        {"pt Will Chaudhry, SS# 747-75-8101, Member ID LBY479754392. -- Cause", "LBY479754392"},
        {"SSN: 525727665, MEMBER ID 186251545425. MVC AT CHESTNUT", "186251545425"},
        {"pt Joy Bhattacharya, PHN 6288-107-747-EC. Dispatched as 9-E-1", "6288-107-747-EC"},
        {"Voter HOVHANNISYAN, DONG-HYUN, registrant ID 000605619136, DOB", "000605619136"},
        {"Inmate Navdeep Manalo (I/M #797516) seen for tooth pain", "797516"},
        {"NCP Taras Petrenko, TFN: 225 711 552, last known", "225 711 552"},
        {"Booked Oct 10 1642 hrs: FIFITA, MEREANA G, BK# 2020255355, born", "2020255355"},
        {"CASE WITH CODE ENFORCEMENT, VOUCHER # T-721407, TENANT", "T-721407"},
        {"Maricela Trujillo, Medicare 2619 13510 3. Per Local Law", "2619 13510 3"},
    };
    static const char *const cn_neg[] = {
        "7 members present, quorum established at 2:30 PM",
        "Board member since 2019 spoke first",
    };

    (void)state;
    run(ODP_DET_CASE_NUMBER, cn, N(cn), cn_neg, N(cn_neg));
}

/* A name signed where a sentence starts, then a way to reach the person or the end. */
static void
test_round10_signed_names(void **state)
{
    static const struct pos nm[] = {
        {"for $57 each. Please refund. Radu Mbatha", "Radu Mbatha"},
        {"all code enforcement history. Kalinda Iwu, kiwu@me.com - records", "Kalinda Iwu"},
        {"AGAIN ON FRIDAY AT 12:05. LORCAN CADOGAN PH: (718) 917-7956", "LORCAN CADOGAN"},
        {"to renew my lease, is that legal? Olumide Kariuki, #5E", "Olumide Kariuki"},
        {"no gas since 05/16/2024. olumide takahashi 3478869651", "olumide takahashi"},
        {"the meters still don't work. - Thanh Lafleur, Apt. 41", "Thanh Lafleur"},
        {"Apt 22M, Valdosta, by Dep. Trujillo. Summer Reading kickoff", "Trujillo"},
        {"blade in the dayroom; Cpl. Adaeze del Valle #36460", "Adaeze del Valle"},
        {"NARCAN 4 MG IN GIVEN AT 00:40. /S/ ADAEZE KEANE", "ADAEZE KEANE"},
        {"chg 720 ILCS 5/12-3.2. /s/ Wiremu Mbeki", "Wiremu Mbeki"},
        {"CONTRABAND LOGGED. I/M MACAPAGAL REQUESTS VISIT", "MACAPAGAL"},
        {"T/C w/ EE Tamsin re claim # WC-19-916050;", "Tamsin"},
        {"CDL checked by dispatcher Ngozi. Mother", "Ngozi"},
        {"FM Ashby cites owner of BBL 18666", "Ashby"},
        {"Const. Tuilagi stopped rego 140HMY for", "Tuilagi"},
        {"FILED HP ACTION M. DUONG V. DAKOTA J. ROSENBERG, DOCKET", "M. DUONG"},
        {"hurt on august 20th. Yevgeny Gallagher, 917 555 0191 plus", "Yevgeny Gallagher"},
        {"THE CITY HOLDS ABOUT ME, ULRIKE ODUYA, SSN: 838-95 7922, TO", "ULRIKE ODUYA"},
        {"OW case # 4145007, dariusz eberhardt, Birthdate: 11/14/51.", "dariusz eberhardt"},
        {"Board Docket 20-48692: barber OUELLET, APRIL (license # 639427)", "OUELLET"},
    };
    static const char *const nm_neg[] = {
        "Please call. Housing Court, 212-555-0100",
        "Thanks for nothing. Best Regards",
        "Visit us. Jiffy Lube, 555-0100",
        "Noise again. Code Enforcement, Apt. 4 still loud",
        "Called Dog Warden Service for pickup of 28 kittens",
        "BROWN WATER FROM FAUCETS PER TENANTS. DEP REFERRAL.",
        "corrected: see \xc2\xa7 27-2046.1 ADM CODE, replace the sash",
        "Ref. Code Enforcement, 27-2046.1 applies",
    };

    (void)state;
    run(ODP_DET_PERSON_NAME, nm, N(nm), nm_neg, N(nm_neg));
}

/* Units, plates, licences and addresses as other countries and quick typists write them. */
static void
test_round10_units_plates(void **state)
{
    static const struct pos ap[] = {
        {"No heat or hot water in apt11J since 11/11/2024. Landlord", "apt11J"},
        {"he is 2 years old Apt5 343 Logan Rd Geelong", "Apt5"},
        {"filed against my address 672 Rideau st Unit1F since 10/13/2025", "Unit1F"},
        {"through 13 October 2025. jacinta long, Flat E10", "Flat E10"},
        {"deposit of 4,450, i moved out of flat40 on 04/07/2022. my new", "flat40"},
    };
    static const char *const ap_neg[] = {
        "the Unit2000 model was recalled",
        "water pooling on the flat roof",
    };
    static const struct pos pl[] = {
        {"the towing record for my vehicle plate 3FW 8ZV, towed from", "3FW 8ZV"},
        {"the license was in the car! plate ZA5 89K. 613.413.1853", "ZA5 89K"},
        {"Car rego KBG013 parked in the study room", "KBG013"},
        {"or 555-0177. Car plates BVK 9AA parked in the fire lane", "BVK 9AA"},
        {"licence no. SITU9659023NG9SY, vehicle VRN BR68 ZVD; 2 patients", "BR68 ZVD"},
        {"There is also a car, registration no. TN-69-G-0378, that is", "TN-69-G-0378"},
        {"a maroon station wagon with reg. 241-C-19762, on 18 January", "241-C-19762"},
    };
    static const char *const pl_neg[] = {
        "the plate 12 and 13 were broken",
        "the car was RED 4X4 truck",
    };
    static const struct pos lc[] = {
        {"my car without my driving licence no. BNWYM0432069RA9GM and the", "BNWYM0432069RA9GM"},
    };
    static const struct pos ad[] = {
        {"he is 2 years old. 4/357 Sydney Rd.", "4/357 Sydney Rd."},
        {"REINSPECTION 5/23 BLDG 2251 DELANCEY ST, BIN", "2251 DELANCEY ST"},
        {"Leilani Kapoor - 7782-A Sutphin Boulevard, Apt. 11, SI", "7782-A Sutphin Boulevard"},
        {"Rahel da Silva - Flat 46, 87 Priory Close", "87 Priory Close"},
        {"out of the back alley at 3880 avenue du Parc", "3880 avenue du Parc"},
        {"city hall regarding 1662 kingsway, from january 24", "1662 kingsway"},
        {"As the owner of 3331 SE 91st (PIN 19-23-141-071-0000)", "3331 SE 91st"},
        {"practice in the garage at 438 45th every Friday", "438 45th"},
    };
    static const char *const ad_neg[] = {
        "stopped HI tag 2WDU905 for following Bus 90 too close on Ironwood Road",
        "without a warrant on May 15 2022 near Hamilton Fish Park. Complainant",
        "lock out apt. 11-F Nickerson Gardens, kayla waiting in the lobby",
        "two computers down in the teen room from 04:30 unitl close.",
        "hey holly its yesenia from 1530 sheridan llc and i paid",
        "Fines of 634 euro paid w/ card",
        "sent 3 via Email",
        "the 3 rue crossing",
        "for 3 people",
        "would permit 91 units in a building of 9 storeys, together with",
    };
    static const struct pos sn[] = {
        {"my landlord is asking for my ni no. np 16 55 65 a and licence", "np 16 55 65 a"},
    };
    static const struct pos bd[] = {
        {"records of PCSO Urquhart (shoulder no. 60344) regarding", "60344"},
        {"arresting officer was PCSO Dominguez collar no. 63829. My name", "63829"},
        {"Constable Qureshi (Buckle No. 4516) attended, but", "4516"},
        {"OFFICER: CONSTABLE MARGARET BAKER, QID 22982S DATE", "22982S"},
    };
    static const struct pos ph[] = {
        {"please ring our out-of-hours line on 022-2742 7810.  Yours", "022-2742 7810"},
        {"my direct line is 04-555 0031.  Sincerely", "04-555 0031"},
        {"Phone: (011) 555-0177 Address of problem", "(011) 555-0177"},
    };
    static const char *const ph_neg[] = {
        "line 4 of the form 012-345 6789 reads",
        "the 04-555 0031 batch was shipped",
    };

    (void)state;
    run(ODP_DET_APARTMENT, ap, N(ap), ap_neg, N(ap_neg));
    run(ODP_DET_PLATE, pl, N(pl), pl_neg, N(pl_neg));
    run(ODP_DET_LICENSE, lc, N(lc), NULL, 0);
    run(ODP_DET_ADDRESS, ad, N(ad), ad_neg, N(ad_neg));
    run(ODP_DET_CASE_NUMBER, sn, N(sn), NULL, 0);
    run(ODP_DET_BADGE, bd, N(bd), NULL, 0);
    run(ODP_DET_PHONE, ph, N(ph), ph_neg, N(ph_neg));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round10_badges),
        cmocka_unit_test(test_round10_person_numbers),
        cmocka_unit_test(test_round10_signed_names),
        cmocka_unit_test(test_round10_units_plates),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
