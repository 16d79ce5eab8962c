#!/bin/sh
# Generate the syscall numbers, the handlers' prototypes, the kernel table
# and the libc stubs from kernel/syscalls.list, and the table a tracer reads.
# Usage: gensyscalls.sh LIST OUTDIR
set -eu
list=$1; out=$2
mkdir -p "$out"
entries=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$list")

{
  echo "/* Generated from kernel/syscalls.list by scripts/gensyscalls.sh: do not edit. */"
  echo "#ifndef SHMOS_SYSCALL_NR_H"
  echo "#define SHMOS_SYSCALL_NR_H"
  echo "$entries" | awk '{ n = $2; sub(/^_+/, "", n); printf "#define SYS_%s %s\n", n, $1; if ($1 > max) max = $1 }
                        END { printf "#define SYS_MAX %d\n", max + 1 }'
  echo "#endif"
} > "$out/syscall_nr.h.tmp"
mv "$out/syscall_nr.h.tmp" "$out/syscall_nr.h"

# Each entry as "num<TAB>name<TAB>params<TAB>call": the handler's name
# (leading underscores dropped), its C parameter list, and the wrapper's
# call expression reading the six argument registers.
calls=$(echo "$entries" | awk '
  {
    num = $1; name = $2; sub(/^_+/, "", name)
    rest = $0; sub(/^[[:space:]]*[0-9]+[[:space:]]+[^[:space:]]+[[:space:]]*/, "", rest)
    params = ""; call = ""
    if (rest != "") {
      n = split(rest, parts, ",")
      for (i = 1; i <= n; i++) {
        p = parts[i]; gsub(/^[[:space:]]+|[[:space:]]+$/, "", p)
        m = split(p, w, /[[:space:]]+/)
        type = w[1]; for (j = 2; j < m; j++) type = type " " w[j]
        params = params (i > 1 ? ", " : "") p
        call = call (i > 1 ? ", " : "") "(" type ")a[" (i - 1) "]"
      }
    }
    if (params == "") params = "void"
    printf "%s\t%s\t%s\t%s\n", num, name, params, call
  }')

# The handlers' prototypes: every file that defines a handler includes
# this header, and the kernel is built with -Wmissing-prototypes, so a
# handler whose parameters differ from the list does not compile.
{
  echo "/* Generated from kernel/syscalls.list by scripts/gensyscalls.sh: do not edit. */"
  echo "/* The system call handlers, as the list declares them. */"
  echo "#ifndef KERNEL_SYSCALL_PROTO_H"
  echo "#define KERNEL_SYSCALL_PROTO_H"
  echo "#include \"types.h\""
  echo "$calls" | awk -F '\t' '{ printf "long sys_%s(%s);\n", $2, $3 }'
  echo "#endif"
} > "$out/syscall_proto.h.tmp"
mv "$out/syscall_proto.h.tmp" "$out/syscall_proto.h"

{
  echo "/* Generated from kernel/syscalls.list by scripts/gensyscalls.sh: do not edit. */"
  echo "#include \"syscall.h\""
  echo "#include \"syscall_proto.h\""
  echo "$calls" | awk -F '\t' '{
    printf "static long sysw_%s(const uint32_t *a) { (void)a; return sys_%s(%s); }\n", $2, $2, $4 }'
  echo "syscall_fn *const syscall_table[SYS_MAX] = {"
  echo "$calls" | awk -F '\t' '{ printf "  [%s] = sysw_%s,\n", $1, $2 }'
  echo "};"
} > "$out/syscall_table.c.tmp"
mv "$out/syscall_table.c.tmp" "$out/syscall_table.c"

{
  echo "/* Generated from kernel/syscalls.list by scripts/gensyscalls.sh: do not edit. */"
  echo "/* i386 stubs: eax = number, ebx ecx edx esi edi ebp = args; -4095..-1 is -errno. */"
  echo "    .section .note.GNU-stack,\"\",@progbits"
  echo "    .text"
  echo "$entries" | awk '
  {
    name = $2; n = name; sub(/^_+/, "", n)
    rest = $0; sub(/^[[:space:]]*[0-9]+[[:space:]]+[^[:space:]]+[[:space:]]*/, "", rest)
    nargs = (rest == "") ? 0 : split(rest, parts, ",")
    printf "    .globl %s\n    .type %s, @function\n%s:\n", name, name, name
    printf "    movl $%d, %%eax\n", $1
    printf "    jmp __syscall%d\n", nargs
    printf "    .size %s, .-%s\n", name, name
  }'
} > "$out/syscalls.S.tmp"
mv "$out/syscalls.S.tmp" "$out/syscalls.S"

# What a tracer needs to know of each call (kernel/trace.c captures the
# arguments' data by it, user/strace/ prints with it): its name, and each
# argument's name and kind (include/shmos/trace.h), by these rules, so a
# new call is traced with no other change:
#   uaddr_t named path, from, to, name, oldpath, newpath: a string (STR);
#   uaddr_t named argv: a NULL-ended array of strings (ARGV);
#   uaddr_t named buf of a call whose name ends in "write": the bytes the
#   call reads (BUF_IN, as many as the next argument says); of one ending
#   in "read": the bytes it writes (BUF_OUT, as many as it returns);
#   any other uaddr_t: a pointer (PTR); uint32_t: unsigned (UINT); the
#   rest: signed (INT).
{
  echo "/* Generated from kernel/syscalls.list by scripts/gensyscalls.sh: do not edit. */"
  echo "#ifndef SHMOS_SYSCALL_INFO_H"
  echo "#define SHMOS_SYSCALL_INFO_H"
  echo "#include \"shmos/trace.h\""
  echo "#include \"syscall_nr.h\""
  echo "static const struct syscall_info syscall_info[SYS_MAX] = {"
  echo "$calls" | awk -F '\t' '
  {
    num = $1; name = $2; n = 0; kinds = ""; names = ""
    if ($3 != "void") {
      n = split($3, parts, ",")
      for (i = 1; i <= n; i++) {
        p = parts[i]; gsub(/^[[:space:]]+|[[:space:]]+$/, "", p)
        m = split(p, w, /[[:space:]]+/)
        arg = w[m]; type = w[1]
        if (type == "uaddr_t" && arg ~ /^(path|from|to|name|oldpath|newpath)$/) k = "TRACE_STR"
        else if (type == "uaddr_t" && arg == "argv") k = "TRACE_ARGV"
        else if (type == "uaddr_t" && arg == "buf" && name ~ /write$/) k = "TRACE_BUF_IN"
        else if (type == "uaddr_t" && arg == "buf" && name ~ /read$/) k = "TRACE_BUF_OUT"
        else if (type == "uaddr_t") k = "TRACE_PTR"
        else if (type == "uint32_t") k = "TRACE_UINT"
        else k = "TRACE_INT"
        kinds = kinds (i > 1 ? ", " : "") k
        names = names (i > 1 ? ", " : "") "\"" arg "\""
      }
    }
    if (n == 0) { kinds = "0"; names = "0" }
    printf "  [%s] = { \"%s\", %d, { %s }, { %s } },\n", num, name, n, kinds, names
  }'
  echo "};"
  echo "#endif"
} > "$out/syscall_info.h.tmp"
mv "$out/syscall_info.h.tmp" "$out/syscall_info.h"
