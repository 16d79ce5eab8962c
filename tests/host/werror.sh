#!/bin/sh
# tests/host/werror.sh - a student's new program with a warning still
# builds (TAP): an untracked user/NAME.c with an unused variable compiles
# with the warning shown; once git tracks it (git add -N) the warning is an
# error, unless make is run with WERROR=0.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init
if ! git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    skip "not a git checkout"
    tap_done
    exit
fi
name=zz-werror-test-$$
src=user/$name.c
out=build/host/tests/werror
mkdir -p "$out"
cleanup() {
    git rm -q --cached --force "$src" > /dev/null 2>&1
    rm -f "$src" "build/user/$name.c.o" "build/user/$name.c.d" "build/bin/$name"
}
trap cleanup EXIT INT TERM
printf '#include <stdio.h>\nint main(void)\n{\n    int unused;\n    puts("hi");\n    return 0;\n}\n' > "$src"

${MAKE:-make} -s --no-print-directory "build/bin/$name" > "$out/untracked.log" 2>&1
st=$?
check "an untracked user/NAME.c with a warning builds" test "$st" -eq 0
check "the warning is shown" grep -q "unused variable" "$out/untracked.log"

rm -f "build/user/$name.c.o" "build/bin/$name"
git add -N "$src"
${MAKE:-make} -s --no-print-directory "build/bin/$name" > "$out/tracked.log" 2>&1
st=$?
check "once tracked, the same warning fails the build (-Werror)" test "$st" -ne 0
check "and says so" grep -q "all warnings being treated as errors" "$out/tracked.log"

${MAKE:-make} -s --no-print-directory WERROR=0 "build/bin/$name" > "$out/werror0.log" 2>&1
st=$?
check "WERROR=0 builds it anyway" test "$st" -eq 0
tap_done
