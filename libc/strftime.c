/* strftime in the C locale. shmos keeps time in UTC: %z is "+0000" and %Z
 * "UTC" whatever tm says. */
#include <string.h>
#include <stdio.h>
#include <time.h>

static const char *const days[] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};
static const char *const months[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
};

/* Where the output goes: at most cap - 1 characters, *len so far; full
 * once something did not fit. */
struct out {
    char *s;
    size_t cap, len;
    int full;
};

static void put(struct out *o, const char *p, size_t n)
{
    if (o->full || n >= o->cap - o->len) {
        o->full = 1;
        return;
    }
    memcpy(o->s + o->len, p, n);
    o->len += n;
}

/* v in decimal, at least width digits, padded with pad ('0' or ' '). */
static void num(struct out *o, long v, int width, char pad)
{
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%0*ld", width, v);

    if (pad == ' ')
        for (int i = 0; i < n - 1 && buf[i] == '0'; i++)
            buf[i] = ' ';
    put(o, buf, (size_t)n);
}

static int is_leap(long year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* The ISO 8601 week (1-53) of tm, and its year in *iso_year. */
static int iso_week(const struct tm *tm, long *iso_year)
{
    long year = tm->tm_year + 1900L;
    int wday = (tm->tm_wday + 6) % 7;                 /* Monday = 0 */
    int week = (tm->tm_yday - wday + 10) / 7;         /* the week of this Thursday */

    if (week < 1) {
        year--;
        int yday = tm->tm_yday + 365 + is_leap(year);
        week = (yday - wday + 10) / 7;
    } else if (week == 53) {
        /* Week 53 only if this year's 31 December is a Thursday or later. */
        int days_in = 365 + is_leap(year);
        if (tm->tm_yday - wday + 3 >= days_in) {
            week = 1;
            year++;
        }
    }
    *iso_year = year;
    return week;
}

static void format(struct out *o, const char *fmt, const struct tm *tm);

/* One conversion c of tm. */
static void conversion(struct out *o, char c, const struct tm *tm)
{
    long year = tm->tm_year + 1900L, iso_year;
    int hour12 = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12;
    const char *wday = (unsigned)tm->tm_wday < 7 ? days[tm->tm_wday] : "?";
    const char *mon = (unsigned)tm->tm_mon < 12 ? months[tm->tm_mon] : "?";

    switch (c) {
    case 'a': put(o, wday, strlen(wday) < 3 ? strlen(wday) : 3); break;
    case 'A': put(o, wday, strlen(wday)); break;
    case 'b': case 'h': put(o, mon, strlen(mon) < 3 ? strlen(mon) : 3); break;
    case 'B': put(o, mon, strlen(mon)); break;
    case 'c': format(o, "%a %b %e %H:%M:%S %Y", tm); break;
    case 'C': num(o, year / 100, 2, '0'); break;
    case 'd': num(o, tm->tm_mday, 2, '0'); break;
    case 'D': format(o, "%m/%d/%y", tm); break;
    case 'e': num(o, tm->tm_mday, 2, ' '); break;
    case 'F': format(o, "%Y-%m-%d", tm); break;
    case 'g': iso_week(tm, &iso_year); num(o, (iso_year % 100 + 100) % 100, 2, '0'); break;
    case 'G': iso_week(tm, &iso_year); num(o, iso_year, 1, '0'); break;
    case 'H': num(o, tm->tm_hour, 2, '0'); break;
    case 'I': num(o, hour12, 2, '0'); break;
    case 'j': num(o, tm->tm_yday + 1, 3, '0'); break;
    case 'k': num(o, tm->tm_hour, 2, ' '); break;
    case 'l': num(o, hour12, 2, ' '); break;
    case 'm': num(o, tm->tm_mon + 1, 2, '0'); break;
    case 'M': num(o, tm->tm_min, 2, '0'); break;
    case 'n': put(o, "\n", 1); break;
    case 'p': put(o, tm->tm_hour < 12 ? "AM" : "PM", 2); break;
    case 'P': put(o, tm->tm_hour < 12 ? "am" : "pm", 2); break;
    case 'r': format(o, "%I:%M:%S %p", tm); break;
    case 'R': format(o, "%H:%M", tm); break;
    case 's': {
        struct tm copy = *tm;
        num(o, (long)timegm(&copy), 1, '0');
        break;
    }
    case 'S': num(o, tm->tm_sec, 2, '0'); break;
    case 't': put(o, "\t", 1); break;
    case 'T': format(o, "%H:%M:%S", tm); break;
    case 'u': num(o, tm->tm_wday ? tm->tm_wday : 7, 1, '0'); break;
    case 'U': num(o, (tm->tm_yday + 7 - tm->tm_wday) / 7, 2, '0'); break;
    case 'V': num(o, iso_week(tm, &iso_year), 2, '0'); break;
    case 'w': num(o, tm->tm_wday, 1, '0'); break;
    case 'W': num(o, (tm->tm_yday + 7 - (tm->tm_wday + 6) % 7) / 7, 2, '0'); break;
    case 'x': format(o, "%m/%d/%y", tm); break;
    case 'X': format(o, "%H:%M:%S", tm); break;
    case 'y': num(o, (year % 100 + 100) % 100, 2, '0'); break;
    case 'Y': num(o, year, 1, '0'); break;
    case 'z': put(o, "+0000", 5); break;
    case 'Z': put(o, "UTC", 3); break;
    case '%': put(o, "%", 1); break;
    default: {                                /* unknown: shown as written */
        char text[2] = { '%', c };
        put(o, text, c ? 2 : 1);
        break;
    }
    }
}

static void format(struct out *o, const char *fmt, const struct tm *tm)
{
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(o, fmt, 1);
            continue;
        }
        fmt++;
        if (*fmt == 'E' || *fmt == 'O')       /* locale modifiers: the C locale ignores them */
            fmt++;
        conversion(o, *fmt, tm);
        if (!*fmt)
            break;
    }
}

size_t strftime(char *restrict s, size_t max, const char *restrict fmt, const struct tm *restrict tm)
{
    struct out o = { s, max, 0, 0 };

    if (max == 0)
        return 0;
    format(&o, fmt, tm);
    if (o.full)
        return 0;
    s[o.len] = '\0';
    return o.len;
}
