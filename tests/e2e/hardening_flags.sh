# The odpub binary is built hardened: PIE, full RELRO (relro + BIND_NOW), a non-
# executable stack, the stack protector, and with optimization (and no ASan, which
# meson.build exempts) _FORTIFY_SOURCE=3 checked calls. Checked on the binary with
# readelf, and on the compile and link commands meson used for it.
B=$ODPUB
command -v readelf >/dev/null || { echo "SKIP: no readelf"; exit 77; }
opt=$(jq -r '.[] | select(.name == "optimization") | .value' "$BUILDDIR/meson-info/intro-buildoptions.json")
san=$(jq -r '.[] | select(.name == "b_sanitize") | .value' "$BUILDDIR/meson-info/intro-buildoptions.json")
echo "optimization=$opt b_sanitize=$san"

readelf -hW "$B" > elf.h
readelf -dW "$B" > elf.d
readelf -lW "$B" > elf.l
readelf --dyn-syms -W "$B" > elf.syms
expect_in elf.h 'Type: +DYN \(Position-Independent Executable'
expect_in elf.d '\(FLAGS_1\) +Flags: .*PIE'
expect_in elf.d '\(FLAGS\) +.*BIND_NOW|\(FLAGS_1\) +Flags: .*NOW'
expect_in elf.l 'GNU_RELRO'
grep -E 'GNU_STACK' elf.l | grep -E ' RW +0x' >/dev/null || fail "executable stack: $(grep GNU_STACK elf.l)"
if grep -E 'TEXTREL' elf.d >/dev/null; then fail "text relocations"; fi
expect_in elf.syms ' __stack_chk_fail'
fortify=0
case "$opt:$san" in
    0:*|g:*|*address*) ;;
    *) fortify=1 ;;
esac
if [ "$fortify" = 1 ]; then
    n=$(grep -cE ' __[a-z0-9_]+_chk(@|$)' elf.syms || true)
    [ "$n" -ge 3 ] || fail "only $n _FORTIFY_SOURCE __*_chk calls in the binary"
fi

# The commands meson used: every C file of odpub's libraries and cmd/ compiled with the
# stack protector (and FORTIFY=3 when it applies), main.c with -fPIE, linked -pie -z relro -z now.
jq -r '.[] | select(.file | test("(^|/)(lib|cmd)/")) | .command' "$BUILDDIR/compile_commands.json" > cc.cmds
[ -s cc.cmds ] || fail "no compile commands"
n=$(wc -l < cc.cmds)
[ "$(grep -c -- '-fstack-protector-strong' cc.cmds)" = "$n" ] || fail "a file built without -fstack-protector-strong"
if [ "$fortify" = 1 ]; then
    [ "$(grep -c -- '-D_FORTIFY_SOURCE=3' cc.cmds)" = "$n" ] || fail "a file built without -D_FORTIFY_SOURCE=3"
fi
jq -r '.[] | select(.file | test("cmd/odpub/main.c$")) | .command' "$BUILDDIR/compile_commands.json" |
    grep -- '-fPIE' >/dev/null || fail "cmd/odpub/main.c not built with -fPIE"
grep -A4 '^build cmd/odpub/odpub:' "$BUILDDIR/build.ninja" > link.cmd
for f in -pie -Wl,-z,relro -Wl,-z,now; do
    grep -F -- "$f" link.cmd >/dev/null || fail "odpub not linked with $f"
done
echo "hardened: PIE, RELRO+BIND_NOW, NX stack, stack protector$( [ "$fortify" = 1 ] && echo ', FORTIFY=3')"
