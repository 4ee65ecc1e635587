/*
 * detect_int.h - between detect.c (the registry and matching), detect_hints.c
 * (header hints and whole-cell names), detect_fold.c and detect_pre.c.
 */
#ifndef ODP_DETECT_INT_H
#define ODP_DETECT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

/* Normalised column hints are cached up to this length; longer ones are truncated. */
#define DET_HINT_MAX 256u
#define HINT_MAX_TOKENS 16
#define HINT_TOKEN_LEN 32

/* A whole cell that is a person's name ([*vb, *ve): the name without blanks around). */
int odp_det_valid_name(const char *s, size_t n, size_t *vb, size_t *ve);

/*
 * Length of the UTF-8 look-alike at s[i] and its ASCII stand-in (*out; 0 = drop it), or
 * 0 when s[i] starts none (detect_fold.c).
 */
size_t odp_det_lookalike(const unsigned char *s, size_t n, size_t i, char *out);
/* s, or a copy of it in *nbuf with the look-alikes folded (*nmap: offsets in s), in *fs. */
int odp_det_fold(char **nbuf, size_t **nmap, size_t *ncap, const char *s, size_t n, const char **fs,
                 size_t *fn, struct odp_err *err);

/* detect_pre.c: can the spelled-out e-mail pattern ("x[at]y.com") match in s[start..n)? */
int odp_det_spelled_email(const char *s, size_t n, size_t start);
/* Can an IPv4 (only looked for when v4) or IPv6 candidate start in s[start..n)? */
int odp_det_ip_possible(const char *s, size_t n, size_t start, int v4);
/* Luhn over the digits of s[b..e); issuer range and length of a digit string. */
int odp_det_luhn_ok(const char *s, size_t b, size_t e);
int odp_det_iin_ok(const char *dg, unsigned len);

/* detect_patterns.c: the candidate patterns of the pattern detectors. */
extern const char odp_det_pat_email[], odp_det_pat_email_spelled[], odp_det_pat_phone[],
    odp_det_pat_ssn[], odp_det_pat_card[], odp_det_pat_ip[], odp_det_pat_date[],
    odp_det_pat_address[], odp_det_pat_bbl[], odp_det_pat_bbl_ctx[], odp_det_pat_license_ctx[];

#endif
