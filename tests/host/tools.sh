#!/bin/sh
# tests/host/tools.sh - head, tail, wc, mkdir, rmdir, rm, touch, basename,
# dirname, tee, env, grep, sort, uniq, cut, tr, seq, yes, uname, cp, mv,
# stat, od, hexdump, xargs, diff, date and du (user/NAME.c) built for Linux against GNU coreutils
# (util-linux for hexdump), the oracle (TAP):
# every case of tests/lib/tool-cases.txt, run by dash with our programs
# first on the PATH, must print what it prints with coreutils' and end
# with the same status (a usage error: 2 here, 1 in GNU's); --help
# succeeds; bad usage exits 2. Skipped
# without dash.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init
# shellcheck source=SCRIPTDIR/../lib/sh-cases.sh
. tests/lib/sh-cases.sh

out=build/host/tests/tools
rm -rf "$out"
mkdir -p "$out/cases" "$out/bin" "$out/ours" "$out/gnu" "$out/ours.run" "$out/gnu.run"
if ! command -v dash > /dev/null 2>&1; then
    skip "dash is not installed"
    tap_done
    exit
fi
for t in head tail wc mkdir rmdir rm touch basename dirname tee env grep sort uniq cut tr seq yes uname cp mv stat od hexdump xargs diff; do
    ln -s "$(pwd)/build/host/$t" "$out/bin/$t"
done
n=$(sh_cases_write "$out/cases" tests/lib/tool-cases.txt)
cases=$(pwd)/$out/cases
bin=$(pwd)/$out/bin
(cd "$out/ours.run" && PATH=$bin:$PATH sh_cases_run dash "$cases" "$n") > "$out/ours.txt"
(cd "$out/gnu.run" && sh_cases_run dash "$cases" "$n") > "$out/gnu.txt"
sh_cases_split "$out/ours.txt" "$out/ours"
sh_cases_split "$out/gnu.txt" "$out/gnu"
k=1
while [ "$k" -le "$n" ]; do
    what=$(cat "$out/cases/$k")
    # GNU's status for a bad count is 1; ours is 2, the project's usage
    # status: compare the rest of the case.
    sed 's/^st 2$/st 1/' "$out/ours/$k.out" > "$out/ours/$k.cmp"
    if cmp -s "$out/ours/$k.cmp" "$out/gnu/$k.out"; then
        ok "= coreutils: $what"
    else
        not_ok "= coreutils: $what"
        diff "$out/gnu/$k.out" "$out/ours/$k.out" | sed 's/^/#   /'
    fi
    k=$((k + 1))
done
for t in head tail wc mkdir rmdir rm touch basename dirname tee env grep sort uniq cut tr seq yes uname which clear cp mv stat od hexdump xargs diff date du; do
    "build/host/$t" --help > /dev/null
    check "$t --help succeeds" test $? -eq 0
    "build/host/$t" -Z < /dev/null > /dev/null 2>&1
    check "$t -Z (bad usage) exits 2" test $? -eq 2
done
build/host/tail -f /dev/null > /dev/null 2>&1
check "tail -f is refused with status 2" test $? -eq 2
for t in sort uniq cut tr seq grep; do
    "build/host/$t" < /dev/null > /dev/null 2>&1
    st=$?
    case $t in sort|uniq) want=0 ;; *) want=2 ;; esac
    check "$t without operands exits $want" test "$st" -eq "$want"
done
build/host/uname -s -r -m -n > "$out/uname.txt"
uname -s -r -m -n > "$out/uname.gnu"
check "uname -s -r -m -n = GNU uname's" cmp -s "$out/uname.txt" "$out/uname.gnu"
build/host/uname -a > "$out/uname.txt"
uname -a > "$out/uname.gnu"
check "uname -a = GNU uname's" cmp -s "$out/uname.txt" "$out/uname.gnu"
for a in "-u -d @0" "-u -d @1700000000" "-u -d @1700000000 +%s|%j|%A|%B|%c|%D|%F|%T|%y|%e|%p|%I|%u|%w|%V|%G|%U|%W" "-u +%Y-%m-%d"; do
    # shellcheck disable=SC2086 # $a: the options, split on purpose
    check "date $a = GNU date's" test "$(build/host/date $a)" = "$(date $a)"
done
build/host/date -d x > /dev/null 2>&1
check "date -d x (not @N) exits 1" test $? -eq 1
mkdir -p "$out/du/t/a/b"
echo x > "$out/du/t/f"
head -c 10000 /dev/zero > "$out/du/t/a/g"
head -c 2000000 /dev/zero > "$out/du/t/big"
for a in "t" "-s t" "-h t" "-a t" "-sh t t/f" "-c t/f t/a" "-sc t t" "-ah t" "-sk t/a t/big" "-h t/big"; do
    # shellcheck disable=SC2086 # $a: the options and files, split on purpose
    check "du $a = GNU du's" test "$(cd "$out/du" && ../../../du $a)" = "$(cd "$out/du" && du $a)"
done
check "which sh finds what the shell would run" test "$(build/host/which sh)" = "$(command -v sh)"
build/host/which nosuch-program-xyz > /dev/null
check "which of a missing program exits 1" test $? -eq 1
tap_done
