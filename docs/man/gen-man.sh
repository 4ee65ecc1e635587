#!/bin/sh
# gen-man.sh ODPUB VERSION OUT: writes the odpub(1) man page from the program's own help
# texts (`odpub --help` and `odpub COMMAND --help`), so the page never disagrees with the
# program. Run by the build (docs/man/meson.build); POSIX sh and sed only.
set -eu
odpub=$1 version=$2 out=$3
tmp=$out.tmp.$$
trap 'rm -f "$tmp"' EXIT
# roff-escape: backslashes, leading dots and quotes, hyphens in options
esc() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/" -e 's/-/\\-/g'; }
{
    printf '.TH ODPUB 1 "" "odpub %s" "User Commands"\n' "$version"
    printf '.SH NAME\nodpub \\- privacy-preserving open-data publishing\n'
    printf '.SH SYNOPSIS\n.B odpub\n.I COMMAND\n[\\fIOPTIONS\\fR] ...\n'
    printf '.SH DESCRIPTION\n.nf\n'
    "$odpub" --help 2>&1 | esc
    printf '.fi\n'
    for cmd in $("$odpub" --help 2>&1 | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'); do
        printf '.SH "odpub %s"\n.nf\n' "$cmd"
        "$odpub" "$cmd" --help 2>&1 | esc
        printf '.fi\n'
    done
    printf '.SH ENVIRONMENT\n'
    printf '.TP\n.B SOURCE_DATE_EPOCH\nfixes the release date and every timestamp (reproducible packages).\n'
    printf '.TP\n.B ODPUB_POLICY_PATH\ncolon-separated directories where bare \\fBextends\\fR names are looked up.\n'
    printf '.SH FILES\n.TP\n.I /usr/share/odpub/policies\nthe baseline and example policies (under the install prefix).\n'
    printf '.SH SEE ALSO\n.BR minisign (1).\nREADME.md and docs/ in the source tree.\n'
} > "$tmp"
mv "$tmp" "$out"
trap - EXIT
