#!/bin/sh
# scripts/bench.sh - the shmos benchmark figures next to Linux's; `make bench`
# runs it after `make all`.  See docs/bench.md.
#
#   1. boot to prompt, shmos: BOOTS interactive boots, each timed from the
#      start of QEMU to the shell's first prompt ("# ": root's) on the serial output (then
#      QEMU is stopped); the median is reported;
#   2. idle, shmos: one more boot left at its prompt, the host CPU time of
#      its QEMU process over IDLE_ROUNDS windows of IDLE_S seconds;
#   3. the figures of /bin/bench, on shmos (scripts/qemu.sh --cmd bench);
#   4. the Linux reference: Debian's Linux 6.1 (linux-image-amd64) booting
#      an initramfs whose /init is bench (user/bench/) built statically for
#      Linux, in the same QEMU accelerator with the same -smp, its clock the
#      TSC (tsc=reliable clocksource=tsc: clock_gettime is then a vDSO read);
#      its boot time runs from the start of QEMU to the line /init prints
#      first; after its figures /init sits idle (bench -i), measured as in 2;
#   5. a table (scripts/bench-table.sh): figure, shmos, Linux, shmos/Linux,
#      aim, met; then notes: how each system measured the shared-memory
#      ping-pong (bench's "shm ping-pong mode" line), Linux's clock source.
# Every figure is the best of its rounds, shown with its spread (slowest
# round over fastest); rounds more than 2x apart are measured again, up to
# BENCH_ATTEMPTS attempts, and are marked noisy (not compared) if they
# still disagree.  Every QEMU run has a time limit.  The script fails
# (status 1) if a run crashes, times out or does not finish its figures,
# never because a figure misses its aim or is noisy.  Logs: build/bench/.
#
# Environment: SMP (2), the CPUs of every QEMU run, shmos's and Linux's
# (`make bench SMP=4` passes it on); BENCH_ROUND_MS (250) and BENCH_ROUNDS
# (5): each figure is the best of BENCH_ROUNDS timed runs of about
# BENCH_ROUND_MS each; BENCH_ATTEMPTS (3); BOOTS (3); IDLE_S (10) and
# IDLE_ROUNDS (3); BENCH_LINUX=0 skips the Linux reference; LINUX_KERNEL
# (newest /boot/vmlinuz-6.1.*); time limits in seconds: BOOT_TIMEOUT (30),
# SHMOS_TIMEOUT (180), LINUX_TIMEOUT (240); an idle measurement's time comes
# on top of its boot's limit.

# The serial output is timestamped with bash's $EPOCHREALTIME (no fork per
# sample), so run under bash, in the C locale (a "." in the timestamps).
if [ -z "${BASH_VERSION:-}" ]; then
    exec env LC_ALL=C bash "$0" "$@"
fi
export LC_ALL=C
set -u
cd "$(dirname "$0")/.." || exit 2
# shellcheck source=SCRIPTDIR/lib/qemu-fast.sh
. scripts/lib/qemu-fast.sh

: "${BENCH_ROUND_MS:=250}" "${BENCH_ROUNDS:=5}" "${BOOTS:=3}"
: "${BENCH_LINUX:=1}" "${SMP:=2}"
export SMP           # scripts/qemu.sh boots shmos with it
case $SMP in
    *[!0-9]*|0*|'') echo "bench.sh: SMP must be a number from 1 up, not '$SMP'" >&2; exit 2 ;;
esac
: "${BENCH_ATTEMPTS:=3}" "${IDLE_S:=10}" "${IDLE_ROUNDS:=3}"
for v in BENCH_ATTEMPTS IDLE_S IDLE_ROUNDS BOOTS; do
    case ${!v} in
        *[!0-9]*|0*|'') echo "bench.sh: $v must be a number from 1 up, not '${!v}'" >&2; exit 2 ;;
    esac
