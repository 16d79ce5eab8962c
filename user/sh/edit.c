/* edit.c - the interactive shell's line editor. The terminal is raw
 * while a line is typed (cfmakeraw; the settings of before come back
 * for the commands), and the line is redrawn after every key:
 *   Left/Right, Ctrl-B/Ctrl-F   move the cursor     Home/End, Ctrl-A/Ctrl-E
 *   Backspace, Delete           delete               Ctrl-W  the word before
 *   Ctrl-U  to the start        Ctrl-K  to the end   Ctrl-L  clear the screen
 *   Up/Down, Ctrl-P/Ctrl-N      history (HISTORY_MAX lines, no repeats)
 *   Ctrl-C  drop the line       Ctrl-D  end of input on an empty line, else delete
 * Keys arrive as ANSI/VT100 sequences: ESC [ A..D, H, F; ESC O H/F;
 * ESC [ 1~ 3~ 4~ 7~ 8~. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define HISTORY_MAX 64
#define KEY_CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define DEL 0x7f

static char *history[HISTORY_MAX];  /* oldest first */
static int nhistory;

/* The line being edited. */
struct edit {
    char *buf;
    int size, len, pos;             /* capacity (with the NUL), length, cursor */
    const char *prompt;
};

static void out(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t k = write(STDOUT_FILENO, s, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return;
        s += k;
        n -= (size_t)k;
    }
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

/* Redraws the prompt and the line, clears what is left of the old one,
 * and puts the cursor back at pos. */
static void redraw(const struct edit *e)
{
    char move[16];
    outs("\r");
    outs(e->prompt);
    out(e->buf, (size_t)e->len);
    outs("\x1b[K");
    int back = e->len - e->pos;
    if (back > 0) {
        int n = 0;
        char digits[8];
        for (int v = back; v > 0; v /= 10)
            digits[n++] = (char)('0' + v % 10);
        int m = 0;
        move[m++] = ESC;
        move[m++] = '[';
        while (n > 0)
            move[m++] = digits[--n];
        move[m++] = 'D';
        out(move, (size_t)m);
    }
}

/* Replaces the line with s, the cursor at its end. */
static void set_line(struct edit *e, const char *s)
{
    size_t n = strlen(s);
    if (n > (size_t)e->size - 1)
        n = (size_t)e->size - 1;
    memcpy(e->buf, s, n);
    e->len = e->pos = (int)n;
}

/* Removes [from, to) of the line; the cursor goes to from. */
static void cut(struct edit *e, int from, int to)
{
    memmove(e->buf + from, e->buf + to, (size_t)(e->len - to));
    e->len -= to - from;
    e->pos = from;
}

static void insert(struct edit *e, char c)
{
    if (e->len >= e->size - 1)
        return;
    memmove(e->buf + e->pos + 1, e->buf + e->pos, (size_t)(e->len - e->pos));
    e->buf[e->pos++] = c;
    e->len++;
}

/* Where Ctrl-W's cut starts: back over blanks, then over the word. */
static int word_start(const struct edit *e)
{
    int i = e->pos;
    while (i > 0 && (e->buf[i - 1] == ' ' || e->buf[i - 1] == '\t'))
        i--;
    while (i > 0 && e->buf[i - 1] != ' ' && e->buf[i - 1] != '\t')
        i--;
    return i;
}

/* One byte from the terminal, or -1 at end of input. */
static int key(void)
{
    unsigned char c;
    for (;;) {
        ssize_t k = read(STDIN_FILENO, &c, 1);
        if (k == 1)
            return c;
        if (k < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

/* The key an escape sequence stands for (after ESC): one of the control
 * keys with the same meaning ('A' up = Ctrl-P ...), or 0 if unknown. */
static int escape_key(void)
{
    int c = key();
    if (c != '[' && c != 'O')
        return 0;
    c = key();
    if (c >= '0' && c <= '9') {
        int n = c - '0';
        while ((c = key()) >= '0' && c <= '9')
            n = n * 10 + c - '0';
        if (c != '~')
            return 0;
        return n == 1 || n == 7 ? KEY_CTRL('A') : n == 4 || n == 8 ? KEY_CTRL('E') : n == 3 ? DEL + 1 : 0;
    }
    switch (c) {
    case 'A': return KEY_CTRL('P');
    case 'B': return KEY_CTRL('N');
    case 'C': return KEY_CTRL('F');
    case 'D': return KEY_CTRL('B');
    case 'H': return KEY_CTRL('A');
    case 'F': return KEY_CTRL('E');
    default: return 0;
    }
}

/* Adds line to the history unless empty or the same as the last one. */
static void remember(const char *line)
{
    if (!*line || (nhistory > 0 && strcmp(history[nhistory - 1], line) == 0))
        return;
    char *copy = strdup(line);
    if (!copy)
        return;
    if (nhistory == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, sizeof(history[0]) * (HISTORY_MAX - 1));
        nhistory--;
    }
    history[nhistory++] = copy;
}

/* Edits in the raw terminal until Enter (1), Ctrl-C (0: an empty line)
 * or end of input (-1). */
static int edit_keys(struct edit *e)
{
    int at = nhistory;              /* the history line shown; nhistory: the new one */
    char *scratch = NULL;           /* the new line, while browsing the history */
    int r;
    redraw(e);
    for (;;) {
        int c = key();
        if (c == ESC)
            c = escape_key();
        if (c < 0) {
            r = e->len > 0 ? 1 : -1;
            break;
        }
        if (c == '\r' || c == '\n') {
            r = 1;
            break;
        }
        if (c == KEY_CTRL('C')) {
            outs("^C");
            e->len = 0;
            r = 0;
            break;
        }
        if (c == KEY_CTRL('D') && e->len == 0) {
            r = -1;
            break;
        }
        switch (c) {
        case KEY_CTRL('A'): e->pos = 0; break;
        case KEY_CTRL('E'): e->pos = e->len; break;
        case KEY_CTRL('B'): if (e->pos > 0) e->pos--; break;
        case KEY_CTRL('F'): if (e->pos < e->len) e->pos++; break;
        case KEY_CTRL('H'):
        case DEL: if (e->pos > 0) cut(e, e->pos - 1, e->pos); break;
        case KEY_CTRL('D'):
        case DEL + 1: if (e->pos < e->len) cut(e, e->pos, e->pos + 1); break;
        case KEY_CTRL('W'): cut(e, word_start(e), e->pos); break;
        case KEY_CTRL('U'): cut(e, 0, e->pos); break;
        case KEY_CTRL('K'): e->len = e->pos; break;
        case KEY_CTRL('L'): outs("\x1b[H\x1b[2J"); break;
        case KEY_CTRL('P'):
        case KEY_CTRL('N'):
            if (c == KEY_CTRL('P') ? at == 0 : at == nhistory)
                break;
            if (at == nhistory) {
                free(scratch);
                e->buf[e->len] = '\0';
                scratch = strdup(e->buf);
            }
            at += c == KEY_CTRL('P') ? -1 : 1;
            set_line(e, at < nhistory ? history[at] : scratch ? scratch : "");
            break;
        default:
            if (c >= ' ' && c < DEL)
                insert(e, (char)c);
            else if (c == '\t')
                insert(e, ' ');
            break;
        }
        redraw(e);
    }
    free(scratch);
    e->buf[e->len] = '\0';
    outs("\r\n");
    return r;
}

int edit_line(const char *prompt, char *buf, int size)
{
    struct termios saved, raw;
    if (tcgetattr(STDIN_FILENO, &saved) < 0)
        return -2;
    raw = saved;
    cfmakeraw(&raw);
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0)
        return -2;
    struct edit e = { .buf = buf, .size = size, .prompt = prompt };
    int r = edit_keys(&e);
    tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
    if (r < 0)
        return -1;
    remember(buf);
    return e.len;
}
