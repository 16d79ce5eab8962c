#!/bin/sh
# tests/guest-cmd/sh.sh - the shell's syntax in the guest (TAP): every case
# of tests/lib/sh-cases.txt (redirections, variables, cd/pwd, status) runs
# in one boot, from files added to the initrd, and must print what dash
# prints on the host and end with dash's status; the unsupported syntax is
# refused with a message and status 2; `help` lists the builtins; without a
# file name a command of only a redirection creates the file. Skipped
# (one failure) without dash, the oracle.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/../lib/sh-cases.sh
. tests/lib/sh-cases.sh

work=build/host/tests/guest-sh
rm -rf "$work"
mkdir -p "$work/root" "$work/cases" "$work/dash.run" "$work/dash" "$work/guest"
if ! command -v dash > /dev/null 2>&1; then
    not_ok "dash, the oracle, is installed"
    tap_done
    exit
fi
n=$(sh_cases_write "$work/cases")
cases=$(pwd)/$work/cases
(cd "$work/dash.run" && sh_cases_run dash "$cases" "$n") > "$work/dash.txt"
sh_cases_split "$work/dash.txt" "$work/dash"

# The initrd: the build's, plus the cases as /etc/sh-cases/K and a driver
# that runs them the way sh_cases_run does, in /tmp.
cp -r build/root/. "$work/root/" && mkdir -p "$work/root/etc/sh-cases" &&
    cp "$work/cases"/* "$work/root/etc/sh-cases/" || not_ok "the cases join the initrd"
{
    echo 'cd /tmp'
    echo 'echo "@@ start"'
    k=1
    while [ "$k" -le "$n" ]; do
        echo "sh /etc/sh-cases/$k 2>/dev/null; echo \"@@ $k \$?\""
        k=$((k + 1))
    done
} > "$work/root/etc/sh-cases/run"
(cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc > ../initrd.cpio) || not_ok "the initrd is built"
GUEST_QEMU_ARGS="--initrd $work/initrd.cpio"

if boot cases 'sh /etc/sh-cases/run'; then
    sed -n '/^@@ start$/,/^shmos: power off/p' "$log" | sed '1d;$d' > "$work/guest.txt"
    sh_cases_split "$work/guest.txt" "$work/guest"
    k=1
    while [ "$k" -le "$n" ]; do
        what=$(cat "$work/cases/$k")
        if [ -f "$work/guest/$k.out" ] && cmp -s "$work/guest/$k.out" "$work/dash/$k.out"; then
            ok "guest sh = dash: $what"
        else
            not_ok "guest sh = dash: $what"
            diff "$work/dash/$k.out" "$work/guest/$k.out" 2>&1 | sed 's/^/#   /'
        fi
        k=$((k + 1))
    done
fi

# Refused syntax: a message on stderr, status 2, nothing run.
if boot refused 'sh -c "if true; then echo ran; fi"; echo "if $?"; sh -c "echo \$(echo ran)"; echo "subst $?"; sh -c "cat << EOF"; echo "heredoc $?"'; then
    expect_lines_in_order refused "if 2" "subst 2"  "heredoc 2"
    expect_no_line refused ran
    if grep -q "'if' is not supported" "$log"; then
        ok "refused: the message names 'if'"
    else
        not_ok "refused: the message names 'if'"
        show_log
    fi
fi

if boot help 'help; cd /tmp; > made; ls'; then
    expect_status help 0
    for b in cd exec exit export help pwd unset wait; do
        if grep -Eq "^  $b( |\$)" "$log"; then
            ok "help: lists $b"
        else
            not_ok "help: lists $b"
            show_log
        fi
    done
    expect_line help made
fi
tap_done
