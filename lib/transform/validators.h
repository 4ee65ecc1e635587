/*
 * validators.h - value-shape validators for the column classifier (classify.h).
 *
 * Each function looks at one whole cell value (already trimmed of surrounding spaces by
 * the caller or not: every validator skips leading and trailing blanks) and says whether
 * it has a shape: a ZIP code, a coordinate, a projected (State Plane / UTM) coordinate, a
 * "(lat, lon)" point, a GUID, a year, a record or case number, a licence plate, a VIN,
 * an apartment, a house number, a hundred-block address, a date in the formats agencies
 * export, a person's name (from the public name frequency tables in names.h).
 *
 * Promises: no allocation, no locale, no state; nothing here ever copies a value out.
 */
#ifndef ODP_VALIDATORS_H
#define ODP_VALIDATORS_H

#include <stddef.h>
#include <stdint.h>

#include "actions.h"

/* "", NA, N/A, #N/A, NULL, nil, None, NaN, ".", "-", "--", "?": a missing value. */
int odp_val_null_token(const char *v, size_t n);

/* 12345, 12345-6789, 123456789. */
int odp_val_zip(const char *v, size_t n);

/* A decimal number; *dec = digits after the point. 1 = ok. */
int odp_val_number(const char *v, size_t n, double *x, int *dec);

/*
 * A geographic coordinate: a decimal number with at least 3 decimals inside
 * [-180, 180]. Returns 1 when it fits a latitude (|x| <= 90), 2 when only a longitude.
 */
int odp_val_latlon(const char *v, size_t n);

/* A projected coordinate (State Plane feet, UTM metres): |x| in [10^4, 10^8). */
int odp_val_projected(const char *v, size_t n);

/* "(40.1, -73.9)", "40.1, -73.9", "POINT (-73.9 40.1)": a point with a lat and a lon. */
int odp_val_point(const char *v, size_t n);

/* 8-4-4-4-12 hex digits (a GUID / UUID). */
int odp_val_guid(const char *v, size_t n);

/* Four digits 1800..2100. */
int odp_val_year(const char *v, size_t n);

/*
 * A record, case, report, docket or licence number: 3..40 bytes of letters, digits and
 * the separators - / # . : space, at least 3 digits, no run of two spaces, at most 4
 * words ("LICENSE # 1530849", "2017-51067", "MCP23480052", "JE1111", "190024574").
 */
int odp_val_id_shape(const char *v, size_t n);
/* A phrase of common words no name table knows as a name ("FLEET MANAGEMENT
 * OPERATIONS", "Office supplies"): half its words of 3 letters or more at least. */
int odp_val_word_phrase(const char *v, size_t n);

/*
 * A national identity number of another country, by its check digits or fixed shape:
 * Brazil CPF, Spain DNI/NIE, France NIR, UK National Insurance, Italy codice fiscale
 * (spaces, dots and dashes ignored).
 */
int odp_val_national_id(const char *v, size_t n);

/* An Irish Eircode ("D14 R8F2", "H91A0TK"): the postcode of one dwelling. */
int odp_val_eircode(const char *v, size_t n);

/*
 * A post-office box, a mailing address of its own: `PO BOX 123`, `P.O. Box 55`, `P O
 * BOX 7`, `POB 12`, `Post Office Box 9`, `BOX 111`, `Drawer 4`, with anything after the
 * number (`PO BOX 123, JUNEAU AK`). Rural routes too: `RR 2 BOX 5`, `HC 60 BOX 1`,
 * `ROUTE 3 BOX 287`, `RT 5 BOX 208-B`.
 */
int odp_val_po_box(const char *v, size_t n);

/*
 * A personal name in Chinese characters or Hangul (validators_cjk.c): two to four
 * characters of one script, a common surname first (one character, or a compound such as
 * Ouyang or Namgung); a Chinese value ending in a place word (city, county, road ...) is
 * no name.
 */
int odp_val_cjk_name(const char *v, size_t n);

/* 2..8 letters and digits (a dash or space allowed inside): a licence plate shape. */
int odp_val_plate(const char *v, size_t n);

/* 17 characters of the VIN alphabet (no I, O, Q) with a valid check digit. */
int odp_val_vin(const char *v, size_t n);

/*
 * A web address: `http://`, `https://` or `ftp://` (any case) or `www.`, then a host of
 * dot-separated labels (letters, digits, inner dashes) ending in a 2+ letter top-level
 * label, or a dotted IPv4 address; then an optional `:port` and a path, query or
 * fragment without blanks. A bare domain (`example.org`, `report.pdf`) and an email
 * address are not URLs here.
 */
int odp_val_url(const char *v, size_t n);

/* "APT 4B", "APT #4", "UNIT 8", "SUITE 100", "#12", "FL 3", "BSMT", "PH-A". */
int odp_val_apartment(const char *v, size_t n);

/* 123, 12A, 94-52, 12 1/2: a house number on its own. */
int odp_val_house_number(const char *v, size_t n);

/* "021XX GROVE AVE", "34XX W Tangerine Ln", "1200 BLOCK OF MAIN ST": already coarsened. */
int odp_val_hundred_block(const char *v, size_t n);

/*
 * A date as agencies export it: every format odp_date_parse accepts, and
 * M/D/YYYY [H:MM[:SS] [AM|PM]], YYYY/MM/DD [HH:MM[:SS]][+zz], YYYY-MM-DD HH:MM[:SS],
 * DD-MON-YY(YY), Mon DD YYYY, Month DD, YYYY, ISO week YYYY-Www. Fills *dt; *prec is
 * the finest unit written: 0 year, 1 week, 2 day, 3 time of day. Returns 1 or 0.
 */
int odp_val_date(const char *v, size_t n, struct odp_datetime *dt, int *prec);

/* The loose formats of odp_val_date only (for the generalizer: act_generalize.c). */
int odp_date_parse_loose(const char *v, size_t n, struct odp_datetime *dt);

/* What a cell says about a person's name. */
enum odp_val_name {
    ODP_VNAME_NO = 0,  /* digits, an organisation or street word, a common word */
    ODP_VNAME_GIVEN,   /* one token, a known given name */
    ODP_VNAME_SURNAME, /* one token, a known surname */
    ODP_VNAME_UNKNOWN, /* one alphabetic token the tables do not know */
    ODP_VNAME_FULL     /* 2..5 tokens, a known given name and a surname-like token,
                          initials and suffixes allowed, "LAST, FIRST M" too */
};
enum odp_val_name odp_val_person_name(const char *v, size_t n);

/*
 * A place or an institution named like a person: two or more words, the last a feature
 * or an institution rarely a surname ("Duckabush River", "King School", "Smith Houses")
 * or the first a place prefix ("Lake Washington", "Fort Greene"). No digits.
 */
int odp_val_place_name(const char *v, size_t n);

/* 1 when a part of a list of parties ("A B LLC, JOHN SMITH; ...", split on , ; & and
 * " AND ") is a full person name. */
int odp_val_contains_person_name(const char *v, size_t n);

#endif
