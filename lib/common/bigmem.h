/*
 * bigmem.h - the bulk buffers of a pass (read-ahead blocks, chunk outputs, the write
 * ring), on transparent huge pages where the kernel has them, made present ahead of
 * use by a background thread.
 *
 * Why huge pages (docs/PERFORMANCE.md, round 11): on a virtual machine every TLB miss
 * walks two page tables, and a release streams ~15 MB of such buffers over and over;
 * mapped as 2 MB pages instead of 4 KB ones the same 100 MB release took 0.85x the time.
 *
 * Why ahead of use, on another thread (round 12): a page the guest has not touched for
 * a while is also new to the host, which backs it 4 KB at a time; on this kind of
 * machine 22 MB then take 30-36 ms to fault in instead of 1-2, just as the release
 * starts and before its second core has anything to do. A caller that knows what a
 * pass will take reserves it first (odp_bigmem_reserve); a thread faults those pages
 * in while the caller reads its policy and opens its files, and the allocations that
 * follow find them present. Pages nobody reserved fault in where they are first used.
 *
 * Buffers are carved from regions of at least ODP_BIGMEM_REGION bytes, aligned to 2 MB
 * and advised MADV_HUGEPAGE; a region is unmapped when the last buffer in it is freed
 * and no reservation holds it (so a long-lived process, the Python binding say, gives
 * the memory back after each release). Freed space inside a live region is not reused,
 * except that a held region whose buffers are all freed starts again from its first
 * byte (the next pass of the same release): buffers are taken when a pass starts and
 * given back when it ends. Thread-safe. Without transparent huge pages
 * (disabled, or not built into the kernel) the same calls give 4 KB pages.
 * Under AddressSanitizer each buffer is followed by a poisoned page, so a write past
 * its end is reported instead of landing in the next buffer of the region.
 */
#ifndef ODP_COMMON_BIGMEM_H
#define ODP_COMMON_BIGMEM_H

#include <stddef.h>
#include <stdint.h>

#define ODP_BIGMEM_REGION ((size_t)32 << 20)

/* n > 0 bytes (rounded up to 4 KB), zero-filled, 4 KB-aligned; NULL when out of memory. */
void *odp_bigmem_alloc(size_t n);

/* Gives back a buffer of odp_bigmem_alloc (the same n). NULL is ignored. */
void odp_bigmem_free(void *p, size_t n);

/* Reserves n more bytes of buffers (at most ODP_BIGMEM_REGION), after those handed out
 * and those reserved before: a thread makes their pages present in the background, ahead
 * of the allocations that take them, until the hold is given back.
 * Returns the hold (a token), or 0 (no reservation: pages fault in on first use). The
 * region stays mapped while it is held and while a buffer in it is not freed. */
uint64_t odp_bigmem_reserve(size_t n);

/* Gives back a hold of odp_bigmem_reserve: nothing more is populated ahead of use, and
 * a region with no buffer left is unmapped. 0 is ignored. */
void odp_bigmem_unreserve(uint64_t hold);

/* Waits until the populator has made every reserved page present (tests). */
void odp_bigmem_settle(void);

/* Regions mapped now (tests: 0 once every buffer is freed). */
size_t odp_bigmem_regions(void);

#endif
