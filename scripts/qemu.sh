#!/bin/sh
# Boot shmos in QEMU on the terminal's serial console.
#   qemu.sh                      interactive shell (Ctrl-A X quits QEMU)
#   qemu.sh --cmd 'echo hi; ps'  run shell commands, power off, exit with the
#                                status of the last command
# Options: --timeout SECONDS (default: none interactive, 120 with --cmd;
#          0: none), --smp N (default 2, or $SMP), --kernel FILE,
#          --initrd FILE, --gdb PORT (QEMU's gdb stub on localhost:PORT, the
#          guest stopped until gdb continues it: make qemu-gdb, make gdb),
#          --iso FILE (boot FILE, from make iso, as a CD-ROM through GRUB
#          instead of the kernel and initrd: interactive, or with --timeout
#          run as --cmd runs, the command being the one the ISO was made
#          with, make iso ISO_CMD='...'; --cmd and PANIC do not apply).
# Environment: QEMU (default qemu-system-i386; qemu-system-x86_64 works too);
# PANIC=halt boots with "panic=halt": a kernel panic halts the machine,
# which stays up for gdb, instead of powering it off.
# Exit status: the guest's poweroff status (0-255, read from the console
# log); 126 after a kernel panic; 124 on timeout; 125 if QEMU failed or the
# guest died without powering off; 0 when Ctrl-A X ends an interactive run.
set -u
here=$(dirname "$0")
kernel=$here/../build/shmos.elf
initrd=$here/../build/initrd.cpio
cmd="" ; have_cmd=0 ; limit="" ; smp=${SMP:-2} ; gdbport="" ; iso=""
while [ $# -gt 0 ]; do
  case $1 in
    --cmd) cmd=$2; have_cmd=1; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --kernel) kernel=$2; shift 2 ;;
    --initrd) initrd=$2; shift 2 ;;
    --gdb) gdbport=$2; shift 2 ;;
    --iso) iso=$2; shift 2 ;;
    *) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
qemu=${QEMU:-qemu-system-i386}
if [ -n "$iso" ]; then
  [ -f "$iso" ] || { echo "qemu.sh: $iso is missing: run make iso" >&2; exit 125; }
  if [ $have_cmd -eq 1 ] || [ -n "${PANIC:-}" ]; then
    echo "qemu.sh: --iso boots the ISO's own command line (make iso ISO_CMD=...): no --cmd or PANIC" >&2
    exit 2
  fi
  [ -z "$limit" ] || have_cmd=1           # batch: as --cmd, with the ISO's command
else
  for f in "$kernel" "$initrd"; do
    [ -f "$f" ] || { echo "qemu.sh: $f is missing: run make all" >&2; exit 125; }
  done
fi
# The console is also logged to a file: the guest's "power off (status N)"
# line carries the full 8-bit status, which isa-debug-exit cannot (7 bits,
# and QEMU's own start-up failures exit with 1 too).
log=$(mktemp "${TMPDIR:-/tmp}/shmos-console.XXXXXX")
trap 'rm -f "$log"' EXIT
# shellcheck source=SCRIPTDIR/lib/qemu-fast.sh
. "$here/lib/qemu-fast.sh"
# A CD needs a BIOS that boots one (SeaBIOS, QEMU's default): the fast
# flags' qboot does not.
if [ -n "$iso" ]; then
  set -- -cdrom "$iso" -boot d
else
  # shellcheck disable=SC2046 # the fast flags are words without blanks
  set -- $(qemu_fast_flags) -kernel "$kernel" -initrd "$initrd"
fi
# shellcheck disable=SC2086 # QEMU may be a command with options
set -- $qemu "$@" -m 128M -smp "$smp" \
  -accel tcg,thread=multi -no-reboot -display none \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04
if [ -n "$gdbport" ]; then
  echo "qemu.sh: the guest waits for gdb on localhost:$gdbport: make gdb GDBPORT=$gdbport" >&2
  set -- "$@" -S -gdb "tcp:127.0.0.1:$gdbport"
fi
# The kernel's own options go first on its command line (x86/start.c).
kopts=""
case ${PANIC:-} in
  "") ;;
  halt) kopts="panic=halt " ;;
  *) echo "qemu.sh: PANIC=$PANIC: only PANIC=halt is known" >&2; exit 2 ;;
esac
if [ $have_cmd -eq 1 ]; then
  [ -n "$limit" ] || limit=120
  # Multiboot passes "-append" to the kernel as its command line; the kernel
  # hands it to init, which runs it with sh -c and powers off.
  [ -n "$iso" ] || set -- "$@" -append "$kopts$cmd"
  timeout --foreground -k 5 "$limit" "$@" -monitor none \
    -chardev stdio,id=con,logfile="$log",signal=off -serial chardev:con </dev/null
else
  # Interactive: Ctrl-C goes to the guest; the mux gives Ctrl-A X (quit)
  # and Ctrl-A C (QEMU monitor).
  set -- "$@" -chardev stdio,id=con,mux=on,logfile="$log",signal=off \
    -serial chardev:con -mon chardev=con,mode=readline
  [ -z "$kopts" ] || set -- "$@" -append "$kopts"
  if [ -n "$limit" ]; then
    timeout --foreground -k 5 "$limit" "$@"
  else
    "$@"
  fi
fi
rc=$?
case $rc in
  124|137) echo "qemu.sh: timed out after ${limit}s" >&2; exit 124 ;;
esac
# Trust the power-off line only if QEMU really left through isa-debug-exit
# with the same low 7 bits (a program could print such a line itself).
status=$(tr -d '\r' <"$log" | sed -n 's/^shmos: power off (status \([0-9]*\))$/\1/p' | tail -n 1)
if [ -n "$status" ] && [ $((rc % 2)) -eq 1 ] && [ $(((rc - 1) / 2)) -eq $((status % 128)) ]; then
  exit "$status"
fi
# Interactive and quit with Ctrl-A X: QEMU exits 0.
if [ $have_cmd -eq 0 ] && [ "$rc" -eq 0 ]; then
  exit 0
fi
# No power-off line: a kernel panic powers off with 126 through
# isa-debug-exit ((126 << 1) | 1); anything else means the guest died.
if [ "$rc" -eq 253 ]; then
  exit 126
fi
echo "qemu.sh: guest stopped without powering off (QEMU status $rc)" >&2
exit 125
