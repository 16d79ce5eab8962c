#!/bin/sh
# tests/guest-cmd/lineedit.sh - the interactive shell's line editor
# (user/sh/edit.c) typed at through a fifo (TAP), each line only after the
# prompt it waits for: Left/Right, Home/End, Ctrl-A/E/B/F/W/U/K, Delete,
# Backspace, history with Up/Down (ANSI sequences), Ctrl-C dropping a
# half-typed line.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init
# shellcheck source=SCRIPTDIR/lib/keyboard.sh
. "$(dirname "$0")/lib/keyboard.sh"

keyboard_boot lineedit 120

L='\033[D' R='\033[C' U='\033[A' D='\033[B' HOME='\033[H' END='\033[F' DELETE='\033[3~'
type_at 1 "echo ac${L}b\r"                          # abc
type_at 2 "cho x${HOME}e${END}y\r"                  # xy
type_at 3 'ho z\001\001ec\005w\r'                 # zw (Ctrl-A: QEMU's escape, twice; Ctrl-E)
type_at 4 'echo foo bar\027baz\r'                   # foo baz (Ctrl-W)
type_at 5 'echo keepXX\002\002\013\r'               # keep (Ctrl-B, Ctrl-K)
type_at 6 'junk\025echo kill\r'                     # kill (Ctrl-U)
type_at 7 "echo delqX${L}${L}${DELETE}\006\bete\r"  # delete (Delete, Ctrl-F, Backspace)
type_at 8 "echo first\r"
type_at 9 "echo second\r"
type_at 10 "${U}${U}\r"                             # history: echo first
type_at 11 "${U}${U}${U}${D}\r"                     # history: first, second, first... -> echo second
type_at 12 'echo half\003'                          # Ctrl-C: the line is dropped
type_at 13 "${U}X\r"                                # the last line run: echo secondX
type_at 14 '\004'
keyboard_end

check "lineedit: Ctrl-D at the prompt ends QEMU with status 0 (got $status)" test "$status" -eq 0
for want in abc xy zw "foo baz" keep kill delete secondX; do
    expect_line lineedit "$want"
done
check "lineedit: Up twice ran 'echo first' again" test "$(grep -c '^first$' "$log")" -eq 2
check "lineedit: Up three times then Down ran 'echo second' again" \
    test "$(grep -c '^second$' "$log")" -eq 2
expect_no_line lineedit "half"
tap_done
