# shmos build. `make run` boots a shell, `make test` runs every test,
# `make bench` prints the benchmark figures. See README.md.
# SMP=N (make run/test/bench SMP=N): the CPUs QEMU gives the guest, 2 if
# unset. make exports command-line variables to the recipes' scripts,
# which read $SMP (scripts/qemu.sh, test.sh, bench.sh).

.DEFAULT_GOAL := all
CC      ?= gcc
LD      := ld
AR      := ar
B       := build
GCCINC  := $(shell $(CC) -print-file-name=include)
LIBGCC  := $(shell $(CC) -m32 -print-libgcc-file-name)

# DEBUG=1 (make DEBUG=1 all/run/qemu-gdb ...): build the kernel and the
# programs with -Og and full debug information (macros too), so gdb shows
# variables that -O2 leaves <optimized out>. A change of DEBUG rebuilds
# everything: the objects depend on $(B)/.opt, which records the choice.
OPT_CFLAGS := $(if $(filter-out 0,$(DEBUG)),-Og -g3,-O2 -g)
# Flags shared by everything that runs on shmos (kernel and user space).
TARGET_CFLAGS := -std=gnu11 -m32 -march=i686 $(OPT_CFLAGS) -Wall -Wextra -Werror \
    -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
    -fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
    -nostdinc -isystem $(GCCINC) -MMD -MP
# -Wmissing-prototypes: every kernel function outside its file is declared
# in a header, and every system call handler's in the generated
# syscall_proto.h, so a handler that disagrees with kernel/syscalls.list
# does not compile.
KERNEL_CFLAGS := $(TARGET_CFLAGS) -mno-sse -mno-mmx -mno-80387 -Wmissing-prototypes \
    -Ikernel -Iinclude -I$(B)/gen
USER_CFLAGS   := $(TARGET_CFLAGS) -D__shmos__ -Iinclude -iquote include/portable -I$(B)/gen
# Programs built for Linux (the host) from the same sources. They see only
# include/portable/ (headers written for both systems), never shmos's libc.
HOST_CFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -Werror -iquote include/portable

# $(B)/.opt holds OPT_CFLAGS; it is rewritten only when they change.
OPT_STAMP := $(B)/.opt
$(shell mkdir -p $(B) && { [ "$$(cat $(OPT_STAMP) 2>/dev/null)" = "$(OPT_CFLAGS)" ] || \
    echo "$(OPT_CFLAGS)" > $(OPT_STAMP); })

# ---------------------------------------------------------------- generated
GEN := $(B)/gen/syscall_nr.h $(B)/gen/syscall_proto.h $(B)/gen/syscall_table.c $(B)/gen/syscalls.S \
    $(B)/gen/syscall_info.h
$(GEN) &: kernel/syscalls.list scripts/gensyscalls.sh
	sh scripts/gensyscalls.sh kernel/syscalls.list $(B)/gen

