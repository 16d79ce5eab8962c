#!/bin/sh
# tests/guest-cmd/debug-h.sh - include/portable/debug.h at run time on shmos (TAP).
# Links the fixtures of tests/host/debug/ against the shmos libc, adds them
# as /bin/dbg-NAME to a copy of the initrd (build/bin/* plus rootfs/, as the
# Makefile builds it), boots that and checks what they print.  On the
# serial console stdout and stderr are one stream, so error()'s message
# follows, on the same line, the text stdout had before it.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

src=tests/host/debug
work=build/host/tests/guest-debug-h
rm -rf "$work"
mkdir -p "$work/root/bin"

if [ ! -f build/host/test-flags.sh ]; then
    ${MAKE:-make} -s --no-print-directory build/host/test-flags.sh >&2
fi
# shellcheck disable=SC1091
. build/host/test-flags.sh || exit 1

# link_fixture NAME: builds $src/NAME.c for shmos as $work/root/bin/dbg-NAME.
link_fixture() {
    # shellcheck disable=SC2086
    $CC $USER_CFLAGS -c -o "$work/$1.o" "$src/$1.c" > "$work/$1.log" 2>&1 &&
        ld -m elf_i386 -T user/user.ld -o "$work/root/bin/dbg-$1" \
            build/libc/crt0.S.o "$work/$1.o" build/libc/libc.a "$LIBGCC" \
            >> "$work/$1.log" 2>&1
}

fixtures="camel if-else error-exit fork-flush order-stdio-first order-debug-first"
built=1
for name in $fixtures; do
    if [ -f build/libc/libc.a ] && [ -f build/libc/crt0.S.o ] && link_fixture "$name"; then
        :
    else
        built=0
        [ -f "$work/$name.log" ] && sed 's/^/# /' "$work/$name.log" | head -n 20
    fi
done
if [ "$built" -eq 0 ] || ! ls build/bin/* > /dev/null 2>&1; then
    not_ok "the debug.h fixtures link against the shmos libc (needs make all)"
    tap_done
    exit 1
fi
ok "the debug.h fixtures link against the shmos libc"

cp build/bin/* "$work/root/bin/"
if [ -d rootfs ]; then
    cp -r rootfs/. "$work/root/"
fi
(cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc > ../initrd.cpio) || exit 1
GUEST_QEMU_ARGS="--initrd $work/initrd.cpio"

# ---------------------------------------------------------------- dprintf
if boot camel 'dbg-camel'; then
    expect_status camel 0
    expect_line camel "I am a process"
    expect_no_line camel "I am a camel"
fi
if boot if-else 'dbg-if-else'; then
    expect_status if-else 0
    expect_lines_in_order if-else zero "one 1" "many 2 items" "argc 1" "loop 0" "loop 1"
fi
if boot fork-flush 'dbg-fork-flush'; then
    expect_status fork-flush 0
    expect_lines_in_order fork-flush "before fork" child parent
    n=$(grep -cx "before fork" "$log")
    check "fork-flush: 'before fork' printed once, not copied by fork ($n)" test "$n" -eq 1
fi
for order in stdio-first debug-first; do
    if boot "$order" "dbg-order-$order"; then
        expect_status "$order" 0
        expect_lines_in_order "$order" "macro 1" "libc dprintf 2"
    fi
done

# ---------------------------------------------------------------- error
if boot error 'dbg-error-exit'; then
    expect_status error 1
    expect_lines_in_order error before "buffered fatal error 42"
    expect_no_line error after
fi
if boot error-no-varargs 'dbg-error-exit x'; then
    expect_status error-no-varargs 1
    expect_lines_in_order error-no-varargs before "buffered fatal without arguments"
fi

tap_done
