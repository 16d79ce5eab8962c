/* ls [-l] [path...]: lists directories (default ".", the current one) one name per line,
 * sorted, directories with a trailing '/'; a file argument lists itself.
 * -l adds the type ('d', 'c' for a device, or '-') and the size in bytes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int long_format;

/* Prints one entry; st may be NULL when the size is not known. */
static void print_entry(const char *name, int is_dir, const struct stat *st)
{
    if (long_format) {
        char type = is_dir ? 'd' : st && S_ISCHR(st->st_mode) ? 'c' : '-';
        printf("%c %8lu ", type, st ? (unsigned long)st->st_size : 0UL);
    }
    printf("%s%s\n", name, is_dir && name[strlen(name) - 1] != '/' ? "/" : "");
}

/* Fills *st for path; returns 0, or -1 with errno set. */
static int stat_path(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY);

    if (fd < 0)
        return -1;
    int r = fstat(fd, st);
    close(fd);
    return r;
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
            have_stat = stat_path(full, &st) == 0;
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

    if (stat_path(path, &st) < 0) {
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
