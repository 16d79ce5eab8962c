#!/bin/sh
# tests/host/libc/run.sh - tests of shmos's libc (TAP), in three parts:
#  1. compile checks: compile/*.c built as shmos programs are (USER_CFLAGS,
#     -Werror); limits.c also with -funsigned-char; posix.c linked against
#     libc.a as well.
#  2. host units: the libc objects built for shmos, their symbols renamed
#     shmos_*, linked into an i386 Linux program with a fake kernel
#     (shims.c) and compared with glibc.
#  3. the guest: fixtures/libc-rt.c linked for shmos, added to a copy of
#     the initrd and booted (scripts/qemu.sh); each of its "ok - ..." or
#     "not ok - ..." lines is one result.
# Run from anywhere: sh tests/host/libc/run.sh
set -u
cd "$(dirname "$0")/../../.." || exit 2
# shellcheck source=SCRIPTDIR/../lib/tap.sh
. tests/host/lib/tap.sh
# shellcheck source=SCRIPTDIR/../lib/qemu-status.sh
. tests/host/lib/qemu-status.sh
src=tests/host/libc
out=build/host/tests/libc
${MAKE:-make} -s --no-print-directory build/libc/libc.a build/libc/crt0.S.o \
    build/host/test-flags.sh >&2 || exit 2
rm -rf "$out"
mkdir -p "$out/compile"
tap_init .

# compiles LOG ARGS...: runs the compiler, showing its complaints as diagnostics.
compiles() {
    _log=$1
    shift
    # shellcheck disable=SC2086
    if "$@" > "$_log" 2>&1; then
        return 0
    fi
    head -n 20 "$_log" | diag
    return 1
}

# ---------------------------------------------------------------- 1. compile checks
cout=$out/compile
for c in "$src"/compile/*.c; do
    name=$(basename "$c" .c)
    # shellcheck disable=SC2086
    check "compile/$name.c builds as a shmos program" \
        compiles "$cout/$name.log" $CC $USER_CFLAGS -Wformat=2 -c -o "$cout/$name.o" "$c"
done
# shellcheck disable=SC2086
check "compile/limits.c builds with -funsigned-char (CHAR_MIN is 0)" \
    compiles "$cout/limits-unsigned.log" $CC $USER_CFLAGS -funsigned-char -c \
    -o "$cout/limits-unsigned.o" "$src/compile/limits.c"
check "compile/posix.c links against libc.a (every new interface is defined)" \
    compiles "$cout/posix-link.log" ld -m elf_i386 -T user/user.ld -o "$cout/posix" \
    build/libc/crt0.S.o "$cout/posix.o" build/libc/libc.a "$LIBGCC"

# ---------------------------------------------------------------- 2. host units
# Only the objects that do not need a real kernel; shims.c stands in for the
# system calls they use.
for o in ctype decimal dirent env errno files format getopt lock malloc math printf qsort rand \
         scanf resource signal stdio strftime string strtod strtol time trig uname unistd; do
    objcopy --prefix-symbols=shmos_ "build/libc/$o.c.o" "$out/$o.o"
done
objcopy --prefix-symbols=shmos_ build/libc/setjmp.S.o "$out/setjmp.o"
if compiles "$out/test-libc.log" ${CC:-cc} -m32 -std=gnu11 -O1 -g -no-pie -Wall -Wextra -Werror \
        -o "$out/test-libc" "$src"/main.c "$src"/shims.c "$src"/test_*.c tests/lib/tap.c \
        "$out"/*.o -lm; then
    tap_run "the host unit tests" "$out/test-libc"
else
    not_ok "the host unit tests build"
fi

# ---------------------------------------------------------------- 3. the guest
root=$out/root
# shellcheck disable=SC2086 # the flags are words
if ! ${MAKE:-make} -s --no-print-directory build/shmos.elf build/initrd.cpio >&2; then
    not_ok "make builds the kernel and the initrd"
elif ! compiles "$out/libc-rt.log" $CC $USER_CFLAGS -c -o "$out/libc-rt.o" "$src/fixtures/libc-rt.c" ||
     ! compiles "$out/libc-rt.log" ld -m elf_i386 -T user/user.ld -o "$out/libc-rt" \
         build/libc/crt0.S.o "$out/libc-rt.o" build/libc/libc.a "$LIBGCC"; then
    not_ok "fixtures/libc-rt.c links against the shmos libc"
else
    mkdir -p "$root"
    cp -r build/root/. "$root/"
    cp "$out/libc-rt" "$root/bin/libc-rt"
    (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc > ../initrd.cpio)
    limit=${GUEST_CMD_TIMEOUT:-60}
    sh scripts/qemu.sh --cmd 'libc-rt' --timeout "$limit" --initrd "$out/initrd.cpio" \
        > "$out/guest.raw" 2>&1 < /dev/null
    status=$?
    tr -d '\r' < "$out/guest.raw" > "$out/guest.log"
    while IFS= read -r line; do
        case $line in
            "ok - "*) ok "guest: ${line#ok - }" ;;
            "not ok - "*) not_ok "guest: ${line#not ok - }" ;;
            "# "*) echo "$line" ;;
        esac
    done < "$out/guest.log"
    desc="guest: libc-rt ran to the end and the guest powered off"
    if why=$(qemu_failure "$status" "$out/guest.log" "$limit"); then
        not_ok "$desc ($why)"
        tail -n 20 "$out/guest.log" | diag
    elif grep -qx 'libc-rt: end' "$out/guest.log"; then
        ok "$desc"
    else
        not_ok "$desc"
        tail -n 20 "$out/guest.log" | diag
    fi
fi

tap_done