done
: "${BOOT_TIMEOUT:=30}" "${SHMOS_TIMEOUT:=180}" "${LINUX_TIMEOUT:=240}"
out=build/bench
bench_args="-t $BENCH_ROUND_MS -r $BENCH_ROUNDS -a $BENCH_ATTEMPTS"
# The Linux reference's clock: the TSC, read by the vDSO without a system
# call (without these, Linux 6.1 under TCG does not trust the TSC and
# clock_gettime falls back to HPET: a system call and a device read).
linux_clock_args="tsc=reliable clocksource=tsc"
# shellcheck source=SCRIPTDIR/lib/bench-stats.sh
. scripts/lib/bench-stats.sh
rm -rf "$out"
mkdir -p "$out"

say() { printf 'bench: %s\n' "$*" >&2; }

# A QEMU started here runs under timeout, in timeout's own process group,
# out of reach of a Ctrl-C: stop it whenever this script ends.
qemu_pid=""
stop_leftover_qemu() {
    [ -n "$qemu_pid" ] && kill "$qemu_pid" 2>/dev/null
}
trap stop_leftover_qemu EXIT
trap 'exit 130' INT TERM HUP

# die MESSAGE [LOG]: report a failed run, with the end of its log, and exit 1.
die() {
    say "FAILED: $1"
    if [ $# -gt 1 ] && [ -s "$2" ]; then
        say "last lines of $2:"
        tail -n 15 "$2" | sed 's/^/    /' >&2
    fi
    exit 1
}

# elapsed_ms T0 T1: milliseconds between two $EPOCHREALTIME values, 1 decimal.
elapsed_ms() {
    local us=$(( ${2/./} - ${1/./} ))
    printf '%d.%d' $((us / 1000)) $((us % 1000 / 100))
}

# start_qemu LIMIT ARGS...: starts `timeout LIMIT ARGS` in the background with
# its serial output going into the fifo $out/serial.fifo, opened on fd 3
# here; sets qemu_pid (the timeout process) and qemu_t0 (just before start).
start_qemu() {
    local limit=$1
    shift
    rm -f "$out/serial.fifo"
    mkfifo "$out/serial.fifo" || die "mkfifo $out/serial.fifo"
    qemu_t0=$EPOCHREALTIME
    # shellcheck disable=SC2046 # the fast flags are words without blanks
    timeout -k 5 "$limit" "$@" $(qemu_fast_flags) -display none -monitor none -serial stdio \
        </dev/null >"$out/serial.fifo" 2>>"$out/qemu-stderr.log" &
    qemu_pid=$!
    exec 3<"$out/serial.fifo"
}

# stop_qemu: closes fd 3 and waits for QEMU; sets qemu_status.  QEMU run
# under timeout exits 124 when its limit passes (137 if it had to be killed).
stop_qemu() {
    exec 3<&-
    wait "$qemu_pid"
    qemu_status=$?
    qemu_pid=""
    rm -f "$out/serial.fifo"
}

# ---------------------------------------------------------------- idle

clk_tck=$(getconf CLK_TCK) || clk_tck=100
# The longest idle_cpu can take, in seconds (every attempt, and a margin).
idle_longest=$((1 + BENCH_ATTEMPTS * IDLE_ROUNDS * (IDLE_S + 1) + 10))

# qemu_process: the pid of the QEMU just started (from its -pidfile
# $out/qemu.pid), checked to be a QEMU; fails otherwise.
qemu_process() {
    local pid comm
    read -r pid <"$out/qemu.pid" 2>/dev/null || return 1
    read -r comm <"/proc/$pid/comm" 2>/dev/null || return 1
    [[ $comm == qemu* ]] || return 1
    printf '%s\n' "$pid"
}

# cpu_ticks PID: the CPU time process PID has used (utime + stime of
# /proc/PID/stat: every thread's, in clock ticks).
cpu_ticks() {
    local stat
    read -r stat <"/proc/$1/stat" || return 1
    # shellcheck disable=SC2086 # the fields after "pid (comm) ", split
    set -- ${stat##*) }
    printf '%s\n' $(( ${12} + ${13} ))
}

# idle_cpu PID WHO: what QEMU process PID costs the host while its guest
# sits idle: after a second to settle, IDLE_ROUNDS windows of IDLE_S
# seconds, each the percentage of one host CPU its threads used; a noisy
# attempt is repeated, up to BENCH_ATTEMPTS in all.  A window's resolution
# is a clock tick (10 ms: 0.1% over 10 s), so rounds within 2 ticks never
# count as noisy.  Sets idle_summary (a rounds_summary line); fails if the
# process went away.
idle_cpu() {
    local pid=$1 who=$2 a c0 c1 t0 t1 pcts summary best=""
    local res
    res=$(awk -v hz="$clk_tck" -v s="$IDLE_S" 'BEGIN { printf "%.3f", 2 / hz / s * 100 }')
    sleep 1
    for a in $(seq 1 "$BENCH_ATTEMPTS"); do
        pcts=""
        for _ in $(seq 1 "$IDLE_ROUNDS"); do
            t0=$EPOCHREALTIME
            c0=$(cpu_ticks "$pid") || return 1
            sleep "$IDLE_S"
            t1=$EPOCHREALTIME
            c1=$(cpu_ticks "$pid") || return 1
            pcts="$pcts $(awk -v c=$((c1 - c0)) -v hz="$clk_tck" -v us=$((${t1/./} - ${t0/./})) \
                'BEGIN { printf "%.2f", c / hz / (us / 1e6) * 100 }')"
        done
        summary=$(printf '%s\n' $pcts | rounds_summary "$res")
        say "$who idle: % of a host CPU per ${IDLE_S} s window:$pcts"
        best=$(better_summary "$best" "$summary")
        [ "${best##* }" = ok ] && break
        say "$who idle: noisy (windows more than 2x apart), $([ "$a" -lt "$BENCH_ATTEMPTS" ] && echo "measuring again" || echo "giving up")"
    done
    idle_summary=$best
}

# ---------------------------------------------------------------- shmos boot

shmos_qemu=(qemu-system-i386 -kernel build/shmos.elf -initrd build/initrd.cpio
    -m 128M -smp "$SMP" -accel tcg,thread=multi -no-reboot
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 -pidfile "$out/qemu.pid")

# shmos_boot_once LOG [idle]: boots the interactive shell and stops QEMU
# once the prompt appears (with "idle": once idle_cpu has measured it
# there, setting idle_summary); sets boot_ms, and first_ms (the first byte
# of serial output: what QEMU, its firmware and the Multiboot load take
# before the kernel speaks).  Returns 1 if no prompt appeared, 2 if the
# idle guest could not be measured.
shmos_boot_once() {
    local log=$1 chunk="" c t1="" tf="" idle_ok=1 pid limit=$BOOT_TIMEOUT
    # An idle boot also lasts for every window of every attempt.
    [ $# -gt 1 ] && limit=$((BOOT_TIMEOUT + idle_longest))
    rm -f "$out/qemu.pid"
    start_qemu "$limit" "${shmos_qemu[@]}"
    if IFS= read -r -N 1 -u 3 c; then
        tf=$EPOCHREALTIME
        printf '%s' "$c" >>"$log"
    fi
    # Read up to each " " in one builtin call (bash reads a pipe byte by
    # byte, so nothing after the prompt is consumed early): the prompt is a
    # "#" (root's, as the boot shell is) or "$" at the start of a line.
    while IFS= read -r -d ' ' -u 3 chunk; do
        printf '%s ' "$chunk" >>"$log"
        case $chunk in
        *$'\n#' | *$'\n$' | *$'\r#' | *$'\r$')
            t1=$EPOCHREALTIME
            printf '\n' >>"$log"
            break ;;
        esac
    done
    [ -n "$t1" ] || printf '%s' "$chunk" >>"$log"
    if [ -n "$t1" ] && [ $# -gt 1 ]; then
        idle_ok=0
        pid=$(qemu_process) && idle_cpu "$pid" shmos && idle_ok=1
    fi
    kill "$qemu_pid" 2>/dev/null
    stop_qemu
    [ -n "$t1" ] || return 1
    [ "$idle_ok" = 1 ] || return 2
    boot_ms=$(elapsed_ms "$qemu_t0" "$t1")
    first_ms=$(elapsed_ms "$qemu_t0" "$tf")
}

[ -f build/shmos.elf ] && [ -f build/initrd.cpio ] || die "build/shmos.elf or build/initrd.cpio missing: run make all first"
[ -f build/bin/bench ] || die "build/bin/bench missing (user/bench/ did not build?)"

say "host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# BOOTS boots an attempt; a noisy attempt (boots more than 2x apart) is
# repeated, up to BENCH_ATTEMPTS.  The figure is the median boot.
boot_summary="" shmos_firsts=""
for a in $(seq 1 "$BENCH_ATTEMPTS"); do
    boots=""
    for i in $(seq 1 "$BOOTS"); do
        shmos_boot_once "$out/shmos-boot-$a-$i.log" ||
            die "shmos boot $i: no shell prompt within ${BOOT_TIMEOUT}s" "$out/shmos-boot-$a-$i.log"
        say "shmos boot $i: first output after $first_ms ms, prompt after $boot_ms ms"
        boots="$boots $boot_ms"
        shmos_firsts="$shmos_firsts $first_ms"
    done
    boot_summary=$(better_summary "$boot_summary" "$(printf '%s\n' $boots | rounds_summary 0)")
    [ "${boot_summary##* }" = ok ] && break
    say "shmos boot: noisy (boots more than 2x apart), $([ "$a" -lt "$BENCH_ATTEMPTS" ] && echo "booting again" || echo "giving up")"
done
shmos_first=$(printf '%s\n' $shmos_firsts | rounds_summary 0 | cut -d' ' -f2)

say "shmos: idle at the prompt"
shmos_boot_once "$out/shmos-idle.log" idle ||
    die "shmos idle boot: no prompt within ${BOOT_TIMEOUT}s, or its QEMU ended while measured" "$out/shmos-idle.log"
shmos_idle=$idle_summary

# ---------------------------------------------------------------- shmos figures

# figures LOG: bench's figure lines "name value unit spread S [noisy]" as
# "name value S flag" (times end in _ns or _us, rates in _per_s; flag ok
# or noisy).
figures() {
    tr -d '\r' <"$1" | awk '
        NF >= 5 && $1 ~ /^[a-z0-9_]+_(ns|us|per_s)$/ && $2 ~ /^[0-9.]+$/ && $4 == "spread" {
            print $1, $2, $5, ($6 == "noisy") ? "noisy" : "ok"
        }'
}

# retried WHO LOG: shows the figures that bench measured again (noisy
# attempts), from its "bench: NAME noisy ..." lines.
retried() {
    tr -d '\r' <"$2" | sed -n 's/^bench: \([a-z0-9_]* noisy .*\)/\1/p' |
        while IFS= read -r l; do say "$1: $l"; done
}

say "shmos: running bench $bench_args"
sh scripts/qemu.sh --cmd "bench $bench_args" --timeout "$SHMOS_TIMEOUT" >"$out/shmos.log" 2>&1
status=$?
[ $status -eq 0 ] || die "shmos bench run ended with status $status (124: time limit, 125: crash)" "$out/shmos.log"
grep -q '^bench: done' "$out/shmos.log" || die "shmos bench did not finish" "$out/shmos.log"
retried shmos "$out/shmos.log"

# ---------------------------------------------------------------- Linux reference

# find_linux_kernel: prints the newest /boot/vmlinuz-6.1.* (or $LINUX_KERNEL),
# installing linux-image-amd64 first when it is missing and we are root.
find_linux_kernel() {
    if [ -n "${LINUX_KERNEL:-}" ]; then
        printf '%s\n' "$LINUX_KERNEL"
        return
    fi
    local k
    k=$(ls /boot/vmlinuz-6.1.* 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$k" ]; then
        local cmd="apt-get install -y --no-install-recommends linux-image-amd64"
        if [ "$(id -u)" -ne 0 ]; then
            say "the Linux reference needs Debian's Linux 6.1: run"
            say "  sudo apt-get update && sudo $cmd"
            say "(or BENCH_LINUX=0 make bench to skip the reference)"
            return 1
        fi
        say "installing linux-image-amd64 (Linux 6.1) for the reference"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
            DEBIAN_FRONTEND=noninteractive $cmd >"$out/apt.log" 2>&1 ||
            { tail -n 5 "$out/apt.log" >&2; return 1; }
        k=$(ls /boot/vmlinuz-6.1.* 2>/dev/null | sort -V | tail -n 1)
    fi
    [ -n "$k" ] || return 1
    printf '%s\n' "$k"
}

# build_linux_initramfs: the static Linux build of bench (user/bench/,
# the Makefile's build/host/static/bench) as /init (plus an empty /dev for
# the /dev/shm mount point), in $out/linux.cpio.
build_linux_initramfs() {
    local root=$out/linux-root
    mkdir -p "$root/dev"
    ${MAKE:-make} -s --no-print-directory build/host/static/bench || return 1
    cp build/host/static/bench "$root/init" || return 1
    (cd "$root" && printf 'dev\ninit\n' | cpio --quiet -o -H newc -R 0:0 >../linux.cpio)
}

# linux_run SMP NAME: boots the reference with -smp SMP, logging to
# $out/NAME.log; sets linux_boot (ms to /init's first line) and
# linux_idle (idle_cpu's summary, measured once /init says it idles; QEMU
# is then stopped).  Exits on failure.
linux_run() {
    local smp=$1 log=$out/$2.log line t1="" pid idled=0
    # /init idles long enough for every attempt; it is stopped sooner.
    local idle_for=$((idle_longest + 60))
    : >"$log"
    rm -f "$out/qemu.pid"
    # Kernel arguments after "--" go to init's argv.
    start_qemu $((LINUX_TIMEOUT + idle_longest)) qemu-system-x86_64 -kernel "$kernel" \
        -initrd "$out/linux.cpio" -append "console=ttyS0 quiet $linux_clock_args -- $bench_args -i $idle_for" \
        -m 512M -smp "$smp" -accel tcg,thread=multi -no-reboot -pidfile "$out/qemu.pid"
    while IFS= read -r -u 3 line; do
        line=${line%$'\r'}
        if [ -z "$t1" ] && [[ $line == "bench: start"* ]]; then
            t1=$EPOCHREALTIME
        fi
        printf '%s\n' "$line" >>"$log"
        if [ "$idled" = 0 ] && [[ $line == "bench: idle "* ]]; then
            idled=2
            pid=$(qemu_process) && idle_cpu "$pid" Linux && idled=1
            kill "$qemu_pid" 2>/dev/null
        fi
    done
    stop_qemu
    case $qemu_status in
        124|137) die "Linux -smp $smp: time limit of $((LINUX_TIMEOUT + idle_longest))s passed" "$log" ;;
        0) ;;
        *) [ "$idled" = 0 ] && die "Linux -smp $smp: QEMU ended with status $qemu_status" "$log" ;;
    esac
    [ -n "$t1" ] || die "Linux -smp $smp: /init never started" "$log"
    grep -q '^bench: done' "$log" || die "Linux -smp $smp: bench did not finish" "$log"
    [ "$idled" = 1 ] || die "Linux -smp $smp: the idle guest could not be measured" "$log"
    linux_boot=$(elapsed_ms "$qemu_t0" "$t1")
    linux_idle=$idle_summary
    say "Linux -smp $smp: /init started after $linux_boot ms"
}

linux_status=skipped
: >"$out/linux.figures"
if [ "$BENCH_LINUX" != 0 ]; then
    kernel=$(find_linux_kernel) || die "no Linux 6.1 kernel for the reference"
    [ -r "$kernel" ] || die "$kernel is not readable (run as root, or set LINUX_KERNEL)"
    build_linux_initramfs || die "building the Linux initramfs"
    say "Linux: booting $kernel ($linux_clock_args) with /init = bench $bench_args"
    linux_run "$SMP" linux
    retried Linux "$out/linux.log"
    {
        echo "boot_to_prompt_ms $linux_boot - ok"
        figures "$out/linux.log"
        set -- $linux_idle
        echo "idle_cpu_pct $1 $4 $5"
    } >"$out/linux.figures"
    linux_status=ok
fi

# ---------------------------------------------------------------- table

{
    set -- $boot_summary
    echo "boot_to_prompt_ms $2 $4 $5"
    figures "$out/shmos.log"
    set -- $shmos_idle
    echo "idle_cpu_pct $1 $4 $5"
} >"$out/shmos.figures"

sh scripts/bench-table.sh "$out/shmos.figures" "$out/linux.figures" >"$out/table.txt" ||
    die "scripts/bench-table.sh failed"

# mode LOG: how that run measured the ping-pong ("spin (2 CPUs online)"),
# or "-" if it did not run.
mode() {
    local m
    m=$(sed -n 's/^bench: shm ping-pong mode //p' "$1" 2>/dev/null | tr -d '\r' | head -n 1)
    printf '%s\n' "${m:--}"
}

# The clock source Linux's bench reported after its figures.
linux_clock=$(sed -n 's/^bench: clocksource //p' "$out/linux.log" 2>/dev/null | tr -d '\r' | tail -n 1)
case ${linux_clock:--} in
    tsc) clock_note="tsc (clock_gettime: the vDSO reading the TSC, no system call)" ;;
    -) clock_note="-" ;;
    *) clock_note="$linux_clock: NOT the TSC, so clock_gettime_ns compares against a slower clock" ;;
