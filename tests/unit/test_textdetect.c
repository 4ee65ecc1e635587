/*
 * test_textdetect.c - the free-text detectors (person names in running text,
 * apartments, case numbers, birth dates, plates, badges, licences and BBL/BIN after a
 * cue), look-alike folding, the detector registry and `detect: [all]` through scrub.
 *
 * Positive rows give a sentence and the exact bytes the detector must find in it;
 * negative rows are look-alikes in which it must find nothing.
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

#include "textdetect_util.h"

/* ------------------------------------------------------------------ person names */

static const struct pos name_pos[] = {
    {"Caller Mr. Khaled Eze reports the noise.", "Khaled Eze"},
    {"Petitioner's attorney, Mrs. Saleh-Nakashima-Reyes, submitted photos.",
     "Saleh-Nakashima-Reyes"},
    {"INSPECTOR KAREN HOSSAIN FOUND THE SIDEWALK SHED UNLIT.", "KAREN HOSSAIN"},
    {"SUMMONS SERVED BY PO RAJAPAKSA, SHIELD #56851.", "RAJAPAKSA"},
    {"Worker T. Mkrtchyan at ACS can be reached.", "T. Mkrtchyan"},
    {"TENANT HARRIS, MAHMUDUL STATES THE ROOF LEAKS.", "HARRIS, MAHMUDUL"},
    {"DOB INSPECTOR NASSER, A SHIELD 9319 ISSUED AN ORDER.", "NASSER, A"},
    {"Complainant Hernandez, Oksana can be reached at home.", "Hernandez, Oksana"},
    {"Tenant Jamal H. Przybylski of apt 27 testified.", "Jamal H. Przybylski"},
    {"Mailing address: c/o Samira Przybylski, 961 86th St.", "Samira Przybylski"},
    {"Called Tamika back, no answer.", "Tamika"},
    {"Spoke with Zbigniew at the shelter.", "Zbigniew"},
    {"Respondent Maria O'Neil-Garcia appeared.", "Maria O'Neil-Garcia"},
    {"Insp. Tahmina Quiñones found the sidewalk shed unlit.", "Tahmina Quiñones"},
    {"OWNER LINDA SMITH FAILED TO FILE.", "LINDA SMITH"},
    {"Summons served on Agnieszka Schwartz by Insp. Khan.", "Agnieszka Schwartz"},
    {"Index No. 12345/2019: petitioner Gulnara Horvath v. Kamrul Mensah.", "Gulnara Horvath"},
    {"Det. Ruiz responded.", "Ruiz"},
    {"Landlord Ms Tran refuses repairs.", "Tran"},
    {"The super, Fatoumata Thompson, refuses to repair the wall.", "Fatoumata Thompson"},
    {"Complainant advised that Maria Wong moved out in April.", "Maria Wong"},
    {"Respondent ROSENBERG, N appeared by agent.", "ROSENBERG, N"},
    {"Owner Svetlana Park reports the leak.", "Svetlana Park"},
    {"per Kwame Boateng the heat is off", "Kwame Boateng"},
};

static const char *const name_neg[] = {
    "Will re-inspect on Monday.",
    "Mark the area with cones until DOT arrives.",
    "Rats seen near the Park entrance on Clinton St.",
    "Water rose in the cellar in March.",
    "The Department of Housing Preservation and Development inspected the conditions.",
    "Street light out on Jackson Ave since Thursday.",
    "Sidewalk shed unlit on Malcolm X Blvd; Frederick Douglass Blvd closed.",
    "Hearing held in Staten Island on Sunday.",
    "Complaint referred to NYPD and HPD in Manhattan.",
    "TREE LIMB REMOVED BY PARKS ON HENRY ST.",
    "VIOLATIONS WERE ISSUED. DEP CLEANED THE CATCH BASIN ON RALPH AVE.",
    "3811 Fairfax Dr, Arlington, VA 22203, USA",
    "Street sign at 1st Rd and N Fillmore is leaning.",
    "The Police Department responded to the complaint.",
    "You may grant access in May; we hope to sue.",
    "Faith-based group visited on Tuesday.",
    "Replacement of existing antennas and RRH units; ALT 1 application.",
    "Con Edison and Verizon crews on site.",
    "HEAT COMPLAINT: INDOOR TEMPERATURE 63 DEGREES AT 2 PM.",
    "Exhaust and Vent Systems in Plenums and Ducts",
};

static void
test_names_text(void **state)
{
    (void)state;
    run(ODP_DET_PERSON_NAME, name_pos, N(name_pos), name_neg, N(name_neg));
}

/* ------------------------------------------------------------------ apartments */

static const struct pos apt_pos[] = {
    {"FIRE ESCAPE WINDOW IN APT 14D AT 2150 AMSTERDAM AVE.", "APT 14D"},
    {"moved out of apartment 6-G in February.", "apartment 6-G"},
    {"at 862 Kings Hwy, APT. 28. Client", "APT. 28"},
    {"orts the neighbor in Apt#15A has 3 dogs", "Apt#15A"},
    {"leak in unit 3R since May", "unit 3R"},
    {"at 50 Avenue J, #19E.", "#19E"},
    {"at 68 Jerome Ave, #15.", "#15"},
    {"VACATE ORDER ISSUED FOR PH-B AT 139-65 QUEENS BLVD.", "PH-B"},
    {"TENANT TAHMINA FERRARO, 4TH FL FRONT, REPORTS", "4TH FL FRONT"},
    {"observed lead-based paint in 2nd floor rear, 2nd room from north", "2nd floor rear"},
    {"2nd room from north at apt 4B", "apt 4B"},
    {"Suite 12 is vacant", "Suite 12"},
    {"apartment 12-C", "apartment 12-C"},
    {"Apt 14 J has no heat", "Apt 14 J"},
    {"Apt. No. 5F, north wall", "Apt. No. 5F"},
    {"in PHD at the top floor", "PHD"},
    {"in unit C5 at 42 Main St", "unit C5"},
    {"apt 3 Rear", "apt 3 Rear"},
    {"APT B8, REPORTS", "APT B8"},
    {"Apartment #2", "Apartment #2"},
};

static const char *const apt_neg[] = {
    "3RD STORY, 2ND ROOM FROM NORTH, NORTH WALL",
    "4th floor north wall cracked",
    "2nd floor rear yard is full of debris",
    "Order #584 issued",
    "Shield #9839 at 2:20pm",
    "Job #123456789 filed",
    "Complaint #3012345 closed",
    "Inspector Lin #9532 observed",
    "2 units affected",
    "apartment building on the block",
    "PHONE CALL AT 5 PM",
    "OWNER PADRAIG PHAM FAILED TO FILE",
    "Local Law #11 filing",
    "the unit is vacant",
    "Violation #12345678 certified",
    "ph#718-555-0101",
    "Apt is vacant",
    "ECB # 12345 paid",
    "5 stories, 3 units",
    "rear yard, public hall",
};

