#!/bin/sh
# tests/guest-cmd/tools.sh - head, tail, wc, mkdir, rmdir, rm, touch,
# basename, dirname, tee, env, grep, sort, uniq, cut, tr, seq, yes,
# uname, which, clear, cp, mv, stat, od, hexdump, xargs and diff in the
# guest (TAP): every
# case of tests/lib/tool-cases.txt runs in one boot and must print what
# GNU coreutils print on the host (run by dash) and end with the same
# status, except that a usage error's status is 2 here (the project's
# usage status) where GNU's is 1.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/lib/cases.sh
. tests/guest-cmd/lib/cases.sh

guest_cases tool-cases tests/lib/tool-cases.txt 's/^st 2$/st 1/'
if boot tools-help 'head --help && tail --help && wc --help; head -Z; echo "head $?"; tail -f x; echo "tail $?"'; then
    expect_lines_in_order tools-help "head 2" "tail 2"
fi
if boot tools-uname 'uname -a; uname; uname -sm; grep --help; sort -Z; echo "sort $?"; cut; echo "cut $?"; which sh; which nosuch; echo "which $?"; which; echo "which $?"; clear > /tmp/c; echo "clear $?"; wc -c < /tmp/c'; then
    expect_lines_in_order tools-uname "shmos shmos 1.0 #1 i686 shmos" "shmos" "shmos i686" \
        "usage: grep [-FicvnlqHh] [-e PATTERN]... [PATTERN] [FILE...]" "sort 2" "cut 2" \
        "/bin/sh" "which 1" "which 2" "clear 0" "11"
fi
tap_done
