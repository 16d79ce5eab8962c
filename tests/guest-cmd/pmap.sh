#!/bin/sh
# tests/guest-cmd/pmap.sh - /bin/pmap (TAP). One boot:
#   - pmap -x of the shell: the header, the text of /bin/sh, the stack,
#     the totals line;
#   - producer and consumer of one run, both attached to its System V
#     segment: pmap -p of each names the segment with its key and lists
#     the same physical frames for it (the call's own tests are
#     tests/guest/vminfo.c: two addresses, copy-on-write);
#   - errors: a missing pid (status 1), no pid (usage, status 2).
set -u
: "${GUEST_CMD_TIMEOUT:=90}"    # the producer waits 10 s for a second consumer
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

cmds='echo "=== self"; pmap -x $$; echo "=== vmmap"; vmmap $$;'
# -c 2 with one consumer: both stay in the run, attached, until the
# producer gives up waiting (10 s); stdout only has the pmap lines.
cmds="$cmds producer -k 5 -c 2 3 2> /dev/null & sleep 1; consumer -k 5 > /dev/null 2>&1 & sleep 1;"
cmds="$cmds ps > /tmp/ps; grep ' producer  *producer ' /tmp/ps | cut -c1-5 > /tmp/p1;"
cmds="$cmds grep ' consumer  *consumer ' /tmp/ps | cut -c1-5 > /tmp/p2;"
cmds="$cmds read a < /tmp/p1; read b < /tmp/p2; echo '=== pair'; pmap -p \$a \$b; wait;"
cmds="$cmds echo '=== errors'; pmap 99999; echo \"missing status \$?\"; pmap 2> /dev/null;"
cmds="$cmds echo \"usage status \$?\"; echo === end"

# section NAME: the lines of $log after "=== NAME", up to the next "=== ".
section() {
    awk -v s="=== $1" '$0 == s { on = 1; next } /^=== / { on = 0 } on' "$log" \
        > "$guest_logs/$1.txt"
    echo "$guest_logs/$1.txt"
}

# seg_frames PROG FILE: the frames pmap -p lists under PROG's segment region.
seg_frames() {
    awk -v prog="$1" '
        /^[0-9]+:   / { who = $2; inseg = 0; next }
        /^[0-9a-f]+ / { inseg = (who == prog && / shmem segment [0-9]+ key 0x/); next }
        inseg && /^  [0-9a-f]+ -> frame / { print $4 }' "$2"
}

if boot pmap "$cmds"; then
    expect_status pmap 0
    vm=$(section vmmap)
    check "vmmap runs pmap: the shell's map" match_in_order "$vm" '^[0-9]+:   sh$' \
        '^00400000 +[0-9]+K r-xs- \[ text \] shmem /bin/sh$'
    self=$(section self)
    if match_in_order "$self" '^[0-9]+:   sh$' \
        '^Address +Kbytes +RSS +Dirty +Mode +Mapping$' \
        '^00400000 +[0-9]+ +[0-9]+ +[0-9]+ r-xs- \[ text \] shmem /bin/sh$' \
        '^[0-9a-f]+ +[0-9]+ +[0-9]+ +[0-9]+ rw--- \[ heap \] anon$' \
        '^[0-9a-f]+ +1024 +[0-9]+ +[0-9]+ rw--- \[ stack \] anon$' \
        '^total kB +[0-9]+ +[0-9]+ +[0-9]+$'; then
        ok "pmap -x: header, text of /bin/sh, heap, stack, totals"
    else
        not_ok "pmap -x: header, text of /bin/sh, heap, stack, totals"
        sed 's/^/#   /' "$self"
    fi
    pair=$(section pair)
    pf=$(seg_frames producer "$pair" | tr '\n' ' ')
    cf=$(seg_frames consumer "$pair" | tr '\n' ' ')
    check "pmap -p: the producer's segment has resident frames ($pf)" test -n "$pf"
    check "pmap -p: the consumer maps the very same frames ($cf)" test "$pf" = "$cf"
    c=$(grep -c '^  [0-9a-f]\{8\} -> frame [0-9a-f]\{8\} r[w-]\( cow\)\?\( dirty\)\? holders [0-9]*$' "$pair")
    t=$(grep -c '^  ' "$pair")
    check "pmap -p: every page line has its address, frame, rights, holders ($c of $t)" \
        test "$c" -eq "$t" -a "$t" -gt 0
    expect_line pmap "pmap: 99999: No such process"
    expect_line pmap "missing status 1"
    expect_line pmap "usage status 2"
fi
tap_done
