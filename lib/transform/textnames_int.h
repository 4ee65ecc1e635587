/*
 * textnames_int.h - word sets shared by textnames.c (the person-name scanner) and
 * textnames_lists.c (the lists themselves).
 */
#ifndef ODP_TEXTNAMES_INT_H
#define ODP_TEXTNAMES_INT_H

#include "textscan.h"

extern struct tx_set tn_titles_set;      /* titles and ranks: Mr, Dr, Det., PO ... */
extern struct tx_set tn_roles_set;       /* role and contact cues: tenant, per, c/o ... */
extern struct tx_set tn_deny_set;        /* not names in this domain: boroughs, agencies ... */
extern struct tx_set tn_stop_set;        /* function words */
extern struct tx_set tn_place_after_set; /* street types and place words */

#endif
