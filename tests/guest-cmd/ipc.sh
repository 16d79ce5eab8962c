#!/bin/sh
# tests/guest-cmd/ipc.sh - /bin/ipcs, /bin/ipcrm and /bin/ipcmk on shmos
# (TAP), in util-linux's forms (tests/host/ipc-tools.sh holds the same
# sources to util-linux on Linux):
#  - ipcs, ipcs -a, -m, -s, -s -m: the sections in order (System V shared
#    memory, POSIX shm objects, System V semaphore sets, named POSIX
#    semaphores), util-linux's headers and columns, the objects of the
#    boot in them, the free-memory line only in the full listing; usage
#    errors (status 2);
#  - ipcrm -m ID / -s NAME / -M KEY on a producer's run: removed segments
#    stay listed as "dest" while attached, named semaphores go at once;
#  - ipcrm -m ID, -M KEY, -s ID (a System V set), -S KEY, shm ID, sem ID,
#    -a; failing removals (status 1, the others still done); key 0; usage
#    errors (status 2, a usage line, nothing removed); ipcmk's errors.
# The ids the last boot passes to ipcrm are the ones the first boot's
# ipcmk printed: both boots start with the same creations (PREFIX), and a
# fresh kernel hands out the same ids for the same calls.
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

# between FROM TO: the output lines after the line FROM, before the line TO.
between() {
    awk -v a="$1" -v b="$2" '$0 == b { on = 0 } on { print } $0 == a { on = 1 }' "$log"
}

# titles FROM TO: the section titles between the lines FROM and TO, in
# order, joined with commas.
titles() {
    between "$1" "$2" | sed -n 's/^------ \(.*\) --------$/\1/p' | tr '\n' ',' | sed 's/,$//'
}

# field_of MARK TITLE N: field N of each row of section TITLE in the first
# listing after MARK, on one line, each followed by a blank.
field_of() {
    ipcs_rows "$1" "$2" | awk -v n="$3" '{ printf "%s ", $n }'
}

# expect_field NAME MARK TITLE N WANT: field_of MARK TITLE N is WANT
# (WANT's words each followed by a blank; "" for an empty section).
expect_field() {
    _got=$(field_of "$2" "$3" "$4")
    if [ "$_got" = "$5" ]; then
        ok "$1: after ${2:-the start}, '$3' lists ${5:-nothing }(field $4)"
    else
        not_ok "$1: after ${2:-the start}, '$3' lists ${5:-nothing }(field $4; got: $_got)"
        show_log
    fi
}

SHM_HEADER='key        shmid      owner      perms      bytes      nattch     status      '
SEM_HEADER='key        semid      owner      perms      nsems     '
ALL4="Shared Memory Segments,POSIX Shared Memory Objects,Semaphore Arrays,POSIX Named Semaphores"

# The creations both of the System V boots start with: segments 0x5e11
# (5000 bytes, mode 640), 0x5e12 and two with random keys; sets 0x5e21 (3
# semaphores, mode 600), 0x5e22 and three with random keys.
PREFIX='ipcmk -k 0x5e11 -M 5000 -p 640; ipcmk -k 0x5e12 -M 4096; ipcmk -M 4096; ipcmk -M 1K; ipcmk -k 0x5e21 -S 3 -p 600; ipcmk -k 0x5e22 -S 1; ipcmk -S 2; ipcmk -S 1; ipcmk -S 1'

