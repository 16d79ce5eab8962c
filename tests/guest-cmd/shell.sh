#!/bin/sh
# tests/guest-cmd/shell.sh - the boot contract and the shell, seen from the
# host (TAP): `make run CMD='...'` runs the commands with sh -c, powers off
# and exits with the last command's status.  One boot per scenario; the
# first boot doubles as the check that the guest boots at all.  The later
# scenarios boot an initrd with two helper programs added (built from
# tests/host/libc/fixtures/) and, once, an interactive shell whose keyboard
# is a fifo.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

# A word on a line of ps output: the program name, alone or as a path.
word_re() {
    echo "(^|[[:space:]/])$1([[:space:]]|\$)"
}

# ---------------------------------------------------------------- boot + ps
if boot echo-ps 'echo hi; ps'; then
    expect_status echo-ps 0
    expect_line echo-ps hi
    hi=$(line_no hi)
    tail -n +"$((hi + 1))" "$log" > "$guest_logs/echo-ps.after-hi"
    for prog in init sh ps; do
        if grep -Eq "$(word_re "$prog")" "$guest_logs/echo-ps.after-hi"; then
            ok "echo-ps: the ps listing after 'hi' shows $prog"
        else
            not_ok "echo-ps: the ps listing after 'hi' shows $prog"
            show_log
        fi
    done
fi

# ---------------------------------------------------------------- exit status
if boot true 'true'; then
    expect_status true 0
fi
if boot false 'false'; then
    expect_status false 1
fi
if boot exit-3 'exit 3'; then
    expect_status exit-3 3
fi
if boot exit-midway 'echo before; exit 3; echo after'; then
    expect_status exit-midway 3
    expect_line exit-midway before
    expect_no_line exit-midway after
fi

# ---------------------------------------------------------------- ; sequences
if boot sequence 'echo one; false; echo two; echo three'; then
    expect_status sequence 0
    expect_lines_in_order sequence one two three
fi

# ---------------------------------------------------------------- pipes
if boot pipe 'echo abc | cat'; then
    expect_status pipe 0
    expect_line pipe abc
fi
if boot pipe-chain 'echo chained | cat | cat | cat'; then
    expect_status pipe-chain 0
    expect_line pipe-chain chained
fi
if boot pipe-status 'true | false; echo "status $?"; false | true; echo "status $?"'; then
    expect_status pipe-status 0
    expect_lines_in_order pipe-status "status 1" "status 0"
fi

# ---------------------------------------------------------------- background
# A script has no prompt: nothing may look like one.
# (wait: sh -c does not wait for background jobs, and init powers off when
# sh exits, so without it "bg" could be lost.)
if boot background 'echo bg & echo fg; wait'; then
    expect_status background 0
    expect_line background bg
    expect_line background fg
    if grep -Eq '^[$#] ' "$log"; then
        not_ok "background: no prompt is printed by sh -c"
        show_log
    else
        ok "background: no prompt is printed by sh -c"
    fi
fi
if boot background-status 'false & echo fg'; then
    expect_status background-status 0
    expect_line background-status fg
fi

# ---------------------------------------------------------------- missing command, $?
if boot missing 'nosuchcmd'; then
    expect_status missing 127
fi
if boot status-var 'nosuchcmd; echo "status $?"; false; echo "status $?"; true; echo "status $?"'; then
    expect_status status-var 0
    expect_lines_in_order status-var "status 127" "status 1" "status 0"
fi

# ---------------------------------------------------------------- empty commands
# A command whose words all expand to nothing is a no-op on its own, and a
# process that succeeds at once inside a pipeline (as in bash).
if boot empty-command '$NOPE | echo x; echo "st $?"; echo y | $NOPE; echo "st2 $?"; $NOPE; echo "st3 $?"'; then
    expect_status empty-command 0
    expect_lines_in_order empty-command x "st 0" "st2 0" "st3 0"
fi

# ---------------------------------------------------------------- exit, backslash
if boot exit-bad 'exit abc; echo after'; then
    expect_status exit-bad 2
    expect_no_line exit-bad after
fi
if boot exit-bad-pipeline 'exit abc | true; echo "after $?"'; then
    expect_status exit-bad-pipeline 0
    expect_line exit-bad-pipeline "after 0"
fi
if boot backslash 'echo tail\'; then
    expect_status backslash 0
    expect_line backslash 'tail\'
fi

# ---------------------------------------------------------------- and-or lists in the background
# "a && b &" runs the whole list in the background: the shell goes on at
# once, so "mid" (after 1 s) comes before "late" (after 2 s).
if boot async-list 'sleep 2 && echo late & sleep 1; echo mid; wait; echo done'; then
    expect_status async-list 0
    expect_lines_in_order async-list mid late done
fi
if boot async-or 'false || echo or-ran & wait; true && false & wait; echo "end $?"'; then
    expect_status async-or 0
    expect_lines_in_order async-or or-ran "end 0"
fi

# ---------------------------------------------------------------- a script on stdin
# Without a terminal on stdin the shell is not interactive: no prompt.
if boot stdin-script 'echo "echo piped; echo two" | sh; echo "st $?"'; then
    expect_status stdin-script 0
    expect_lines_in_order stdin-script piped two "st 0"
    if grep -q '^[#$] ' "$log"; then
        not_ok "stdin-script: sh reading a pipe prints no prompt"
        show_log
    else
        ok "stdin-script: sh reading a pipe prints no prompt"
    fi
fi

