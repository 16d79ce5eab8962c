# shellcheck shell=sh
# scripts/lib/bench-stats.sh - the summary of a figure's rounds that the
# host measures itself (sourced by scripts/bench.sh; tests/host/bench-table.sh
# feeds it canned rounds).  The guest's figures are summed up the same way
# by user/bench/measure.c.

# rounds_summary RESOLUTION: reads one number per line (the rounds of one
# attempt) and prints "MIN MEDIAN MAX SPREAD FLAG": SPREAD is MAX/MIN with
# 2 decimals ("-" when MIN is 0), FLAG "noisy" when the rounds disagree by
# more than 2x (MAX > 2 MIN) by more than RESOLUTION (the measurement's own
# step: a difference of a clock tick or two is no disagreement), else "ok".
# The median of an even count is the lower middle one.  The numbers are
# printed as they came ("0.50" stays so).  Prints nothing without rounds.
rounds_summary() {
    sort -n | LC_ALL=C awk -v res="$1" '
        NF > 0 { v[++n] = $1 }
        END {
            if (n == 0) exit
            lo = v[1]; hi = v[n]; mid = v[int((n + 1) / 2)]
            spread = (lo + 0 > 0) ? sprintf("%.2f", hi / lo) : "-"
            flag = (hi + 0 > 2 * lo && hi - lo > res + 0) ? "noisy" : "ok"
            print lo, mid, hi, spread, flag
        }'
}

# better_summary A B: of two rounds_summary lines, the one to report: the
# first that is not noisy; of two noisy ones, the one with the smaller
# spread (A if equal, or if neither has a spread).
better_summary() {
    LC_ALL=C awk -v a="$1" -v b="$2" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        if (a == "") { print b; exit }
        if (x[5] == "ok" || b == "") { print a; exit }
        if (y[5] == "ok") { print b; exit }
        if (y[4] == "-") print a
        else if (x[4] == "-" || y[4] + 0 < x[4] + 0) print b
        else print a
    }'
}
