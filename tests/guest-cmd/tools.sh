#!/bin/sh
# tests/guest-cmd/tools.sh - head, tail, wc, mkdir, rmdir, rm, touch,
# basename, dirname, tee, env, grep, sort, uniq, cut, tr, seq, yes,
# uname, which, clear, cp, mv, stat, od, hexdump, xargs, diff, date, du and
# df in the guest (TAP): every
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
if boot tools-help 'head --help && tail --help && wc --help; head -Z; echo "head $?"; tail -f x; echo "tail $?"; df --help; echo "df $?"; df -Z; echo "df $?"'; then
    expect_lines_in_order tools-help "head 2" "tail 2" "usage: df [-h | -k] [FILE...]" "df 0" "df 2"
fi
if boot tools-uname 'uname -a; uname; uname -sm; grep --help; sort -Z; echo "sort $?"; cut; echo "cut $?"; which sh; which nosuch; echo "which $?"; which; echo "which $?"; clear > /tmp/c; echo "clear $?"; wc -c < /tmp/c'; then
    expect_lines_in_order tools-uname "shmos shmos 1.0 #1 i686 shmos" "shmos" "shmos i686" \
        "usage: grep [-FicvnlqHh] [-e PATTERN]... [PATTERN] [FILE...]" "sort 2" "cut 2" \
        "/bin/sh" "which 1" "which 2" "clear 0" "11"
fi
# df, date, du and stat's default output: shmos's own numbers and clock.
if boot tools-fs 'df; df -h; df / nosuch; echo "df $?"; date; date -u +%Y-%m-%d; date -d @86400 "+%F %T"; date -d x; echo "date $?"; mkdir -p /tmp/d/a; echo x > /tmp/d/f; head -c 10000 /dev/zero > /tmp/d/a/g; du /tmp/d; du -sh /tmp/d; du -a /tmp/d; du -sc /tmp/d /tmp/d/f; stat /dev/null; stat -c "%n %a %U" /dev/zero /tmp'; then
    if match_in_order "$log" '^Filesystem +1K-blocks +Used +Available +Use% +Mounted on$' \
        '^tmpfs +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+% /$' '^Filesystem +Size +Used +Avail +Use% +Mounted on$' \
        '^tmpfs +[0-9.]+M +[0-9.]+[KM] +[0-9.]+M +[0-9]+% /$' '^df: nosuch: No such file or directory$' \
        '^df 1$' '^Thu Jan  1 00:0[0-9]:[0-9][0-9] UTC 1970$' '^1970-01-01$' '^1970-01-02 00:00:00$' \
        '^date 1$'; then
        ok "tools-fs: df lays out the memory file system as GNU df; date counts from the epoch at boot"
    else
        not_ok "tools-fs: df lays out the memory file system as GNU df; date counts from the epoch at boot"
        show_log
    fi
    tab=$(printf '\t')
    if match_in_order "$log" "^12${tab}/tmp/d/a\$" "^16${tab}/tmp/d\$" "^16K${tab}/tmp/d\$" \
        "^12${tab}/tmp/d/a/g\$" "^12${tab}/tmp/d/a\$" "^4${tab}/tmp/d/f\$" "^16${tab}/tmp/d\$" \
        "^16${tab}/tmp/d\$" "^16${tab}total\$"; then
        ok "tools-fs: du counts a page per small file, a directory with what it holds, a file once"
    else
        not_ok "tools-fs: du counts a page per small file, a directory with what it holds, a file once"
    fi
    expect_lines_in_order tools-fs "  File: /dev/null" \
        "  Size: 0         ${tab}Blocks: 0          IO Block: 4096   character special file" \
        "Access: (0666/crw-rw-rw-)  Uid: (    0/    root)   Gid: (    0/    root)" \
        "Modify: 1970-01-01 00:00:00.000000000 +0000" " Birth: -" "/dev/zero 666 root" "/tmp 1777 root"
    if match_in_order "$log" '^Device: 0,0	Inode: [0-9]+ +Links: 1 +Device type: 1,3$'; then
        ok "tools-fs: stat names /dev/null's device type 1,3"
    else
        not_ok "tools-fs: stat names /dev/null's device type 1,3"
    fi
fi
tap_done
