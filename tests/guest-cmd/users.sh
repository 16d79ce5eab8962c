#!/bin/sh
# tests/guest-cmd/users.sh - the user database and its tools in the guest
# (TAP): id, whoami and su with /etc/passwd and /etc/group (root, alice
# 1000, bob 1001, group users 100), su's refusal for a non-root caller and
# for an unknown user, and a shell run by su keeping the ids across fork
# and exec; the file tools chmod (octal and symbolic) and chown (names and
# numbers), ls -l showing owners by name, and the shell's prompt: "# " for
# root, "$ " for another user.
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
# The file tools. Each ls -l line: mode, links, owner, group, size, name.
cmds='cd /tmp; touch f; chmod 640 f; ls -l f; chmod u+x,g-r,o+w f; ls -l f; chmod a=r,u+w,+t f; ls -l f'
cmds="$cmds; chown alice:users f; ls -l f; chown :bob f; ls -l f; chown 1234:4321 f; ls -l f; chown 0 f"
cmds="$cmds; chmod 4755 f; ls -l f; chown bob f; ls -l f; chmod 9 f; echo \"bad-mode \$?\""
cmds="$cmds; chmod u+q f; echo \"bad-sym \$?\"; chown nobody f; echo \"bad-user \$?\"; chown alice:nogroup f; echo \"bad-group \$?\""
cmds="$cmds; chmod 644 /tmp/none; echo \"missing \$?\"; su alice -c 'chmod 600 /tmp/f'; echo \"eperm \$?\""
cmds="$cmds; su bob -c 'chmod go= /tmp/f; ls -l /tmp/f; cat /tmp/f'; su alice -c 'cat /tmp/f'; echo \"eacces \$?\""
if boot file-tools "$cmds"; then
    expect_status file-tools 0
    expect_lines_in_order file-tools \
        "-rw-r-----  1 root     root            0 f" \
        "-rwx----w-  1 root     root            0 f" \
        "-rw-r--r-T  1 root     root            0 f" \
        "-rw-r--r-T  1 alice    users           0 f" \
        "-rw-r--r-T  1 alice    bob             0 f" \
        "-rw-r--r-T  1 1234     4321            0 f" \
        "-rwsr-xr-x  1 root     4321            0 f" \
        "-rwxr-xr-x  1 bob      4321            0 f" \
        "chmod: invalid mode: 9" "bad-mode 2" "chmod: invalid mode: u+q" "bad-sym 2" \
        "chown: invalid user: nobody" "bad-user 2" "chown: invalid group: nogroup" "bad-group 2" \
        "chmod: /tmp/none: No such file or directory" "missing 1" \
        "chmod: /tmp/f: Operation not permitted" "eperm 1" \
        "-rwx------  1 bob      4321            0 /tmp/f" \
        "cat: /tmp/f: Permission denied" "eacces 1"
fi

# The prompt: root's shell (the boot shell) says "# ", alice's "$ ".
# shellcheck source=SCRIPTDIR/lib/keyboard.sh
. "$(dirname "$0")/lib/keyboard.sh"
keyboard_boot prompt 60
type_at 1 'su alice\r'
type_at 2 'id -u\r'
type_at 3 'exit\r'
type_at 4 'poweroff\r'
keyboard_end
check "prompt: the guest powers off normally (status $status)" test "$status" -eq 0
# The line editor redraws its line after each key: the last redraw ends
# with the whole line and the erase-to-end sequence.
check "prompt: root's shell prompts '# '" grep -q '# su alice.\[K$' "$log"
check "prompt: alice's shell prompts '\$ '" grep -q '\$ id -u.\[K$' "$log"
expect_line prompt "1000"
check "prompt: back in root's shell, '# ' again" grep -q '# poweroff.\[K$' "$log"
check "prompt: alice's shell never says '# '" test "$(grep -c '# i' "$log")" -eq 0
tap_done
