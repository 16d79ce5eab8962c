#!/bin/sh
# tests/host/ipc-tools.sh - user/ipcs.c, user/ipcrm.c and user/ipcmk.c
# built for Linux (build/host/), with util-linux's ipcs and ipcrm as the
# oracle (TAP). Every case runs in a fresh IPC namespace (unshare --ipc,
# so the host's own objects are never touched and ids start at 0), set up
# the same way: segments 0 (key 0x5e11, 5000 bytes, mode 640), 1 (key
# 0x5e12) and 2 (IPC_PRIVATE, marked for removal, held by a child); sets
# 0 (key 0x5e21, 3 semaphores, mode 600), 1 (key 0x5e22) and 2
# (IPC_PRIVATE).
#  - ipcs -m, -s, -a and no option: the System V sections are util-linux's
#    byte for byte; the POSIX sections follow their System V one and list
#    a named semaphore and a shm object; usage errors exit 2.
#  - ipcrm in every form (-m ID, -M KEY, -s ID, -S KEY, -a, shm ID...,
#    sem ID..., mixed, failing): the same exit status as util-linux's
#    ipcrm given the same words, and the same objects left; -s NAME (with
#    and without its slash, and /NUMBER) unlinks a named POSIX semaphore;
#    usage errors exit 2 with a usage line and remove nothing.
#  - ipcmk: -k KEY, -p MODE, a taken key (1), usage errors (2).
# Named POSIX semaphores live in /dev/shm, which no namespace separates:
# their names carry this shell's pid and are removed at the end.
# Skipped where util-linux or an IPC namespace is not available.
# The awk programs and the namespace scripts are single-quoted on purpose.
# shellcheck disable=SC2016
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init

out=build/host/tests/ipc-tools
rm -rf "$out"
mkdir -p "$out"
H=build/host
F=$out/fixture
tag=shmos-ipc-test-$$
export H F out tag

if ! command -v ipcs > /dev/null 2>&1 || ! command -v ipcrm > /dev/null 2>&1; then
    skip "util-linux's ipcs and ipcrm are not installed"
    tap_done
    exit
fi
if unshare --ipc true 2> /dev/null; then
    NS="unshare --ipc"
elif unshare --ipc --user --map-root-user true 2> /dev/null; then
    NS="unshare --ipc --user --map-root-user"
else
    skip "no IPC namespace can be made here (unshare --ipc)"
    tap_done
    exit
fi
for p in ipcs ipcrm ipcmk; do
    [ -x "$H/$p" ] || ${MAKE:-make} -s --no-print-directory "$H/$p" >&2
done
# shellcheck disable=SC2086 # HOST_CFLAGS: several flags
if ! $CC $HOST_CFLAGS -o "$F" tests/host/ipc/fixture.c -lrt > "$out/fixture.log" 2>&1; then
    not_ok "the fixture tests/host/ipc/fixture.c builds"
    diag < "$out/fixture.log"
    tap_done
    exit
fi

# The objects every case starts from (run inside the namespace; $held is
# the pid of the child holding segment 2).
SETUP='
$H/ipcmk -k 0x5e11 -M 5000 -p 640 > /dev/null &&
$H/ipcmk -k 0x5e12 -M 4K > /dev/null &&
set -- $($F held-segment 8192 20) && held=$2 &&
$H/ipcmk -k 0x5e21 -S 3 -p 600 > /dev/null &&
$H/ipcmk -k 0x5e22 -S 1 > /dev/null &&
$F private-set 2 > /dev/null || echo "SETUP FAILED" >&2
'

# in_ns NAME: runs the script on stdin, after SETUP, in a new IPC
# namespace; its stdout goes to $out/NAME.out, stderr to $out/NAME.err.
in_ns() {
    { echo "$SETUP"; cat; echo 'kill $held'; } > "$out/$1.sh"
    $NS sh "$out/$1.sh" > "$out/$1.out" 2> "$out/$1.err"
    if grep -q "SETUP FAILED" "$out/$1.err"; then
        not_ok "$1: the objects are set up"
        diag < "$out/$1.err"
    fi
}

# section FILE TITLE: the section TITLE of an ipcs listing, from its
# "------ TITLE --------" line to the blank line that ends it.
section() {
    awk -v t="------ $2 --------" '$0 == t { on = 1 } on && $0 == "" { exit } on { print }' "$1"
}

# same_section NAME FILE TITLE: FILE's section TITLE is util-linux's.
same_section() {
    section "$out/list.util" "$3" > "$out/$1.want"
    section "$2" "$3" > "$out/$1.got"
    if [ -s "$out/$1.want" ] && same_file "$out/$1.want" "$out/$1.got"; then
        ok "$1: '$3' is util-linux's, byte for byte"
    else
        not_ok "$1: '$3' is util-linux's, byte for byte"
    fi
}

