# gdb helpers for shmos (sourced by scripts/gdbinit).
#
#   shmos-connect          attach to QEMU's stub on localhost:$shmos_port
#   shmos-user NAME|PATH   add a user program's symbols (build/bin/NAME)
#   shmos-bt               backtrace through the trap frame into user code
#   $shmos_proc()          the struct proc * running on gdb's current CPU
#
# A frame unwinder makes `bt` cross the trap frame: the return address of
# trap() (trap_called) and of sysenter_trap() (sysenter_called) have the
# frame's address on top of the stack, and the frame holds the registers
# of the code the trap interrupted: kernel code, whose frames bt walks on,
# or user code, where bt shows the first user frame and stops, as gdb
# refuses a caller whose stack lies below its callee's (the user stack is
# below the kernel's). shmos-bt goes on from there: it prints the kernel's
# frames, then, with the CPU's eip, esp and ebp set for a moment to the
# frame's user registers (and put back), the user program's.
import os
import time
import gdb
from gdb.unwinder import Unwinder, register_unwinder


def _u32(addr):
    data = gdb.selected_inferior().read_memory(addr, 4).tobytes()
    return int.from_bytes(data, "little")


class ShmosConnect(gdb.Command):
    """shmos-connect [PORT]: attach to QEMU's gdb stub on localhost:PORT or
localhost:$shmos_port (make qemu-gdb), waiting up to 30 s for QEMU."""

    def __init__(self):
        super().__init__("shmos-connect", gdb.COMMAND_RUNNING)

    def invoke(self, arg, from_tty):
        port = arg.strip()
        if not port:
            val = gdb.convenience_variable("shmos_port")
            if val is None:
                raise gdb.GdbError("set $shmos_port = PORT first (make gdb does)")
            port = str(int(val))
        # QEMU may still be starting: try for a while before giving up.
        for attempt in range(60):
            try:
                gdb.execute("target remote localhost:" + port, from_tty)
                return
            except gdb.error:
                if attempt == 59:
                    raise
                time.sleep(0.5)


class ShmosUser(gdb.Command):
    """shmos-user NAME: load the symbols of the user program /bin/NAME from
build/bin/NAME (or of the ELF file at PATH), beside the kernel's. Every
program is linked at the same address (user/user.ld): load one at a time
(`remove-symbol-file build/bin/NAME` drops one)."""

    def __init__(self):
        super().__init__("shmos-user", gdb.COMMAND_FILES, gdb.COMPLETE_FILENAME)

    def invoke(self, arg, from_tty):
        name = arg.strip()
        if not name:
            raise gdb.GdbError("usage: shmos-user NAME (a program of build/bin/) or PATH")
        path = name if os.sep in name else os.path.join("build", "bin", name)
        if not os.path.isfile(path):
            raise gdb.GdbError("no file %s (make all builds build/bin/)" % path)
        gdb.execute("add-symbol-file " + path, from_tty)


class ShmosProc(gdb.Function):
    """$shmos_proc(): the process running on gdb's current CPU (QEMU's
thread N is CPU N-1), as a struct proc *; 0 in the scheduler."""

    def __init__(self):
        super().__init__("shmos_proc")

    def invoke(self):
        cpu = gdb.selected_thread().num - 1
        return gdb.parse_and_eval("cpus[%d].proc" % cpu)


class FrameId:
    def __init__(self, sp, pc):
        self.sp = sp
        self.pc = pc


class TrapFrameUnwinder(Unwinder):
    """The caller of a trap: the registers saved in its struct trapframe."""

    def __init__(self):
        super().__init__("shmos-trapframe")
        self.pcs = None

    def _return_pcs(self):
        if self.pcs is None:
            self.pcs = _trap_pcs()
        return self.pcs

    def __call__(self, pending):
        pc = int(pending.read_register("eip").cast(gdb.lookup_type("unsigned int")))
        if pc not in self._return_pcs():
            return None
        sp = int(pending.read_register("esp").cast(gdb.lookup_type("unsigned int")))
        tf_addr = _u32(sp)
        tf_type = gdb.lookup_type("struct trapframe")
        tf = gdb.Value(tf_addr).cast(tf_type.pointer()).dereference()
        info = pending.create_unwind_info(FrameId(pending.read_register("esp"),
                                                  pending.read_register("eip")))
        user = int(tf["cs"]) & 3 == 3
        if user:
            esp = int(tf["esp"])
        else:
            # A kernel-mode trap pushes no esp: the stack went on where
            # the frame's esp field begins.
            esp = tf_addr + int(tf_type["esp"].bitpos // 8)
        for reg in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "eip", "eflags"):
            info.add_saved_register(reg, tf[reg].cast(pending.read_register(reg).type))
        info.add_saved_register("esp", gdb.Value(esp).cast(pending.read_register("esp").type))
        return info


def _trap_pcs():
    pcs = set()
    for label in ("trap_called", "sysenter_called"):
        try:
            pcs.add(int(gdb.parse_and_eval("&" + label).cast(gdb.lookup_type("unsigned int"))))
        except gdb.error:
            pass
    return pcs


class ShmosBt(gdb.Command):
    """shmos-bt: the backtrace of the CPU gdb looks at, through the trap frame:
the kernel's frames, then the user program's (load its symbols first with
shmos-user NAME)."""

    def __init__(self):
        super().__init__("shmos-bt", gdb.COMMAND_STACK)

    def invoke(self, arg, from_tty):
        pcs = _trap_pcs()
        frame, depth = gdb.newest_frame(), 0
        while frame is not None and frame.pc() not in pcs:
            frame, depth = frame.older(), depth + 1
        if frame is None:
            gdb.execute("backtrace", from_tty)
            print("(no trap frame on this stack)")
            return
        gdb.execute("backtrace %d" % (depth + 1), from_tty)
        uint = gdb.lookup_type("unsigned int")
        tf_addr = _u32(int(frame.read_register("esp").cast(uint)))
        tf = gdb.Value(tf_addr).cast(gdb.lookup_type("struct trapframe").pointer()).dereference()
        if int(tf["cs"]) & 3 != 3:
            print("(the trap came from kernel mode: bt goes on through it)")
            return
        what = ("system call %d" % int(tf["eax"])) if int(tf["trapno"]) == 0x80 else \
            ("trap %d" % int(tf["trapno"]))
        print("--- user mode (trap frame at 0x%x: %s, eip 0x%x esp 0x%x ebp 0x%x) ---"
              % (tf_addr, what, int(tf["eip"]), int(tf["esp"]), int(tf["ebp"])))
        gdb.newest_frame().select()
        saved = {r: int(gdb.parse_and_eval("$" + r).cast(uint)) for r in ("eip", "esp", "ebp")}
        try:
            for r in ("eip", "esp", "ebp"):
                gdb.execute("set $%s = 0x%x" % (r, int(tf[r])))
            gdb.execute("backtrace", from_tty)
        finally:
            for r, v in saved.items():
                gdb.execute("set $%s = 0x%x" % (r, v))


ShmosConnect()
ShmosBt()
ShmosUser()
ShmosProc()
register_unwinder(None, TrapFrameUnwinder(), replace=True)
