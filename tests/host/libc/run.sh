#!/bin/sh
# tests/host/libc/run.sh - host tests of shmos's libc (TAP).
# Renames the symbols of the libc objects built for shmos (shmos_*), links
# them into an i386 Linux program with a fake kernel (shims.c), and compares
# them with glibc. Run from anywhere: sh tests/host/libc/run.sh
set -eu
cd "$(dirname "$0")/../../.."
${MAKE:-make} -s --no-print-directory build/libc/libc.a >&2
src=tests/host/libc
out=build/host/tests/libc
rm -rf "$out"
mkdir -p "$out"
# Only the objects that do not need a real kernel; shims.c stands in for the
# system calls they use.
for o in ctype dirent env errno format getopt malloc qsort rand stdio string strtol; do
    objcopy --prefix-symbols=shmos_ "build/libc/$o.c.o" "$out/$o.o"
done
${CC:-cc} -m32 -std=gnu11 -O1 -g -no-pie -Wall -Wextra -Werror -o "$out/test-libc" \
    "$src"/main.c "$src"/shims.c "$src"/test_*.c "$out"/*.o -lm
"$out/test-libc"
