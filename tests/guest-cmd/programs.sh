#!/bin/sh
# tests/guest-cmd/programs.sh - the small programs of /bin on shmos (TAP):
# ls, ps, kill, free and poweroff N (ipcs, ipcrm and ipcmk: ipc.sh); the
# one-line report of a user fault; and booting with qemu-system-x86_64.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

# has_awk NAME DESCRIPTION AWK-CONDITION: ok when some log line matches.
has_awk() {
    if awk "$3 { found = 1 } END { exit !found }" "$log"; then
        ok "$1: $2"
    else
        not_ok "$1: $2"
        show_log
    fi
}

motd_size=$(wc -c < rootfs/etc/motd | tr -d ' ')
if boot ls 'ls /; ls /bin; ls -l /etc; ls /no-such; echo "ls status $?"'; then
    expect_status ls 0
    expect_line ls "bin/"
    expect_line ls "etc/"
    expect_line ls "sh"
    expect_line ls "ipcrm"
    has_awk ls "ls -l shows motd with its size ($motd_size)" "\$NF == \"motd\" && \$(NF-1) == $motd_size"
    expect_line ls "ls status 1"
fi

# ps: header, init (pid 1, parent 0, nice 0, a CPU time), the shell and a sleeping child of it
# (its command line "sleep 5", resident pages, shared ones among them: its
# program's text); only a running process has a CPU, and it is one that came up.
if boot ps 'sleep 5 & sleep 0.5; ps'; then
    expect_status ps 0
    has_awk ps "header PID PPID STATE CPU NI TIME RSS SHR NAME CMD" '$1 == "PID" && $2 == "PPID" && $3 == "STATE" && $4 == "CPU" && $5 == "NI" && $6 == "TIME" && $7 == "RSS" && $8 == "SHR" && $9 == "NAME" && $10 == "CMD"'
    has_awk ps "init has nice 0 and a CPU time M:SS.cc" '$9 == "init" && $5 == 0 && $6 ~ /^[0-9]+:[0-5][0-9][.][0-9][0-9]$/'
    has_awk ps "init is pid 1, parent 0" '$1 == 1 && $2 == 0 && $9 == "init"'
    has_awk ps "sh is a child of init" '$2 == 1 && $9 == "sh" { sh = $1 } END { exit !sh } 0'
    has_awk ps "sleep is sleeping, a child of sh" \
        '$9 == "sh" && $2 == 1 { sh = $1 } $9 == "sleep" && $3 == "sleeping" { sp = $2 } END { exit !(sh && sp == sh) } 0'
    has_awk ps "sleepers have no CPU" '$9 == "sleep" && $3 == "sleeping" && $4 == "-"'
    has_awk ps "sleep's command line is its arguments" '$9 == "sleep" && $10 == "sleep" && $11 == 5 && NF == 11'
    has_awk ps "sleep has resident pages, shared ones among them" '$9 == "sleep" && $7 > 0 && $8 > 0 && $8 <= $7'
    ncpu=$(sed -n 's/^shmos: \([0-9]*\) CPUs.*/\1/p' "$log" | head -n 1)
    has_awk ps "ps itself is running on one of the ${ncpu:-?} CPUs" \
        "\$9 == \"ps\" && \$3 == \"running\" && \$4 ~ /^[0-9]+\$/ && \$4 < ${ncpu:-1}"
fi

# kill: default SIGTERM, -9 and -KILL each end a sleeper (ps then lists no
# sleep); a missing pid gives status 1, no pid a usage error (2).
if boot kill 'sleep 30 & kill $!; echo "term $?"; sleep 30 & kill -9 $!; echo "nine $?"; sleep 30 & kill -KILL $!; echo "named $?"; sleep 0.5; ps; kill 12345; echo "missing $?"; kill; echo "usage $?"'; then
    expect_status kill 0
    expect_line kill "term 0"
    expect_line kill "nine 0"
    expect_line kill "named 0"
    if awk '$9 == "sleep" { found = 1 } END { exit found }' "$log"; then
        ok "kill: no sleeper is left in ps"
    else
        not_ok "kill: no sleeper is left in ps"
        show_log
    fi
    expect_line kill "missing 1"
    expect_line kill "usage 2"
fi

