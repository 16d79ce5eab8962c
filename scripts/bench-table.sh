#!/bin/sh
# scripts/bench-table.sh - the table of `make bench` (scripts/bench.sh),
# from the figures of both systems.  See docs/bench.md.
#
#   sh scripts/bench-table.sh SHMOS_FIGURES LINUX_FIGURES
#
# Each figures file has a line "name value spread flag" per figure: value
# as bench printed it (the fastest round, or for boot_to_prompt_ms the
# median boot); spread the slowest round over the fastest ("-" if there was
# one); flag "noisy" if the rounds still disagreed by more than 2x after
# every attempt, else "ok".  The rows come in the shmos file's order, then
# any figure only Linux has.  SMP (environment, 2 by default) picks the
# aims that depend on the CPU count.
#
# Columns: figure, shmos, Linux, shmos/Linux, aim, met.  A cell is the value
# and, in parentheses, how much slower the slowest round was than the
# fastest ("785.0 (+4%)").  A figure noisy on either side is not compared:
# its ratio is shown in parentheses and met says "noisy (shmos)",
# "noisy (Linux)" or "noisy (both)".  A figure one system lacks has no
# ratio and "-" for met.  With BENCH_TABLE_SEP set (tests/host/
# bench-table.sh sets "|"), the fields are joined by it instead of aligned.
set -u
if [ $# -ne 2 ] || [ ! -r "$1" ] || [ ! -r "$2" ]; then
    echo "usage: bench-table.sh SHMOS_FIGURES LINUX_FIGURES" >&2
    exit 2
fi
smp=${SMP:-2}
case $smp in
    *[!0-9]*|0*|'') echo "bench-table.sh: SMP must be a number from 1 up, not '$smp'" >&2; exit 2 ;;
esac

# The aims.  Times are lower-is-better: the ratio must be at most the aim.
# Rates (*_per_s) are higher-is-better: the ratio must be at least the aim.
# The boot is an absolute time, judged on shmos alone.
LC_ALL=C awk -v smp="$smp" -v sep="${BENCH_TABLE_SEP:-}" '
    function aim_of(f) {
        if (f == "boot_to_prompt_ms") return 80
        if (f ~ /_per_s$/) return 1.5
        if (f == "sem_rtt_us") return (smp >= 4) ? 0.5 : 0.25
        if (f == "getppid_ns" || f == "shm_cycle_us") return 0.5
        if (f == "fork_exit_wait_us" || f == "pipe_rtt_us" || f == "posix_shm_cycle_us" || \
            f == "mmap_anon_1m_us" || f == "file_1m_rw_us") return 0.25
        if (f == "shm_spin_rtt_ns") return 1.2
        if (f == "clock_gettime_ns" || f == "idle_cpu_pct" || f == "sem_pair_ns" || \
            f == "sem_counter4_ns" || f == "sysv_sem_rtt_us" || f == "mutex_pair_ns" || \
            f == "mutex_counter4_ns") return 1.0
        return 0.5
    }
    function aim_text(f) {
        if (f == "boot_to_prompt_ms") return sprintf("<= %g ms", aim_of(f))
        if (f ~ /_per_s$/) return sprintf("ratio >= %g", aim_of(f))
        return sprintf("ratio <= %g", aim_of(f))
    }
    # A cell: the value, and the spread as the slowest round'"'"'s excess.
    function cell(v, sp) {
        if (v == "") return "-"
        if (sp == "-" || sp == "") return v
        return sprintf("%s (+%d%%)", v, int((sp - 1) * 100 + 0.5))
    }
    FILENAME == ARGV[1] && NF >= 2 { if (!($1 in sv)) order[++n] = $1; sv[$1] = $2; ss[$1] = $3; sf[$1] = $4 }
    FILENAME == ARGV[2] && NF >= 2 { if (!($1 in lv)) lorder[++ln] = $1; lv[$1] = $2; ls[$1] = $3; lf[$1] = $4 }
    END {
        for (i = 1; i <= ln; i++)
            if (!(lorder[i] in sv)) order[++n] = lorder[i]
        fmt = (sep == "") ? "%-22s %19s %19s %12s  %-14s %s\n" : \
              "%s" sep "%s" sep "%s" sep "%s" sep "%s" sep "%s\n"
        printf fmt, "figure", "shmos", "Linux", "shmos/Linux", "aim", "met"
        for (i = 1; i <= n; i++) {
            f = order[i]
            s = (f in sv) ? sv[f] : ""; l = (f in lv) ? lv[f] : ""
            noisy = ""
            if (sf[f] == "noisy" && lf[f] == "noisy") noisy = "both"
            else if (sf[f] == "noisy") noisy = "shmos"
            else if (lf[f] == "noisy") noisy = "Linux"
            r = (s != "" && l != "" && l + 0 > 0) ? s / l : ""
            rtext = (r == "") ? "-" : sprintf("%.3f", r)
            aim = aim_text(f)
            if (f == "boot_to_prompt_ms") {
                met = (s == "") ? "-" : (sf[f] == "noisy") ? "noisy (shmos)" : (s + 0 <= aim_of(f)) ? "yes" : "no"
            } else if (r == "") {
                met = "-"
            } else if (noisy != "") {
                met = "noisy (" noisy ")"
                rtext = "(" rtext ")"
            } else if (f ~ /_per_s$/) {
                met = (r >= aim_of(f)) ? "yes" : "no"
            } else {
                met = (r <= aim_of(f)) ? "yes" : "no"
            }
            if (f == "xv6_shm_cycle_us" && l == "") aim = "-"
            printf fmt, f, cell(s, ss[f]), cell(l, ls[f]), rtext, aim, met
        }
    }' "$1" "$2"