static void
test_apartment(void **state)
{
    (void)state;
    run(ODP_DET_APARTMENT, apt_pos, N(apt_pos), apt_neg, N(apt_neg));
}

/* ------------------------------------------------------------------ case numbers */

static const struct pos case_pos[] = {
    {"on file, Index No. 51682/2018.", "51682/2018"},
    {"VERIFIED WITH HRA; CASE #6980976.", "6980976"},
    {"on file, Docket 2013-CV-469713.", "2013-CV-469713"},
    {"HRA case no. 197581413E.", "197581413E"},
    {"L&T #98973/13. Respondent", "98973/13"},
    {"L & T No. 12345/21", "12345/21"},
    {"filed LT-012345-21/BX in housing court", "LT-012345-21/BX"},
    {"Medicaid CIN AB12345C verified", "AB12345C"},
    {"ACS case ID 4455667", "4455667"},
    {"index number 654321/2020", "654321/2020"},
    {"INDEX NO. 33963/2017", "33963/2017"},
    {"petition 12345/2019 adjourned", "12345/2019"},
    {"matter 2019-CV-001234 adjourned", "2019-CV-001234"},
    {"see 23456/2021 for the decision", "23456/2021"},
    {"client ID 99887766", "99887766"},
    {"Dkt. 1234-22", "1234-22"},
    {"case number 7777777", "7777777"},
    {"court case 2020-LT-55555", "2020-LT-55555"},
    {"fair hearing 1234567X", "1234567X"},
    {"claim no. 12345678", "12345678"},
};

static const char *const case_neg[] = {
    "Job #123456789 filed",
    "Complaint #3012345 closed",
    "SR 311-12345678 closed",
    "Violation #12345678 certified",
    "in this case 2 units",
    "LL11/98 filing",
    "Local Law 11 of 2019",
    "3/14/2023 inspection",
    "HMC 27-2005 cited",
    "1/2 of the wall",
    "NOV 123456 issued",
    "ECB violation 12345678K",
    "case closed on 2019-04-05",
    "Order #780",
    "$1,250.00 paid",
    "24/7 service",
    "§27-2029",
    "28-105.1",
    "BIN 1012345",
    "the case 123",
};

static void
test_case_number(void **state)
{
    (void)state;
    run(ODP_DET_CASE_NUMBER, case_pos, N(case_pos), case_neg, N(case_neg));
}

/* ------------------------------------------------------------------ dob */

static const struct pos dob_pos[] = {
    {"Client Guadalupe Okonkwo, DOB 11/18/1987, Index", "11/18/1987"},
    {"Caller gave DOB: 2/22/91 to verify", "2/22/91"},
    {"age 16 (DOB 2008-12-19), testified", "2008-12-19"},
    {"license no. 127852829; born March 8, 1978.", "March 8, 1978"},
    {"date of birth: 28-Aug-1980) at", "28-Aug-1980"},
    {"Kofi Friedman (d.o.b. 10-18-1939) at", "10-18-1939"},
    {"D.O.B. 01-23-1966; CHILD", "01-23-1966"},
    {"born on July 4th, 1962 in Queens", "July 4th, 1962"},
    {"b. 3/4/1990", "3/4/1990"},
    {"date of birth is 14 March 1987", "14 March 1987"},
    {"DOB 14-Mar-1987", "14-Mar-1987"},
    {"DOB: 4/7/90", "4/7/90"},
    {"birth date 1990.04.07", "1990.04.07"},
    {"DOB Mar. 14 1987", "Mar. 14 1987"},
    {"born the 14th of March, 1987", "the 14th of March, 1987"},
    {"DOB 04-07-1990", "04-07-1990"},
    {"birthdate 12/31/1999", "12/31/1999"},
    {"(DOB 1/1/2001)", "1/1/2001"},
    {"born 02/29/2000", "02/29/2000"},
    {"DOB=7/4/62", "7/4/62"},
};

static const char *const dob_neg[] = {
    "Complaint referred to DOB on 08/15/2025 at 22:40 hrs.",
    "DOB inspected on 03/14/2023",
    "Inspection on 03/14/2023",
    "Hearing March 14, 2023",
    "DOB 13/45/1987",
    "born 02/29/2001",
    "DOB job 123456789",
    "permit issued 2023-03-14",
    "the 14th of March",
    "DOB FINE $34.00",
    "DOB 1987",
    "age 34",
    "DOB inspector Lin",
    "adjourned to 4/7/90",
    "DOB 311-1234",
    "born in 1990",
    "DOB NOV 12345",
    "DOB 12/12",
    "DOB violation 3/4/2020",
    "date 3/4/1990",
};

static void
test_dob(void **state)
{
    (void)state;
    run(ODP_DET_DOB, dob_pos, N(dob_pos), dob_neg, N(dob_neg));
}

/* ------------------------------------------------------------------ plates */

static const struct pos plate_pos[] = {
    {"Abandoned vehicle plate JLZ6404 on Ralph Ave", "JLZ6404"},
    {"VEHICLE NY PLATE T723121C PARKED", "T723121C"},
    {"vehicle plate# PDE 0990 parked", "PDE 0990"},
    {"VEHICLE PFW-9352 PARKED IN THE DRIVEWAY", "PFW-9352"},
    {"the vehicle bearing XWX-1287.", "XWX-1287"},
    {"NJ tag D12-ABC seen", "D12-ABC"},
    {"plates 94521MB", "94521MB"},
    {"lic plate HXP 4419 towed", "HXP 4419"},
    {"license plate GHJ4821", "GHJ4821"},
    {"tag # ABC1234", "ABC1234"},
    {"car ABC-1234 blocking", "ABC-1234"},
    {"PA plate KXY9922", "KXY9922"},
    {"registration 7YTR221", "7YTR221"},
    {"plate 12345", "12345"},
    {"truck 54321JX", "54321JX"},
    {"TLC plate T123456C", "T123456C"},
    {"plate no. AB 1234", "AB 1234"},
    {"vehicle with plate LHQ4763 has been", "LHQ4763"},
    {"ABC-1234 double parked", "ABC-1234"},
    {"van plate 8GHT723", "8GHT723"},
};

static const char *const plate_neg[] = {
    "vehicle 2 units",
    "2 vehicles towed",
    "plate glass window",
    "NOV 123456",
    "Job #123456789",
    "car 12345",
    "SR 311-12345678",
    "vehicle blocking hydrant",
    "plate 12",
    "HMC 27-2005",
    "ECB violation 12345678K",
    "Local Law 11",
    "at 5 PM",
    "BC 1005.3",
    "vehicle at 123 Main St",
    "30 gallons",
    "plate number unknown",
    "tag along",
    "PS 123",
    "the van at 10:30am",
};

static void
test_plate(void **state)
{
    (void)state;
    run(ODP_DET_PLATE, plate_pos, N(plate_pos), plate_neg, N(plate_neg));
}

