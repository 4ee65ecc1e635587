#!/usr/bin/env python3
"""Writes portal_assets.h: the files of web/ that every portal site carries, as C byte
arrays (so odpub needs no data files at run time). The build runs it (a meson
custom_target in lib/jobs/meson.build, with the python meson found), so the header is
never committed:
    gen_assets.py OUT.h            # write the header
"""
import os
import sys

ASSETS = ["style.css", "blake2b.js", "verify.js", "catalog.js", "favicon.svg"]
here = os.path.dirname(os.path.abspath(__file__))


def render():
    parts = ["/*\n * portal_assets.h - generated at build time by web/gen_assets.py from web/"
             " (do not edit).\n */\n",
             "#ifndef ODP_PORTAL_ASSETS_H\n#define ODP_PORTAL_ASSETS_H\n\n#include <stddef.h>\n\n"]
    for i, name in enumerate(ASSETS):
        with open(os.path.join(here, name), "rb") as f:
            data = f.read()
        parts.append("static const unsigned char odp_asset_%d[] = {\n" % i)
        for off in range(0, len(data), 16):
            parts.append("    " + ", ".join("0x%02x" % b for b in data[off:off + 16]) + ",\n")
        parts.append("};\n\n")
    parts.append("static const struct {\n    const char *name;\n    const unsigned char *data;\n"
                 "    size_t len;\n} odp_portal_assets[] = {\n")
    for i, name in enumerate(ASSETS):
        parts.append("    {\"assets/%s\", odp_asset_%d, sizeof(odp_asset_%d)},\n" % (name, i, i))
    parts.append("};\n\n#endif\n")
    return "".join(parts)


if len(sys.argv) != 2:
    print("usage: gen_assets.py OUT.h", file=sys.stderr)
    sys.exit(2)
text = render()
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w") as f:
    f.write(text)
os.replace(tmp, sys.argv[1])
