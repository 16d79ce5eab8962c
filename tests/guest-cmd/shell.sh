#!/bin/sh
# tests/guest-cmd/shell.sh - the boot contract and the shell, seen from the
# host (TAP): `make run CMD='...'` runs the commands with sh -c, powers off
# and exits with the last command's status.  One boot per scenario; the
# first boot doubles as the check that the guest boots at all.
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
if boot background 'echo bg & echo fg'; then
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

tap_done
