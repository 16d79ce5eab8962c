#!/bin/sh
# tests/host/debug-h.sh - include/portable/debug.h: dprintf() and error() (TAP).
# Builds the fixtures in tests/host/debug/ with the Makefile's flags, runs
# them and compares their stdout, stderr and exit status exactly.
# Fixtures that must NOT compile are paired with a variant that must, so a
# compile failure for an unrelated reason cannot pass for the right one.
set -u
# shellcheck source=SCRIPTDIR/lib/tap.sh
. "$(dirname "$0")/lib/tap.sh"
tap_init

src=tests/host/debug
out=build/host/tests/debug-h
rm -rf "$out"
mkdir -p "$out"

# build NAME [EXTRA_FLAG...]: compiles $src/NAME.c for Linux into $out/NAME
# with HOST_CFLAGS (-Wall -Wextra -Werror -iquote include/portable); the compiler's
# messages go to $out/NAME.log.  Succeeds if the compile did.
build() {
    _name=$1
    shift
    # shellcheck disable=SC2086
    $CC $HOST_CFLAGS "$@" -o "$out/$_name" "$src/$_name.c" \
        > "$out/$_name.log" 2>&1
}

# build_check NAME DESCRIPTION [EXTRA_FLAG...]: build, reported as a test.
build_check() {
    _name=$1
    _desc=$2
    shift 2
    if build "$_name" "$@"; then
        ok "$_desc"
    else
        not_ok "$_desc"
        diag < "$out/$_name.log"
    fi
}

# run NAME [ARG...]: runs $out/NAME with stdout and stderr into files
# (files, not a terminal: stdio buffers fully there); sets $status.
run() {
    _name=$1
    shift
    if [ -x "$out/$_name" ]; then
        timeout 10 "$out/$_name" "$@" > "$out/$_name.stdout" 2> "$out/$_name.stderr"
        status=$?
    else
        : > "$out/$_name.stdout"
        echo "not built" > "$out/$_name.stderr"
        status=127
    fi
}

# expect_output NAME DESCRIPTION STATUS STDOUT STDERR: after run, checks the
# exit status and the exact bytes on each stream (printf-style escapes).
expect_output() {
    # shellcheck disable=SC2059 # the expected bytes are written as escapes
    printf "$4" > "$out/$1.stdout.expected"
    # shellcheck disable=SC2059
    printf "$5" > "$out/$1.stderr.expected"
    if [ "$status" -eq "$3" ]; then
        ok "$2: exit status $3"
    else
        not_ok "$2: exit status $3 (got $status)"
    fi
    check "$2: exact stdout" same_file "$out/$1.stdout.expected" "$out/$1.stdout"
    check "$2: exact stderr" same_file "$out/$1.stderr.expected" "$out/$1.stderr"
}

# must_not_compile NAME DESCRIPTION GOOD_FLAG: NAME.c builds with GOOD_FLAG
# and fails without it.
must_not_compile() {
    if build "$1" "-D$3"; then
        ok "$2: the correct variant compiles"
    else
        not_ok "$2: the correct variant compiles"
        diag < "$out/$1.log"
    fi
    if build "$1"; then
        not_ok "$2: the faulty variant is rejected by the compiler"
    else
        ok "$2: the faulty variant is rejected by the compiler"
    fi
}

# ---------------------------------------------------------------- Linux
build_check camel "camel case builds with -Wall -Wextra -Werror -Werror=multistatement-macros" \
    -Werror=multistatement-macros
run camel
expect_output camel "camel case prints only 'I am a process'" 0 'I am a process\n' ''

build_check if-else "unbraced if/else/for bodies build warning-free"
run if-else
expect_output if-else "unbraced if/else/for bodies, with and without arguments" 0 \
    'zero\none 1\nmany 2 items\nargc 1\nloop 0\nloop 1\n' ''

build_check error-exit "error() program builds warning-free"
run error-exit
expect_output error-exit "error() with arguments: stderr only, EXIT_FAILURE" 1 \
    'before\nbuffered ' 'fatal error 42\n'
run error-exit no-varargs
expect_output error-exit "error() without variadic arguments" 1 \
    'before\nbuffered ' 'fatal without arguments\n'

build_check fork-flush "dprintf() across fork builds warning-free"
run fork-flush
expect_output fork-flush "dprintf() flushes: nothing duplicated by fork, order kept" 0 \
    'before fork\nchild\nparent\n' ''

for order in stdio-first debug-first; do
    build_check "order-$order" "<stdio.h> and debug.h, $order: builds warning-free"
    run "order-$order"
    expect_output "order-$order" "$order: macro and libc dprintf(fd, ...) both work" 0 \
        'macro 1\nlibc dprintf 2\n' ''
    # glibc's fortified <stdio.h> redefines dprintf as an inline wrapper.
    build_check "order-$order" "$order with -D_FORTIFY_SOURCE=2: builds warning-free" \
        -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2
    run "order-$order"
    expect_output "order-$order" "$order with -D_FORTIFY_SOURCE=2" 0 \
        'macro 1\nlibc dprintf 2\n' ''
