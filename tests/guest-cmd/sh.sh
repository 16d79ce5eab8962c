#!/bin/sh
# tests/guest-cmd/sh.sh - the shell's syntax in the guest (TAP): every case
# of tests/lib/sh-cases.txt (redirections, variables, cd/pwd, status,
# compound commands, arithmetic, globbing) runs
# in one boot, from files added to the initrd, and must print what dash
# prints on the host and end with dash's status; the unsupported syntax is
# refused with a message and status 2; `help` lists the builtins; without a
# file name a command of only a redirection creates the file. Skipped
# (one failure) without dash, the oracle.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/lib/cases.sh
. tests/guest-cmd/lib/cases.sh

guest_cases sh-cases tests/lib/sh-cases.txt

# Refused syntax: a message on stderr, status 2, nothing run.
if boot refused 'sh -c "case x in"; echo "case $?"; sh -c "echo \$(echo ran)"; echo "subst $?"; sh -c "cat << EOF"; echo "heredoc $?"'; then
    expect_lines_in_order refused "case 2" "subst 2"  "heredoc 2"
    expect_no_line refused ran
    if grep -q "'case' is not supported" "$log"; then
        ok "refused: the message names 'case'"
    else
        not_ok "refused: the message names 'case'"
        show_log
    fi
fi

if boot help 'help; cd /tmp; > made; ls'; then
    expect_status help 0
    for b in . break cd continue exec exit export help pwd read source test unset wait; do
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
