#!/bin/sh
# tests/host/shm-posix.sh - build/host/shm-posix on Linux (TAP).
# Checks the exit status, the trace (masked pids, line for line against
# tests/host/shm-posix.expected, which /bin/shm and /bin/shm-posix must
# also print on shmos; shm-posix is built from user/shm-posix.c for both),
# the synchronisation order, that no /dev/shm name is left behind on normal
# and error exits, SIGTERM or a closed output, and the bounded failure of
# --global, whose trace is just as fixed (global_expected below, the same
# in tests/guest-cmd/shm.sh).
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init

bin=build/host/shm-posix
expected=tests/host/shm-posix.expected
out=build/host/tests/shm-posix
rm -rf "$out"
mkdir -p "$out"

if [ ! -x "$bin" ]; then
    not_ok "$bin is built (run make host-tests)"
    tap_done
    exit 1
fi

# mask FILE: the trace with "[parent 123]" / "[child 124]" made pid-free.
mask() {
    sed -E 's/^\[parent [0-9]+\]/[parent P]/; s/^\[child [0-9]+\]/[child C]/' "$1"
}

# pids ROLE FILE: the distinct pids printed as "[ROLE pid]", one a line.
pids() {
    sed -n -E "s/^\[$1 ([0-9]+)\].*/\1/p" "$2" | sort -u
}

# line_of FILE TEXT: number of the first line equal to TEXT (0 if none).
line_of() {
    awk -v t="$2" '$0 == t { print NR; found = 1; exit } END { if (!found) print 0 }' "$1"
}

# no_segment PID: true when /dev/shm has no name left by process PID.
no_segment() {
    [ ! -e "/dev/shm/shmos-shm-posix-$1" ]
}

# wait_for FILE REGEX SECONDS: polls until a line of FILE matches REGEX.
wait_for() {
    _tries=$(($3 * 20))
    while [ "$_tries" -gt 0 ]; do
        grep -Eq "$2" "$1" 2>/dev/null && return 0
        sleep 0.05
        _tries=$((_tries - 1))
    done
    return 1
}

