# scripts/lib/qemu-fast.sh - the QEMU flags that boot fastest, for
# scripts/qemu.sh and scripts/bench.sh (sourced; POSIX sh).
#
# qemu_fast_flags: prints "-nodefaults" (no default NIC, VGA, floppy,
# CD-ROM or parallel port: SeaBIOS would load the NIC's and the VGA's
# option ROMs, ~100 ms under TCG; every device shmos uses is either built
# into the PC or named on the command line) and, when Debian's
# qemu-system-data ships it, "-bios" qboot, a minimal firmware that boots
# -kernel images (Multiboot and Linux) without SeaBIOS's device set-up.
# Without qboot QEMU's default firmware stays.
qemu_fast_flags() {
    _flags=-nodefaults
    for _bios in /usr/share/qemu/qboot.rom /usr/share/qboot/bios.bin; do
        if [ -r "$_bios" ]; then
            _flags="$_flags -bios $_bios"
            break
        fi
    done
    printf '%s\n' "$_flags"
}