# free: procps-ng's layout, column for column, compared with the host's
# free (its numbers aside) when there is one: the header, the Mem: and
# Swap: labels, the end of every column; -h values are N, N.N or NB with
# Ki/Mi/Gi suffixes; the KiB total is the byte total / 1024, -m's / 1024
# again; used + available = total; -x adds the kernel's counts.
free_cmds='free; echo =k; free -k; echo =m; free -m; echo =b; free -b; echo =h; free -h; echo =x; free -x'
if boot free "$free_cmds"; then
    expect_status free 0
    sed -n '/^ *total *used/,$p' "$log" > "$guest_logs/free.txt"
    # layout FILE: each line's label and the end column of every field;
    # numbers become N, -h units U (the sizes differ, so may the units).
    layout() {
        awk '/^=|^committed|^processes/ { next }
             { out = $1 == "total" ? "header" : $1; pos = 0; line = $0
               for (i = 1; i <= NF; i++) {
                   at = index(substr(line, pos + 1), $i); pos += at + length($i) - 1
                   v = $i; if (i > 1 || $1 == "total") { sub(/^[0-9]+([.][0-9])?/, "N", v); sub(/([KMGTP]i|B)$/, "U", v) }
                   out = out " " v "@" pos }
               print out }' "$1"
    }
    has_awk free "the procps header" '$0 == "               total        used        free      shared  buff/cache   available"'
    has_awk free "a Mem: row of 6 numbers ending at columns 20, 32, ... 80" \
        '$1 == "Mem:" && NF == 7 && length($0) == 80 && substr($0, 20, 1) != " " && substr($0, 21, 1) == " "'
    has_awk free "a Swap: row of three zeros" '$1 == "Swap:" && NF == 4 && $2 == 0 && $3 == 0 && $4 == 0'
    has_awk free "used + available = total" '$1 == "Mem:" && $2 > 0 && $2 == $3 + $7'
    has_awk free "-h: Mi/Gi suffixes, 0B for swap" '/^=h/ { h = 1 } h && $1 == "Mem:" && $2 ~ /^[0-9.]+[KMG]i$/ { m = 1 } h && $1 == "Swap:" && $2 == "0B" { s = 1 } END { exit !(m && s) } 0'
    has_awk free "-b total / 1024 = the KiB total, -m's = that / 1024" \
        '$1 == "Mem:" && !k { k = $2 } /^=m/ { st = "m" } /^=b/ { st = "b" } /^=h/ { st = "" } st == "m" && $1 == "Mem:" { m = $2 } st == "b" && $1 == "Mem:" { b = $2 } END { exit !(int(b / 1024) == k && int(k / 1024) == m) } 0'
    has_awk free "-x: the kernel counts line" '/^processes [0-9]+, open files [0-9]+, shm segments [0-9]+, semaphores [0-9]+$/'
    has_awk free "-x: kernel stacks: only the slots used so far have pages (under 40, not 2 x 1024)" \
        '$1 == "kernel" && $2 == "stacks" && $3 > 0 && $3 < 40'
    if command -v free > /dev/null 2>&1 && free -V 2>/dev/null | grep -q procps; then
        { free; echo =k; free -k; echo =m; free -m; echo =b; free -b; echo =h; free -h; } > "$guest_logs/free-host.txt"
        layout "$guest_logs/free-host.txt" > "$guest_logs/free-host.layout"
        sed '/^=x/,$d' "$guest_logs/free.txt" > "$guest_logs/free-shmos.txt"
        layout "$guest_logs/free-shmos.txt" > "$guest_logs/free-shmos.layout"
        check "free: the same layout as the host's procps free" \
            cmp -s "$guest_logs/free-shmos.layout" "$guest_logs/free-host.layout"
    else
        skip "free: no procps free on the host to compare layouts with"
    fi
fi

if boot poweroff 'poweroff 3; echo "not reached"'; then
    expect_status poweroff 3
    expect_no_line poweroff "not reached"
fi

# A user fault: one line naming pid, program, trap, address, eip and the
# function it is in (from the program file's symbol table).
if boot fault "tests 'read of address 0'"; then
    expect_status fault 0
    has_awk fault "the fault report names pid, program, trap, address, eip and function" \
        '/^pid [0-9]+ \(tests\): killed by trap 14 \(page fault\) at address 0x00000000, eip 0x[0-9a-f]+ \(in t_null_read\+0x[0-9a-f]+\): null pointer dereference$/'
fi

# The same kernel boots under qemu-system-x86_64's Multiboot loader.
QEMU=qemu-system-x86_64
export QEMU
if boot x86_64 'echo "on x86_64"; exit 7'; then
    expect_status x86_64 7
    expect_line x86_64 "on x86_64"
fi
unset QEMU

tap_done
