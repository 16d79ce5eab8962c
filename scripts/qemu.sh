#!/bin/sh
# Boot shmos in QEMU on the terminal's serial console.
#   qemu.sh                      interactive shell (Ctrl-A X quits QEMU)
#   qemu.sh --cmd 'echo hi; ps'  run shell commands, power off, exit with the
#                                status of the last command
# Options: --timeout SECONDS (default: none interactive, 120 with --cmd),
#          --smp N (default 2), --kernel FILE, --initrd FILE.
# Exit status: the guest's poweroff status; 124 on timeout; 125 if QEMU
# failed or the guest died without powering off (triple fault, hang).
set -u
here=$(dirname "$0")
kernel=$here/../build/shmos.elf
initrd=$here/../build/initrd.cpio
cmd="" ; have_cmd=0 ; limit="" ; smp=${SMP:-2}
while [ $# -gt 0 ]; do
  case $1 in
    --cmd) cmd=$2; have_cmd=1; shift 2 ;;
    --timeout) limit=$2; shift 2 ;;
    --smp) smp=$2; shift 2 ;;
    --kernel) kernel=$2; shift 2 ;;
    --initrd) initrd=$2; shift 2 ;;
    *) echo "qemu.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
qemu=${QEMU:-qemu-system-i386}
set -- $qemu -kernel "$kernel" -initrd "$initrd" -m 128M -smp "$smp" \
  -accel tcg,thread=multi -no-reboot \
  -device isa-debug-exit,iobase=0xf4,iosize=0x04
if [ $have_cmd -eq 1 ]; then
  [ -n "$limit" ] || limit=120
  # Multiboot passes "-append" to the kernel as its command line; the kernel
  # hands it to init, which runs it with sh -c and powers off.
  timeout -k 5 "$limit" "$@" -append "$cmd" -display none -monitor none -serial stdio </dev/null
else
  if [ -n "$limit" ]; then
    timeout -k 5 "$limit" "$@" -nographic
  else
    "$@" -nographic
  fi
fi
rc=$?
# isa-debug-exit turns the value v written by poweroff into (v << 1) | 1.
case $rc in
  124|137) echo "qemu.sh: timed out after ${limit}s" >&2; exit 124 ;;
esac
if [ $((rc % 2)) -eq 1 ]; then
  exit $(((rc - 1) / 2))
fi
echo "qemu.sh: guest stopped without powering off (QEMU status $rc)" >&2
exit 125
