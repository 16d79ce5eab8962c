#!/bin/sh
# Build a bootable CD image of shmos: GRUB loads build/shmos.elf and the
# initrd by Multiboot, as QEMU's -kernel/-initrd do.
#   mkiso.sh OUT.iso [CMD]
# CMD (optional, without quotes) becomes the kernel's command line: the
# guest runs it with sh -c and powers off (as qemu.sh --cmd); without it
# the guest starts the shell. Needs grub-mkrescue (grub-common, grub-pc-bin), xorriso and
# mtools: `sh scripts/deps.sh iso` installs them (make iso runs it).
set -euf                         # -f: CMD is split into words, never globbed
here=$(dirname "$0")
out=$1
cmd=${2:-}
build=$here/../build
for f in "$build/shmos.elf" "$build/initrd.cpio"; do
  [ -f "$f" ] || { echo "mkiso: $f is missing: run make all" >&2; exit 1; }
done
for t in grub-mkrescue xorriso mformat; do
  command -v "$t" >/dev/null 2>&1 || { echo "mkiso: $t is missing: sh scripts/deps.sh iso" >&2; exit 1; }
done
[ -d /usr/lib/grub/i386-pc ] || { echo "mkiso: GRUB's i386-pc modules are missing (grub-pc-bin)" >&2; exit 1; }
tree=$(mktemp -d "${TMPDIR:-/tmp}/shmos-iso.XXXXXX")
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/boot/grub"
# The kernel's ELF entry is the physical address of _start (paging is off
# at entry; QEMU's loader jumps there as it is); GRUB wants it inside a
# segment's virtual range and converts it to the physical one itself. The
# image's copy gets the virtual address of the same instruction.
entry=$(readelf -h "$build/shmos.elf" | awk '/Entry point address/ { print $4 }')
ventry=""
while read -r _ _ vaddr paddr _ memsz _; do
  if [ $((entry)) -ge $((paddr)) ] && [ $((entry)) -lt $((paddr + memsz)) ]; then
    ventry=$(printf '0x%x' $((entry - paddr + vaddr)))
    break
  fi
done <<SEGS
$(readelf -lW "$build/shmos.elf" | awk '$1 == "LOAD"')
SEGS
[ -n "$ventry" ] || { echo "mkiso: the entry $entry is in no segment" >&2; exit 1; }
objcopy --set-start "$ventry" "$build/shmos.elf" "$tree/boot/shmos.elf"
cp "$build/initrd.cpio" "$tree/boot/initrd.cpio"
# GRUB passes the words after the kernel's path, and the kernel skips a
# first word as QEMU's loader's path: the path goes twice. GRUB splits the
# line into words as sh does and joins them again with single spaces: each
# word of CMD goes as its own word, every character but letters, digits
# and . / - _ escaped with a backslash (runs of blanks become one space).
# GRUB escapes quotes as it builds the kernel's line, so CMD cannot use
# quoting ('...' or "..." arrive as plain characters).
quoted=" /boot/shmos.elf"
for word in $cmd; do
  quoted="$quoted $(printf '%s' "$word" | sed 's/[^A-Za-z0-9./_-]/\\&/g')"
done
cat > "$tree/boot/grub/grub.cfg" <<CFG
serial --unit=0 --speed=115200
terminal_output serial
multiboot /boot/shmos.elf$quoted
module /boot/initrd.cpio
boot
CFG
grub-mkrescue -o "$out" "$tree" >/dev/null 2>&1 ||
  { echo "mkiso: grub-mkrescue failed" >&2; grub-mkrescue -o "$out" "$tree"; exit 1; }
echo "mkiso: $out${cmd:+ (runs: $cmd)}"