# titles FILE: the section titles of a listing, one line, in order.
titles() {
    sed -n 's/^------ \(.*\) --------$/\1/p' "$1" | tr '\n' ',' | sed 's/,$//'
}

# ---------------------------------------------------------------- ipcs
in_ns list << 'EOF'
$F posix-sem /$tag-sem 3
$F posix-shm /$tag-shm 5000
ipcs -m -s > $out/list.util
$H/ipcs -m > $out/list.m; echo "m $?"
$H/ipcs -s > $out/list.s; echo "s $?"
$H/ipcs -a > $out/list.a; echo "a $?"
$H/ipcs > $out/list.all; echo "all $?"
$H/ipcs -s -m > $out/list.sm; echo "sm $?"
rm -f /dev/shm/sem.$tag-sem /dev/shm/$tag-shm
EOF
check "ipcs: util-linux lists segments 0 1 2 (2 dest) and sets 0 1 2 (the setup)" \
    test "$(awk '/^0x/ { printf "%s%s,", $2, $7 }' "$out/list.util")" = "0,1,2dest,0,1,2,"
check "ipcs: every form exits 0" \
    test "$(tr '\n' ' ' < "$out/list.out")" = "m 0 s 0 a 0 all 0 sm 0 "
for f in m a all sm; do
    same_section "ipcs-$f-shm" "$out/list.$f" "Shared Memory Segments"
done
for f in s a all sm; do
    same_section "ipcs-$f-sem" "$out/list.$f" "Semaphore Arrays"
done
check "ipcs -m: its sections are the System V and the POSIX shared memory" \
    test "$(titles "$out/list.m")" = "Shared Memory Segments,POSIX Shared Memory Objects"
check "ipcs -s: its sections are the System V and the POSIX semaphores" \
    test "$(titles "$out/list.s")" = "Semaphore Arrays,POSIX Named Semaphores"
check "ipcs: all four sections, shared memory first" \
    test "$(titles "$out/list.all")" = "Shared Memory Segments,POSIX Shared Memory Objects,Semaphore Arrays,POSIX Named Semaphores"
# ours FILE: a listing without the POSIX objects of other users of
# /dev/shm (the host's, which may change between two listings).
ours() {
    grep -v '^/' "$1"
    grep "^/$tag-" "$1"
}
check "ipcs -a is ipcs" test "$(ours "$out/list.a")" = "$(ours "$out/list.all")"
check "ipcs -s -m is ipcs on Linux (no free-memory line there)" \
    test "$(ours "$out/list.sm")" = "$(ours "$out/list.all")"
check "ipcs -m: a blank line opens each section and one ends the list" \
    test "$(sed -n '1p;$p' "$out/list.m" | tr -d '\n')" = "" -a "$(grep -c '^$' "$out/list.m")" -eq 3
check "ipcs -m lists the POSIX object: name, 5000 bytes, pages, no mapping count on Linux" \
    awk -v n="/$tag-shm" '$1 == n && $2 == 5000 && $4 == "-" { f = 1 } END { exit !f }' "$out/list.m"
check "ipcs -s lists the named semaphore: name, inode, value 3" \
    awk -v n="/$tag-sem" '$1 == n && $2 ~ /^[0-9]+$/ && $3 == 3 { f = 1 } END { exit !f }' "$out/list.s"
check "ipcs -m lists no semaphore, ipcs -s no shm object" \
    test "$(grep -c "$tag-sem" "$out/list.m")$(grep -c "$tag-shm" "$out/list.s")" = "00"
check "ipcs -m lists no sem.* file of /dev/shm" test "$(grep -c '^/sem\.' "$out/list.m")" = 0

for args in "-x" "-q" "extra" "-m -x"; do
    # shellcheck disable=SC2086 # the words of $args
    "$H/ipcs" $args > "$out/usage.out" 2> "$out/usage.err"
    s=$?
    if [ "$s" -eq 2 ] && [ ! -s "$out/usage.out" ] && grep -q '^usage: ipcs' "$out/usage.err"; then
        ok "ipcs $args: status 2, a usage line on stderr, nothing listed"
    else
        not_ok "ipcs $args: status 2, a usage line on stderr, nothing listed (status $s)"
        diag < "$out/usage.err"
    fi
done

