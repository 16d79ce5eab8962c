#!/bin/sh
# tests/host/bench-table.sh - the arithmetic of `make bench` without QEMU
# (TAP): scripts/lib/bench-stats.sh's summary of rounds the host measures
# (boots, idle windows): spread, median, the 2x noise rule and its
# resolution allowance, which attempt is reported; and scripts/bench-table.sh
# fed canned figures: the columns, cells with their spread, ratios, every
# aim (those for 2 CPUs, and sem_rtt_us's for 4), rates judged
# higher-is-better, noisy figures not compared, figures one side lacks, and
# no issue numbers anywhere in the table.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init
# shellcheck source=SCRIPTDIR/../../scripts/lib/bench-stats.sh
. scripts/lib/bench-stats.sh

out=build/host/tests/bench-table
rm -rf "$out"
mkdir -p "$out"

# same DESCRIPTION EXPECTED ACTUAL: ok when the two strings are equal.
same() {
    if [ "$2" = "$3" ]; then
        ok "$1"
    else
        not_ok "$1"
        echo "# expected: '$2'"
        echo "# got:      '$3'"
    fi
}

# summary RESOLUTION NUMBER...: rounds_summary of the numbers.
summary() {
    _res=$1
    shift
    printf '%s\n' "$@" | rounds_summary "$_res"
}

same "rounds: min, median, max, spread, ok" "100 150 190 1.90 ok" "$(summary 0 190 100 150)"
same "rounds more than 2x apart are noisy" "100 100 201 2.01 noisy" "$(summary 0 100 201 100)"
same "rounds exactly 2x apart are not noisy" "100 200 200 2.00 ok" "$(summary 0 200 100 200)"
same "the median of an even count is the lower middle one" "1 2 4 4.00 noisy" "$(summary 0 4 1 3 2)"
same "numbers keep their form" "0.50 0.50 0.60 1.20 ok" "$(summary 0 0.60 0.50)"
same "3x apart within the resolution is not noisy" "0.10 0.10 0.30 3.00 ok" "$(summary 0.2 0.30 0.10)"
same "5x apart beyond the resolution is noisy" "0.10 0.10 0.50 5.00 noisy" "$(summary 0.2 0.50 0.10)"
same "a minimum of 0 has no spread" "0.00 0.00 0.10 - ok" "$(summary 0.2 0.00 0.10)"
same "no rounds, no summary" "" "$(rounds_summary 0 < /dev/null)"

same "the first quiet attempt is reported" "1 1 1 1.00 ok" "$(better_summary "1 1 1 1.00 ok" "2 2 2 1.00 ok")"
same "a quiet attempt beats a noisy one" "2 2 2 1.00 ok" "$(better_summary "1 1 3 3.00 noisy" "2 2 2 1.00 ok")"
same "of two noisy attempts, the better-agreeing one" "1 1 2.5 2.50 noisy" \
    "$(better_summary "1 1 3 3.00 noisy" "1 1 2.5 2.50 noisy")"
same "of two noisy attempts, the earlier if they agree as badly" "1 1 3 3.00 noisy" \
    "$(better_summary "1 1 3 3.00 noisy" "2 2 6 3.00 noisy")"
same "the first attempt stands alone" "1 1 3 3.00 noisy" "$(better_summary "" "1 1 3 3.00 noisy")"

# Canned figures: "name value spread flag".
cat > "$out/shmos" <<'EOF'
boot_to_prompt_ms 75.0 1.10 ok
getppid_ns 400.0 1.05 ok
clock_gettime_ns 90.0 1.00 ok
fork_exit_wait_us 260.0 1.20 ok
pipe_rtt_us 24.0 1.10 ok
shm_spin_rtt_ns 360.0 1.10 ok
sem_rtt_us 40.0 1.10 ok
sem_pair_ns 100.0 1.00 ok
sem_counter4_ns 900.0 3.00 noisy
shm_cycle_us 40.0 1.00 ok
posix_shm_cycle_us 26.0 1.00 ok
xv6_shm_cycle_us 30.0 1.00 ok
mmap_anon_1m_us 240.0 1.00 ok
file_1m_rw_us 300.0 1.00 ok
pc_items_per_s 300000.0 1.10 ok
pc_unnamed_items_per_s 100000.0 1.10 ok
sysv_sem_rtt_us 50.0 1.10 ok
pc_sysv_items_per_s 20000.0 1.10 ok
mutex_counter4_ns 90.0 1.00 ok
cond_rtt_us 60.0 1.00 ok
idle_cpu_pct 0.40 1.25 ok
EOF
cat > "$out/linux" <<'EOF'
boot_to_prompt_ms 6000.0 - ok
getppid_ns 1000.0 1.01 ok
clock_gettime_ns 100.0 1.00 ok
fork_exit_wait_us 1000.0 1.00 ok
pipe_rtt_us 100.0 1.00 ok
shm_spin_rtt_ns 300.0 1.00 ok
sem_rtt_us 100.0 2.50 noisy
sem_pair_ns 100.0 1.00 ok
sem_counter4_ns 1000.0 2.20 noisy
shm_cycle_us 100.0 1.00 ok
posix_shm_cycle_us 100.0 1.00 ok
mmap_anon_1m_us 1000.0 1.00 ok
file_1m_rw_us 1000.0 1.00 ok
pc_items_per_s 100000.0 1.00 ok
pc_unnamed_items_per_s 100000.0 1.00 ok
sysv_sem_rtt_us 100.0 1.00 ok
pc_sysv_items_per_s 10000.0 1.00 ok
mutex_counter4_ns 100.0 1.00 ok
cond_rtt_us 100.0 1.00 ok
idle_cpu_pct 0.50 1.00 ok
linux_only_us 5.0 1.00 ok
EOF
SMP=2 sh scripts/bench-table.sh "$out/shmos" "$out/linux" > "$out/table2" 2> "$out/err2"
check "bench-table.sh exits 0" [ $? -eq 0 ]
SMP=4 sh scripts/bench-table.sh "$out/shmos" "$out/linux" > "$out/table4" 2>&1

