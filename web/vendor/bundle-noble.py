#!/usr/bin/env python3
"""Bundles BLAKE2b of @noble/hashes (npm, MIT, audited) into one browser file.

    npm pack @noble/hashes@2.4.0 && tar -xzf noble-hashes-2.4.0.tgz
    python3 web/vendor/bundle-noble.py package > web/blake2b.js

Each ES module of the package that blake2.js needs (_u64, utils, _md, _blake, blake2)
becomes a function scope in load order; `import` lines become reads of the modules
already loaded, `export` keywords are dropped and the exported names returned. The
code itself is not changed. At the end, the adapter keeps the API verify.js uses
(ODPBlake2b.create(outlen).update(bytes).digest(), ODPBlake2b.hash) and module.exports
for node (tests/e2e/js_verifier.sh).
"""
import json
import re
import sys

pkg = sys.argv[1]
version = json.load(open(pkg + "/package.json"))["version"]
order = ["_u64", "utils", "_md", "_blake", "blake2"]
out = []
out.append("/*\n * blake2b.js - BLAKE2b from @noble/hashes %s (https://github.com/paulmillr/noble-hashes),\n"
           " * audited, MIT licence (web/vendor/LICENSE-noble-hashes), bundled into one file by\n"
           " * web/vendor/bundle-noble.py without changing its code; the adapter at the end keeps\n"
           " * the API verify.js uses. Measured faster than the hand-written RFC 7693 code it\n"
           " * replaces (docs/PORTAL.md).\n */\n" % version)
out.append("(function (root) {\n'use strict';\nvar __m = {};\n")
imp = re.compile(r'^import\s+(\{[^}]*\}|\*\s+as\s+(\w+))\s+from\s+"\./(\w+)\.js";\s*$', re.M | re.S)
for name in order:
    src = open("%s/%s.js" % (pkg, name)).read()
    names = []

    def repl_import(m):
        if m.group(2):
            return "const %s = __m[%r];" % (m.group(2), m.group(3))
        return "const %s = __m[%r];" % (m.group(1).replace("\n", " "), m.group(3))
    src = imp.sub(repl_import, src)
    if "import " in src and re.search(r'^import ', src, re.M):
        sys.exit("unhandled import in " + name)

    def repl_list(m):
        for part in m.group(1).split(","):
            part = part.strip()
            if part:
                names.append(part)
        return ""
    src = re.sub(r'^export\s*\{([^}]*)\};?\s*$', repl_list, src, flags=re.M)

    def repl_decl(m):
        names.append(m.group(3))
        return m.group(1) + m.group(2)
    src = re.sub(r'^(\s*)export\s+((?:async\s+)?(?:function\*?|const|let|class)\s+)(\w+)', lambda m: (names.append(m.group(3)) or (m.group(1) + m.group(2) + m.group(3))), src, flags=re.M)
    if re.search(r'^\s*export\s', src, re.M):
        sys.exit("unhandled export in " + name)
    src = src.replace("//# sourceMappingURL=", "// (source map not bundled) ")
    out.append("__m[%r] = (function () {\n%s\nreturn { %s };\n})();\n" % (name, src, ", ".join(names)))
out.append("""
var blake2b = __m['blake2'].blake2b;
/* The API verify.js and the tests use: create(outlen).update(bytes).digest(), hash(). */
var api = {
    create: function (outlen, key) {
        var opts = {dkLen: outlen === undefined ? 64 : outlen};
        if (key !== undefined) {
            opts.key = key;
        }
        return blake2b.create(opts);
    },
    hash: function (input, outlen, key) {
        return api.create(outlen, key).update(input).digest();
    }
};
if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
} else {
    root.ODPBlake2b = api;
}
}(typeof globalThis !== 'undefined' ? globalThis : this));
""")
sys.stdout.write("".join(out))
