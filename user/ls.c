/* ls [-l] [path...]: lists directories (default ".", the current one) one name per line,
 * sorted, directories with a trailing '/'; a file argument lists itself.
 * -l adds the type and permissions (drwxr-xr-x, crw-rw-rw- for a device,
 * as Linux's ls), the link count, the owner and group (names from
 * /etc/passwd and /etc/group, else numbers) and the size in bytes. */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int long_format;

/* mode as ls -l shows it: the type, then rwx for user, group and other,
 * with s/S for set-id and t/T for sticky in the x places. */
static void mode_string(mode_t mode, char out[11])
{
    static const char rwx[] = "rwxrwxrwx";
    out[0] = S_ISDIR(mode) ? 'd' : S_ISCHR(mode) ? 'c' : '-';
    for (int i = 0; i < 9; i++)
        out[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
    static const struct { mode_t bit; int at; char set, unset; } special[] = {
        { S_ISUID, 3, 's', 'S' }, { S_ISGID, 6, 's', 'S' }, { S_ISVTX, 9, 't', 'T' },
    };
    for (int i = 0; i < 3; i++)
        if (mode & special[i].bit)
            out[special[i].at] = out[special[i].at] == '-' ? special[i].unset : special[i].set;
    out[10] = '\0';
}

/* Prints the -l columns before the name. */
static void print_long(int is_dir, const struct stat *st)
{
    if (!st) {
        printf("%c????????? ? ? ? %8s ", is_dir ? 'd' : '-', "?");
        return;
    }
    char mode[11];
    mode_string(st->st_mode, mode);
    struct passwd *pw = getpwuid(st->st_uid);
    char user[16], group[16];
    if (pw)
        snprintf(user, sizeof user, "%s", pw->pw_name);
    else
        snprintf(user, sizeof user, "%u", (unsigned)st->st_uid);
    struct group *gr = getgrgid(st->st_gid);
    if (gr)
        snprintf(group, sizeof group, "%s", gr->gr_name);
    else
        snprintf(group, sizeof group, "%u", (unsigned)st->st_gid);
    printf("%s %2u %-8s %-8s %8lu ", mode, (unsigned)st->st_nlink, user, group,
           (unsigned long)st->st_size);
}

/* Prints one entry; st may be NULL when its status is not known. */
static void print_entry(const char *name, int is_dir, const struct stat *st)
{
    if (long_format)
        print_long(is_dir, st);
    printf("%s%s\n", name, is_dir && name[strlen(name) - 1] != '/' ? "/" : "");
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(struct dirent *const *)a)->d_name, (*(struct dirent *const *)b)->d_name);
}

/* Lists directory path; returns 0, or -1 after printing an error. */
static int list_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent **ents = NULL, *e;
    size_t n = 0, cap = 0;
    int status = 0;

    if (!d) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return -1;
    }
    while ((e = readdir(d))) {
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct dirent **grown = realloc(ents, cap * sizeof *ents);
            if (!grown)
                goto no_memory;
            ents = grown;
        }
        if (!(ents[n] = malloc(sizeof *e)))
            goto no_memory;
        *ents[n++] = *e;
    }
    qsort(ents, n, sizeof *ents, by_name);
    for (size_t i = 0; i < n; i++) {
        char full[PATH_MAX];
        struct stat st;
        int have_stat = 0;
        if (long_format) {
            snprintf(full, sizeof full, "%s%s%s", path,
                     path[strlen(path) - 1] == '/' ? "" : "/", ents[i]->d_name);
            have_stat = stat(full, &st) == 0;
        }
        print_entry(ents[i]->d_name, ents[i]->d_type == DT_DIR, have_stat ? &st : NULL);
    }
    goto out;

no_memory:
    fprintf(stderr, "ls: %s: out of memory\n", path);
    status = -1;
out:
    for (size_t i = 0; i < n; i++)
        free(ents[i]);
    free(ents);
    closedir(d);
    return status;
}

/* Lists path: its entries if it is a directory, else itself. Returns 0, or
 * -1 after printing an error. */
static int list(const char *path)
{
    struct stat st;

    if (stat(path, &st) < 0) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (S_ISDIR(st.st_mode))
        return list_dir(path);
    print_entry(path, 0, &st);
    return 0;
}

int main(int argc, char **argv)
{
    int c, status = 0;

    while ((c = getopt(argc, argv, "l")) != -1) {
        if (c != 'l') {
            fprintf(stderr, "usage: ls [-l] [path...]\n");
            return 2;
        }
        long_format = 1;
    }
    if (optind == argc)
        return list(".") < 0;
    for (int i = optind; i < argc; i++) {
        if (argc - optind > 1)
            printf("%s%s:\n", i > optind ? "\n" : "", argv[i]);
        if (list(argv[i]) < 0)
            status = 1;
    }
    return status;
}
