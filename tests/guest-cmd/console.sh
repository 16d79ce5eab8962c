#!/bin/sh
# tests/guest-cmd/console.sh - the console as a person uses it (TAP): an
# interactive boot (no --cmd) whose keyboard is a fifo. Each line is typed
# only once the shell has printed the prompt it waits for, so the test does
# not depend on timing. Covers the banner and prompt, backspace, Ctrl-U,
# Ctrl-C on a foreground job and at the prompt (the shell survives), a
# loop typed over several lines (the "> " prompt), Ctrl-C ending a loop, Ctrl-D
# as end of file for cat and for the shell: the shell exits with the
# status of its last command and init powers off with it (QEMU's exit
# status).
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/lib/keyboard.sh
. "$(dirname "$0")/lib/keyboard.sh"

keyboard_boot console 90

type_at 1 'echo abcx\bd\r'
type_at 2 'echo junk\025echo clean\r'
type_at 3 'sleep 30\r'
sleep 1
printf '\003' >&3                       # Ctrl-C: kills the foreground sleep
type_at 4 '\003'                        # Ctrl-C at the prompt: nothing dies, a new prompt
type_at 5 'echo alive\r'
type_at 6 'cat\r'
sleep 0.5
printf 'line1\r' >&3
sleep 0.5
printf '\004' >&3                       # Ctrl-D: end of file for cat
type_at 7 'for w in one two\r'          # a command over three lines: "> " asks for more
sleep 0.5
printf 'do echo "w=$w"\r' >&3
sleep 0.5
printf 'done\r' >&3
type_at 8 'while true; do sleep 30; done; echo after-loop\r'
sleep 1
printf '\003' >&3                       # Ctrl-C: ends the loop, not only one sleep
type_at 9 'false\r'
type_at 10 '\004'                       # Ctrl-D at the prompt: the shell exits with 1
keyboard_end

check "console: Ctrl-D at the prompt ends QEMU with the last status, 1 (got $status)" \
    test "$status" -eq 1
expect_line console "shmos: booting"
expect_line console "abcd"
expect_line console "clean"
expect_no_line console "junkecho clean"
if grep -q 'Interrupt (signal 2)' "$log"; then
    ok "console: Ctrl-C killed the foreground sleep with SIGINT"
else
    not_ok "console: Ctrl-C killed the foreground sleep with SIGINT"
    show_log
fi
expect_line console "alive"
check "console: cat echoed the typed line back" test "$(grep -c '^line1$' "$log")" -ge 1
check "console: the continuation prompt '> ' asked for the loop's next lines" \
    test "$(grep -c '^> .*do echo\|^> .*done' "$log")" -eq 2
expect_line console "w=one"
expect_line console "w=two"
expect_no_line console "after-loop"
expect_line console "init: the shell exited (status 1): powering off"
tap_done
