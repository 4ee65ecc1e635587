# Packaging: `meson install` puts the binary, the policies, README, LICENSE, CHANGELOG and
# docs/ under the prefix; the installed binary holds no build-tree or source-tree path and
# finds the baseline under its own prefix, wherever the tree is (here a DESTDIR).
# A sanitizer build cannot be loaded into an uninstrumented program, and its UBSan
# diagnostics carry source paths: these checks belong to the plain build.
case $(ldd "$ODPUB" 2>/dev/null) in
    *libasan*|*libubsan*) echo "skip: sanitizer build"; return 0 ;;
esac
D="$E2E_OUT/destdir"
# the installed docs quote test canaries (SECURITY.md): not odpub output, so not left
# for the suite's secrets scan
trap 'rm -rf "$D"' EXIT
meson install -C "$BUILDDIR" --destdir "$D" --no-rebuild >install.log 2>&1 || { cat install.log >&2; fail "meson install failed"; }
bin=$(find "$D" -path '*/bin/odpub' -type f | head -1)
[ -n "$bin" ] && [ -x "$bin" ] || fail "no bin/odpub installed"
prefix=$(dirname "$(dirname "$bin")")
for f in share/odpub/policies/nyc-baseline.yaml share/odpub/policies/nyc-311.yaml \
         share/doc/odpub/LICENSE share/doc/odpub/CHANGELOG.md share/doc/odpub/README.md \
         share/doc/odpub/docs/CLI.md share/doc/odpub/docs/schemas/release.schema.json; do
    [ -f "$prefix/$f" ] || fail "not installed: $f"
done
grep -q "ISC License" "$prefix/share/doc/odpub/LICENSE" || fail "LICENSE is not the ISC licence"
# no path of this checkout in the installed binary (reproducible-builds, lintian)
if grep -aF "$SRCDIR" "$bin" >/dev/null || grep -aF "$BUILDDIR" "$bin" >/dev/null; then
    fail "the installed binary embeds a build or source tree path"
fi
# the baseline comes from the installed prefix, not from the source tree
mkdir -p elsewhere
cp "$SRCDIR/policies/nyc-311.yaml" elsewhere/
(cd elsewhere && "$bin" check nyc-311.yaml > ../check.out 2> ../check.err) || { cat check.err >&2; fail "installed check failed"; }
expect_in check.out "baseline $prefix/bin/\.\./share/odpub/policies/nyc-baseline.yaml"
expect_not_in check.out "$SRCDIR/policies"
"$bin" --version | grep -Eq '^odpub [0-9]+\.[0-9]+\.[0-9]+$' || fail "installed --version"
