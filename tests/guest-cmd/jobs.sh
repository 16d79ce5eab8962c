#!/bin/sh
# tests/guest-cmd/jobs.sh - job control in the interactive shell, typed at
# through a fifo (TAP): Ctrl-Z stops the foreground job (a shell reading
# the terminal, then one sleeping), jobs lists it, ps shows it stopped, fg
# brings it back to the terminal (its read redone), bg continues one in
# the background, wait waits for it.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/lib/keyboard.sh
. "$(dirname "$0")/lib/keyboard.sh"

keyboard_boot jobs 150

# The '' inside the words keeps the typed line from matching the output.
type_at 1 "sh -c 'echo one''two; read x; echo got=\$x'\r"
type_after 1 onetwo '\032'                          # Ctrl-Z while it reads
type_at 2 'jobs\r'
type_at 3 'ps\r'
type_at 4 'fg\r'
type_after 1 continued 'hello\r'                    # its read, redone
type_at 5 "sh -c 'echo three''four; sleep 1; echo five''six'\r"
type_after 1 threefour '\032'                       # Ctrl-Z while it sleeps
type_at 6 'bg\r'
type_at 7 'wait\r'
type_at 8 '\004'
keyboard_end

check "jobs: Ctrl-D at the prompt ends QEMU with status 0 (got $status)" test "$status" -eq 0
check "jobs: Ctrl-Z reports both jobs stopped" \
    test "$(grep -c '^\[1\]+  Stopped  (group [0-9]*)$' "$log")" -ge 3
check "jobs: ps shows the stopped job" grep -Eq ' stopped .* sh +sh -c ' "$log"
expect_line jobs "got=hello"
check "jobs: bg continues the job in the background" grep -q '^\[1\] [0-9]* continued &$' "$log"
expect_line jobs "fivesix"
tap_done
