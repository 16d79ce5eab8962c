#!/bin/sh
# Install the Debian packages shmos needs, if any is missing.
# As root this runs apt-get; otherwise it prints the exact command to run.
set -eu
need=""
have() { command -v "$1" >/dev/null 2>&1; }
have qemu-system-i386 || need="$need qemu-system-x86"
have cpio             || need="$need cpio"
have gcc              || need="$need gcc"
have make             || need="$need make"
have ld               || need="$need binutils"
have timeout          || need="$need coreutils"
# Wanted, not needed: debugging (make gdb, tests/guest-cmd/gdb.sh), and,
# only when asked for with `deps.sh iso` (make iso), the ISO's tools.
# Without them those tests skip.
want=""
have gdb              || want="$want gdb"
if [ "${1:-}" = iso ]; then
  have grub-mkrescue    || want="$want grub-common"
  [ -d /usr/lib/grub/i386-pc ] || want="$want grub-pc-bin"
  have xorriso          || want="$want xorriso"
  have mformat          || want="$want mtools"
fi
if [ -z "$need" ] && [ -n "$want" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "deps: installing$want" >&2
    export DEBIAN_FRONTEND=noninteractive
    { apt-get update -qq && apt-get install -y --no-install-recommends $want; } >&2 ||
      echo "deps: could not install$want: make gdb, make iso and their tests will not run" >&2
  else
    echo "deps: for make gdb and make iso: sudo apt-get install$want" >&2
  fi
  exit 0
fi
need="$need$want"
# 32-bit libgcc (64-bit division helpers) for -m32 links.
[ -f "$(gcc -m32 -print-libgcc-file-name 2>/dev/null)" ] && \
  gcc -m32 -print-libgcc-file-name | grep -q /32/ || need="$need gcc-multilib"
[ -z "$need" ] && exit 0
cmd="apt-get install -y --no-install-recommends$need"
if [ "$(id -u)" -eq 0 ]; then
  echo "deps: installing$need" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && $cmd >&2
else
  echo "deps: missing packages:$need" >&2
  echo "deps: run: sudo apt-get update && sudo $cmd" >&2
  exit 1
fi
