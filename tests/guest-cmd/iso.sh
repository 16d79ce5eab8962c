#!/bin/sh
# tests/guest-cmd/iso.sh - the bootable CD image (TAP): scripts/mkiso.sh
# (what make iso runs) builds an image whose GRUB loads the kernel and the
# initrd by Multiboot, with a command on the kernel's line; QEMU boots it
# with -cdrom (qemu.sh --iso): the kernel starts, the command runs (with
# its words intact) and its exit status is the guest's. Skipped, saying
# so, only if the GRUB tools are missing and scripts/deps.sh iso cannot
# install them.
set -u
: "${GUEST_CMD_TIMEOUT:=90}"    # GRUB's start under TCG takes a few seconds
# shellcheck source=SCRIPTDIR/lib/guest.sh
. "$(dirname "$0")/lib/guest.sh"
guest_init

tools_present() {
    command -v grub-mkrescue > /dev/null 2>&1 && command -v xorriso > /dev/null 2>&1 &&
        command -v mformat > /dev/null 2>&1 && [ -d /usr/lib/grub/i386-pc ]
}
tools_present || sh scripts/deps.sh iso > /dev/null 2>&1
if ! tools_present; then
    skip "ISO tests (grub-mkrescue, grub-pc-bin, xorriso or mtools missing: sh scripts/deps.sh iso)"
    tap_done
    exit 0
fi

iso=$guest_logs/shmos.iso
if sh scripts/mkiso.sh "$iso" 'uname -a; echo iso boot $((6 * 7)); exit 7' > "$guest_logs/mkiso.log" 2>&1; then
    ok "mkiso.sh builds the image"
else
    not_ok "mkiso.sh builds the image"
    sed 's/^/#   /' "$guest_logs/mkiso.log"
    tap_done
    exit 0
fi

GUEST_ISO=$iso
if boot iso "the image's command"; then
    expect_status iso 7
    expect_line iso "shmos: booting"
    expect_line iso "shmos shmos 1.0 #1 i686 shmos"
    expect_line iso "iso boot 42"
fi
tap_done
