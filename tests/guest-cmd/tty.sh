#!/bin/sh
# tests/guest-cmd/tty.sh - the console's terminal modes typed at (TAP): an
# interactive boot whose keyboard is a fifo runs /bin/tests' terminal
# helper (tests/guest/termios.c), which prints "tty: ... ready" before each
# step; each step's keys are typed only after that line. Raw mode without
# echo (Ctrl-C is a byte, CR stays CR), ISIG with handlers (Ctrl-C SIGINT,
# Ctrl-\ SIGQUIT, Ctrl-Z SIGTSTP), a canonical line with ECHO off (not
# shown), VMIN 2 (one read, two bytes).
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/lib/keyboard.sh
. "$(dirname "$0")/lib/keyboard.sh"

keyboard_boot tty 120

type_at 1 'tests --tty-helper\r'
type_after 1 'tty: raw ready' 'a\003\r'
type_after 1 'tty: signals ready' '\003'
sleep 0.5
printf '\034' >&3
sleep 0.5
printf '\032' >&3
type_after 1 'tty: noecho ready' 'secret\r'
type_after 1 'tty: vmin ready' 'x'
sleep 0.5
printf 'y' >&3
type_at 2 'echo back\r'
type_at 3 '\004'
keyboard_end

check "tty: Ctrl-D at the prompt ends QEMU with status 0 (got $status)" test "$status" -eq 0
expect_line tty "tty: raw bytes 61 03 0d"
expect_line tty "tty: got INT 1 QUIT 1 TSTP 1"
expect_line tty "tty: line [secret]"
check "tty: the line typed with ECHO off was not shown" \
    test "$(grep -c 'secret' "$log")" -eq 1
expect_line tty "tty: vmin read 2"
expect_line tty "back"
tap_done