/* ------------------------------------------------------------------ badges */

static const struct pos badge_pos[] = {
    {"by Inspector Lin #9532 at 5:20pm", "9532"},
    {"BY PO RAJAPAKSA, SHIELD #56851.", "56851"},
    {"A BADGE 61673 ISSUED", "61673"},
    {"O BADGE NO. 10425 ISSUED", "10425"},
    {"SHIELD 9319 ISSUED", "9319"},
    {"Shield #9466 issued", "9466"},
    {"PO Nguyen #4521 responded", "4521"},
    {"Tax Reg. 943210 on file", "943210"},
    {"Officer Cheng #6273, the vehicle", "6273"},
    {"Det. Ruiz, shield no. 1234", "1234"},
    {"badge number 5555", "5555"},
    {"Sgt. Diaz # 3321 arrived", "3321"},
    {"tax registry no. 912345", "912345"},
    {"Inspector Nelson Khan #2457 observed", "2457"},
    {"shield 778", "778"},
    {"Badge #12345", "12345"},
    {"P.O. Lopez #8812", "8812"},
    {"Capt. Wu #2211", "2211"},
    {"Marshal Diaz #551 served", "551"},
    {"detective Ng #33445", "33445"},
};

static const char *const badge_neg[] = {
    "Order #584 issued",
    "Complaint #3012345",
    "Job #123456789",
    "Violation #12345678",
    "apt #4",
    "Local Law #11",
    "at 9532 Main St",
    "shield installed",
    "badge reader broken",
    "NOV 123456",
    "#5F",
    "Inspector arrived at 10",
    "Officer responded at 5",
    "police 911 call",
    "Shield #12",
    "PS #123",
    "SR #311-12345678",
    "Insp. Lin arrived 9532 days ago",
    "the 4521 bus",
    "badge",
};

static void
test_badge(void **state)
{
    (void)state;
    run(ODP_DET_BADGE, badge_pos, N(badge_pos), badge_neg, N(badge_neg));
}

/* ------------------------------------------------------------------ licences */

static const struct pos lic_pos[] = {
    {"FOREMAN TIGRAN LI PRESENTED DL 225 168 833. BOILER", "225 168 833"},
    {"identified by license no. 127852829; born", "127852829"},
    {"produced NYS DL# 224580970 and proof", "224580970"},
    {"driver's license 123-456-789", "123-456-789"},
    {"NYS ID 987654321", "987654321"},
    {"DMV ID no. 111222333", "111222333"},
    {"driver license A1234567", "A1234567"},
    {"DL: 123456789", "123456789"},
    {"licence 7654321", "7654321"},
    {"lic no 554433", "554433"},
    {"drivers lic. 999888777", "999888777"},
    {"NJ DL S12345678901234", "S12345678901234"},
    {"D.L. 321 654 987", "321 654 987"},
    {"state ID 123 456 789", "123 456 789"},
    {"photo ID 445566778", "445566778"},
    {"license # 1234567-DCA", "1234567-DCA"},
    {"DL 777 888 999 and", "777 888 999"},
    {"non driver id 123456789", "123456789"},
    {"license number 24681357", "24681357"},
    {"Lic 12345 on file", "12345"},
};

static const char *const lic_neg[] = {
    "licensed plumber on site",
    "license expired",
    "DL",
    "Job #123456789",
    "12345 and 23456",
    "ID 1234",
    "license 12",
    "violation ID 123456789",
    "permit 123456789",
    "NOV 123456789",
    "DL pending",
    "SR 311-12345678",
    "license plate",
    "HMC 27-2005",
    "DLL 12345",
    "at 123 Main St",
    "Local Law 11",
    "licence fee $25",
    "DOB 12345",
    "2 licences",
};

static void
test_license_text(void **state)
{
    (void)state;
    run(ODP_DET_LICENSE, lic_pos, N(lic_pos), lic_neg, N(lic_neg));
}

/* ------------------------------------------------------------------ bbl / bin */

static const struct pos bbl_pos[] = {
    {"billed to BBL 2011980004. RCNY", "2011980004"},
    {"BBL: 2-10942-0076: 4 VIOLATIONS", "2-10942-0076"},
    {"PROPERTY 1-10084-0085, BIN", "1-10084-0085"},
    {"BUILDING BIN# 5731369, 2-10", "5731369"},
    {"61-36 JAMAICA AVE, BIN: 3588242; VEHICLE", "3588242"},
    {"1ST STORY, BIN 3564534, NO WORK", "3564534"},
    {"B/B/L 2/03456/0078", "2/03456/0078"},
    {"BBL 3 05678 0012 cited", "3 05678 0012"},
    {"BIN-3012345 cited", "3012345"},
    {"Building Identification Number 1012345", "1012345"},
    {"bbl# 4073784636", "4073784636"},
    {"borough block lot 1000230056", "1000230056"},
    {"BBL no. 5012340001", "5012340001"},
    {"bin no. 2012345", "2012345"},
    {"BIN:4075404", "4075404"},
    {"tax lot 3-01234-0012", "3-01234-0012"},
    {"bldg id 4123456", "4123456"},
    {"(BBL 1012340056)", "1012340056"},
    {"BBL-1012340056 cited", "1012340056"},
    {"BIN 1234567.", "1234567"},
};

static const char *const bbl_neg[] = {
    "Complaint #3012345 closed",
    "Job #123456789",
    "SR 311-12345678",
    "BIN 9012345",
    "BBL 6012340056",
    "bin 12345",
    "trash bin full",
    "BBL pending",
    "1012340056",
    "3012345",
    "BIN 12345678",
    "NOV 1234567",
    "BBL 12-34",
    "Order #7801234",
    "ph 7185550123",
    "BIN and BBL",
    "bin 1234567890",
    "BBL 101234005",
    "Violation #12345678",
    "LL97 of 2019",
};

static void
test_bbl_text(void **state)
{
    (void)state;
    run(ODP_DET_BBL, bbl_pos, N(bbl_pos), bbl_neg, N(bbl_neg));
}

/* ------------------------------------------------------------------ scrub, all, look-alikes */