# ---------------------------------------------------------------- common
# common/*.c: code the kernel and libc share (one implementation for both:
# the clock page's reader), compiled once with each one's flags.
COMMON_SRCS := $(wildcard common/*.c)

# ---------------------------------------------------------------- kernel
KERNEL_SRCS := $(wildcard kernel/*.c kernel/x86/*.c kernel/x86/*.S)
KERNEL_OBJS := $(patsubst %,$(B)/%.o,$(KERNEL_SRCS)) $(B)/gen/syscall_table.c.o \
    $(patsubst common/%,$(B)/common/kernel/%.o,$(COMMON_SRCS))
KERNEL      := $(B)/shmos.elf

$(B)/kernel/%.c.o: kernel/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(B)/kernel/%.S.o: kernel/%.S $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@
$(B)/common/kernel/%.c.o: common/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
$(B)/gen/syscall_table.c.o: $(B)/gen/syscall_table.c
	$(CC) $(KERNEL_CFLAGS) -c $< -o $@
# Linked twice, so that a panic can name functions (kernel/ksyms.c): once
# with an empty symbol table ($(B)/shmos-nosyms.elf), then with the table
# scripts/genksyms.sh makes from that link's function symbols. The table
# goes at the end of .rodata, after all the code, so no function moves
# between the links; genksyms.sh --check fails the build if one did.
KSYMS_LINK = $(LD) -m elf_i386 -T kernel/x86/kernel.ld -o $@ $(KERNEL_OBJS) $(1) $(LIBGCC)
$(B)/gen/ksyms-empty.S: scripts/genksyms.sh
	@mkdir -p $(dir $@)
	sh scripts/genksyms.sh /dev/null > $@
$(B)/gen/ksyms-empty.S.o $(B)/gen/ksyms.S.o: $(B)/gen/%.o: $(B)/gen/%
	$(CC) $(KERNEL_CFLAGS) -D__ASSEMBLY__ -c $< -o $@
$(B)/shmos-nosyms.elf: $(KERNEL_OBJS) $(B)/gen/ksyms-empty.S.o kernel/x86/kernel.ld
	$(call KSYMS_LINK,$(B)/gen/ksyms-empty.S.o)
$(B)/gen/ksyms.S: $(B)/shmos-nosyms.elf scripts/genksyms.sh
	sh scripts/genksyms.sh $< > $@
$(KERNEL): $(KERNEL_OBJS) $(B)/gen/ksyms.S.o kernel/x86/kernel.ld
	$(call KSYMS_LINK,$(B)/gen/ksyms.S.o)
	sh scripts/genksyms.sh --check $(B)/shmos-nosyms.elf $@

# ---------------------------------------------------------------- libc
LIBC_SRCS := $(wildcard libc/*.c libc/*.S)
LIBC_OBJS := $(patsubst %,$(B)/%.o,$(filter-out libc/crt0.S,$(LIBC_SRCS))) $(B)/gen/syscalls.S.o \
    $(patsubst common/%,$(B)/common/libc/%.o,$(COMMON_SRCS))
LIBC      := $(B)/libc/libc.a
CRT0      := $(B)/libc/crt0.S.o

$(B)/libc/%.c.o: libc/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/libc/%.S.o: libc/%.S $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/common/libc/%.c.o: common/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/gen/syscalls.S.o: $(B)/gen/syscalls.S
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(LIBC): $(LIBC_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

# ---------------------------------------------------------------- programs
# Every user/NAME.c, and every folder user/NAME/ of .c files, is a shmos
# program /bin/NAME. user/lib/ is no program: its .c files define the
# helpers that include/portable/ declares, built for shmos into an archive
# every program is linked with (a program gets the objects it calls).
USER_DIRS   := $(foreach d,$(filter-out user/lib/,$(wildcard user/*/)),$(if $(wildcard $(d)*.c),$(d)))
USER_PROGS  := $(patsubst user/%.c,%,$(wildcard user/*.c)) $(patsubst user/%/,%,$(USER_DIRS))
# prog_srcs NAME: the sources of program NAME (for shmos and for Linux).
prog_srcs    = $(or $(wildcard user/$(1).c),$(sort $(wildcard user/$(1)/*.c)))
prog_objs    = $(patsubst %,$(B)/%.o,$(call prog_srcs,$(1)))
USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c))
USER_LIB    := $(B)/user/lib/libuser.a
# The guest test suite: every tests/guest/*.c, and the TAP output of
# tests/lib/tap.c, linked into /bin/tests.
TEST_SRCS   := $(wildcard tests/guest/*.c) tests/lib/tap.c
USER_BINS   := $(patsubst %,$(B)/bin/%,$(USER_PROGS)) $(if $(TEST_SRCS),$(B)/bin/tests)
# Links $@ for shmos from the .c objects among its prerequisites.
LINK_USER    = $(LD) -m elf_i386 -T user/user.ld -o $@ $(CRT0) $(filter %.c.o,$^) \
    $(USER_LIB) $(LIBC) $(LIBGCC)

# A program of user/ that git does not track yet (a student's new
# user/NAME.c) builds with its warnings shown but not fatal: the project's
# own files stay -Werror. WERROR=0 (make WERROR=0 run) makes every user
# program's warnings non-fatal. Outside a git checkout everything is strict.
GIT_TRACKED := $(shell git ls-files user 2>/dev/null)
user_werror  = $(if $(filter 0,$(WERROR)),-Wno-error,$(if $(GIT_TRACKED),$(if $(filter $(1),$(GIT_TRACKED)),,-Wno-error)))
$(B)/user/%.c.o: user/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(call user_werror,$<) -c $< -o $@
$(B)/tests/%.c.o: tests/%.c $(GEN)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -c $< -o $@
$(USER_LIB): $(patsubst %,$(B)/%.o,$(USER_LIB_SRCS))
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^
# Every object for shmos is rebuilt when DEBUG changes.
$(KERNEL_OBJS) $(LIBC_OBJS) $(CRT0) $(patsubst %,$(B)/%.o,$(USER_LIB_SRCS) $(TEST_SRCS)) \
    $(foreach p,$(USER_PROGS),$(call prog_objs,$(p))): $(OPT_STAMP)
.SECONDEXPANSION:
$(B)/bin/%: $$(call prog_objs,$$*) $(USER_LIB) $(CRT0) $(LIBC) user/user.ld
	@mkdir -p $(dir $@)
	$(LINK_USER)
$(B)/bin/tests: $(patsubst %,$(B)/%.o,$(TEST_SRCS)) $(USER_LIB) $(CRT0) $(LIBC) user/user.ld
	@mkdir -p $(dir $@)
	$(LINK_USER)

# ---------------------------------------------------------------- initrd
# A cpio (newc) archive: /bin/* plus the files under rootfs/.
INITRD := $(B)/initrd.cpio
ROOTFS := $(shell find rootfs -type f 2>/dev/null)
$(INITRD): $(USER_BINS) $(ROOTFS)
	rm -rf $(B)/root && mkdir -p $(B)/root/bin
	for f in $(USER_BINS); do strip --strip-debug -o $(B)/root/bin/$$(basename $$f) $$f; done
	if [ -d rootfs ]; then cp -r rootfs/. $(B)/root/; fi
	cd $(B)/root && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc > ../initrd.cpio

# ---------------------------------------------------------------- host (Linux) builds
# The portable programs, built from the same sources for Linux, each with
# the helpers of user/lib/ (user/shm.c uses the xv6 lab's calls: shmos
# only). static/NAME: linked statically (the Linux reference of
# scripts/bench.sh runs build/host/static/bench).
HOST_PROGS := $(B)/host/shm-posix $(B)/host/producer $(B)/host/consumer \
    $(B)/host/ipcs $(B)/host/ipcrm $(B)/host/ipcmk $(B)/host/sh \
    $(B)/host/head $(B)/host/tail $(B)/host/wc $(B)/host/mkdir $(B)/host/rmdir \
    $(B)/host/rm $(B)/host/touch $(B)/host/basename $(B)/host/dirname \
    $(B)/host/tee $(B)/host/env \
    $(B)/host/grep $(B)/host/sort $(B)/host/uniq $(B)/host/cut $(B)/host/tr \
    $(B)/host/seq $(B)/host/yes $(B)/host/uname $(B)/host/which $(B)/host/clear \
    $(B)/host/cp $(B)/host/mv $(B)/host/stat $(B)/host/od $(B)/host/hexdump $(B)/host/xargs \
    $(B)/host/diff $(B)/host/date $(B)/host/du $(B)/host/pc-threads
host_deps    = $(USER_LIB_SRCS) $(wildcard include/portable/*.h user/$(1)/*.h)
$(B)/host/static/%: $$(call prog_srcs,$$*) $$(call host_deps,$$*)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -g0 -static -o $@ $(filter %.c,$^) -lrt
$(B)/host/%: $$(call prog_srcs,$$*) $$(call host_deps,$$*)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) -lrt
-include tests/host/host.mk

# ---------------------------------------------------------------- top level
.PHONY: all run test bench deps clean help qemu-gdb gdb iso
all: $(KERNEL) $(INITRD) $(HOST_PROGS)

deps:
	@sh scripts/deps.sh

# CMD is passed to the guest verbatim (quotes, $?, ... included). make can
# only exit 0 or 2, so a failing CMD's exact status is printed; use
# `sh scripts/qemu.sh --cmd '...'` to get it as an exit status.
run: deps
	@$(MAKE) -s --no-print-directory $(if $(ISO),iso,all)
	@sh scripts/qemu.sh $(if $(ISO),--iso $(ISO_FILE)) \
	  $(if $(value CMD),--cmd '$(subst ','\'',$(value CMD))') || \
	  { s=$$?; echo "shmos: exit status $$s" >&2; exit $$s; }

# A bootable CD image (docs/debugging.md, "A bootable ISO"): GRUB loads
# the kernel and the initrd by Multiboot (scripts/mkiso.sh); ISO_CMD='...'
# (no quotes inside) is the command it runs before powering off, none
# the shell. The GRUB tools are installed only here (deps.sh iso).
ISO_FILE := $(B)/shmos.iso
iso:
	@sh scripts/deps.sh iso
	@$(MAKE) -s --no-print-directory all
	@sh scripts/mkiso.sh $(ISO_FILE) '$(subst ','\'',$(value ISO_CMD))'

test: deps
	@$(MAKE) -s --no-print-directory all host-tests
	@sh scripts/test.sh

bench: deps
	@$(MAKE) -s --no-print-directory all
	@sh scripts/bench.sh

# qemu-gdb boots as run does (CMD too), stopped at the first instruction
# with QEMU's gdb stub on GDBPORT; gdb, from another terminal, attaches
# with scripts/gdbinit (docs/debugging.md). The port is per user, as two
# people on one machine each get their own.
GDBPORT ?= $(shell expr `id -u` % 5000 + 26000)
GDB     ?= gdb
qemu-gdb: deps
	@$(MAKE) -s --no-print-directory all
	@echo "shmos: waiting for gdb on port $(GDBPORT): run 'make gdb' in another terminal" >&2
	@sh scripts/qemu.sh --gdb $(GDBPORT) $(if $(value CMD),--cmd '$(subst ','\'',$(value CMD))' --timeout 0)

gdb:
	$(GDB) -q -ex 'set $$shmos_port = $(GDBPORT)' -x scripts/gdbinit

help:
	@echo "make [all]           build the kernel, the programs and the initrd into $(B)/"
	@echo "make run             boot a shell on this terminal (Ctrl-A X quits QEMU)"
	@echo "make run CMD='...'   run shell commands in the guest, power off, report the status"
	@echo "make test            every test, host and guest; last line 'N passed, N failed'"
	@echo "make bench           the benchmark figures (docs/bench.md)"
	@echo "make qemu-gdb        boot stopped, waiting for gdb on port $(GDBPORT) (CMD= too)"
	@echo "make gdb             attach gdb to it (scripts/gdbinit: kernel symbols, break on panic)"
	@echo "make iso             a bootable CD image, $(B)/shmos.iso (GRUB; ISO_CMD='...' runs a command)"
	@echo "make run ISO=1       boot that image in QEMU as a CD-ROM"
	@echo "make clean           remove $(B)/"
	@echo "Variables: SMP=N (CPUs, default 2), DEBUG=1 (-Og, full debug information),"
	@echo "  PANIC=halt (a panic halts instead of powering off, so gdb can attach),"
	@echo "  GDBPORT=N (default $(GDBPORT)). See docs/debugging.md."

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
