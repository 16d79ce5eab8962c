/* The user and group databases, /etc/passwd and /etc/group (<pwd.h>,
 * <grp.h>): read line by line with stdio, each entry split at its colons
 * into one static record. A line with too few fields, or a non-numeric
 * id, is skipped. Not thread-safe (static records), as POSIX allows. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_DB 512

/* One database file being read by the *ent calls. */
struct db {
    const char *path;
    FILE *f;
    char line[LINE_MAX_DB];
};

static struct db passwd_db = { "/etc/passwd", NULL, "" };
static struct db group_db = { "/etc/group", NULL, "" };

/* Split s at sep into at most max fields (the last keeps the rest);
 * returns how many. */
static int split(char *s, char sep, char **fields, int max)
{
    int n = 0;
    fields[n++] = s;
    for (; *s && n < max; s++) {
        if (*s == sep) {
            *s = '\0';
            fields[n++] = s + 1;
        }
    }
    return n;
}

/* A decimal id into *id: 0, or -1 if text is not one. */
static int parse_id(const char *text, unsigned *id)
{
    char *end;
    if (*text < '0' || *text > '9')
        return -1;
    *id = (unsigned)strtoul(text, &end, 10);
    return *end == '\0' ? 0 : -1;
}

/* The next line of db (opened on first use) without its newline, or NULL
 * at the end or if the file cannot be opened. */
static char *next_line(struct db *db)
{
    if (!db->f && !(db->f = fopen(db->path, "r")))
        return NULL;
    if (!fgets(db->line, sizeof db->line, db->f))
        return NULL;
    db->line[strcspn(db->line, "\n")] = '\0';
    return db->line;
}

static void rewind_db(struct db *db)
{
    if (db->f)
        rewind(db->f);
}

static void close_db(struct db *db)
{
    if (db->f)
        fclose(db->f);
    db->f = NULL;
}

/* ---- /etc/passwd */

struct passwd *getpwent(void)
{
    static struct passwd pw;
    char *line, *f[7];
    while ((line = next_line(&passwd_db))) {
        if (split(line, ':', f, 7) < 7 || parse_id(f[2], &pw.pw_uid) < 0
            || parse_id(f[3], &pw.pw_gid) < 0)
            continue;
        pw.pw_name = f[0];
        pw.pw_passwd = f[1];
        pw.pw_gecos = f[4];
        pw.pw_dir = f[5];
        pw.pw_shell = f[6];
        return &pw;
    }
    return NULL;
}

void setpwent(void) { rewind_db(&passwd_db); }
void endpwent(void) { close_db(&passwd_db); }

/* The first entry for which match(pw, key) holds, reading from the top. */
static struct passwd *find_pw(int (*match)(const struct passwd *, const void *), const void *key)
{
    struct passwd *pw;
    setpwent();
    while ((pw = getpwent()) && !match(pw, key))
        ;
    endpwent();
    return pw;
}

static int pw_named(const struct passwd *pw, const void *name) { return strcmp(pw->pw_name, name) == 0; }
static int pw_of_uid(const struct passwd *pw, const void *uid) { return pw->pw_uid == *(const uid_t *)uid; }

struct passwd *getpwnam(const char *name) { return find_pw(pw_named, name); }
struct passwd *getpwuid(uid_t uid) { return find_pw(pw_of_uid, &uid); }

/* ---- /etc/group */

struct group *getgrent(void)
{
    static struct group gr;
    static char *members[GROUP_MEMBERS_MAX + 1];
    char *line, *f[4];
    while ((line = next_line(&group_db))) {
        if (split(line, ':', f, 4) < 4 || parse_id(f[2], &gr.gr_gid) < 0)
            continue;
        gr.gr_name = f[0];
        gr.gr_passwd = f[1];
        int n = *f[3] ? split(f[3], ',', members, GROUP_MEMBERS_MAX) : 0;
        members[n] = NULL;
        gr.gr_mem = members;
        return &gr;
    }
    return NULL;
}

void setgrent(void) { rewind_db(&group_db); }
void endgrent(void) { close_db(&group_db); }

static struct group *find_gr(int (*match)(const struct group *, const void *), const void *key)
{
    struct group *gr;
    setgrent();
    while ((gr = getgrent()) && !match(gr, key))
        ;
    endgrent();
    return gr;
}

static int gr_named(const struct group *gr, const void *name) { return strcmp(gr->gr_name, name) == 0; }
static int gr_of_gid(const struct group *gr, const void *gid) { return gr->gr_gid == *(const gid_t *)gid; }

struct group *getgrnam(const char *name) { return find_gr(gr_named, name); }
struct group *getgrgid(gid_t gid) { return find_gr(gr_of_gid, &gid); }

/* getgrouplist: group, then every group of /etc/group that lists user,
 * into groups (room for *ngroups). Sets *ngroups to how many there are;
 * returns that, or -1 if they did not fit (the first *ngroups stored). */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
    int n = 0, room = *ngroups;
    if (n < room)
        groups[n] = group;
    n++;
    struct group *gr;
    setgrent();
    while ((gr = getgrent())) {
        for (char **m = gr->gr_mem; *m; m++) {
            if (strcmp(*m, user) != 0 || gr->gr_gid == group)
                continue;
            if (n < room)
                groups[n] = gr->gr_gid;
            n++;
        }
    }
    endgrent();
    *ngroups = n;
    return n <= room ? n : -1;
}
