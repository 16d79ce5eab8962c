# shellcheck shell=sh
# tests/host/lib/qemu-status.sh - why a boot failed, from scripts/qemu.sh's
# exit status and the console log (sourced, not run: the one place that
# reads them; scripts/test.sh, tests/guest-cmd/lib/guest.sh and
# tests/host/libc/run.sh use it).
#
# qemu_failure STATUS LOG LIMIT: STATUS is what `scripts/qemu.sh --cmd ...
# --timeout LIMIT` exited with, LOG its output with the \r characters
# removed. When the guest did not run the command to its power-off, prints
# why on one line and returns 0; otherwise prints nothing and returns 1
# (STATUS is then the command's own, which the caller judges):
#   124 (or 137)  "timed out after LIMIT s"
#   125           "the guest died without powering off"
#   126           the kernel's "kernel panic ..." line: a panic powers off
#                 with 126 and no "shmos: power off" line (a command's own
#                 exit 126 has that line, and is no failure here)
#   any           "QEMU failed: <its message>" for a qemu-system error line
# A panic line in the log of a guest that then hung or died is added to
# the reason.
qemu_failure() {
    _qf_panic=$(grep -Eiv '^(ok|not ok|#)' "$2" | grep -Ei -m 1 'kernel panic|(^|[^a-z])panic:')
    # QEMU's message about being stopped by the timeout is the timeout.
    _qf_qemu=$(grep -v 'terminating on signal' "$2" | grep -m 1 '^qemu-system[^:]*: ')
    case $1 in
        124|137) _qf_why="timed out after $3 s${_qf_panic:+, after: $_qf_panic}" ;;
        125) _qf_why="the guest died without powering off${_qf_panic:+, after: $_qf_panic}" ;;
        126)
            if grep -qx 'shmos: power off (status 126)' "$2"; then
                _qf_why=""
            else
                _qf_why=${_qf_panic:-"kernel panic (no panic line in the output)"}
            fi
            ;;
        *) _qf_why="" ;;
    esac
    if [ -n "$_qf_qemu" ]; then
        _qf_why="QEMU failed: $_qf_qemu${_qf_why:+ ($_qf_why)}"
    fi
    [ -n "$_qf_why" ] || return 1
    echo "$_qf_why"
}