# The same tables with their fields joined by "|" (BENCH_TABLE_SEP).
BENCH_TABLE_SEP='|' SMP=2 sh scripts/bench-table.sh "$out/shmos" "$out/linux" > "$out/fields2"
BENCH_TABLE_SEP='|' SMP=4 sh scripts/bench-table.sh "$out/shmos" "$out/linux" > "$out/fields4"

# row TABLE FIGURE: the row of FIGURE in a "|"-joined table.
row() {
    grep "^$2|" "$1"
}

# The aligned table holds the same fields: each row's fields, squeezed of
# blanks, are its aligned line squeezed of blanks.
squeezed_fields=$(tr '|' ' ' < "$out/fields2" | tr -s ' ')
same "the aligned table has the same fields as the joined one" "$squeezed_fields" \
    "$(tr -s ' ' < "$out/table2" | sed 's/ $//')"

same "the columns" "figure shmos Linux shmos/Linux aim met" "$(head -n 1 "$out/table2" | tr -s ' ')"
same "boot: an absolute aim of 80 ms, met" "boot_to_prompt_ms|75.0 (+10%)|6000.0|0.013|<= 80 ms|yes" \
    "$(row "$out/fields2" boot_to_prompt_ms)"
same "getppid_ns: ratio <= 0.5, cells with their spread" "getppid_ns|400.0 (+5%)|1000.0 (+1%)|0.400|ratio <= 0.5|yes" \
    "$(row "$out/fields2" getppid_ns)"
same "clock_gettime_ns: ratio <= 1" "clock_gettime_ns|90.0 (+0%)|100.0 (+0%)|0.900|ratio <= 1|yes" \
    "$(row "$out/fields2" clock_gettime_ns)"
same "fork_exit_wait_us: ratio <= 0.25, missed" "fork_exit_wait_us|260.0 (+20%)|1000.0 (+0%)|0.260|ratio <= 0.25|no" \
    "$(row "$out/fields2" fork_exit_wait_us)"
same "pipe_rtt_us: ratio <= 0.25" "pipe_rtt_us|24.0 (+10%)|100.0 (+0%)|0.240|ratio <= 0.25|yes" \
    "$(row "$out/fields2" pipe_rtt_us)"
same "shm_spin_rtt_ns: ratio <= 1.2" "shm_spin_rtt_ns|360.0 (+10%)|300.0 (+0%)|1.200|ratio <= 1.2|yes" \
    "$(row "$out/fields2" shm_spin_rtt_ns)"
same "2 CPUs: sem_rtt_us ratio <= 0.25; Linux noisy, not compared" \
    "sem_rtt_us|40.0 (+10%)|100.0 (+150%)|(0.400)|ratio <= 0.25|noisy (Linux)" \
    "$(row "$out/fields2" sem_rtt_us)"
same "4 CPUs: sem_rtt_us ratio <= 0.5" \
    "sem_rtt_us|40.0 (+10%)|100.0 (+150%)|(0.400)|ratio <= 0.5|noisy (Linux)" \
    "$(row "$out/fields4" sem_rtt_us)"
same "4 CPUs: pipe_rtt_us still ratio <= 0.25" "pipe_rtt_us|24.0 (+10%)|100.0 (+0%)|0.240|ratio <= 0.25|yes" \
    "$(row "$out/fields4" pipe_rtt_us)"
same "sem_pair_ns: ratio <= 1" "sem_pair_ns|100.0 (+0%)|100.0 (+0%)|1.000|ratio <= 1|yes" \
    "$(row "$out/fields2" sem_pair_ns)"
same "noisy on both sides" "sem_counter4_ns|900.0 (+200%)|1000.0 (+120%)|(0.900)|ratio <= 1|noisy (both)" \
    "$(row "$out/fields2" sem_counter4_ns)"
