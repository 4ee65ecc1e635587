/*
 * detect_patterns.c - the PCRE2 candidate patterns of the pattern detectors (detect.c's
 * registry compiles them; their validators check what a pattern cannot).
 */
#include "detect_int.h"

/*
 * Local part cannot start or end with '.', domain labels cannot start or end with '-',
 * the top-level label is alphabetic. No character of the local-part set may precede
 * the match, so a match never starts inside a longer token.
 */
const char odp_det_pat_email[] =
    "(?<![A-Za-z0-9_%+\\-])"
    "[A-Za-z0-9_%+\\-](?:[A-Za-z0-9._%+\\-]{0,62}[A-Za-z0-9_%+\\-])?"
    "(?:@| @ )(?:[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}"
    "(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])";

/*
 * Spelled-out addresses: "jane[at]example.com", "jane (at) example (dot) org",
 * "jane at example dot com" (the plain " at " / " dot " form only with a common TLD).
 */
#define EM_LOCAL                                                                                   \
    "(?<![A-Za-z0-9_%+.\\-])[A-Za-z0-9_%+\\-](?:[A-Za-z0-9._%+\\-]{0,62}[A-Za-z0-9_%+\\-])?"
#define EM_LABEL "[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?"
const char odp_det_pat_email_spelled[] = EM_LOCAL
    "[ ]?(?:\\[at\\]|\\(at\\)|\\{at\\}|\\[AT\\]|\\(AT\\))[ ]?"
    "(?:" EM_LABEL "(?:\\.|[ ]?(?:\\[dot\\]|\\(dot\\)|\\[DOT\\]|\\(DOT\\))[ ]?)){1,4}[A-Za-z]{2,24}"
    "(?![A-Za-z0-9\\-])"
    "|" EM_LOCAL " (?:at|AT) (?:" EM_LABEL " (?:dot|DOT) ){1,3}"
    "(?:com|org|net|edu|gov|us|info|nyc|io|co|COM|ORG|NET|EDU|GOV|US|INFO|NYC|IO|CO)"
    "(?![A-Za-z0-9\\-])";

/*
 * NANP: optional +1 / 1 prefix, area code (parenthesised or not), exchange, line.
 * Groups: 1 paren area, 2 bare area, 3 separator after bare area, 4 exchange,
 * 5 separator after exchange, 6 line. Digits or dash/dot-joined digits on either side
 * mean the run is part of a longer number.
 */
const char odp_det_pat_phone[] =
    "(?<![0-9A-Za-z_+])(?<![0-9][.\\-/])"
    "(?:\\+?1[ .\\-]?)?"
    "(?:\\(([2-9][0-9]{2})\\)[ .\\-]?|([2-9][0-9]{2})( - |[ .\\-/]?))"
    "([2-9][0-9]{2})( - |[ .\\-]?)([0-9]{4})"
    "(?:[ ]?(?:x|X|ext\\.?|EXT\\.?|Ext\\.?|extension|EXTENSION)[ ]?[0-9]{1,5})?"
    "(?![0-9A-Za-z_]|[.\\-/][0-9])";

/*
 * AAA-GG-SSSS with the same separator (dash, dot, slash, space or none) twice
 * (backreference; 293/25/3583 is no date shape).
 * Groups: 1 area, 2 separator, 3 group, 4 serial.
 */
const char odp_det_pat_ssn[] = "(?<![0-9A-Za-z_$])(?<![0-9][.\\-/,])"
                               "([0-9]{3})([ .\\-/]?)([0-9]{2})\\2([0-9]{4})"
                               "(?![0-9A-Za-z_]|[.\\-/,][0-9])";

/*
 * Payment card: 13-19 digits led by an IIN digit 2-6, optional single space or dash
 * between digits (the validator requires one separator kind and checks Luhn + IIN).
 */
const char odp_det_pat_card[] = "(?<![0-9A-Za-z_.\\-/$,])"
                                "[2-6](?:[ \\-]?[0-9]){12,18}"
                                "(?![0-9A-Za-z_]|[.\\-/,][0-9])";

/*
 * IPv4 with octets 0-255 and no leading zeros, not inside a longer dotted run
 * (1.2.3.4.5); or an IPv6 candidate (hex digits and colons, at least two colons,
 * optional dotted IPv4 tail) that inet_pton must accept. Group 1 = IPv4, 2 = IPv6.
 */
#define OCTET "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
const char odp_det_pat_ip[] =
    "(?<![0-9A-Za-z_.])(?<![0-9A-Fa-f:]:)" /* "IP ADDRESS:24.83.31.120", not inside IPv6 */
    "(?:(" OCTET "(?:\\." OCTET "){3})(?![0-9A-Za-z_]|\\.[0-9]|:[0-9A-Fa-f]*:)"
    "|((?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}"
    "(?:(?<=:)[0-9]{1,3}(?:\\.[0-9]{1,3}){3})?)(?![0-9A-Za-z_:]|\\.[0-9])"
    /* a full IPv6 address with a port written after it, "2001:db8:...:1:8080" */
    "|((?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4})(?=:[0-9]{1,5}(?![0-9A-Za-z_:]|\\.[0-9])))";

/*
 * Dates as NYC exports write them. Groups: 1 month, 2 day, 3 year, 4 hour, 5 minute,
 * 6 second, 7 AM/PM (MM/DD/YYYY [hh:mm[:ss] [AM|PM]]); 8 year, 9 month, 10 day,
 * 11 hour, 12 minute, 13 second (YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+hh:mm]).
 */