done

strict="-Wpedantic -Wshadow -Wformat=2 -Wundef -Wcast-qual -Wstrict-prototypes -Wmissing-prototypes -Wconversion"
for name in camel if-else error-exit order-stdio-first order-debug-first; do
    # shellcheck disable=SC2086
    build_check "$name" "$name.c builds with $strict" $strict
done

must_not_compile needs-semicolon "a call without its trailing semicolon" WITH_SEMICOLON
must_not_compile format-check "printf format checking is kept" GOOD_FORMAT

# Self-check of the checks above: the seed's first, ungrouped macros must
# fail them (the warning, then the camel's output and status).
# -iquote directories are searched in order: broken/ must come first.
# shellcheck disable=SC2086
if $CC -iquote "$src/broken" $HOST_CFLAGS -o "$out/camel-broken" "$src/camel.c" \
        > "$out/camel-broken.log" 2>&1; then
    not_ok "self-check: -Wmultistatement-macros rejects the ungrouped macros"
else
    ok "self-check: -Wmultistatement-macros rejects the ungrouped macros"
fi
# shellcheck disable=SC2086
if $CC -iquote "$src/broken" $HOST_CFLAGS -Wno-multistatement-macros \
        -o "$out/camel-broken" "$src/camel.c" > "$out/camel-broken.log" 2>&1; then
    timeout 10 "$out/camel-broken" > "$out/camel-broken.stdout" 2>&1
    st=$?
    if [ "$st" -ne 0 ] && [ ! -s "$out/camel-broken.stdout" ]; then
        ok "self-check: ungrouped error() exits $st and prints nothing (the camel check catches it)"
    else
        not_ok "self-check: ungrouped error() should exit silently (status $st)"
    fi
else
    not_ok "self-check: the ungrouped macros build with -Wno-multistatement-macros"
    diag < "$out/camel-broken.log"
fi

# shellcheck disable=SC2086
if $CC -iquote "$src/broken" $HOST_CFLAGS -Wno-multistatement-macros \
        -o "$out/fork-flush-broken" "$src/fork-flush.c" > "$out/fork-flush-broken.log" 2>&1; then
    timeout 10 "$out/fork-flush-broken" > "$out/fork-flush-broken.stdout" 2>&1
    if cmp -s "$out/fork-flush.stdout.expected" "$out/fork-flush-broken.stdout"; then
        not_ok "self-check: an unflushed dprintf() fails the fork check"
    else
        ok "self-check: an unflushed dprintf() fails the fork check"
    fi
else
    not_ok "self-check: fork-flush.c builds with the unflushed dprintf()"
    diag < "$out/fork-flush-broken.log"
fi

# ---------------------------------------------------------------- shmos
# The same fixtures compiled for shmos with USER_CFLAGS (-m32 -ffreestanding
# -nostdinc: the shmos libc headers only) and, once libc.a exists, linked.

# build_shmos NAME [EXTRA_FLAG...]: compiles $src/NAME.c to $out/NAME.shmos.o.
build_shmos() {
    _name=$1
    shift
    # shellcheck disable=SC2086
    $CC $USER_CFLAGS "$@" -c -o "$out/$_name.shmos.o" "$src/$_name.c" \
        > "$out/$_name.shmos.log" 2>&1
}

if [ -f include/stdio.h ] && [ -f include/stdlib.h ]; then
    for name in camel if-else error-exit fork-flush order-stdio-first order-debug-first; do
        if build_shmos "$name"; then
            ok "shmos: $name.c compiles with USER_CFLAGS"
        else
            not_ok "shmos: $name.c compiles with USER_CFLAGS"
            diag < "$out/$name.shmos.log"
            continue
        fi
        if [ -f build/libc/libc.a ] && [ -f build/libc/crt0.S.o ]; then
            if ld -m elf_i386 -T user/user.ld -o "$out/$name.shmos" \
                    build/libc/crt0.S.o "$out/$name.shmos.o" build/libc/libc.a \
                    "$LIBGCC" > "$out/$name.shmos.log" 2>&1; then
                ok "shmos: $name links against libc.a"
            else
                not_ok "shmos: $name links against libc.a"
                diag < "$out/$name.shmos.log"
            fi
        else
            skip "shmos: $name link check (build/libc/libc.a not built yet)"
        fi
    done
    for pair in needs-semicolon:WITH_SEMICOLON format-check:GOOD_FORMAT; do
        name=${pair%%:*}
        if build_shmos "$name" "-D${pair#*:}"; then
            ok "shmos: $name.c, correct variant compiles"
        else
            not_ok "shmos: $name.c, correct variant compiles"
            diag < "$out/$name.shmos.log"
        fi
        if build_shmos "$name"; then
            not_ok "shmos: $name.c, faulty variant is rejected by the compiler"
        else
            ok "shmos: $name.c, faulty variant is rejected by the compiler"
        fi
    done
else
    skip "shmos: debug.h compile checks (include/stdio.h, include/stdlib.h not written yet)"
fi

tap_done
