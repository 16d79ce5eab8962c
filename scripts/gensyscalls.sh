#!/bin/sh
# Generate the syscall numbers, kernel table and libc stubs from kernel/syscalls.list.
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

{
  echo "/* Generated from kernel/syscalls.list by scripts/gensyscalls.sh: do not edit. */"
  echo "#include \"syscall.h\""
  echo "$entries" | awk '
  {
    num = $1; name = $2; sub(/^_+/, "", name)
    rest = $0; sub(/^[[:space:]]*[0-9]+[[:space:]]+[^[:space:]]+[[:space:]]*/, "", rest)
    nargs = 0; params = ""; call = ""
    if (rest != "") {
      n = split(rest, parts, ",")
      for (i = 1; i <= n; i++) {
        p = parts[i]; gsub(/^[[:space:]]+|[[:space:]]+$/, "", p)
        m = split(p, w, /[[:space:]]+/)
        type = w[1]; for (j = 2; j < m; j++) type = type " " w[j]
        params = params (i > 1 ? ", " : "") p
        call = call (i > 1 ? ", " : "") "(" type ")a[" (i - 1) "]"
      }
      nargs = n
    }
    if (params == "") params = "void"
    printf "long sys_%s(%s);\n", name, params
    printf "static long sysw_%s(const uint32_t *a) { (void)a; return sys_%s(%s); }\n", name, name, call
    names[num] = name; nargsof[num] = nargs
  }
  END {
    print "const struct syscall_entry syscall_table[SYS_MAX] = {"
    for (k in names) printf "  [%s] = { sysw_%s, \"%s\", %d },\n", k, names[k], names[k], nargsof[k]
    print "};"
  }'
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
