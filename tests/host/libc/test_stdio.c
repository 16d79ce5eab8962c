/* stdio over the fake descriptors: buffering modes, reading, fopen,
 * dprintf, perror, and directory streams. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"

#define SHMOS_IOFBF 0
#define SHMOS_IOLBF 1

static int captured_is(int fd, const char *want)
{
    return captured[fd].len == strlen(want) && memcmp(captured[fd].data, want, captured[fd].len) == 0;
}

static void output_buffering(void)
{
    tap_begin();
    reset_io();
    shmos_printf("no newline yet %d", 1);
    tap_check(captured[1].writes == 0, "stdout wrote before a newline");
    shmos_printf(", now\nand more");
    tap_check(captured[1].writes == 1 && captured_is(1, "no newline yet 1, now\nand more"),
          "line-buffered stdout: %d writes", captured[1].writes);
    shmos_fflush(NULL);
    tap_check(captured[1].writes == 1, "fflush(NULL) with nothing pending wrote");

    reset_io();
    shmos_fprintf(shmos_stderr, "error %s %d\n", "text", 42);
    tap_check(captured[2].writes == 1 && captured_is(2, "error text 42\n"),
          "stderr: %d writes for one fprintf", captured[2].writes);
    shmos_fputs("a", shmos_stderr);
    shmos_fputc('b', shmos_stderr);
    tap_check(captured[2].writes == 3, "unbuffered stderr held output back");

    reset_io();
    shmos_setvbuf(shmos_stdout, NULL, SHMOS_IOFBF, 0);
    shmos_puts("full");
    shmos_puts("buffering");
    tap_check(captured[1].writes == 0, "fully buffered stdout wrote at a newline");
    shmos_fflush(shmos_stdout);
    tap_check(captured[1].writes == 1 && captured_is(1, "full\nbuffering\n"), "fflush of stdout");
    shmos_setvbuf(shmos_stdout, NULL, SHMOS_IOLBF, 0);

    reset_io();
    static char big[5000];
    memset(big, 'x', sizeof big - 1);
    shmos_fputs("head ", shmos_stdout);
    shmos_fputs(big, shmos_stdout);
    shmos_fflush(shmos_stdout);
    tap_check(captured[1].len == 5 + sizeof big - 1 && memcmp(captured[1].data, "head xxx", 8) == 0,
          "a write bigger than the buffer: %zu bytes", captured[1].len);
    size_t n = shmos_fwrite("abc\n", 1, 4, shmos_stdout);
    tap_check(n == 4 && captured[1].data[captured[1].len - 1] == '\n', "fwrite");

    reset_io();
    int r = shmos_dprintf(1, "%s:%d\n", "dprintf", 7);
    tap_check(r == 10 && captured[1].writes == 1 && captured_is(1, "dprintf:7\n"), "dprintf");
    shmos_errno = ENOENT;
    shmos_perror("thing");
    shmos_errno = EROFS;
    shmos_perror(NULL);
    tap_check(captured_is(2, "thing: No such file or directory\nRead-only file system\n"), "perror: %.*s",
          (int)captured[2].len, captured[2].data);
    tap_ok(tap_failures() == 0, "stdout line-buffered, stderr one write per call, setvbuf, dprintf, perror");
}

static void input(void)
{
    char line[64], *dyn = NULL;
    size_t cap = 0;

    tap_begin();
    reset_io();
    set_input("line one\nline two\nlast", 3);
    shmos_printf("$ ");
    int c = shmos_fgetc(shmos_stdin);
    tap_check(c == 'l', "fgetc gave %d", c);
    tap_check(strncmp(io_log, "w1r0", 4) == 0, "the prompt was not flushed before reading: %s", io_log);
    tap_check(shmos_ungetc(c, shmos_stdin) == 'l', "ungetc");
    tap_check(shmos_fgets(line, sizeof line, shmos_stdin) && strcmp(line, "line one\n") == 0,
          "fgets: %s", line);
    ssize_t len = shmos_getline(&dyn, &cap, shmos_stdin);
    tap_check(len == 9 && strcmp(dyn, "line two\n") == 0, "getline: %zd %s", len, dyn);
    tap_check(shmos_fgets(line, 3, shmos_stdin) && strcmp(line, "la") == 0, "fgets short buffer: %s", line);
    tap_check(shmos_fgets(line, sizeof line, shmos_stdin) && strcmp(line, "st") == 0,
              "fgets at EOF: %s", line);
    tap_check(shmos_fgets(line, sizeof line, shmos_stdin) == NULL && shmos_feof(shmos_stdin), "EOF");
    tap_check(shmos_getline(&dyn, &cap, shmos_stdin) == -1, "getline at EOF");
    shmos_free(dyn);
    tap_ok(tap_failures() == 0, "stdin: fgetc, ungetc, fgets, getline, EOF; reading flushes the prompt");
}

static void files(void)
{
    char buf[64];

    tap_begin();
    shmos_FILE *f = shmos_fopen("/etc/motd", "r");
    tap_check(f != NULL, "fopen /etc/motd");
    if (f) {
        size_t n = shmos_fread(buf, 1, 8, f);
        tap_check(n == 8 && memcmp(buf, "welcome ", 8) == 0, "fread");
        tap_check(shmos_fgets(buf, sizeof buf, f) && strcmp(buf, "to shmos\n") == 0, "fgets: %s", buf);
        n = shmos_fread(buf, 1, sizeof buf, f);
        tap_check(n == 12 && shmos_feof(f) && !shmos_ferror(f), "fread to EOF: %zu", n);
        tap_check(shmos_fclose(f) == 0, "fclose");
    }
    shmos_errno = 0;
    tap_check(shmos_fopen("/missing", "r") == NULL && shmos_errno == ENOENT, "fopen missing");
    shmos_errno = 0;
    tap_check(shmos_fopen("/etc/motd", "w") == NULL && shmos_errno == EROFS, "fopen for writing");
    shmos_errno = 0;
    tap_check(shmos_fopen("/etc/motd", "x") == NULL && shmos_errno == EINVAL, "fopen bad mode");
    tap_ok(tap_failures() == 0, "fopen/fread/fgets/fclose on a file; write modes fail with EROFS");
}

static void directories(void)
{
    static const char *const want[] = { "sh", "ls", "cat", "a-rather-long-program-name", "tests" };
    struct shmos_dirent_out *e;
    int i = 0;

    tap_begin();
    shmos_DIR *d = shmos_opendir("/bin");
    tap_check(d != NULL, "opendir /bin");
    while (d && (e = shmos_readdir(d))) {
        tap_check(i < 5 && strcmp(e->d_name, want[i]) == 0 && e->d_ino == (uint32_t)i + 10,
              "entry %d: %s", i, e->d_name);
        i++;
    }
    tap_check(i == 5, "%d entries", i);
    if (d)
        tap_check(shmos_closedir(d) == 0, "closedir");
    shmos_errno = 0;
    tap_check(shmos_opendir("/etc/motd") == NULL && shmos_errno == ENOTDIR, "opendir of a file");
    tap_ok(tap_failures() == 0, "opendir/readdir/closedir across several getdents calls");
}

/* Section 3 of the review: fgets with n == 1, errors that belong to an
 * earlier call, argument checks of getdelim, setvbuf and fdopen. */