# ---------------------------------------------------------------- ipcs
# A live POSIX object (shm-posix --global keeps it mapped twice for 2 s)
# and a producer waiting for its consumer (a segment, key 0x50430000,
# attached once, and three named semaphores).
if boot ipcs "$PREFIX; shm-posix --global & producer -c 1 5 & sleep 1; echo MARK-all; ipcs; echo \"all \$?\"; echo MARK-a; ipcs -a; echo \"a \$?\"; echo MARK-m; ipcs -m; echo \"m \$?\"; echo MARK-s; ipcs -s; echo \"s \$?\"; echo MARK-sm; ipcs -s -m; echo \"sm \$?\"; echo END; ipcs -x; echo \"usage \$?\"; ipcs -q; echo \"queues \$?\"; ipcs extra; echo \"operand \$?\"; ipcs -h; echo \"help \$?\"; kill -9 \$!; wait"; then
    expect_status ipcs 0
    shm_ids=$(sed -n 's/^Shared memory id: //p' "$log" | tr '\n' ' ')
    sem_ids=$(sed -n 's/^Semaphore id: //p' "$log" | tr '\n' ' ')
    check "ipcs: ipcmk made 4 segments ($shm_ids) and 5 sets ($sem_ids)" \
        test "$(echo "$shm_ids" | wc -w)" -eq 4 -a "$(echo "$sem_ids" | wc -w)" -eq 5
    for f in all a m s sm; do
        expect_line ipcs "$f 0"
    done
    check "ipcs: all four sections, shared memory first" test "$(titles MARK-all "all 0")" = "$ALL4"
    check "ipcs -a: the same four sections" test "$(titles MARK-a "a 0")" = "$ALL4"
    check "ipcs -m: the System V and POSIX shared memory sections" \
        test "$(titles MARK-m "m 0")" = "Shared Memory Segments,POSIX Shared Memory Objects"
    check "ipcs -s: the System V and POSIX semaphore sections" \
        test "$(titles MARK-s "s 0")" = "Semaphore Arrays,POSIX Named Semaphores"
    check "ipcs -s -m: all four sections" test "$(titles MARK-sm "sm 0")" = "$ALL4"
    n=$(between MARK-all "all 0" | grep -c "^$SHM_HEADER\$")
    check "ipcs: util-linux's segment header, trailing blanks and all ($n)" test "$n" -eq 1
    n=$(between MARK-all "all 0" | grep -c "^$SEM_HEADER\$")
    check "ipcs: util-linux's semaphore header, trailing blanks and all ($n)" test "$n" -eq 1
    expect_line ipcs "name                     bytes      pages      nmaps"
    expect_line ipcs "name                     inode      value      nopen      nwait"
    n=$(between MARK-m "m 0" | grep -c '^$')
    check "ipcs -m: a blank line opens each section and one ends the list ($n)" test "$n" -eq 3
    for m in "MARK-all|all 0|1" "MARK-a|a 0|1" "MARK-m|m 0|0" "MARK-s|s 0|0" "MARK-sm|sm 0|0"; do
        from=${m%%|*} rest=${m#*|}
        to=${rest%|*} want=${rest#*|}
        n=$(between "$from" "$to" | grep -c '^free pages: [0-9]* of [0-9]*$')
        check "ipcs after $from: $want free-pages line ($n)" test "$n" -eq "$want"
    done
    # The rows: util-linux's columns, key first.
    s0=$(echo "$shm_ids" | awk '{ print $1 }')
    has_awk ipcs "segment 0x5e11: id $s0, owner root, perms 640, 5000 bytes, nattch 0, blank status" \
        "\$1 == \"0x00005e11\" && \$2 == \"$s0\" && \$3 == \"root\" && \$4 == 640 && \$5 == 5000 && \$6 == 0 && NF == 6"
    has_awk ipcs "the producer's segment: key 0x50430000, perms 600, nattch 1" \
        '$1 == "0x50430000" && $3 == "root" && $4 == 600 && $6 == 1 && NF == 6'
    n=$(ipcs_rows MARK-all "Shared Memory Segments" | wc -l)
    check "ipcs: 5 segments listed ($n)" test "$n" -eq 5
    e0=$(echo "$sem_ids" | awk '{ print $1 }')
    has_awk ipcs "set 0x5e21: id ${e0:-?}, owner root, perms 600, 3 semaphores" \
        "\$1 == \"0x00005e21\" && \$2 == \"${e0:-?}\" && \$3 == \"root\" && \$4 == 600 && \$5 == 3 && NF == 5"
    n=$(ipcs_rows MARK-all "Semaphore Arrays" | awk '$1 ~ /^0x/' | wc -l)
    check "ipcs: 5 sets listed ($n)" test "$n" -eq 5
    if grep -Eq '^/shmos-shm-posix-[0-9]+ +8192 +2 +2$' "$log"; then
        ok "ipcs: the POSIX object, 8192 bytes, 2 pages, 2 mappings"
    else
        not_ok "ipcs: the POSIX object, 8192 bytes, 2 pages, 2 mappings"
        show_log
    fi
    has_awk ipcs "named semaphore /shmos-pc-empty: an inode, value 10, open once, no waiter" \
        '$1 == "/shmos-pc-empty" && $2 ~ /^[0-9]+$/ && $3 == 10 && $4 == 1 && $5 == 0 && NF == 5'
    check "ipcs -m: no semaphore is listed" test -z "$(between MARK-m "m 0" | grep -e '^/shmos-pc-' -e '^0x00005e2')"
    check "ipcs -s: no segment or shm object is listed" \
        test -z "$(between MARK-s "s 0" | grep -e '^/shmos-shm-posix' -e '^0x00005e1' -e '^0x50430000')"
    n=$(ipcs_rows MARK-s "POSIX Named Semaphores" | wc -l)
    check "ipcs -s: the producer's 3 named semaphores ($n)" test "$n" -eq 3
    expect_line ipcs "usage 2"
    expect_line ipcs "ipcs: unknown option -x"
    expect_line ipcs "queues 2"
    expect_line ipcs "ipcs: -q: shmos has no message queues"
    expect_line ipcs "operand 2"
    expect_line ipcs "help 0"
    n=$(grep -c '^usage: ipcs \[-a\] \[-m\] \[-s\]$' "$log")
    check "ipcs: the usage line after each of the 3 errors and for -h ($n)" test "$n" -eq 4
fi

# ---------------------------------------------------------------- a producer's run
# A producer waiting for its consumer holds a segment (the first after
# boot: id 4096, slot 0 sequence 1) and three named semaphores. ipcrm
# removes them: the segment stays listed, as "dest" with key 0, while the
# producer has it; the names go at once; nothing is left once it is
# killed.
if boot ipcrm-run 'producer -c 1 5 & sleep 1; ipcs; echo MARK1; ipcrm -m 4096 -s /shmos-pc-empty -s shmos-pc-full; echo "rm $?"; ipcrm -M 0x50430000 -s /shmos-pc-mutex; echo "again $?"; ipcs; echo MARK2; kill -9 $!; wait; ipcs; ipcrm -m 12345; echo "bad id $?"; ipcrm -s /nope; echo "bad name $?"; ipcrm -x 1; echo "usage $?"'; then
    expect_status ipcrm-run 0
    expect_field ipcrm-run "" "Shared Memory Segments" 2 "4096 "
    expect_field ipcrm-run "" "Shared Memory Segments" 1 "0x50430000 "
    check "ipcrm-run: ipcs lists the run's three named semaphores" \
        test "$(field_of "" "POSIX Named Semaphores" 1 | tr ' ' '\n' | sort | tr '\n' ' ')" = \
             "/shmos-pc-empty /shmos-pc-full /shmos-pc-mutex "
    has_awk ipcrm-run "ipcs lists /shmos-pc-empty with value 10, open once" \
        '/^MARK1$/ { stop = 1 } !stop && $1 == "/shmos-pc-empty" && $3 == 10 && $4 == 1'
    has_awk ipcrm-run "ipcs lists /shmos-pc-mutex with value 1" \
        '/^MARK1$/ { stop = 1 } !stop && $1 == "/shmos-pc-mutex" && $3 == 1'
    expect_line ipcrm-run "rm 0"
    expect_line ipcrm-run "again 1"
    check "ipcrm-run: -M of a removed segment's key fails, with the reason" \
        grep -qx 'ipcrm: shared memory key 0x50430000: No such file or directory' "$log"
    expect_field ipcrm-run MARK1 "Shared Memory Segments" 1 "0x00000000 "
    has_awk ipcrm-run "after ipcrm the attached segment is listed as dest" \
        '/^MARK1$/ { on = 1 } /^MARK2$/ { on = 0 } on && $2 == 4096 && $6 == 1 && $7 == "dest"'
    expect_field ipcrm-run MARK1 "POSIX Named Semaphores" 1 ""
    expect_field ipcrm-run MARK2 "Shared Memory Segments" 1 ""
    expect_field ipcrm-run MARK2 "POSIX Named Semaphores" 1 ""
    expect_line ipcrm-run "bad id 1"
    expect_line ipcrm-run "ipcrm: shared memory id 12345: Invalid argument"
    expect_line ipcrm-run "bad name 1"
    expect_line ipcrm-run "ipcrm: semaphore /nope: No such file or directory"
    expect_line ipcrm-run "usage 2"
fi

# ---------------------------------------------------------------- the System V forms
if [ -n "${shm_ids:-}" ] && [ "$(echo "${sem_ids:-}" | wc -w)" -eq 5 ]; then
    # shellcheck disable=SC2086 # the ids, one word each
    set -- $shm_ids $sem_ids
    s0=$1 s2=$3 s3=$4 e0=$5 e2=$7 e3=$8 e4=$9
    if boot ipcrm-sysv "$PREFIX; ipcrm -m $s0; echo \"m \$?\"; ipcrm -M 0x5e12; echo \"M \$?\"; ipcrm -s $e0; echo \"s \$?\"; ipcrm -S 0x5e22; echo \"S \$?\"; ipcrm shm $s2; echo \"old-shm \$?\"; ipcrm sem $e2; echo \"old-sem \$?\"; echo MARK1; ipcs; ipcrm -m 12345; echo \"bad-m \$?\"; ipcrm -s 12345; echo \"bad-s \$?\"; ipcrm -M 0x777; echo \"bad-M \$?\"; ipcrm -S 0x777; echo \"bad-S \$?\"; ipcrm -M 0; echo \"key0 \$?\"; ipcrm sem $e0 $e3; echo \"old-fail \$?\"; ipcrm; echo \"u1 \$?\"; ipcrm -x; echo \"u2 \$?\"; ipcrm -m; echo \"u3 \$?\"; ipcrm -m $s3 -m abc; echo \"u4 \$?\"; ipcrm -S zz; echo \"u5 \$?\"; ipcrm shm; echo \"u6 \$?\"; ipcrm sem $e4 x; echo \"u7 \$?\"; ipcrm msg 1; echo \"u8 \$?\"; ipcrm -q 1; echo \"u9 \$?\"; ipcrm -s $e4 extra; echo \"u10 \$?\"; echo MARK2; ipcs; ipcmk; echo \"mk-usage \$?\"; ipcmk -k 0x5e31 -S 1; ipcmk -k 0x5e31 -S 1; echo \"mk-taken \$?\"; ipcrm -a; echo \"all \$?\"; echo MARK3; ipcs; ipcrm -a; echo \"again \$?\""; then
        expect_status ipcrm-sysv 0
        for w in "m 0" "M 0" "s 0" "S 0" "old-shm 0" "old-sem 0"; do
            expect_line ipcrm-sysv "$w"
        done
        n=$(grep -c '^resource(s) deleted$' "$log")
        check "ipcrm-sysv: the two old forms that succeeded say 'resource(s) deleted' ($n)" test "$n" -eq 2
        expect_field ipcrm-sysv MARK1 "Shared Memory Segments" 2 "$s3 "
        expect_field ipcrm-sysv MARK1 "Semaphore Arrays" 2 "$e3 $e4 "
        check "ipcrm-sysv: ipcrm -s $e0 removed System V set $e0 (key 0x5e21)" \
            test -z "$(ipcs_rows MARK1 "Semaphore Arrays" | awk '$1 == "0x00005e21" || $2 == '"$e0")"
        for w in "bad-m 1" "bad-s 1" "bad-M 1" "bad-S 1" "key0 1" "old-fail 1" \
                 "ipcrm: shared memory id 12345: Invalid argument" \
                 "ipcrm: semaphore id 12345: Invalid argument" \
                 "ipcrm: shared memory key 0x777: No such file or directory" \
                 "ipcrm: semaphore key 0x777: No such file or directory" \
                 "ipcrm: shared memory key 0: key 0 is IPC_PRIVATE, which names no object" \
                 "ipcrm: semaphore id $e0: Invalid argument"; do
            expect_line ipcrm-sysv "$w"
        done
        n=0
        for i in 1 2 3 4 5 6 7 8 9 10; do
            has_line "u$i 2" && n=$((n + 1))
        done
        check "ipcrm-sysv: 10 bad usages each exit 2 ($n)" test "$n" -eq 10
        n=$(grep -c '^usage: ipcrm ' "$log")
        check "ipcrm-sysv: each prints the usage ($n)" test "$n" -eq 10
        expect_line ipcrm-sysv "mk-usage 2"
        expect_line ipcrm-sysv "mk-taken 1"
        expect_line ipcrm-sysv "ipcmk: semget: File exists"
        expect_field ipcrm-sysv MARK2 "Shared Memory Segments" 2 "$s3 "
        check "ipcrm-sysv: 'sem $e0 $e3' removed $e3 although $e0 failed; the usage errors removed nothing" \
            test "$(field_of MARK2 "Semaphore Arrays" 2)" = "$e4 "
        expect_line ipcrm-sysv "all 0"
        expect_field ipcrm-sysv MARK3 "Shared Memory Segments" 2 ""
        expect_field ipcrm-sysv MARK3 "Semaphore Arrays" 2 ""
        expect_line ipcrm-sysv "again 0"
    fi
else
    not_ok "ipcrm-sysv: not run: the ipcs boot did not report the ids of 4 segments and 5 sets"
fi

tap_done