/* Shapes an independent corpus (fresh2) showed passing through, each with look-alikes. */
static void
test_fresh2_shapes(void **state)
{
    static const struct pos f2_apt[] = {
        {"mold in bsmt apt making my son sick", "bsmt apt"},
        {"SMOKE COND FROM GARDEN APARTMENT, FDNY", "GARDEN APARTMENT"},
        {"ACCESS TO TOP-FLOOR APT VIA SUPER", "TOP-FLOOR APT"},
        {"FIRE ESCAPE OF APT. PH, TENANT", "APT. PH"},
        {"no heat in apt ph since sunday", "apt ph"},
        {"GAINED ACCESS TO 4TH FL REAR LEFT VIA SUPER", "4TH FL REAR LEFT"},
        {"listed as occupant of #309. Stay through", "#309"},
        {"RESIDES IN #217 MOTHER ZHANG", "#217"},
    };
    static const char *const f2_apt_neg[] = {
        "Complaint #2359025 closed, conditions corrected",
        "Order #6994 may be dismissed",
        "water in the basement of the building",
        "the top floor was vacant",
        "apt phone number on file",
        "sent to #311 for review",
    };
    static const struct pos f2_bbl[] = {
        {"PROPERTY BBL 2-1900-171, BIN NO. 2665317", "2-1900-171"},
        {"Property Boro-Block-Lot 2-3414-1291, BIN", "2-3414-1291"},
    };
    static const char *const f2_bbl_neg[] = {"Job 2-1900-171 filed", "BBL 6-1900-171",
                                             "BBL 2-190000-171"};
    static const struct pos f2_ssn[] = {{"Soc. Sec. 293/25/3583 on file", "293/25/3583"}};
    static const char *const f2_ssn_neg[] = {"inspected 12/25/2019 at noon", "ratio 293/25 only"};
    static const struct pos f2_dob[] = {
        {"(date of birth 090742) still has keys", "090742"},
        {"D/O/B 11031978, RESIDES", "11031978"},
    };
    static const char *const f2_dob_neg[] = {"(date of birth 139942) still", "job 090742 filed",
                                             "DOB 11031878, resides"};
    static const struct pos f2_lic[] = {
        {"Identity verified with NJ DL B2272 89655 46988; SS#", "B2272 89655 46988"},
        {"verified with NYSDL 160-236-966; social", "160-236-966"},
    };
    static const char *const f2_lic_neg[] = {"B2272 89655 46988 parts in stock"};
    static const struct pos f2_badge[] = {
        {"records of Paramedic Byrne #15706. Stay", "15706"},
        {"LT. ELENI GEORGIOU (BDG 81903) ON SCENE", "81903"},
        {"BASEMENT -- SH#233171 RESPONDED W/", "233171"},
    };
    static const char *const f2_badge_neg[] = {"a wash 1234 cycle", "ROOM #233171 CLEANED"};
    static const struct pos f2_ip[] = {
        {"PLANS UPLOADED FROM IP: 2001:0937:F1EA:AD07:F60D:F859:30FF:195D:8080 BY",
         "2001:0937:F1EA:AD07:F60D:F859:30FF:195D"},
    };
    static const char *const f2_ip_neg[] = {"at 10:30:45 today", "ratio 1:2:3:4:5:6:7:8:9"};
    static const struct pos f2_phone[] = {{"Unit 9R, CB# (973)-522-7140.", "(973)-522-7140"}};
    static const char *const f2_phone_neg[] = {"see CB 12 minutes", "Complaint #2125550123 closed"};
    static const struct pos f2_plate[] = {
        {"van lp nbl 6187 parked", "nbl 6187"},
        {"ISSUED SUMMONS, LP XBD 6525 CALLER", "XBD 6525"},
    };
    static const char *const f2_plate_neg[] = {"van the 6187", "car abc 1234"};

    (void)state;
    run(ODP_DET_APARTMENT, f2_apt, N(f2_apt), f2_apt_neg, N(f2_apt_neg));
    run(ODP_DET_BBL, f2_bbl, N(f2_bbl), f2_bbl_neg, N(f2_bbl_neg));
    run(ODP_DET_SSN, f2_ssn, N(f2_ssn), f2_ssn_neg, N(f2_ssn_neg));
    run(ODP_DET_DOB, f2_dob, N(f2_dob), f2_dob_neg, N(f2_dob_neg));
    run(ODP_DET_LICENSE, f2_lic, N(f2_lic), f2_lic_neg, N(f2_lic_neg));
    run(ODP_DET_BADGE, f2_badge, N(f2_badge), f2_badge_neg, N(f2_badge_neg));
    run(ODP_DET_IP, f2_ip, N(f2_ip), f2_ip_neg, N(f2_ip_neg));
    run(ODP_DET_PHONE, f2_phone, N(f2_phone), f2_phone_neg, N(f2_phone_neg));
    run(ODP_DET_PLATE, f2_plate, N(f2_plate), f2_plate_neg, N(f2_plate_neg));
}

/* Shapes a third independent corpus (fresh3: Chicago, LA, Seattle, Boston conventions)
 * showed passing through, each with look-alikes. */