# gone PID: true once PID has exited (gone, or a zombie nobody reaped yet).
gone() {
    [ ! -r "/proc/$1/stat" ] || [ "$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

now_ms() {
    echo $(($(date +%s%N) / 1000000))
}

# The --global trace, pids masked: the child gives up and exits while the
# parent is silent; the parent then reports.
global_expected=tests/host/shm-posix-global.expected

# ---------------------------------------------------------------- normal run
timeout 20 "$bin" > "$out/run.stdout" 2> "$out/run.stderr"
status=$?
if [ "$status" -eq 0 ]; then
    ok "shm-posix exits 0"
else
    not_ok "shm-posix exits 0 (got $status)"
    diag_file "stdout" "$out/run.stdout"
    diag_file "stderr" "$out/run.stderr"
fi
check "shm-posix prints nothing on stderr" test ! -s "$out/run.stderr"
first=$(head -n 1 "$out/run.stdout")
want="the $bin command started with 1 parameters"
if [ "$first" = "$want" ]; then
    ok "first line: '$want'"
else
    not_ok "first line: '$want' (got '$first')"
fi
tail -n +2 "$out/run.stdout" > "$out/run.trace"
mask "$out/run.trace" > "$out/run.masked"
check "trace matches $expected line for line (pids masked)" \
    same_file "$expected" "$out/run.masked"

parent=$(pids parent "$out/run.stdout")
child=$(pids child "$out/run.stdout")
if [ "$(echo "$parent" | wc -w)" -eq 1 ] && [ "$(echo "$child" | wc -w)" -eq 1 ] &&
        [ "$parent" != "$child" ]; then
    ok "one parent pid ($parent) and one distinct child pid ($child)"
else
    not_ok "one parent pid and one distinct child pid (got parent '$parent', child '$child')"
fi

# The synchronisation order, spelled out (the exact comparison implies it,
# these name what broke).
t=$out/run.masked
c_call=$(line_of "$t" "[child C] releasing the parent")
p_back=$(line_of "$t" "[parent P] released by the child")
p_ret=$(line_of "$t" "[parent P] releasing the child")
c_back=$(line_of "$t" "[child C] released by the parent")
c_last=$(grep -n '^\[child C\]' "$t" | tail -n 1 | cut -d: -f1)
p_reap=$(line_of "$t" "[parent P] the child exited with status 0")
p_dest=$(line_of "$t" "[parent P] destroyed the segment")
in_order() {
    [ "$1" -gt 0 ] && [ "$2" -gt 0 ] && [ "$1" -lt "$2" ]
}
check "order: the child releases the parent before the parent is released" \
    in_order "$c_call" "$p_back"
check "order: the parent is released before it releases the child" \
    in_order "$p_back" "$p_ret"
check "order: the parent releases the child before the child is released" \
    in_order "$p_ret" "$c_back"
check "order: every child line comes before the parent reaps the child" \
    in_order "${c_last:-0}" "$p_reap"
check "order: the segment is destroyed last" \
    test "$p_dest" -eq "$(wc -l < "$t")"
if [ -n "$parent" ] && no_segment "$parent"; then
    ok "no /dev/shm name left after a normal run"
else
    not_ok "no /dev/shm name left after a normal run"
    find /dev/shm -name "shmos-shm-posix-*" 2>&1 | diag
fi

# ---------------------------------------------------------------- repeated runs
# Half of them on a single CPU, where only sched_yield lets the other
# process run; the trace must never change.
runs=40
bad=0
leaks=""
i=1
while [ "$i" -le "$runs" ]; do
    pin=""
    if [ $((i % 2)) -eq 0 ] && command -v taskset > /dev/null 2>&1; then
        pin="taskset -c 0"
    fi
    # shellcheck disable=SC2086
    if ! timeout 20 $pin "$bin" > "$out/rep.stdout" 2> "$out/rep.stderr"; then
        bad=$((bad + 1))
    else
        tail -n +2 "$out/rep.stdout" > "$out/rep.trace"
        mask "$out/rep.trace" > "$out/rep.masked"
        cmp -s "$expected" "$out/rep.masked" || bad=$((bad + 1))
    fi
    p=$(pids parent "$out/rep.stdout" | head -n 1)
    if [ -n "$p" ] && ! no_segment "$p"; then
        leaks="$leaks $p"
    fi
    i=$((i + 1))
done
if [ "$bad" -eq 0 ]; then
    ok "$runs more runs (half on one CPU): all exit 0 with the same trace"
else
    not_ok "$runs more runs (half on one CPU): $bad failed or printed another trace"
    diff -u "$expected" "$out/rep.masked" | diag
fi
check "$runs more runs: no /dev/shm name left (leaked by:${leaks:- none})" test -z "$leaks"

# ---------------------------------------------------------------- usage error
sh -c 'echo "pid $$"; exec "$0" --bogus' "$bin" > "$out/usage.stdout" 2> "$out/usage.stderr"
status=$?
p=$(sed -n 's/^pid //p' "$out/usage.stdout")
check "an unknown option exits 2 (got $status)" test "$status" -eq 2
check "an unknown option prints the usage on stderr" grep -q '^usage: .* \[--global\]' "$out/usage.stderr"
check "an unknown option leaves no /dev/shm name" no_segment "$p"

# ---------------------------------------------------------------- ftruncate fails
# RLIMIT_FSIZE 0 makes ftruncate fail with EFBIG once the name exists (the
# SIGXFSZ that comes with it is ignored).  Output goes through a pipe:
# the limit applies to regular files, not pipes.
( trap '' XFSZ
  ulimit -f 0
  sh -c 'echo "pid $$"; exec "$0" 2>&1' "$bin"
  echo "exit status $?" ) | cat > "$out/ftruncate.out"
p=$(sed -n 's/^pid //p' "$out/ftruncate.out")
status=$(sed -n 's/^exit status //p' "$out/ftruncate.out")
if [ "$status" = 1 ] && grep -q "^shm-posix: \[parent $p\] ftruncate(.*): File too large" "$out/ftruncate.out"; then
    ok "a failing ftruncate is reported through error() and exits 1"
else
    not_ok "a failing ftruncate is reported through error() and exits 1"
    diag < "$out/ftruncate.out"
fi
if [ -n "$p" ] && no_segment "$p"; then
    ok "no /dev/shm name left after the ftruncate error"
else
    not_ok "no /dev/shm name left after the ftruncate error (pid '$p')"
    [ -n "$p" ] && rm -f "/dev/shm/shmos-shm-posix-$p"
fi

# ---------------------------------------------------------------- --global
start=$(now_ms)
timeout 20 "$bin" --global > "$out/global.stdout" 2> "$out/global.stderr"
status=$?
elapsed=$(($(now_ms) - start))
if [ "$status" -eq 3 ]; then
    ok "--global exits with its own status 3"
else
    not_ok "--global exits with its own status 3 (got $status)"
    diag_file "stdout" "$out/global.stdout"
    diag_file "stderr" "$out/global.stderr"
fi
check "--global gives up after its 2 s bound, not before nor much later (${elapsed} ms)" \
    test "$elapsed" -ge 1900 -a "$elapsed" -lt 8000
check "--global: the parent reports the child's store was never seen" \
    grep -Eq "^\[parent [0-9]+\] gave up after 2 s: the child's store to the global variable was never seen$" \
    "$out/global.stdout"
check "--global: the child reports the parent's store was never seen" \
    grep -Eq "^\[child [0-9]+\] gave up after 2 s: the parent's store to the global variable was never seen$" \
    "$out/global.stdout"
check "--global: the parent still reaps the child and destroys the segment" \
    grep -Eq '^\[parent [0-9]+\] destroyed the segment$' "$out/global.stdout"
check "--global prints nothing on stderr" test ! -s "$out/global.stderr"
p=$(pids parent "$out/global.stdout" | head -n 1)
check "--global leaves no /dev/shm name" no_segment "${p:-0}"
tail -n +2 "$out/global.stdout" > "$out/global.trace"
mask "$out/global.trace" > "$out/global.masked"
check "--global: the trace is fixed, line for line (pids masked)" \
    same_file "$global_expected" "$out/global.masked"
# Again on one CPU, where the two sides' 2 s run out closest together.
if command -v taskset > /dev/null 2>&1; then
    timeout 20 taskset -c 0 "$bin" --global > "$out/global1.stdout" 2> "$out/global1.stderr"
    status=$?
    tail -n +2 "$out/global1.stdout" > "$out/global1.trace"
    mask "$out/global1.trace" > "$out/global1.masked"
    check "--global on one CPU: status 3 ($status) and the same trace" \
        test "$status" -eq 3 -a -z "$(diff "$global_expected" "$out/global1.masked")"
else
    skip "--global on one CPU: no taskset"
fi

# ---------------------------------------------------------------- error after fork
# The parent fails while the child is attached and waiting: the parent's
# exit kills and reaps the child first (it is gone, silently, by the time
# the parent has exited) and removes the name.
"$bin" --fail-after-call > "$out/fail.stdout" 2> "$out/fail.stderr"
status=$?
p=$(pids parent "$out/fail.stdout" | head -n 1)
c=$(pids child "$out/fail.stdout" | head -n 1)
check "--fail-after-call exits 1 ($status)" test "$status" -eq 1
if [ -n "$c" ] && gone "$c"; then
    ok "--fail-after-call: the child is gone when the parent has exited"
else
    not_ok "--fail-after-call: the child is gone when the parent has exited (child '$c')"
    [ -n "$c" ] && kill -KILL "$c" 2> /dev/null
fi
sleep 0.3
if [ "$(cat "$out/fail.stderr")" = "shm-posix: [parent $p] failing on purpose after the call (--fail-after-call)" ]; then
    ok "--fail-after-call: only the parent's error on stderr (the child was stopped, not left to fail)"
else
    not_ok "--fail-after-call: only the parent's error on stderr"
    diag_file "stderr" "$out/fail.stderr"
fi
check "--fail-after-call leaves no /dev/shm name" no_segment "${p:-0}"

# ---------------------------------------------------------------- closed output
# SIGPIPE is ignored: once head has gone, the trace lines are lost, but
# the protocol and its cleanup complete and the status is 0.
( sh -c 'echo "pid $$" >&2; exec "$0"' "$bin" 2> "$out/pipe.pid"; echo $? > "$out/pipe.status" ) |
    head -n 1 > /dev/null
p=$(sed -n 's/^pid //p' "$out/pipe.pid")
check "shm-posix | head -n 1: exits 0 ($(cat "$out/pipe.status"))" test "$(cat "$out/pipe.status")" = 0
check "shm-posix | head -n 1: no /dev/shm name left" no_segment "${p:-0}"

# ---------------------------------------------------------------- child killed
# An error after fork: the child dies while the parent waits (--global
# keeps both waiting long enough to aim at).
timeout 20 "$bin" --global > "$out/kchild.stdout" 2> "$out/kchild.stderr" &
job=$!
if wait_for "$out/kchild.stdout" '^\[child [0-9]+\] releasing the parent' 5; then
    c=$(pids child "$out/kchild.stdout" | head -n 1)
    kill -KILL "$c"
fi
wait "$job"
status=$?
p=$(pids parent "$out/kchild.stdout" | head -n 1)
if [ "$status" -eq 1 ] && grep -q "^shm-posix: \[parent $p\] the child was killed by signal 9" "$out/kchild.stderr"; then
    ok "a killed child is reported through error() and the parent exits 1"
else
    not_ok "a killed child is reported through error() and the parent exits 1 (status $status)"
    diag_file "stdout" "$out/kchild.stdout"
    diag_file "stderr" "$out/kchild.stderr"
fi
if [ -n "$p" ] && no_segment "$p"; then
    ok "no /dev/shm name left after the child was killed"
else
    not_ok "no /dev/shm name left after the child was killed (parent '$p')"
    [ -n "$p" ] && rm -f "/dev/shm/shmos-shm-posix-$p"
fi

# signal_parent_mid_call TAG SIG: runs "--global" (output in $out/TAG.*),
# and once the child has made its call, sends SIG to the parent and waits
# for the run to end. Sets $p and $c to the parent's and child's pids
# (empty if the call never came).
signal_parent_mid_call() {
    timeout 20 "$bin" --global > "$out/$1.stdout" 2> "$out/$1.stderr" &
    _job=$!
    p=""
    c=""
    if wait_for "$out/$1.stdout" '^\[child [0-9]+\] releasing the parent' 5; then
        p=$(pids parent "$out/$1.stdout" | head -n 1)
        c=$(pids child "$out/$1.stdout" | head -n 1)
        kill -"$2" "$p"
    fi
    # The shell would report the killed job on stderr.
    { wait "$_job"; } 2>/dev/null
}

# wait_gone PID TRIES: waits up to TRIES x 50 ms for PID (if any) to be gone.
wait_gone() {
    _n=0
    while [ -n "$1" ] && ! gone "$1" && [ "$_n" -lt "$2" ]; do
        sleep 0.05
        _n=$((_n + 1))
    done
}

# ---------------------------------------------------------------- parent killed
# The orphaned child must notice at once (getppid changes) instead of
# waiting forever; SIGKILL leaves the name behind, which this test removes.
signal_parent_mid_call kparent KILL
if [ -n "$c" ] && wait_for "$out/kparent.stderr" "^shm-posix: \[child $c\] the parent exited without releasing the child" 2; then
    ok "an orphaned child notices its parent died and reports it within 2 s"
else
    not_ok "an orphaned child notices its parent died and reports it within 2 s"
    diag_file "stdout" "$out/kparent.stdout"
    diag_file "stderr" "$out/kparent.stderr"
fi
wait_gone "$c" 40
if [ -n "$c" ] && gone "$c"; then
    ok "the orphaned child is gone"
else
    not_ok "the orphaned child is gone (pid '$c')"
    [ -n "$c" ] && kill -KILL "$c" 2>/dev/null
fi
[ -n "$p" ] && rm -f "/dev/shm/shmos-shm-posix-$p"

# ---------------------------------------------------------------- SIGTERM
# A signal that can be caught: the parent unlinks the name, then dies of it.
signal_parent_mid_call term TERM
wait_gone "$c" 60
if [ -n "$p" ] && gone "$p" && ! grep -q 'gave up' "$out/term.stdout"; then
    ok "SIGTERM ends the parent at once"
else
    not_ok "SIGTERM ends the parent at once (parent '$p')"
    diag_file "stdout" "$out/term.stdout"
fi
if [ -n "$p" ] && no_segment "$p"; then
    ok "no /dev/shm name left after SIGTERM"
else
    not_ok "no /dev/shm name left after SIGTERM (parent '$p')"
    [ -n "$p" ] && rm -f "/dev/shm/shmos-shm-posix-$p"
fi
if [ -n "$c" ] && gone "$c"; then
    ok "the child outlives SIGTERM's parent only briefly"
else
    not_ok "the child outlives SIGTERM's parent only briefly (child '$c')"
fi

tap_done
