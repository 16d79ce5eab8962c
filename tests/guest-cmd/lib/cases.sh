# tests/guest-cmd/lib/cases.sh - a case file of command lines run in the
# guest and compared with dash on the host (sourced after guest.sh).
# shellcheck source=SCRIPTDIR/../../lib/sh-cases.sh
. tests/lib/sh-cases.sh

# guest_cases NAME CASEFILE [SED]: writes CASEFILE's cases, runs them on
# the host with dash (and the host's programs: the oracle), then boots an
# initrd that holds them as /etc/NAME/K and runs them the same way in the
# guest's /tmp; each case's output and status (after the sed expression
# SED, if given, is applied to the guest's) must be the host's: one test
# per case. Sets GUEST_QEMU_ARGS to that initrd for later boots.
guest_cases() {
    _work=build/host/tests/guest-$1
    rm -rf "$_work"
    mkdir -p "$_work/root" "$_work/cases" "$_work/host.run" "$_work/host" "$_work/guest"
    if ! command -v dash > /dev/null 2>&1; then
        not_ok "dash, the oracle, is installed"
        return 1
    fi
    _n=$(sh_cases_write "$_work/cases" "$2")
    _cases=$(pwd)/$_work/cases
    (cd "$_work/host.run" && sh_cases_run dash "$_cases" "$_n") > "$_work/host.txt"
    sh_cases_split "$_work/host.txt" "$_work/host"
    cp -r build/root/. "$_work/root/" && mkdir -p "$_work/root/etc/$1" &&
        cp "$_work/cases"/* "$_work/root/etc/$1/" || not_ok "the cases join the initrd"
    {
        echo 'cd /tmp'
        echo 'echo "@@ start"'
        _k=1
        while [ "$_k" -le "$_n" ]; do
            echo "sh /etc/$1/$_k 2>/dev/null; echo \"@@ $_k \$?\""
            _k=$((_k + 1))
        done
    } > "$_work/root/etc/$1/run"
    (cd "$_work/root" && find . -mindepth 1 | LC_ALL=C sort |
        cpio --quiet -o -H newc > ../initrd.cpio) || not_ok "the initrd is built"
    GUEST_QEMU_ARGS="--initrd $_work/initrd.cpio"
    # A shell per case: a second of time limit each, on top of the boot's.
    _limit=$GUEST_CMD_TIMEOUT
    GUEST_CMD_TIMEOUT=$((_limit + _n))
    boot "$1" "sh /etc/$1/run"
    _st=$?
    GUEST_CMD_TIMEOUT=$_limit
    [ "$_st" -eq 0 ] || return 1
    sed -n '/^@@ start$/,/^shmos: power off/p' "$log" | sed '1d;$d' |
        sed "${3:-}" > "$_work/guest.txt"
    sh_cases_split "$_work/guest.txt" "$_work/guest"
    _k=1
    while [ "$_k" -le "$_n" ]; do
        _what=$(cat "$_work/cases/$_k")
        if [ -f "$_work/guest/$_k.out" ] && cmp -s "$_work/guest/$_k.out" "$_work/host/$_k.out"; then
            ok "guest = host (dash): $_what"
        else
            not_ok "guest = host (dash): $_what"
            diff "$_work/host/$_k.out" "$_work/guest/$_k.out" 2>&1 | sed 's/^/#   /'
        fi
        _k=$((_k + 1))
    done
}