static void
test_fresh3_shapes(void **state)
{
    static const struct pos f3_case[] = {
        {"FOR PROCESSING. ARREST #K21915642.", "K21915642"},
        {"PROCESSING. BOOKING # 23-020681 OFC", "23-020681"},
        {"FOR PROCESSING. C.B. NO. 93571071.", "93571071"},
        {"Eviction Case # 19 CR 2126695: defendant", "19 CR 2126695"},
        {"court date on Case No. 2024 OP 50983 is", "2024 OP 50983"},
        {"enrolled at Madison Park HS; Student ID 450251.", "450251"},
        {"Index No. 12345/2019 filed", "12345/2019"},
        {"WAS PROCESSED. NYSID# 82288208S. CHARGED", "82288208S"},
    };
    static const char *const f3_case_neg[] = {"15 COMPLAINTS IN 2019 YEAR",
                                              "ARRESTED 19 CR OFFENDERS", "Case 12 closed"};
    static const struct pos f3_badge[] = {
        {"OFC. ABDULOV (#7237) OBSERVED", "7237"},
        {"Officer YUSUPOVA serial 287954 TRANSPORTED", "287954"},
        {"OFFICER HALL, STAR 20987. IR NO.", "20987"},
        {"OFC. HADDAD (ID #47109) OBSERVED", "47109"},
    };
    static const char *const f3_badge_neg[] = {"gold star 1234 award", "Item #4521 sold",
                                               "serial 287954 of the boiler"};
    static const struct pos f3_lic[] = {
        {"DRIVER PRODUCED CA ID D1861167 AND REG", "D1861167"},
        {"DRIVER D.V. ESPOSITO, CDL P5857739, CITED", "P5857739"},
        {"DRIVER ZHANNA BAUTISTA, OL# S90746571, CITED", "S90746571"},
        {"DRIVER MENSAH, DL# WDLRWK193HK6, CITED", "WDLRWK193HK6"},
    };
    static const char *const f3_lic_neg[] = {"LIC# ABCDEFGHIJKL pending", "CA ID card lost"};
    static const struct pos f3_plate[] = {
        {"TICKET FOR PLATES 7PKM 617 (CA), STATES", "7PKM 617"},
        {"REG FOR PLT# 842 BVC; SUMMONS", "842 BVC"},
        {"abandoned RV WA C12725L on James St", "C12725L"},
    };
    static const char *const f3_plate_neg[] = {"plate 12 parked", "car on 5th Ave 123"};
    static const struct pos f3_apt[] = {
        {"FOUND ON FLOOR OF APT 1FRONT, GROUND FLOOR", "APT 1FRONT"},
        {"UNIT # 1REAR STATES NO HEAT", "UNIT # 1REAR"},
        {"FOUND ON FLOOR OF 2nd fl frnt, 2nd floor", "2nd fl frnt"},
        /* fresh4: HPD's position of a unit, and "in 4C" after a person */
        {"IN THE FOYER LOCATED AT 16TH STORY, 2ND APARTMENT FROM NORTH.",
         "16TH STORY, 2ND APARTMENT FROM NORTH"},
        {"LOCATED AT 9TH STORY, 2ND APARTMENT FROM WEST AT NORTH",
         "9TH STORY, 2ND APARTMENT FROM WEST AT NORTH"},
        {"My neighbor Miss Rose in 4C also has", "4C"},
    };
    static const char *const f3_apt_neg[] = {
        "APT 3FRONTAGE ROAD", "the front of the building", "THE 2ND APARTMENT FROM THE STAIRS",
        "THE VIOLATION IS IN THE 2ND APARTMENT", "printed in 3D at the lab"};
    static const struct pos f3_phone[] = {
        {"contact Dolores 818 - 450 - 1948.", "818 - 450 - 1948"}};
    static const char *const f3_phone_neg[] = {"call 818 - 450-1948 now",
                                               "PCN 7123981327 ISSUED AT 0150 HRS"};
    static const struct pos f3_card[] = {
        {"CHARGES ON CARD ACCT 6011 0230 5416 1910; SUSPECT", "6011 0230 5416 1910"}};
    static const char *const f3_card_neg[] = {"ACCOUNT 6011 0230 5416 1910 closed"};
    static const char *const f3_ssn_neg[] = {"CITATION 544492121 ISSUED AT 0150 HRS"};
    static const struct pos f3_mail[] = {
        {"CONTRACTOR (LILDEE47 @ SBCGLOBAL.NET) FILED", "LILDEE47 @ SBCGLOBAL.NET"}};
    static const char *const f3_mail_neg[] = {"meet @ 5 pm at the office"};
    static const struct pos f3_dob[] = {
        {"DEFENDANT T. ABDULLAH, B/D 03-JUN-1960, INDEX", "03-JUN-1960"}};
    static const char *const f3_dob_neg[] = {"BLDG B/D 2019 permit"};

    (void)state;
    run(ODP_DET_CASE_NUMBER, f3_case, N(f3_case), f3_case_neg, N(f3_case_neg));
    run(ODP_DET_BADGE, f3_badge, N(f3_badge), f3_badge_neg, N(f3_badge_neg));
    run(ODP_DET_LICENSE, f3_lic, N(f3_lic), f3_lic_neg, N(f3_lic_neg));
    run(ODP_DET_PLATE, f3_plate, N(f3_plate), f3_plate_neg, N(f3_plate_neg));
    run(ODP_DET_APARTMENT, f3_apt, N(f3_apt), f3_apt_neg, N(f3_apt_neg));
    run(ODP_DET_PHONE, f3_phone, N(f3_phone), f3_phone_neg, N(f3_phone_neg));
    run(ODP_DET_CREDIT_CARD, f3_card, N(f3_card), f3_card_neg, N(f3_card_neg));
    run(ODP_DET_SSN, NULL, 0, f3_ssn_neg, N(f3_ssn_neg));
    run(ODP_DET_EMAIL, f3_mail, N(f3_mail), f3_mail_neg, N(f3_mail_neg));
    run(ODP_DET_DOB, f3_dob, N(f3_dob), f3_dob_neg, N(f3_dob_neg));
}

/* Person names an independent corpus (fresh2) showed passing through, and look-alikes. */
static void
test_fresh2_names(void **state)
{
    static const struct pos nm[] = {
        {"owner esther teitelbaum failed to certify", "esther teitelbaum"},
        {"maria lopez called again about the heat", "maria lopez"},
        {"Supervisor Wood approved grant of $875", "Wood"},
        {"gained access via super Rose; 5 violations", "Rose"},
        {"Respondent Guy Waters resides in the rear", "Guy Waters"},
        {"LEAD PAINT: MOTHER ROSE LITTLE, PH: 631 697-3419", "ROSE LITTLE"},
        {"ANON CALLER REPORTS KARIMOV FAMILY IN UNIT 9-A", "KARIMOV"},
        {"Docket #2019RI727525 JOSEPH, MIRLANDE — order to show cause", "JOSEPH, MIRLANDE"},
        {"tenants of #5 v. owner BROOKS, DAWN; 11 violations", "BROOKS, DAWN"},
        {"we met J. Smith today", "J. Smith"},
        {"DOMESTIC: RP C. DORVAL, ALLEGED", "C. DORVAL"},
        {"KNOWN TO CALLER AS DENISE, LIVES IN 3RD FL", "DENISE"},
        {"EMT Nguyen-Tran Shield # 39120 ON SCENE", "Nguyen-Tran"},
        /* a frequent surname that is an English word, then a given name */
        {"Smith, John, Jr", "Smith, John"},
        /* fresh3: a middle initial with its dot, in capitals and in lower case */
        {"WARRANT CHECK ON ABENA K. CHOI, DATE OF BIRTH", "ABENA K. CHOI"},
        {"OBSERVED JOY H. SANTOS W/F/49 OPERATING", "JOY H. SANTOS"},
        {"Client tanvir d. mayfield provided SSN#", "tanvir d. mayfield"},
        /* a frequent surname after a role in capitals, then a verb */
        {"COMPLAINANT WASHINGTON DISPUTES SCOPE.", "WASHINGTON"},
        /* capitals of Latin Extended-A */
        {"DRIVER Milagros \xc4\x90or\xc4\x91"
         "evi\xc4\x87 PRODUCED CA ID",
         "Milagros \xc4\x90or\xc4\x91"
         "evi\xc4\x87"},
        /* the role word before a name is not part of it; a hyphenated surname ends it */
        {"PIC IMRAN ABIODUN-WRIGHT COUNSELED.", "IMRAN ABIODUN-WRIGHT"},
        {"caller sukhwinder pham dob oct. 21", "sukhwinder pham"},
        /* fresh4: e-mail headers, greetings, sign-offs, voicemail, a title in lower case */
        {"From: Levan Beridze <levan_beridze@harborview.com>", "Levan Beridze"},
        {"Dear Donna,\nPlease see the attached", "Donna"},
        {"Best regards,\nRahim Esposito | Case Manager", "Rahim Esposito"},
        {"hi um this is gloria calling from the building", "gloria"},
        {"my neighbor mr o'sullivan is also having", "o'sullivan"},
        {"Witness Hye-jin Baek of 94 41 Rd", "Hye-jin Baek"},
        /* a given name with an age after it, or after "call" */
        {"Client reports Jiayi (44) is staying with her", "Jiayi"},
        {"Call Linh tel: (332) 531-7660", "Linh"},
    };
    static const char *const nm_neg[] = {
        "garbage not picked up on adam clayton powell jr blvd. for 5 weeks",
        "the foster family and the host family",
        "NYPD, FDNY and HPD responded",
        "i will call the super tomorrow",
        "the tenant will pay rent",
        "OWNER WILL REPAIR THE BOILER",
        "ISSUED AT 4 P.M. NEIGHBOR REPORTS EXCAVATION",
        "SUBJ ID'D VIA DL 911",
        "PERP DESC M/H/39 FLED",
        "the super keeps coming into my apartment",
        "TENANT YOUNG CHILDREN PRESENT",
        "OWNER LONG ISLAND RAIL ROAD",
        "item a. white paint on the wall",
        "caller reports loud music",
        /* fresh3: a business or a school named after a person is a place */
        "plate removed to Abdul Halal Meats; registered owner notified",
        "roach in soup at Anna's Taqueria on Dorchester Avenue",
        "Client's son enrolled at Harlan HS; CPS ID pending",
        /* fresh4 look-alikes */
        "Dear Sir or Madam, my apartment",
        "Best,\nThe Housing Team",
        "hi this is unacceptable",
        "See Section (12) of the code",
        "call back tomorrow about the boiler",
        "The contractor Greenway Pest Control may need access",
        "Tenant lives in Glen Oaks-Floral Park area",
    };

    (void)state;
    run(ODP_DET_PERSON_NAME, nm, N(nm), nm_neg, N(nm_neg));
}

