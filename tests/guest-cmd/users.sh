#!/bin/sh
# tests/guest-cmd/users.sh - the user database and its tools in the guest
# (TAP): id, whoami and su with /etc/passwd and /etc/group (root, alice
# 1000, bob 1001, group users 100), su's refusal for a non-root caller and
# for an unknown user, and a shell run by su keeping the ids across fork
# and exec.
set -u
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

if boot users 'id; whoami; id -u; id -g bob; id -Gn alice; su alice -c id; su alice -c whoami; su bob -c "id -un; sh -c \"id -G\""; su bob -c "su alice"; echo "su1 $?"; su nobody; echo "su2 $?"; id nobody; echo "id1 $?"; id -x; echo "id2 $?"'; then
    expect_status users 0
    expect_lines_in_order users "uid=0(root) gid=0(root) groups=0(root)" "root" "0" "1001" "alice users" \
        "uid=1000(alice) gid=1000(alice) groups=1000(alice),100(users)" "alice" "bob" "1001 100" \
        "su: only root may switch users" "su1 1" "su: user nobody does not exist" "su2 1" \
        "id1 1" "id2 2"
fi
tap_done
