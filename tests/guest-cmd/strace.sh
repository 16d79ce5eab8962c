#!/bin/sh
# tests/guest-cmd/strace.sh - /bin/strace on the lab programs (TAP). One
# boot runs each traced command with -o FILE, then prints the file after
# a marker line; each section is checked line by line, in order:
#   - shm-posix: execve with its argument vector, shm_open's open() with
#     its flags by name and its mode in octal, ftruncate, mmap's fixed
#     address, rights and flags and its address as the result, a write's
#     quoted (and cut) buffer, munmap, unlink, exit and the exit line;
#   - shm-posix with -f: the child's mmap at its own address, each line
#     prefixed with the pid, each process's exit line;
#   - cat of a missing file: the failing open with the errno's name and text;
#   - -e: only the calls named;
#   - producer and consumer (System V segment): shmget's key and
#     IPC_CREAT|IPC_EXCL|0600, shmat's result, a failing shmctl;
#   - strace's own errors: usage (status 2) and a missing program.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

show() { printf 'echo "=== %s"; cat %s; ' "$1" "$2"; }

cmds="strace -o /tmp/t1 shm-posix > /dev/null; echo \"t1 status \$?\"; $(show t1 /tmp/t1)"
cmds="$cmds strace -f -o /tmp/t2 shm-posix > /dev/null; $(show t2 /tmp/t2)"
cmds="$cmds strace -o /tmp/t3 cat /no/such/file 2> /dev/null; echo \"t3 status \$?\"; $(show t3 /tmp/t3)"
cmds="$cmds strace -e trace=open,close -o /tmp/t4 cat /etc/motd /no/such > /dev/null 2>&1; $(show t4 /tmp/t4)"
cmds="$cmds strace -f -o /tmp/t5 -e shmget,shmat,shmdt,shmctl producer -k 7 20 &"
cmds="$cmds consumer -k 7 > /dev/null; wait; $(show t5 /tmp/t5)"
cmds="$cmds strace -o /tmp/t6 ipcrm -m 31337 2> /dev/null; $(show t6 /tmp/t6)"
cmds="$cmds strace > /dev/null 2>&1; echo \"usage status \$?\";"
cmds="$cmds strace no-such-program; echo \"missing status \$?\"; echo === end"

# section NAME: the lines of $log after "=== NAME", up to the next "=== "
# or status line.
section() {
    awk -v s="=== $1" '$0 == s { on = 1; next } /^(=== |t[0-9]+ status )/ { on = 0 } on' "$log" \
        > "$guest_logs/$1.txt"
    echo "$guest_logs/$1.txt"
}

# expect_trace NAME DESCRIPTION ERE...: section NAME matches each ERE in order.
expect_trace() {
    _name=$1
    _sec=$(section "$1")
    _desc=$2
    shift 2
    if match_in_order "$_sec" "$@"; then
        ok "strace $_name: $_desc"
    else
        not_ok "strace $_name: $_desc"
        sed 's/^/#   /' "$_sec" | head -n 40
    fi
}

