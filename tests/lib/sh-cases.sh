# tests/lib/sh-cases.sh - case files of shell command lines
# (tests/lib/sh-cases.txt, tests/lib/tool-cases.txt) as files, run and
# split (sourced by tests/host/sh.sh, tests/host/tools.sh and
# tests/guest-cmd/lib/cases.sh; POSIX sh).
#
# sh_cases_write DIR [CASEFILE]: writes case N of CASEFILE (default
# tests/lib/sh-cases.txt) as DIR/N (N from 1, in file order) and prints
# the number of cases.
sh_cases_write() {
    _n=0
    while IFS= read -r _line; do
        case $_line in
            ''|'#'*) continue ;;
        esac
        _n=$((_n + 1))
        printf '%s\n' "$_line" > "$1/$_n"
    done < "${2:-tests/lib/sh-cases.txt}"
    echo "$_n"
}

# sh_cases_run SHELL CASES N: in the current directory, runs each case
# file CASES/1..N with SHELL (standard error discarded), printing its
# output and then a line "@@ K STATUS".
sh_cases_run() {
    _k=1
    while [ "$_k" -le "$3" ]; do
        "$1" "$2/$_k" 2>/dev/null
        echo "@@ $_k $?"
        _k=$((_k + 1))
    done
}

# sh_cases_split FILE DIR: splits sh_cases_run output FILE into DIR/K.out
# (case K's output and its status line).
sh_cases_split() {
    awk -v dir="$2" '{ print > (dir "/" (n + 1) ".out") } /^@@ [0-9]+ [0-9]+$/ { close(dir "/" (n + 1) ".out"); n++ }' "$1"
}
