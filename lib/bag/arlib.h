/*
 * arlib.h - libarchive, loaded on first use.
 *
 * Only writing or reading an archive package needs libarchive, and loading it with its
 * dependencies (libxml2, ICU, libstdc++, five compression libraries) costs about as
 * much start-up time as the rest of odpub together (docs/PERFORMANCE.md, "Start-up").
 * So libodp does not link it: package.c and pkgread.c include this header, which turns
 * every archive_*() call into a call through a pointer that odp_arlib_load() fills with
 * dlopen(3) / dlsym(3). Each entry point that touches libarchive calls odp_arlib_load()
 * first; the declarations come from libarchive's own headers, so a call that does not
 * match its prototype still fails to compile.
 */
#ifndef ODP_ARLIB_H
#define ODP_ARLIB_H

#include <archive.h>
#include <archive_entry.h>

#include "bag.h"

/* The library's SONAME (libarchive 3.x); overridable at build time. */
#ifndef ODP_LIBARCHIVE_SONAME
#define ODP_LIBARCHIVE_SONAME "libarchive.so.13"
#endif

/* Every libarchive function libodp calls. */
/* clang-format off */
#define ODP_ARLIB_FUNCS(X) \
    X(archive_entry_clear) \
    X(archive_entry_filetype) \
    X(archive_entry_free) \
    X(archive_entry_hardlink) \
    X(archive_entry_new) \
    X(archive_entry_pathname) \
    X(archive_entry_perm) \
    X(archive_entry_set_filetype) \
    X(archive_entry_set_gid) \
    X(archive_entry_set_mtime) \
    X(archive_entry_set_pathname) \
    X(archive_entry_set_perm) \
    X(archive_entry_set_size) \
    X(archive_entry_set_uid) \
    X(archive_entry_size) \
    X(archive_entry_size_is_set) \
    X(archive_entry_symlink) \
    X(archive_errno) \
    X(archive_error_string) \
    X(archive_filter_bytes) \
    X(archive_format) \
    X(archive_read_data) \
    X(archive_read_free) \
    X(archive_read_new) \
    X(archive_read_next_header) \
    X(archive_read_open1) \
    X(archive_read_set_callback_data) \
    X(archive_read_set_read_callback) \
    X(archive_read_set_seek_callback) \
    X(archive_read_set_skip_callback) \
    X(archive_read_support_filter_bzip2) \
    X(archive_read_support_filter_gzip) \
    X(archive_read_support_filter_none) \
    X(archive_read_support_filter_xz) \
    X(archive_read_support_filter_zstd) \
    X(archive_read_support_format_tar) \
    X(archive_read_support_format_zip) \
    X(archive_read_support_format_zip_streamable) \
    X(archive_set_error) \
    X(archive_write_add_filter_gzip) \
    X(archive_write_add_filter_zstd) \
    X(archive_write_close) \
    X(archive_write_data) \
    X(archive_write_free) \
    X(archive_write_header) \
    X(archive_write_new) \
    X(archive_write_open2) \
    X(archive_write_open_fd) \
    X(archive_write_set_bytes_in_last_block) \
    X(archive_write_set_filter_option) \
    X(archive_write_set_format_option) \
    X(archive_write_set_format_pax_restricted) \
    X(archive_write_set_format_raw) \
    X(archive_write_set_format_zip)

/* clang-format on */

#define ODP_ARLIB_PTR(f) extern __typeof__(f) *odp_la_##f;
ODP_ARLIB_FUNCS(ODP_ARLIB_PTR)
#undef ODP_ARLIB_PTR

/* odp_arlib_load() is declared in bag.h: the release calls it before any work. */