static void call_errors(void)
{
    char buf[16] = "xyz", *line = NULL;
    size_t cap = 0;

    tap_begin();
    shmos_FILE *f = shmos_fopen("/etc/motd", "r");
    tap_check(f != NULL, "fopen /etc/motd");
    if (!f) {
        tap_ok(0, "stdio calls report only their own errors");
        return;
    }
    tap_check(shmos_fgets(buf, 1, f) == buf && buf[0] == '\0', "fgets(s, 1) gives \"\": %d", buf[0]);
    shmos_errno = 0;
    tap_check(shmos_fgets(buf, 0, f) == NULL, "fgets(s, 0) fails");
    /* Writing to a read-only stream sets its error indicator... */
    tap_check(shmos_fputc('x', f) == EOF && shmos_ferror(f), "fputc on a read-only stream fails");
    /* ... which must not fail later reads that succeed, */
    tap_check(shmos_fgets(buf, sizeof buf, f) && strcmp(buf, "welcome to shmo") == 0,
          "fgets after an earlier error: %s", buf);
    ssize_t len = shmos_getdelim(&line, &cap, '\n', f);
    tap_check(len == 2 && strcmp(line, "s\n") == 0, "getdelim after an earlier error: %zd", len);
    tap_check(shmos_ferror(f), "the earlier error indicator stays set");
    shmos_errno = 0;
    tap_check(shmos_getdelim(NULL, &cap, '\n', f) == -1 && shmos_errno == EINVAL, "getdelim(NULL line)");
    shmos_errno = 0;
    tap_check(shmos_getdelim(&line, NULL, '\n', f) == -1 && shmos_errno == EINVAL, "getdelim(NULL cap)");
    shmos_errno = 0;
    tap_check(shmos_setvbuf(f, NULL, 7, 0) == -1 && shmos_errno == EINVAL, "setvbuf bad mode: errno %d",
          shmos_errno);
    shmos_fclose(f);
    shmos_free(line);

    shmos_errno = 0;
    tap_check(shmos_fdopen(13, "r") == NULL && shmos_errno == EBADF, "fdopen of a closed fd: errno %d",
          shmos_errno);

    /* A printf that fails now reports it, whatever happened before. */
    reset_io();
    fail_writes = 1;
    int r1 = shmos_printf("lost\n");
    int r2 = shmos_printf("lost again\n");
    fail_writes = 0;
    int r3 = shmos_printf("fine\n");
    tap_check(r1 == -1 && r2 == -1 && r3 == 5, "printf while writes fail: %d %d, then %d", r1, r2, r3);
    tap_check(shmos_ferror(shmos_stdout), "stdout's error indicator is set");
    shmos_clearerr(shmos_stdout);
    tap_ok(tap_failures() == 0, "stdio calls report only their own errors; fgets(s, 1); argument checks");
}

/* fscanf reads a stream, putting back the one character it looks ahead. */
static void stream_scanf(void)
{
    int a = 0, b = 0;
    char word[16];

    tap_begin();
    reset_io();
    shmos_clearerr(shmos_stdin);        /* input() left it at end of file */
    set_input("12 34abc rest\n", 4);
    int r = shmos_fscanf(shmos_stdin, "%d %d%3s", &a, &b, word);
    tap_check(r == 3 && a == 12 && b == 34 && strcmp(word, "abc") == 0, "fscanf: %d %d %d %s", r, a, b,
          word);
    tap_check(shmos_fgetc(shmos_stdin) == ' ', "the rest is still there");
    tap_check(shmos_fscanf(shmos_stdin, "%s", word) == 1 && strcmp(word, "rest") == 0, "%s", word);
    tap_check(shmos_fscanf(shmos_stdin, "%d", &a) == EOF, "EOF at the end");
    tap_ok(tap_failures() == 0, "fscanf over a stream");
}

void test_stdio(void)
{
    output_buffering();
    input();
    files();
    directories();
    call_errors();
    stream_scanf();
}
