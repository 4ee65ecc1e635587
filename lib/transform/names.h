/*
 * names.h - is this token a person's name? Evidence from public frequency tables,
 * vendored in data/names/ with their provenance (PROVENANCE.md there):
 *   given names   SSA national baby names 1880-2024, births per name (>= 100)
 *   surnames      Census 1990 surname list, rank 1 (SMITH) .. 88,799
 *   common words  the names that are also common English words, months, weekdays, US
 *                 states or placeholders (WILL, MAY, WHITE, NA, UNKNOWN), with the word's
 *                 commonness (SCOWL level: 10 = most common .. 50)
 * Shared by the column classifier and the free-text scrubber. No allocation, no state:
 * the tables are compiled in (data/names/gen_names_c.py at build time).
 */
#ifndef ODP_NAMES_H
#define ODP_NAMES_H

#include <stddef.h>
#include <stdint.h>

enum odp_name_flag {
    ODP_NAME_WORD = 1,        /* a dictionary word (wamerican) */
    ODP_NAME_MONTH = 2,
    ODP_NAME_WEEKDAY = 4,
    ODP_NAME_US_STATE = 8,
    ODP_NAME_PLACEHOLDER = 16 /* NA, UNKNOWN, BABY, ...: not a name in data */
};

struct odp_name_info {
    uint32_t given_count;  /* SSA births with this given name; 0: not a known given name */
    uint32_t surname_rank; /* Census 1990 rank, 1 = most common; 0: not a known surname */
    unsigned flags;        /* enum odp_name_flag bits */
    unsigned word_level;   /* SCOWL level of the word (10 common .. 50 rare); 0: not a word */
};

/*
 * Looks up tok[0..n): ASCII letters compared case-insensitively, apostrophes ignored
 * (O'Brien = OBRIEN, as in the sources); any other byte, or more than 31 letters, is
 * not a name. Returns 1 and fills *out when any table knows the token, else 0 (*out
 * zeroed).
 */
int odp_name_lookup(const char *tok, size_t n, struct odp_name_info *out);

/*
 * A rough share of US people carrying the name, per million, for weighing evidence:
 * given names from the SSA counts (370 M births in all), surnames from the rank,
 * interpolated between the Census 1990 published shares (SMITH 10,060 per million at
 * rank 1; about 12 at rank 10,000). 0 when unknown.
 */
double odp_name_given_per_million(const struct odp_name_info *ni);
double odp_name_surname_per_million(const struct odp_name_info *ni);

/* Number of names in the tables (for tests and reports). */
size_t odp_names_count(void);

#endif