const char odp_det_pat_date[] =
    "(?<![0-9A-Za-z_/.\\-])"
    "(?:([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})"
    "(?:[ ]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\\.[0-9]{1,6})?)?(?:[ ]?([AaPp][Mm]))?)?"
    "|([0-9]{4})-([0-9]{2})-([0-9]{2})"
    "(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.[0-9]{1,9})?)?"
    "(?:Z|[+\\-][0-9]{2}:?[0-9]{2})?)?)"
    "(?![0-9A-Za-z_/]|[.\\-:][0-9])";

/*
 * Street address: house number (123, 123-45 in Queens, 12A), one to four name words
 * (ordinals, directions, names; a word may not be a common English word that would
 * turn "took 3 hours on the way" into an address, nor a street type, so the street
 * names "20 STREET LOOP" or "13 AVENUE" are not read as addresses), then a street
 * suffix. Caseless. A unit and a slash may come first ("4/357 Sydney Rd": Australia and
 * New Zealand write the unit so).
 * BROADWAY and BOWERY need no suffix. Group 1 = house number.
 */
#define ADDR_STOP                                                                                  \
    "(?!(?:the|a|an|of|in|on|at|to|for|and|or|is|was|are|were|be|been|by|with|from|this|"          \
    "that|it|he|she|they|we|you|i|my|his|her|their|our|no|not|per|about|after|before|"          \
    "near|too|so|very|around|behind|beside|across|seen|recovered|"             \
    "days?|hours?|hrs?|minutes?|mins?|seconds?|weeks?|months?|years?|yrs?|times?|people|"          \
    "persons?|cars?|vehicles?|trucks?|units?|floors?|apts?|rooms?|calls?|complaints?|"             \
    "items?|dollars?|percent|am|pm|blocks?|blks?|feet|ft|miles?|story|stories|storey|sty|"         \
    "street|avenue|boulevard|road|parkway|expressway|highway)(?![A-Za-z0-9_'.&\\-]))"
#define ADDR_WORD                                                                                  \
    ADDR_STOP "(?:[NSEWnsew]\\.|[A-Za-z0-9\\x80-\\xff][A-Za-z0-9'&\\-\\x80-\\xff]*"                   \
              "(?:\\.[A-Za-z0-9'&\\-\\x80-\\xff]+)*)[ ]+"
const char odp_det_pat_address[] =
    "(?:(?<![0-9A-Za-z_$.,/\\-])[1-9][0-9]{0,3}[A-Za-z]?/(?=[1-9])"
    "|(?<![0-9A-Za-z_$.,/\\-])(?<!\\$ )(?<!# )(?<!flat )(?<!apt )(?<!unit )(?<!apt\\. )"
    "(?<!apartment )(?<!unit\\. )(?<![0-9]:))"
    "([1-9][0-9]{0,4}(?:-[0-9]{1,4})?(?:-?[A-Za-z])?(?: 1/2)?)[ ]+"
    "(?:(?:" ADDR_WORD "){1,4}?"
    "(?:STREET|ST|AVENUE|AVE|AV|BOULEVARD|BLVD|ROAD|RD|PLACE|PL|DRIVE|DR|LANE|LN|COURT|CT|"
    "PARKWAY|PKWY|TERRACE|TERR|TER|WAY|HIGHWAY|HWY|SQUARE|SQ|EXPRESSWAY|EXPWY|EXPY|"
    "TURNPIKE|TPKE|PLAZA|PLZ|CIRCLE|CIR|LOOP|ALLEY|ALY|CONCOURSE|CRESCENT|WALK|ROW|OVAL|"
    "SLIP|ESPLANADE|TRAIL|TRL|CRES|WYND|PIKE|GARDENS|GDNS|MEWS|"
    "CLOSE|RISE|LAWN|PARADE|PDE|TCE|GROVE)"
    "|(?:" ADDR_WORD "){0,2}?(?:BROADWAY|BOWERY)"
    "|(?:AVENUE|AVE|AV)\\.?[ ]+[A-Z](?![A-Za-z0-9'\\-])"
    /* "3880 avenue du Parc", "12 rue de la Paix", "45 calle Mayor": the type first */
    "|(?:rue|avenue|boulevard|chemin|calle|avenida|rua)[ ]+(?:(?:du|de|des|la|le|del|"
    "da|do)[ ]+){0,2}(?-i:[A-Z]|[\\xc0-\\xdf])[A-Za-z'\\-\\x80-\\xff]+)\\.?"
    "(?![A-Za-z0-9_])";

/*
 * NYC BBL: the dashed form matches anywhere (groups 1-3); with a bbl/bin header the
 * 10-digit form (groups 4-6, optional dashes or spaces) and the 7-digit BIN (group 7).
 */
#define BBL_LB "(?<![0-9A-Za-z_\\-/.])"
#define BBL_LA "(?![0-9A-Za-z_]|[\\-/.][0-9])"
const char odp_det_pat_bbl[] = BBL_LB "([1-5])-([0-9]{5})-([0-9]{4})" BBL_LA;
const char odp_det_pat_bbl_ctx[] =
    BBL_LB "(?:([1-5])-([0-9]{5})-([0-9]{4})|([1-5])[ ]?([0-9]{5})[ ]?([0-9]{4})"
           "|([1-5][0-9]{6}))" BBL_LA;

/*
 * DOB / DCA license number, only under a license header: the whole trimmed value is
 * 5-7 digits with an optional 1-3 letter prefix and an optional -DCA style suffix.
 */
const char odp_det_pat_license_ctx[] =
    "\\A[ \\t]*((?:[A-Za-z]{1,3}[\\- ]?)?[0-9]{5,7}(?:-[A-Za-z]{2,4})?)[ \\t]*\\z";
