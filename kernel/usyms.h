/* A user program's function symbols (usyms.c), so that the report of a
 * fault that kills a process names the function: exec records where the
 * program file's symbol and string tables are (the file's memory object,
 * held, and the offsets), and the fault path reads them from the
 * object's pages, taking only the object's spinlock. A program without a
 * symbol table (stripped) records nothing. */
#ifndef KERNEL_USYMS_H
#define KERNEL_USYMS_H
#include "types.h"

struct vmobj;
struct tnode;
struct usyms {
    struct vmobj *obj;          /* the program file's object (a reference), or NULL */
    uint32_t symoff, nsyms;     /* the symbol table: file offset, entries */
    uint32_t stroff, strsize;   /* its string table */
};

/* Record the symbol table of the ELF program file node (size bytes,
 * section headers at shoff: shnum of shentsize bytes) into *u (zeroed
 * by the caller); leaves *u empty if it has none or it is malformed.
 * Needs node->io. */
void usyms_record(struct usyms *u, struct tnode *node, uint32_t size, uint32_t shoff,
                  uint32_t shnum, uint32_t shentsize);
/* *dst becomes a copy of *src (another reference to the object). */
void usyms_copy(struct usyms *dst, const struct usyms *src);
/* Let go of the object; *u becomes empty. */
void usyms_drop(struct usyms *u);
/* "FUNCTION+0xOFF" for user address pc into buf (size bytes), from the
 * function symbol at or below pc that contains it: true, or false if
 * none does (or the file has changed under it). Takes only o->lock:
 * callable where sleeping is not. */
bool usyms_lookup(const struct usyms *u, uaddr_t pc, char *buf, size_t size);
#endif
