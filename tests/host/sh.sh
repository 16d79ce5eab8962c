#!/bin/sh
# tests/host/sh.sh - the shell (user/sh/) built for Linux against dash, the
# oracle (TAP): every case of tests/lib/sh-cases.txt (redirections,
# variables, cd/pwd, status) must print what dash prints and end with
# dash's status; the unsupported syntax must be refused with status 2 and
# a message, where dash would run it. Skipped without dash.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init
# shellcheck source=SCRIPTDIR/../lib/sh-cases.sh
. tests/lib/sh-cases.sh

out=build/host/tests/sh
rm -rf "$out"
mkdir -p "$out/cases" "$out/ours" "$out/dash" "$out/ours.run" "$out/dash.run"
ours=$(pwd)/build/host/sh
if ! command -v dash > /dev/null 2>&1; then
    skip "dash is not installed"
    tap_done
    exit
fi
n=$(sh_cases_write "$out/cases")
cases=$(pwd)/$out/cases
(cd "$out/ours.run" && sh_cases_run "$ours" "$cases" "$n") > "$out/ours.txt"
(cd "$out/dash.run" && sh_cases_run dash "$cases" "$n") > "$out/dash.txt"
sh_cases_split "$out/ours.txt" "$out/ours"
sh_cases_split "$out/dash.txt" "$out/dash"
k=1
while [ "$k" -le "$n" ]; do
    what=$(cat "$out/cases/$k")
    if cmp -s "$out/ours/$k.out" "$out/dash/$k.out"; then
        ok "sh = dash: $what"
    else
        not_ok "sh = dash: $what"
        diff "$out/dash/$k.out" "$out/ours/$k.out" | sed 's/^/#   /'
    fi
    k=$((k + 1))
done

# refused STRING: sh -c STRING exits 2 and says why on stderr.
refused() {
    "$ours" -c "$1" > "$out/refused.out" 2> "$out/refused.err"
    st=$?
    if [ "$st" -eq 2 ] && [ -s "$out/refused.err" ] && [ ! -s "$out/refused.out" ]; then
        ok "sh refuses '$1' (status 2, a message)"
    else
        not_ok "sh refuses '$1' (status 2, a message): status $st"
        sed 's/^/#   /' "$out/refused.out" "$out/refused.err"
    fi
}
refused 'case x in'
refused 'f() { echo x; }'
refused 'if true; then echo x'
refused 'echo (x)'
refused 'echo `echo x`'
refused 'echo $(echo x)'
refused 'cat << EOF'
refused 'echo ${X:-y}'
refused 'echo a >'
refused '> | cat'
tap_done