#ifndef ODP_ARLIB_IMPL
/* clang-format off */
#define archive_entry_clear (*odp_la_archive_entry_clear)
#define archive_entry_filetype (*odp_la_archive_entry_filetype)
#define archive_entry_free (*odp_la_archive_entry_free)
#define archive_entry_hardlink (*odp_la_archive_entry_hardlink)
#define archive_entry_new (*odp_la_archive_entry_new)
#define archive_entry_pathname (*odp_la_archive_entry_pathname)
#define archive_entry_perm (*odp_la_archive_entry_perm)
#define archive_entry_set_filetype (*odp_la_archive_entry_set_filetype)
#define archive_entry_set_gid (*odp_la_archive_entry_set_gid)
#define archive_entry_set_mtime (*odp_la_archive_entry_set_mtime)
#define archive_entry_set_pathname (*odp_la_archive_entry_set_pathname)
#define archive_entry_set_perm (*odp_la_archive_entry_set_perm)
#define archive_entry_set_size (*odp_la_archive_entry_set_size)
#define archive_entry_set_uid (*odp_la_archive_entry_set_uid)
#define archive_entry_size (*odp_la_archive_entry_size)
#define archive_entry_size_is_set (*odp_la_archive_entry_size_is_set)
#define archive_entry_symlink (*odp_la_archive_entry_symlink)
#define archive_errno (*odp_la_archive_errno)
#define archive_error_string (*odp_la_archive_error_string)
#define archive_filter_bytes (*odp_la_archive_filter_bytes)
#define archive_format (*odp_la_archive_format)
#define archive_read_data (*odp_la_archive_read_data)
#define archive_read_free (*odp_la_archive_read_free)
#define archive_read_new (*odp_la_archive_read_new)
#define archive_read_next_header (*odp_la_archive_read_next_header)
#define archive_read_open1 (*odp_la_archive_read_open1)
#define archive_read_set_callback_data (*odp_la_archive_read_set_callback_data)
#define archive_read_set_read_callback (*odp_la_archive_read_set_read_callback)
#define archive_read_set_seek_callback (*odp_la_archive_read_set_seek_callback)
#define archive_read_set_skip_callback (*odp_la_archive_read_set_skip_callback)
#define archive_read_support_filter_bzip2 (*odp_la_archive_read_support_filter_bzip2)
#define archive_read_support_filter_gzip (*odp_la_archive_read_support_filter_gzip)
#define archive_read_support_filter_none (*odp_la_archive_read_support_filter_none)
#define archive_read_support_filter_xz (*odp_la_archive_read_support_filter_xz)
#define archive_read_support_filter_zstd (*odp_la_archive_read_support_filter_zstd)
#define archive_read_support_format_tar (*odp_la_archive_read_support_format_tar)
#define archive_read_support_format_zip (*odp_la_archive_read_support_format_zip)
#define archive_read_support_format_zip_streamable (*odp_la_archive_read_support_format_zip_streamable)
#define archive_set_error (*odp_la_archive_set_error)
#define archive_write_add_filter_gzip (*odp_la_archive_write_add_filter_gzip)
#define archive_write_add_filter_zstd (*odp_la_archive_write_add_filter_zstd)
#define archive_write_close (*odp_la_archive_write_close)
#define archive_write_data (*odp_la_archive_write_data)
#define archive_write_free (*odp_la_archive_write_free)
#define archive_write_header (*odp_la_archive_write_header)
#define archive_write_new (*odp_la_archive_write_new)
#define archive_write_open2 (*odp_la_archive_write_open2)
#define archive_write_open_fd (*odp_la_archive_write_open_fd)
#define archive_write_set_bytes_in_last_block (*odp_la_archive_write_set_bytes_in_last_block)
#define archive_write_set_filter_option (*odp_la_archive_write_set_filter_option)
#define archive_write_set_format_option (*odp_la_archive_write_set_format_option)
#define archive_write_set_format_pax_restricted (*odp_la_archive_write_set_format_pax_restricted)
#define archive_write_set_format_raw (*odp_la_archive_write_set_format_raw)
#define archive_write_set_format_zip (*odp_la_archive_write_set_format_zip)
/* clang-format on */
#endif

#endif