# ---------------------------------------------------------------- ipcrm vs util-linux
# rm_case NAME WANT ARGS: ipcrm ARGS exits WANT, as util-linux's does with
# the same words, and leaves the objects util-linux's leaves.
rm_case() {
    _name=$1 _want=$2
    shift 2
    echo "\$H/ipcrm $*; echo \"status \$?\"; ipcs -m -s" | in_ns "$_name"
    echo "ipcrm $*; echo \"status \$?\"; ipcs -m -s" | in_ns "$_name.util"
    _got=$(sed -n 's/^status //p' "$out/$_name.out")
    _util=$(sed -n 's/^status //p' "$out/$_name.util.out")
    if [ "$_got" = "$_want" ] && [ "$_util" = "$_want" ]; then
        ok "ipcrm $*: status $_want, as util-linux's"
    else
        not_ok "ipcrm $*: status $_want, as util-linux's (got $_got, util-linux $_util)"
        diag < "$out/$_name.err"
    fi
    if same_file "$out/$_name.util.out" "$out/$_name.out"; then
        ok "ipcrm $*: leaves what util-linux's leaves"
    else
        not_ok "ipcrm $*: leaves what util-linux's leaves"
    fi
    if [ "$_want" -ne 0 ]; then
        check "ipcrm $*: the failure is reported with its reason" \
            grep -Eq '^ipcrm: .*: (Invalid argument|No such file or directory)$' "$out/$_name.err"
    fi
}

# left NAME: the "key id" pairs util-linux lists after case NAME.
left() {
    awk '/^0x/ { printf "%s/%s ", $1, $2 }' "$out/$1.out"
}

rm_case rm-m 0 -m 0
check "ipcrm -m 0: segment 0 is gone" test "$(left rm-m)" = "0x00005e12/1 0x00000000/2 0x00005e21/0 0x00005e22/1 0x00000000/2 "
rm_case rm-M 0 -M 0x5e12
check "ipcrm -M 0x5e12: segment 1 is gone" test "$(left rm-M)" = "0x00005e11/0 0x00000000/2 0x00005e21/0 0x00005e22/1 0x00000000/2 "
rm_case rm-s 0 -s 0
check "ipcrm -s 0 removes System V set 0" test "$(left rm-s)" = "0x00005e11/0 0x00005e12/1 0x00000000/2 0x00005e22/1 0x00000000/2 "
rm_case rm-S 0 -S 0x5e22
check "ipcrm -S 0x5e22: set 1 is gone" test "$(left rm-S)" = "0x00005e11/0 0x00005e12/1 0x00000000/2 0x00005e21/0 0x00000000/2 "
rm_case rm-old-shm 0 shm 0 1
check "ipcrm shm 0 1: segments 0 and 1 are gone" test "$(left rm-old-shm)" = "0x00000000/2 0x00005e21/0 0x00005e22/1 0x00000000/2 "
rm_case rm-old-sem 0 sem 0 2
check "ipcrm sem 0 2: sets 0 and 2 are gone" test "$(left rm-old-sem)" = "0x00005e11/0 0x00005e12/1 0x00000000/2 0x00005e22/1 "
rm_case rm-mixed 0 -m 0 -s 1 -M 0x5e12 -S 0x5e21
check "ipcrm -m 0 -s 1 -M 0x5e12 -S 0x5e21: all four are gone" test "$(left rm-mixed)" = "0x00000000/2 0x00000000/2 "
rm_case rm-key-bases 0 -M 24082 -S 057042
check "ipcrm -M 24082 -S 057042: keys in decimal and octal (segment 1, set 1 gone)" \
    test "$(left rm-key-bases)" = "0x00005e11/0 0x00000000/2 0x00005e21/0 0x00000000/2 "
rm_case rm-a 0 -a
check "ipcrm -a: only the held segment (already marked) is left" test "$(left rm-a)" = "0x00000000/2 "
rm_case rm-dest 0 -m 2
rm_case rm-bad-id 1 -m 99
rm_case rm-bad-set 1 -s 99
rm_case rm-bad-key 1 -S 0x777
rm_case rm-some-fail 1 -m 0 -m 99 -s 1
check "ipcrm -m 0 -m 99 -s 1: the others are still removed" test "$(left rm-some-fail)" = "0x00005e12/1 0x00000000/2 0x00005e21/0 0x00000000/2 "
rm_case rm-old-fail 1 sem 1 99 2
check "ipcrm sem 1 99 2: sets 1 and 2 are still removed" test "$(left rm-old-fail)" = "0x00005e11/0 0x00005e12/1 0x00000000/2 0x00005e21/0 "
rm_case rm-twice 1 -s 0 -s 0

# Key 0 is IPC_PRIVATE: it names nothing (util-linux: "illegal key", 1).
echo '$H/ipcrm -M 0; echo "M $?"; $H/ipcrm -S 0; echo "S $?"' | in_ns rm-key0
check "ipcrm -M 0, -S 0: status 1 (key 0 is IPC_PRIVATE)" test "$(tr '\n' ' ' < "$out/rm-key0.out")" = "M 1 S 1 "