esac
if [ "$SMP" -ge 4 ]; then
    smp_note="sem_rtt_us's aim is the one for 4 CPUs (<= 0.5), the others are those for 2"
else
    smp_note="the aims are those for 2 CPUs (sem_rtt_us's with 4: <= 0.5)"
fi

cat "$out/table.txt"
cat <<NOTES
notes: shmos: i386 guest (qemu-system-i386 -m 128M -smp $SMP); ping-pong mode $(mode "$out/shmos.log");
         boot = QEMU start to the first prompt, median of $BOOTS boots (first serial output
         after $shmos_first ms: QEMU, firmware and Multiboot load).
       Linux: 6.1 x86_64 guest (qemu-system-x86_64 -m 512M -smp $SMP, $linux_clock_args);
         clock source $clock_note;
         ping-pong mode $(mode "$out/linux.log"); boot = QEMU start to /init's first line.
       Both TCG (-accel tcg,thread=multi), -smp $SMP:
         $smp_note.
       Each figure is the best of $BENCH_ROUNDS rounds of ~$BENCH_ROUND_MS ms; "(+N%)": how much slower
         the slowest round was.  Rounds more than 2x apart are measured again (up to
         $BENCH_ATTEMPTS attempts); if still noisy, the figure is not compared (met: noisy).
       idle_cpu_pct: the % of one host CPU the guest's QEMU used, best of $IDLE_ROUNDS windows
         of $IDLE_S s (shmos at its prompt, Linux with /init asleep).
       The pc_*items_per_s figures are rates (higher is better): a shmos/Linux ratio
         above 1 means shmos moves more items per second.
       Host: $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end (other QEMUs
         on the host disturb cross-CPU figures the most).
NOTES
[ "$linux_status" = ok ] || echo "       Linux reference skipped (BENCH_LINUX=0)."
exit 0