/* Round 6: names written with what real text puts around them (fresh5-fresh7). */
static void
test_round6_names(void **state)
{
    static const struct pos nm[] = {
        /* a surname that is also a common word, after an honorific or a name */
        {"Client states landlord Dr. Day refused", "Day"},
        {"THE LANDLORD MR. KATZ IS BUILDING AN EXTRA FLOOR", "KATZ"},
        {"RESPONDENT'S SON, ANDRE WALL (BORN JUN 9 1996)", "ANDRE WALL"},
        {"THE OWNER, RAKIB RICH, WAS NOTIFIED", "RAKIB RICH"},
        {"OPERATED BY NUSRAT KING.", "NUSRAT KING"},
        {"COMPLAINANT R. GREEN (917) STATES DEMO", "R. GREEN"},
        /* particles */
        {"Spouse Milagros De la Cruz, DOB", "Milagros De la Cruz"},
        {"REF SR 311-24115373. CALLER DE JES\xc3\x9aS IN APT#8B", "DE JES\xc3\x9aS"},
        /* a state code that is also a word is no place without a ZIP or a clause end */
        {"HPD SPOKE WITH THE TENANT, MR ASANTE, IN APT 3-E", "ASANTE"},
        /* signatures, "name given", "my name is" with a month-named given name */
        {"Please contact me at the number above. - Gurpreet Dhillon", "Gurpreet Dhillon"},
        {"pls call me back thx - lance", "lance"},
        {"Name given: Babacar Eze. Customer reports", "Babacar Eze"},
        {"My name is April Brown, Apt 2K", "April Brown"},
        {"Respondent April McCarthy, DL 123", "April McCarthy"},
        /* initials after a role; a name before an age, a phone or the unit */
        {"CW W.F. met w/ Rania at Jacobi", "W.F."},
        {"Client reports Erick (50 years old) from 4B", "Erick"},
        {"RAJESH (917) 555-1234 BROWN WATER", "RAJESH"},
        {"luz from apt 8a keeps leaving trash", "luz"},
        {"the landlord kowalski says he will not fix it", "kowalski"},
        {"CALLED JOHN SMITH BACK AT 2 PM", "JOHN SMITH"},
        /* fresh6, fresh7: nicknames, two unknown words in capitals after "by", names
         * called at a line's start, possessives before a relation, speech, staff */
        {"Custody order on file: Tou \"Tank\" Patel may NOT pick up Lucia.", "Tou \"Tank\" Patel"},
        {"FOOD HANDLER CARDS ON FILE FOR JIAN 'LIL MAN' PHAM (EXP. 11/02/2024)",
         "JIAN 'LIL MAN' PHAM"},
        {"PAYMENT OF $445.58 MADE BY NIMCO WARSAME VIA CARD", "NIMCO WARSAME"},
        {"Subject: rent overcharge\n\nArjun,\n\nThank you for your patience", "Arjun"},
        {"Hi team,\n\nTomasz, can you pull the inspection", "Tomasz"},
        {"Cormac's mother reported that her son", "Cormac's"},
        {"Then Gurpreet told the super to turn off", "Gurpreet"},
        {"Staff Shirin and Sharon were observed", "Shirin"},
        {"An unlicensed assistant, identified only as Serhiy, was caring", "Serhiy"},
        {"yelling at my wife Mehwish. The landlord", "Mehwish"},
        {"Owner Tou \xe2\x80\x9cTank\xe2\x80\x9d Patel may not",
         "Tou \xe2\x80\x9cTank\xe2\x80\x9d Patel"},
        {"the handwriting of Juliana, whose son signs", "Juliana"},
        /* fresh8: a role, then "is named"; signatures, refunds, permit holders, friends */
        {"no permit posted, foreman is named njoroge", "njoroge"},
        {"SELF-CERT REJECTED, SIGNATURE OF CAMARA, QUANG DOES NOT MATCH", "CAMARA, QUANG"},
        {"REQUEST FOR REFUND TO GRANT MANALO, 184 1/2 ROGERS AV", "GRANT MANALO"},
        {"PERMIT HOLDER RUSSO, DAWN (2186 CHURCH AVE.) FAILED", "RUSSO, DAWN"},
        {"The complainant's friend, Dilnoza, was also in the car", "Dilnoza"},
        {"EMERGENCY REPAIR: PLUMBER MAY MACARAEG PRESENT", "MAY MACARAEG"},
        {"Tenant April Okafor was present", "April Okafor"},
    };
    static const char *const nm_neg[] = {
        "Ocean Dr. The tenant said the heat is off",
        "PERP FLED IN A WHITE VAN BEARING NY PLATE",
        "EMT Do REQ ADDL UNITS AT SCENE",
        "inspection reports for P.S. 54 Hillside",
        "per U.S. law the owner must file",
        "BIN # 1234567 B-B-L 1-01234-0012 REF",
        "CALLBACK 917-555-1234 NO ANSWER",
        "Temp inside is 52 deg. I'm in apt 4",
        "He moved to Gary, IN 46402 last year",
        "the tenant from apt 3 said the boiler is out",
        "kids from apt 4 are loud",
        "Request closed - Department of Sanitation",
        "hi um this is about the boiler",
        "the \"Big Apple\" Circus is in town",
        "REFERRED FOR REPPAIR RPAPL 711(2)",
        "Petitioner's attorney filed the motion",
        "Client referred to HRA for CityFHEPS. Docs received.",
        "Yes, can you send the form",
        "Brooklyn, who knows why",
        "Bldg. Dept. said no",
        "the handwriting of Juliana, whoa",
        "the handwriting of Juliana, who",
        "a box marked \"\" Fragile here",
        "CLIENT IS YOUNG AND HAS NO INCOME",
        "the tenant is elderly and lives alone",
        "TENANT MAY NOT PAY THE RENT",
        "OWNER MAY CERTIFY CORRECTION BY 08/08/2024",
    };

    (void)state;
    run(ODP_DET_PERSON_NAME, nm, N(nm), nm_neg, N(nm_neg));
}

