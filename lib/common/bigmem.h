/*
 * bigmem.h - the bulk buffers of a pass (read-ahead blocks, chunk outputs, the write
 * ring) with their pages present, on transparent huge pages where the kernel has them.
 *
 * Why (docs/PERFORMANCE.md, round 11): on a virtual machine every TLB miss walks two
 * page tables, and a release streams ~25 MB of such buffers over and over; mapped as
 * 2 MB pages instead of 4 KB ones the same 100 MB release took 0.85x the time, and
 * mapping them present costs a fault per 2 MB instead of per 4 KB.
 *
 * Buffers are carved from regions of at least ODP_BIGMEM_REGION bytes, aligned to 2 MB
 * and advised MADV_HUGEPAGE; a region is unmapped when the last buffer in it is freed
 * (so a long-lived process, the Python binding say, gives the memory back after each
 * release). Freed space inside a live region is not reused: buffers are taken when a
 * pass starts and given back when it ends. Thread-safe. Without transparent huge pages
 * (disabled, or not built into the kernel) the same calls give present 4 KB pages.
 * Under AddressSanitizer each buffer is followed by a poisoned page, so a write past
 * its end is reported instead of landing in the next buffer of the region.
 */
#ifndef ODP_COMMON_BIGMEM_H
#define ODP_COMMON_BIGMEM_H

#include <stddef.h>

#define ODP_BIGMEM_REGION ((size_t)32 << 20)

/* n > 0 bytes (rounded up to 4 KB), zero-filled, pages present; NULL when out of memory. */
void *odp_bigmem_alloc(size_t n);

/* Gives back a buffer of odp_bigmem_alloc (the same n). NULL is ignored. */
void odp_bigmem_free(void *p, size_t n);

/* Regions mapped now (tests: 0 once every buffer is freed). */
size_t odp_bigmem_regions(void);

#endif
