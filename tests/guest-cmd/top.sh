#!/bin/sh
# tests/guest-cmd/top.sh - /bin/top (TAP). One boot, a shell spinning in
# the background:
#   - top -b -n 1: procps top's five summary lines (uptime, Tasks: adding
#     up, %Cpu(s): adding up to 100 with some busy time, MiB Mem, MiB Swap),
#     a blank line, the header exactly, one row per process in its columns;
#     the spinner is R with %CPU above 50 and sorted first;
#   - top -b -n 2 -d 0.2 -c: two frames, command lines in COMMAND;
#   - usage errors (-n 0, an operand): status 2.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

cmds='sh -c "while :; do :; done" & sleep 1; echo "=== one"; top -b -n 1;'
cmds="$cmds echo '=== two'; top -b -n 2 -d 0.2 -c; echo '=== errors'; top -n 0; echo \"zero \$?\";"
cmds="$cmds top x; echo \"operand \$?\"; kill \$!; echo '=== end'"

# section NAME: the lines of $log after "=== NAME", up to the next "=== ".
section() {
    awk -v s="=== $1" '$0 == s { on = 1; next } /^=== / { on = 0 } on' "$log" \
        > "$guest_logs/$1.txt"
    echo "$guest_logs/$1.txt"
}

# in FILE DESCRIPTION AWK-PROGRAM: ok when the program exits 0 on FILE.
in_file() {
    if awk "$3" "$1"; then
        ok "top: $2"
    else
        not_ok "top: $2"
        sed 's/^/#   /' "$1"
    fi
}

if boot top "$cmds"; then
    expect_status top 0
    one=$(section one)
    in_file "$one" "line 1: time, uptime, load average" \
        'NR == 1 { exit !/^top - [0-9][0-9]:[0-5][0-9]:[0-5][0-9] up +[0-9]+ min,  load average: [0-9]+[.][0-9][0-9], [0-9]+[.][0-9][0-9], [0-9]+[.][0-9][0-9]$/ }'
    in_file "$one" "line 2: Tasks: total = running + sleeping + stopped + zombie" \
        'NR == 2 { exit !(/^Tasks: +[0-9]+ total, +[0-9]+ running, +[0-9]+ sleeping, +[0-9]+ stopped, +[0-9]+ zombie$/ && $2 == $4 + $6 + $8 + $10 && $4 >= 1) }'
    in_file "$one" "line 3: %Cpu(s): us + id = 100, us > 0" \
        'NR == 3 { exit !(/^%Cpu\(s\): *[0-9]+[.][0-9] us, +0[.]0 sy, +0[.]0 ni, *[0-9]+[.][0-9] id, +0[.]0 wa, +0[.]0 hi, +0[.]0 si, +0[.]0 st $/ && split(substr($0, 9), f, " ") && f[1] > 0 && f[1] + f[7] > 99.8 && f[1] + f[7] < 100.2) }'
    in_file "$one" "lines 4 and 5: MiB Mem and MiB Swap as procps prints them" \
        'NR == 4 { m = /^MiB Mem : +[0-9]+[.][0-9] total, +[0-9]+[.][0-9] free, +[0-9]+[.][0-9] used, +[0-9]+[.][0-9] buff\/cache     $/ && $4 > 0 }
         NR == 5 { s = /^MiB Swap: +0[.]0 total, +0[.]0 free, +0[.]0 used[.] +[0-9]+[.][0-9] avail Mem $/ }
         END { exit !(m && s) }'
    in_file "$one" "a blank line, then the header" \
        'NR == 6 { b = $0 == "" } NR == 7 { h = $0 == "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND" } END { exit !(b && h) }'
    in_file "$one" "rows: PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND, PR = 20 + NI, RES <= VIRT" \
        'NR > 7 { n++; if (!($1 ~ /^[0-9]+$/ && $2 == "root" && $3 == 20 + $4 && $5 >= $6 && $6 >= $7 && $7 > 0 && $8 ~ /^[RSTZ]$/ && $9 ~ /^[0-9]+[.][0-9]$/ && $10 ~ /^[0-9]+[.][0-9]$/ && $11 ~ /^[0-9]+:[0-5][0-9][.][0-9][0-9]$/ && NF == 12 && length($0) - length($12) == 69)) bad++ }
         END { exit !(n >= 4 && !bad) }'
    in_file "$one" "init, the shells and top itself are listed" \
        'NR > 7 && $1 == 1 && $12 == "init" { i = 1 } NR > 7 && $12 == "top" { t = 1 } NR > 7 && $12 == "sh" { s++ } END { exit !(i && t && s >= 2) }'
    in_file "$one" "the spinning shell: first, R, %CPU > 50" \
        'NR == 8 { exit !($12 == "sh" && $8 == "R" && $9 > 50) }'
    two=$(section two)
    in_file "$two" "-n 2: two frames" '/^top - / { n++ } END { exit n != 2 }'
    in_file "$two" "-c: the spinner's command line" '$12 == "sh" && $13 == "-c" && $14 == "while" { f = 1 } END { exit !f }'
    expect_line top "zero 2"
    expect_line top "operand 2"
fi
tap_done
