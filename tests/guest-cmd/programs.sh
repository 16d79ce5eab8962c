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

# ps: header, init (pid 1, parent 0, nice 0, a CPU time), the shell and a sleeping child of it;
# only a running process has a CPU, and it is one that came up.
if boot ps 'sleep 5 & sleep 0.5; ps'; then
    expect_status ps 0
    has_awk ps "header PID PPID STATE CPU NI TIME NAME" '$1 == "PID" && $2 == "PPID" && $3 == "STATE" && $4 == "CPU" && $5 == "NI" && $6 == "TIME" && $NF == "NAME"'
    has_awk ps "init has nice 0 and a CPU time M:SS.cc" '$NF == "init" && $5 == 0 && $6 ~ /^[0-9]+:[0-5][0-9][.][0-9][0-9]$/'
    has_awk ps "init is pid 1, parent 0" '$1 == 1 && $2 == 0 && $NF == "init"'
    has_awk ps "sh is a child of init" '$2 == 1 && $NF == "sh" { sh = $1 } END { exit !sh } 0'
    has_awk ps "sleep is sleeping, a child of sh" \
        '$NF == "sh" && $2 == 1 { sh = $1 } $NF == "sleep" && $3 == "sleeping" { sp = $2 } END { exit !(sh && sp == sh) } 0'
    has_awk ps "sleepers have no CPU" '$NF == "sleep" && $3 == "sleeping" && $4 == "-"'
    ncpu=$(sed -n 's/^shmos: \([0-9]*\) CPUs.*/\1/p' "$log" | head -n 1)
    has_awk ps "ps itself is running on one of the ${ncpu:-?} CPUs" \
        "\$NF == \"ps\" && \$3 == \"running\" && \$4 ~ /^[0-9]+\$/ && \$4 < ${ncpu:-1}"
fi

# kill: default SIGTERM, -9 and -KILL each end a sleeper (ps then lists no
# sleep); a missing pid gives status 1, no pid a usage error (2).
if boot kill 'sleep 30 & kill $!; echo "term $?"; sleep 30 & kill -9 $!; echo "nine $?"; sleep 30 & kill -KILL $!; echo "named $?"; sleep 0.5; ps; kill 12345; echo "missing $?"; kill; echo "usage $?"'; then
    expect_status kill 0
    expect_line kill "term 0"
    expect_line kill "nine 0"
    expect_line kill "named 0"
    if awk '$NF == "sleep" { found = 1 } END { exit found }' "$log"; then
        ok "kill: no sleeper is left in ps"
    else
        not_ok "kill: no sleeper is left in ps"
        show_log
    fi
    expect_line kill "missing 1"
    expect_line kill "usage 2"
fi

if boot free 'free'; then
    expect_status free 0
    has_awk free "a pages line with total = used + free > 0" '$1 == "pages" && $2 > 0 && $2 == $3 + $4'
    has_awk free "kernel stacks: only the slots used so far have pages (under 40, not 2 x 1024)" \
        '$1 == "kernel" && $2 == "stacks" && $3 > 0 && $3 < 40'
    has_awk free "a KiB line, 4 KiB a page" '$1 == "pages" { p = $2 } $1 == "KiB" && $2 == 4 * p { k = 1 } END { exit !k } 0'
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
