#!/bin/sh
# tests/guest-cmd/fuzz.sh - a bounded pass of /bin/fuzz (user/fuzz.c) on 1,
# 2 and 4 CPUs (TAP): random and hostile system calls from workers, then
# the kernel's counters must be back where they were. The seed is printed;
# FUZZ_SEED=N repeats a run, FUZZ_CALLS=N (default 5000) sets its length.
# A run with -L (a pipe leaked on purpose) shows the check can fail.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

seed=${FUZZ_SEED:-$(date +%s)}
calls=${FUZZ_CALLS:-5000}
echo "# fuzz seed $seed: FUZZ_SEED=$seed sh tests/guest-cmd/fuzz.sh repeats this run"
GUEST_CMD_TIMEOUT=$((GUEST_CMD_TIMEOUT + calls / 50))
for smp in 1 2 4; do
    GUEST_QEMU_ARGS="--smp $smp"
    s=$((seed + smp))
    if boot "fuzz-smp$smp" "fuzz -s $s -n $calls"; then
        expect_status "fuzz -s $s on $smp CPUs" 0
        if grep -q "^fuzz: .*: nothing leaked$" "$log"; then
            ok "fuzz -s $s on $smp CPUs: no panic, nothing leaked"
        else
            not_ok "fuzz -s $s on $smp CPUs: no panic, nothing leaked"
            show_log
        fi
    fi
done

GUEST_QEMU_ARGS=
if boot fuzz-leak "fuzz -s $seed -n 100 -L"; then
    expect_status "fuzz -L (a leak on purpose)" 1
    if grep -q "^fuzz: LEAK: nfile was" "$log"; then
        ok "fuzz -L: the check names the leaked files"
    else
        not_ok "fuzz -L: the check names the leaked files"
        show_log
    fi
fi
tap_done