# ---------------------------------------------------------------- ipcrm -s NAME
num=$$42
"$F" posix-sem "/$tag-a" 1 && "$F" posix-sem "/$tag-b" 1 && "$F" posix-sem "/$num" 1
"$H/ipcrm" -s "/$tag-a" -s "$tag-b" > "$out/names.out" 2> "$out/names.err"
check "ipcrm -s /NAME -s NAME: status 0" test $? -eq 0
check "ipcrm -s /NAME -s NAME: both named semaphores are gone" \
    test ! -e "/dev/shm/sem.$tag-a" -a ! -e "/dev/shm/sem.$tag-b"
"$H/ipcrm" -s "/$tag-a" > "$out/names.out" 2> "$out/names.err"
check "ipcrm -s /NAME of no semaphore: status 1" test $? -eq 1
check "ipcrm -s /NAME of no semaphore: the reason is given" \
    grep -qx "ipcrm: semaphore /$tag-a: No such file or directory" "$out/names.err"
echo "\$H/ipcrm -s $num; echo \"status \$?\"" | in_ns names-number
check "ipcrm -s $num: a number is a System V id (status 1: no such set)" \
    grep -qx "status 1" "$out/names-number.out"
check "ipcrm -s $num: ... and the named semaphore /$num stays" test -e "/dev/shm/sem.$num"
"$H/ipcrm" -s "/$num" > "$out/names.out" 2> "$out/names.err"
check "ipcrm -s /$num: with its slash it is the named semaphore (status 0, gone)" \
    test $? -eq 0 -a ! -e "/dev/shm/sem.$num"
rm -f "/dev/shm/sem.$tag-a" "/dev/shm/sem.$tag-b" "/dev/shm/sem.$num"

# ---------------------------------------------------------------- ipcrm usage
in_ns rm-usage << 'EOF'
for args in "" "-x" "-m" "-m 0 -x" "-m abc" "-M zz" "-s 0 -S" "shm" "sem abc" "sem 0 x" \
            "msg 1" "-q 1" "-m 0 extra" "-m 1x" "-m 0x0"; do
    $H/ipcrm $args 2> $out/rm-usage.stderr
    echo "[$args] $? $(grep -c '^usage: ipcrm' $out/rm-usage.stderr)"
done
ipcs -m -s
EOF
bad=$(grep '^\[' "$out/rm-usage.out" | grep -v '\] 2 1$')
if [ -z "$bad" ] && [ "$(grep -c '^\[' "$out/rm-usage.out")" -eq 15 ]; then
    ok "ipcrm: 15 bad usages each exit 2 with a usage line on stderr"
else
    not_ok "ipcrm: 15 bad usages each exit 2 with a usage line on stderr"
    echo "$bad" | diag
fi
check "ipcrm: after the bad usages every object is still there" \
    test "$(left rm-usage)" = "0x00005e11/0 0x00005e12/1 0x00000000/2 0x00005e21/0 0x00005e22/1 0x00000000/2 "

# ---------------------------------------------------------------- ipcmk
in_ns mk << 'EOF'
$H/ipcmk -k 0x5e11 -M 10; echo "taken $?"
$H/ipcmk -k 0x5e31 -M 1K -S 2 -p 0604; echo "both $?"
$H/ipcmk -M 1; echo "random $?"
for args in "" "-M" "-M 1x" "-S 0" "-p 9 -S 1" "-k 0 -S 1" "-S 1 extra" "-x"; do
    $H/ipcmk $args 2> /dev/null; echo "[$args] $?"
done
ipcs -m -s
EOF
check "ipcmk -k KEY of a taken key: status 1" grep -qx "taken 1" "$out/mk.out"
check "ipcmk -k KEY of a taken key: the reason is given" \
    grep -qx "ipcmk: shmget: File exists" "$out/mk.err"
check "ipcmk -k 0x5e31 -M 1K -S 2 -p 0604: status 0, util-linux's two id lines" \
    test "$(sed -n '/^Shared memory id: 3$/{n;p;}' "$out/mk.out")" = "Semaphore id: 3"
check "ipcmk: the segment and the set have key 0x5e31 and mode 604" \
    test "$(awk '$1 == "0x00005e31" { printf "%s %s %s,", $2, $4, $5 }' "$out/mk.out")" = "3 604 1024,3 604 2,"
check "ipcmk -M 1 without -k: a random key, not 0" \
    awk '$2 == 4 && $5 == 1 && $1 != "0x00000000" { f = 1 } END { exit !f }' "$out/mk.out"
bad=$(grep '^\[' "$out/mk.out" | grep -v '\] 2$')
check "ipcmk: 8 bad usages each exit 2" test -z "$bad" -a "$(grep -c '^\[' "$out/mk.out")" -eq 8

tap_done