/* Round 6: numbers after cues outside New York (fresh6), and places that look like people. */
static void
test_round6_shapes(void **state)
{
    static const struct pos cs[] = {
        {"estimated charges; acct no. 276 928 938 1. Usage", "276 928 938 1"},
        {"HOLDER PARK, J // ACCT 2082848451 // CB", "2082848451"},
        {"Acct # 867-550-8970-2 // CB", "867-550-8970-2"},
        {"$575.46 charged to patron ID P1289957. Program", "P1289957"},
        {"ACCESS FOR ASHOT (BARCODE 23108499262506) ACCESSED", "23108499262506"},
        {"COULD NOT VERIFY SIN: 628 260 444.", "628 260 444"},
        {"LISTED SIN# 241-705-211 AND CELL", "241-705-211"},
        {"COULD NOT VERIFY NI NO. WM198773C.", "WM198773C"},
        {"my crime reference number 75/527344/21. my", "75/527344/21"},
        /* NYC: Housing Part actions, ACS and DHS client numbers */
        {"Litigation: HP # HP 9901/18 vs owner", "9901/18"},
        {"HP ACTION HP NO. HP-002215-19/BK FILED BY", "HP-002215-19/BK"},
        {"ACS #26414508 opened; CPS assigned", "26414508"},
        {"to the shelter; DHS ID# C4933523. Client", "C4933523"},
    };
    static const char *const cs_neg[] = {
        "charges on card acct 3782 822463 10005; suspect", /* a card: the card detector's */
        "CALLED FROM C/B +1 410 555 0190 REQUESTING",
        "enrolled in SNAP eligibility, 2022 to present",
        "sin agua 3 dias",
        "BOILER RATED 5 HP 1234 UNITS",
    };
    static const char *const nm_neg[] = {
        "Inspection of 6 units at 10300 BLK Hank Aaron Dr on Monday",
        "The library hours at Douglass Branch were cut",
        "Pit bull mix named Zeus bit a neighbor's cat",
        "VEHICLE DESCRIBED AS A DK BLUE CHEVY SILVERADO BEARING WI PLATES",
        "inoperable grey 2004 Kia Sorento with expired registration",
        "Behavior referral entered per TDSB Policy P051.",
    };
    static const struct pos nm[] = {
        {"el landlord no quiere arreglar nada. mr. goins dice que es mi culpa.", "goins"},
        {"Owner Kim Branch signed the lease", "Kim Branch"},
    };
    static const char *const addr_neg[] = {"Inspection of 6 units at 10300 BLK Hank Aaron Dr"};

    (void)state;
    run(ODP_DET_CASE_NUMBER, cs, N(cs), cs_neg, N(cs_neg));
    run(ODP_DET_PERSON_NAME, nm, N(nm), nm_neg, N(nm_neg));
    run(ODP_DET_ADDRESS, NULL, 0, addr_neg, N(addr_neg));
}

static void
scrub_is(struct odp_scrub *sc, const char *in, const char *want)
{
    struct odp_buf b;
    struct odp_field f;
    struct odp_err err;

    odp_err_clear(&err);
    odp_buf_init(&b, 1u << 16);
    assert_true(odp_scrub_apply(sc, in, strlen(in), &b, &f, &err) >= 0);
    if (f.len != strlen(want) || memcmp(f.p, want, f.len) != 0) {
        print_error("scrub [%s]\n  got  [%.*s]\n  want [%s]\n", in, (int)f.len, f.p, want);
        fail();
    }
    odp_buf_release(&b);
}

static void
test_scrub_all(void **state)
{
    struct odp_colrule rule;
    struct odp_scrub *sc;
    struct odp_err err;

    (void)state;
    memset(&rule, 0, sizeof(rule));
    rule.name = "resolution_description";
    rule.action = ODP_ACT_SCRUB;
    rule.detect_mask = odp_detectors_all();
    rule.ndetect = odp_detectors_all_order(rule.detect_order, sizeof(rule.detect_order));
    assert_int_equal(rule.ndetect, ODP_DET__COUNT - 1); /* all but date */
    assert_int_equal(rule.detect_mask & (1u << ODP_DET_DATE), 0);
    odp_err_clear(&err);
    sc = odp_scrub_new(&rule, &err);
    assert_non_null(sc);
    scrub_is(sc, "Tenant Maria Okafor, Apt 4B, DOB 03/14/1987, called 718-555-0101x12.",
             "Tenant [PERSON], [APARTMENT], DOB [DOB], called [PHONE].");
    /* event dates, code sections, money, times, record numbers and agencies survive */
    scrub_is(sc,
             "HPD inspected on 03/14/2023 at 7 PM under HMC 27-2005; $ 611 under PL; "
             "Job #123456789; Complaint #3012345; SR 311-12345678.",
             "HPD inspected on 03/14/2023 at 7 PM under HMC 27-2005; $ 611 under PL; "
             "Job #123456789; Complaint #3012345; SR 311-12345678.");
    /* HPD form: the unit goes, the location words stay */
    scrub_is(sc, "2ND ROOM FROM NORTH AT APT 4B, 3RD STORY, NORTH WALL",
             "2ND ROOM FROM NORTH AT [APARTMENT], 3RD STORY, NORTH WALL");
    /* look-alikes: fullwidth digits and at sign, non-breaking hyphen, zero-width space;
     * the original bytes are replaced */
    scrub_is(sc, "SSN ４４５-６１-８６８３ and a.b＠example.org", "SSN [SSN] and [EMAIL]");
    scrub_is(sc,
             "call 212\xe2\x80\x91"
             "555\xe2\x80\x91"
             "0134 now",
             "call [PHONE] now");
    scrub_is(sc,
             "BIN 49\xe2\x80\x8b"
             "93429 cited",
             "BIN [BBL] cited");
    scrub_is(sc,
             "Docket 20\xe2\x80\x8b"
             "18-CV-961794 adjourned",
             "Docket [CASE_NUMBER] adjourned");
    scrub_is(sc, "lettered 400 AVE R and 12 1/2 Mott St", "lettered [ADDRESS] and [ADDRESS]");
    scrub_is(sc, "ph 718/962-0969 ext. 4 or 212-555-0134x12", "ph [PHONE] or [PHONE]");
    scrub_is(sc, "SSN 123.45.6789; DOB job 421234567", "SSN [SSN]; DOB job 421234567");
    odp_scrub_free(sc);
}

