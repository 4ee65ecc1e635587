/* names_data.h - the generated tables behind names.c (data/names/gen_names_c.py). */
#ifndef ODP_NAMES_DATA_H
#define ODP_NAMES_DATA_H

#include <stdint.h>

extern const uint32_t odp_names_n;
extern const char odp_names_blob[];
extern const uint32_t odp_names_off[];
extern const uint32_t odp_names_given[];
extern const uint32_t odp_names_srank[];
extern const uint8_t odp_names_flags[];
extern const uint8_t odp_names_wlevel[];

#endif