# ---------------------------------------------------------------- SIGPIPE
# A writer whose reader is gone dies by SIGPIPE; the shell does not report
# it (bash does not either).
if boot sigpipe 'cat /bin/sh | true; echo "st $?"'; then
    expect_status sigpipe 0
    expect_line sigpipe "st 0"
    expect_no_line sigpipe "Broken pipe (signal 13)"
fi

# ---------------------------------------------------------------- helper programs
# fdrun closes descriptors and runs a command (or copies stdin to stderr);
# pgrp says whether it shares its parent's process group.
if [ -z "$guest_dead" ]; then
    fixtures=tests/host/libc/fixtures
    work=build/host/tests/guest-shell
    rm -rf "$work"
    mkdir -p "$work/root"
    [ -f build/host/test-flags.sh ] ||
        ${MAKE:-make} -s --no-print-directory build/host/test-flags.sh >&2
    # shellcheck disable=SC1091
    . build/host/test-flags.sh
    built=1
    cp -r build/root/. "$work/root/" || built=0
    for prog in fdrun pgrp; do
        # shellcheck disable=SC2086
        if ! { $CC $USER_CFLAGS -c -o "$work/$prog.o" "$fixtures/$prog.c" &&
               ld -m elf_i386 -T user/user.ld -o "$work/root/bin/$prog" build/libc/crt0.S.o \
                   "$work/$prog.o" build/libc/libc.a "$LIBGCC"; } > "$work/$prog.log" 2>&1; then
            built=0
            sed 's/^/# /' "$work/$prog.log" | head -n 20
        fi
    done
    # For the interactive scenario: a script whose second command runs
    # after its first has ended.
    printf 'sleep 1\nsleep 30\n' > "$work/root/etc/bg.sh"
    (cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort |
        cpio --quiet -o -H newc > ../initrd.cpio) || built=0
    if [ "$built" -eq 1 ]; then
        ok "the shell's helper programs build and join the initrd"
        GUEST_QEMU_ARGS="--initrd $work/initrd.cpio"
    else
        not_ok "the shell's helper programs build and join the initrd"
        guest_dead="no helper programs"
    fi
fi

# ---------------------------------------------------------------- closed stdin/stdout
# A shell started with fd 0 or 1 closed gets pipe ends as fd 0 or 1; its
# children must still connect them properly.
if boot closed-stdin 'fdrun 0 -- sh -c "echo hi | cat; echo status \$?"'; then
    expect_status closed-stdin 0
    expect_lines_in_order closed-stdin hi "status 0"
fi
if boot closed-stdout 'fdrun 1 -- sh -c "echo hi | fdrun -2"'; then
    expect_status closed-stdout 0
    expect_line closed-stdout hi
fi
if boot closed-both 'fdrun 0 1 -- sh -c "echo hi | fdrun -2"'; then
    expect_status closed-both 0
    expect_line closed-both hi
fi

# ---------------------------------------------------------------- no job control in sh -c
# A non-interactive shell leaves its commands, foreground and background,
# in its own process group.
if boot no-job-control 'pgrp; pgrp & wait; sh -c "pgrp"'; then
    expect_status no-job-control 0
    n=$(grep -cx 'pgrp shared' "$log")
    check "no-job-control: every command shares its shell's process group ($n of 3)" test "$n" -eq 3
fi

# A script run in the background from the interactive shell must not take
# the console: Ctrl-C still reaches the foreground job, not the script's.
# bg.sh runs "sleep 1", then "sleep 30": a script that did job control
# would hand the console to that second sleep.
interactive_steal() {
    raw=$guest_logs/interactive.raw
    log=$guest_logs/interactive.log
    fifo=$guest_logs/interactive.in
    rm -f "$fifo"
    mkfifo "$fifo" || return 1
    # shellcheck disable=SC2086 # GUEST_QEMU_ARGS: extra qemu.sh options
    sh scripts/qemu.sh --timeout 90 $GUEST_QEMU_ARGS < "$fifo" > "$raw" 2>&1 &
    qemu=$!
    exec 3> "$fifo"
    if at_prompt 1 'sh /etc/bg.sh &\r' && at_prompt 2 'sleep 30\r'; then
        sleep 3                 # the script's "sleep 1" is over by now
        printf '\003' >&3       # Ctrl-C
        if at_prompt 3 'echo "after ctrl-c $?"\r' && at_prompt 4 'poweroff\r'; then
            wait "$qemu"
            status=$?
        else
            kill "$qemu" 2> /dev/null
            wait "$qemu"
            status=124
        fi
    else
        kill "$qemu" 2> /dev/null
        wait "$qemu"
        status=125
    fi
    exec 3>&-
    rm -f "$fifo"
    tr -d '\r' < "$raw" > "$log"
}

# at_prompt N TEXT: once the N-th prompt ("# " as root, "$ " otherwise) is
# out (20 s at most), types TEXT (printf escapes); 1 if the prompt never
# came.
at_prompt() {
    _i=0
    while [ "$(tr -d '\r' < "$raw" | grep -o '[#$] ' | wc -l)" -lt "$1" ]; do
        _i=$((_i + 1))
        [ $_i -gt 200 ] && return 1
        sleep 0.1
    done
    # shellcheck disable=SC2059 # TEXT holds the escapes on purpose
    printf "$2" >&3
}

if [ -n "$guest_dead" ]; then
    not_ok "interactive: not run, an earlier boot failed ($guest_dead)"
else
    interactive_steal
    check "interactive: the guest powers off normally (status $status)" test "$status" -eq 0
    expect_line interactive "after ctrl-c 130"
fi

tap_done