/* Round 3 (issue 15): failure classes found on held-out text, and per-policy tokens. */
static void
test_scrub_round3(void **state)
{
    struct odp_colrule rule;
    struct odp_scrub *sc;
    struct odp_err err;

    (void)state;
    memset(&rule, 0, sizeof(rule));
    rule.name = "notes";
    rule.action = ODP_ACT_SCRUB;
    rule.detect_mask = odp_detectors_all();
    rule.ndetect = odp_detectors_all_order(rule.detect_order, sizeof(rule.detect_order));
    odp_err_clear(&err);
    sc = odp_scrub_new(&rule, &err);
    assert_non_null(sc);
    /* "soc. sec." is not a code section ("sec. 27-2005" still is) */
    scrub_is(sc, "RECORD NOTES SOC. SEC. 148-42-4798 FOR RESPONDENT",
             "RECORD NOTES SOC. SEC. [SSN] FOR RESPONDENT");
    scrub_is(sc, "per sec. 27-2005 of the code", "per sec. 27-2005 of the code");
    /* phones: area code, then seven digits; a space and a dash mixed */
    scrub_is(sc, "CALL BACK CELL 646 5553377.", "CALL BACK CELL [PHONE].");
    scrub_is(sc, "call 212-555 0123 today", "call [PHONE] today");
    scrub_is(sc, "not a phone 212-555.0123", "not a phone 212-555.0123");
    /* person names: role words, diacritics, a party named after, initials */
    scrub_is(sc, "Motorist NAIR FERNANDO presented a license.",
             "Motorist [PERSON] presented a license.");
    scrub_is(sc, "OWNER OF RECORD CHUKWU XIAOLING; BBL 1-05841-0065.",
             "OWNER OF RECORD [PERSON]; BBL [BBL].");
    scrub_is(sc, "Hearing notice mailed to Paweł Hall Thapa today.",
             "Hearing notice mailed to [PERSON] today.");
    scrub_is(sc, "Docket No. 2020-HC-738068 - Mykola Gill (petitioner) appeared.",
             "Docket No. [CASE_NUMBER] - [PERSON] (petitioner) appeared.");
    scrub_is(sc, "Respondent Tariq V., born on 15 December 1943.",
             "Respondent [PERSON], born on [DOB].");
    scrub_is(sc, "ENTERED INTO EVIDENCE BY SR. SUN.", "ENTERED INTO EVIDENCE BY SR. [PERSON].");
    /* ... but a title before a domain word is no name, and a state code needs a comma */
    scrub_is(sc, "INSPECTOR BADGE CHECK: BADGE# 55849", "INSPECTOR BADGE CHECK: BADGE# [BADGE]");
    /* (the run is a person, not "a place, MA"; the short surname itself is not yet taken) */
    scrub_is(sc, "OWNER SEUNG-HO MA REMOVED THE DOOR.", "OWNER [PERSON] MA REMOVED THE DOOR.");
    /* the cue gate: no cue word, no cue-anchored match; the cue-less shapes still match */
    scrub_is(sc, "Inspected 12345678 units on 2023-03-14",
             "Inspected 12345678 units on 2023-03-14");
    scrub_is(sc, "Index 12345/2019 and plate ABC-1234", "Index [CASE_NUMBER] and plate [PLATE]");
    scrub_is(sc, "court file 54321/2019 noted", "court file [CASE_NUMBER] noted");
    odp_scrub_free(sc);

    /* tokens per policy */
    rule.tokens[ODP_DET_PERSON_NAME] = (char *)"[NAME]";
    rule.tokens[ODP_DET_PHONE] = (char *)"<phone>";
    sc = odp_scrub_new(&rule, &err);
    assert_non_null(sc);
    scrub_is(sc, "Tenant Maria Okafor, Apt 4B, called 718-555-0101.",
             "Tenant [NAME], [APARTMENT], called <phone>.");
    odp_scrub_free(sc);
}

static void
test_overlap_priority(void **state)
{
    struct odp_detect *d;
    struct odp_err err;
    const struct odp_span *sp;
    size_t ns;
    const char *t = "DL 123 45 6789 on file";
    uint8_t ord1[] = {ODP_DET_LICENSE, ODP_DET_SSN};
    uint8_t ord2[] = {ODP_DET_SSN, ODP_DET_LICENSE};

    (void)state;
    d = mk((1u << ODP_DET_LICENSE) | (1u << ODP_DET_SSN));
    odp_err_clear(&err);
    assert_int_equal(odp_detect_spans(d, ord1, 2, t, strlen(t), 0, &sp, &ns, &err), ODP_OK);
    assert_int_equal(ns, 1);
    assert_int_equal(sp[0].det, ODP_DET_LICENSE);
    assert_int_equal(odp_detect_spans(d, ord2, 2, t, strlen(t), 0, &sp, &ns, &err), ODP_OK);
    assert_int_equal(ns, 1);
    assert_int_equal(sp[0].det, ODP_DET_SSN);
    assert_int_equal(sp[0].b, 3);
    assert_int_equal(sp[0].e, 14);
    odp_detect_free(d);
}

static void
test_registry_complete(void **state)
{
    struct odp_detect *d;
    struct odp_err err;
    int i;

    (void)state;
    /* every detector of ODP_DETECTORS has a name, a token and a registry row */
    for (i = 0; i < ODP_DET__COUNT; i++) {
        const char *nm = odp_detector_name((enum odp_detector)i);

        assert_non_null(nm);
        assert_non_null(odp_detector_token((enum odp_detector)i));
        assert_int_equal(odp_detector_from_name(nm, strlen(nm)), i);
    }
    odp_err_clear(&err);
    d = odp_detect_new((1u << ODP_DET__COUNT) - 1u, &err);
    assert_non_null(d);
    odp_detect_free(d);
    assert_string_equal(odp_detector_token(ODP_DET_PERSON_NAME), "[PERSON]");
    assert_string_equal(odp_detector_token(ODP_DET_APARTMENT), "[APARTMENT]");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_text),
        cmocka_unit_test(test_apartment),
        cmocka_unit_test(test_case_number),
        cmocka_unit_test(test_dob),
        cmocka_unit_test(test_plate),
        cmocka_unit_test(test_badge),
        cmocka_unit_test(test_license_text),
        cmocka_unit_test(test_bbl_text),
        cmocka_unit_test(test_fresh2_shapes),
        cmocka_unit_test(test_fresh2_names),
        cmocka_unit_test(test_fresh3_shapes),
        cmocka_unit_test(test_round6_names),
        cmocka_unit_test(test_round6_shapes),
        cmocka_unit_test(test_scrub_all),
        cmocka_unit_test(test_scrub_round3),
        cmocka_unit_test(test_overlap_priority),
        cmocka_unit_test(test_registry_complete),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