same "sysv_sem_rtt_us: ratio <= 1" "sysv_sem_rtt_us|50.0 (+10%)|100.0 (+0%)|0.500|ratio <= 1|yes" \
    "$(row "$out/fields2" sysv_sem_rtt_us)"
same "shm_cycle_us: ratio <= 0.5" "shm_cycle_us|40.0 (+0%)|100.0 (+0%)|0.400|ratio <= 0.5|yes" \
    "$(row "$out/fields2" shm_cycle_us)"
same "posix_shm_cycle_us: ratio <= 0.25, missed" "posix_shm_cycle_us|26.0 (+0%)|100.0 (+0%)|0.260|ratio <= 0.25|no" \
    "$(row "$out/fields2" posix_shm_cycle_us)"
same "mmap_anon_1m_us: ratio <= 0.25" "mmap_anon_1m_us|240.0 (+0%)|1000.0 (+0%)|0.240|ratio <= 0.25|yes" \
    "$(row "$out/fields2" mmap_anon_1m_us)"
same "file_1m_rw_us: ratio <= 0.25, missed" "file_1m_rw_us|300.0 (+0%)|1000.0 (+0%)|0.300|ratio <= 0.25|no" \
    "$(row "$out/fields2" file_1m_rw_us)"
same "a shmos-only figure: no ratio, no aim" "xv6_shm_cycle_us|30.0 (+0%)|-|-|-|-" \
    "$(row "$out/fields2" xv6_shm_cycle_us)"
same "a rate: ratio >= 1.5, met when higher" "pc_items_per_s|300000.0 (+10%)|100000.0 (+0%)|3.000|ratio >= 1.5|yes" \
    "$(row "$out/fields2" pc_items_per_s)"
same "a rate: missed when not 1.5x" "pc_unnamed_items_per_s|100000.0 (+10%)|100000.0 (+0%)|1.000|ratio >= 1.5|no" \
    "$(row "$out/fields2" pc_unnamed_items_per_s)"
same "pc_sysv_items_per_s: ratio >= 1.5" "pc_sysv_items_per_s|20000.0 (+10%)|10000.0 (+0%)|2.000|ratio >= 1.5|yes" \
    "$(row "$out/fields2" pc_sysv_items_per_s)"
same "mutex_counter4_ns: ratio <= 1" "mutex_counter4_ns|90.0 (+0%)|100.0 (+0%)|0.900|ratio <= 1|yes" \
    "$(row "$out/fields2" mutex_counter4_ns)"
same "cond_rtt_us: ratio <= 0.5, missed" "cond_rtt_us|60.0 (+0%)|100.0 (+0%)|0.600|ratio <= 0.5|no" \
    "$(row "$out/fields2" cond_rtt_us)"
same "idle_cpu_pct: ratio <= 1" "idle_cpu_pct|0.40 (+25%)|0.50 (+0%)|0.800|ratio <= 1|yes" \
    "$(row "$out/fields2" idle_cpu_pct)"
same "a Linux-only figure comes last, without a ratio" "linux_only_us|-|5.0 (+0%)|-|ratio <= 0.5|-" \
    "$(row "$out/fields2" linux_only_us)"
same "every figure has one row, shmos's order first" \
    "$(cut -d' ' -f1 "$out/shmos"; echo linux_only_us)" "$(tail -n +2 "$out/table2" | cut -d' ' -f1)"
check "the table names no issue" sh -c "! grep -qi 'issue' '$out/table2' '$out/table4'"

# A boot over the aim, a noisy boot, and no Linux at all (BENCH_LINUX=0).
printf 'boot_to_prompt_ms 81.0 1.10 ok\ngetppid_ns 400.0 1.05 ok\n' > "$out/shmos-slow"
: > "$out/none"
BENCH_TABLE_SEP='|' sh scripts/bench-table.sh "$out/shmos-slow" "$out/none" > "$out/table-slow"
same "boot over 80 ms misses" "boot_to_prompt_ms|81.0 (+10%)|-|-|<= 80 ms|no" "$(row "$out/table-slow" boot_to_prompt_ms)"
same "no Linux: no ratio, met -" "getppid_ns|400.0 (+5%)|-|-|ratio <= 0.5|-" "$(row "$out/table-slow" getppid_ns)"
printf 'boot_to_prompt_ms 60.0 2.50 noisy\n' > "$out/shmos-noisy"
BENCH_TABLE_SEP='|' sh scripts/bench-table.sh "$out/shmos-noisy" "$out/none" > "$out/table-noisy"
same "a noisy boot is not judged" "boot_to_prompt_ms|60.0 (+150%)|-|-|<= 80 ms|noisy (shmos)" \
    "$(row "$out/table-noisy" boot_to_prompt_ms)"
check "a bad SMP is refused" sh -c "! SMP=x sh scripts/bench-table.sh '$out/shmos' '$out/linux' 2>/dev/null"
check "a missing file is refused" sh -c "! sh scripts/bench-table.sh '$out/missing' '$out/linux' 2>/dev/null"

tap_done