if boot strace "$cmds"; then
    expect_status strace 0
    expect_line t1 "t1 status 0"
    n='[0-9]+'
    seg='"/dev/shm/shmos-shm-posix-[0-9]+"'
    expect_trace t1 "shm-posix's calls decoded, in order" \
        '^execve\("/bin/shm-posix", \["shm-posix"\], 0x[0-9a-f]+\) = 0$' \
        "^open\\($seg, O_RDWR\\|O_CREAT\\|O_EXCL\\|O_CLOEXEC, 0600\\) = 3$" \
        '^ftruncate\(3, 8192\) = 0$' \
        "^write\\(1, \"\\[parent $n\\] created a segment of \"\\.\\.\\., 43\\) = 43$" \
        '^fork\(\) = [0-9]+$' \
        '^mmap\(0x10000000, 8192, PROT_READ\|PROT_WRITE, MAP_SHARED\|MAP_FIXED_NOREPLACE, 3, 0\) = 0x10000000$' \
        '^close\(3\) = 0$' \
        '^munmap\(0x10000000, 8192\) = 0$' \
        "^unlink\\($seg\\) = 0$" \
        '^exit\(0\) = \?$' \
        '^\+\+\+ exited with 0 \+\+\+$'
    expect_trace t2 "-f: the child's mmap at its own address, with its pid" \
        "^\\[pid $n\\] execve\\(\"/bin/shm-posix\"" \
        "^\\[pid $n\\] fork\\(\\) = $n$" \
        "^\\[pid $n\\] mmap\\(0x20000000, 8192, PROT_READ\\|PROT_WRITE, MAP_SHARED\\|MAP_FIXED_NOREPLACE, 3, 0\\) = 0x20000000$" \
        "^\\[pid $n\\] munmap\\(0x20000000, 8192\\) = 0$" \
        "^\\[pid $n\\] \\+\\+\\+ exited with 0 \\+\\+\\+$"
    expect_trace t2 "-f: the parent's mmap at 0x10000000 and its exit" \
        "^\\[pid $n\\] mmap\\(0x10000000, 8192, PROT_READ\\|PROT_WRITE, MAP_SHARED\\|MAP_FIXED_NOREPLACE, 3, 0\\) = 0x10000000$" \
        "^\\[pid $n\\] waitpid\\($n, 0x[0-9a-f]+, 0\\) = $n$" \
        "^\\[pid $n\\] \\+\\+\\+ exited with 0 \\+\\+\\+$"
    c=$(grep -c '+++ exited with 0 +++' "$guest_logs/t2.txt")
    check "strace t2: -f reports both processes' exits ($c)" test "$c" -eq 2
    c=$(grep -c '^\[pid [0-9]*\] ' "$guest_logs/t2.txt"); t=$(wc -l < "$guest_logs/t2.txt")
    check "strace t2: -f prefixes every line with the pid ($c of $t)" test "$c" -eq "$t"
    expect_line t3 "t3 status 1"
    expect_trace t3 "a failing open with its errno's name and text" \
        '^execve\("/bin/cat", \["cat", "/no/such/file"\], 0x[0-9a-f]+\) = 0$' \
        '^open\("/no/such/file", O_RDONLY\) = -1 ENOENT \(No such file or directory\)$' \
        '^write\(2, "cat: /no/such/file: No such file"\.\.\., [0-9]+\) = [0-9]+$' \
        '^exit\(1\) = \?$' \
        '^\+\+\+ exited with 1 \+\+\+$'
    expect_trace t4 "-e trace=open,close: those calls" \
        '^open\("/etc/motd", O_RDONLY\) = 3$' '^close\(3\) = 0$' \
        '^open\("/no/such", O_RDONLY\) = -1 ENOENT \(No such file or directory\)$' \
        '^\+\+\+ exited with 1 \+\+\+$'
    c=$(grep -Evc '^(open|close)\(|^\+\+\+ ' "$guest_logs/t4.txt")
    check "strace t4: -e leaves out every other call ($c other lines)" test "$c" -eq 0
    expect_trace t5 "producer: shmget with its key and IPC_CREAT|IPC_EXCL|0600, shmat's address" \
        "^\\[pid $n\\] shmget\\(0x[0-9a-f]+, $n, IPC_CREAT\\|IPC_EXCL\\|0600\\) = $n$" \
        "^\\[pid $n\\] shmat\\($n, NULL, 0\\) = 0x[0-9a-f]+$" \
        "^\\[pid $n\\] shmdt\\(0x[0-9a-f]+\\) = 0$"
    expect_trace t6 "a failing shmctl: IPC_RMID and EINVAL" \
        '^shmctl\(31337, IPC_RMID, NULL\) = -1 EINVAL \(Invalid argument\)$' \
        '^\+\+\+ exited with 1 \+\+\+$'
    expect_line strace "usage status 2"
    expect_line strace "strace: Can't stat 'no-such-program': No such file or directory"
    expect_line strace "missing status 1"
fi
tap_done
