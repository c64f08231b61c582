/*
 * results.c - see results.h.
 */
#define _GNU_SOURCE /* newlocale, uselocale */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "results.h"

const char *status_name(enum status s)
{
    switch (s) {
    case STATUS_PASSED:
        return "passed";
    case STATUS_FAILED:
        return "failed";
    default:
        return "not run";
    }
}

static void write_text(FILE *f, const char *tag, const char *text)
{
    size_t n = text != NULL ? strlen(text) : 0;

    fprintf(f, "%s %zu\n", tag, n);
    if (n > 0)
        fwrite(text, 1, n, f);
    fputc('\n', f);
}

char *text_clean(char *text)
{
    static locale_t utf8;
    locale_t old;
    mbstate_t state;
    char *p = text;

    if (utf8 == (locale_t)0)
        utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
    old = utf8 != (locale_t)0 ? uselocale(utf8) : (locale_t)0;
    memset(&state, 0, sizeof state);
    while (*p != '\0') {
        size_t n = utf8 != (locale_t)0 ? mbrtowc(NULL, p, MB_CUR_MAX, &state) : 1;

        if (n == (size_t)-1 || n == (size_t)-2) { /* not UTF-8 */
            *p++ = '?';
            memset(&state, 0, sizeof state);
        } else if (n == 1 && (unsigned char)*p < 0x20 && *p != '\n' && *p != '\t') {
            *p++ = '?';
        } else {
            p += n;
        }
    }
    if (old != (locale_t)0)
        uselocale(old);
    return text;
}

int result_write(FILE *f, const struct result *r)
{
    fprintf(f, "test %s %s %d %d %d %d\n", r->lab, r->id, r->points, r->max, (int)r->status,
            r->hidden);
    write_text(f, "title", r->title);
    write_text(f, "hint", r->hint);
    write_text(f, "message", r->message);
    return ferror(f) ? -1 : 0;
}

/* Read "<tag> <length>\n<bytes>\n" into a new string. */
static char *read_text(FILE *f, const char *tag)
{
    char word[16];
    size_t n;
    char *text;

    if (fscanf(f, "%15s %zu", word, &n) != 2 || strcmp(word, tag) != 0 || fgetc(f) != '\n' ||
        n > (1u << 24))
        return NULL;
    text = malloc(n + 1);
    if (text == NULL || fread(text, 1, n, f) != n || fgetc(f) != '\n') {
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text_clean(text);
}

int result_read(FILE *f, struct result *r)
{
    char lab[128], id[128];
    int status, c;

    memset(r, 0, sizeof *r);
    c = fgetc(f);
    if (c == EOF)
        return 0;
    ungetc(c, f);
    if (fscanf(f, "test %127s %127s %d %d %d %d", lab, id, &r->points, &r->max, &status,
               &r->hidden) != 6 ||
        fgetc(f) != '\n' || status < STATUS_NOT_RUN || status > STATUS_FAILED)
        return -1;
    r->status = (enum status)status;
    r->lab = strdup(lab);
    r->id = strdup(id);
    r->title = read_text(f, "title");
    r->hint = read_text(f, "hint");
    r->message = read_text(f, "message");
    if (r->lab == NULL || r->id == NULL || r->title == NULL || r->hint == NULL ||
        r->message == NULL) {
        result_free(r);
        return -1;
    }
    return 1;
}

void result_free(struct result *r)
{
    free((char *)r->lab);
    free((char *)r->id);
    free((char *)r->title);
    free((char *)r->hint);
    free((char *)r->message);
    memset(r, 0, sizeof *r);
}

void result_totals(const struct result *r, int n, int *points, int *max)
{
    int i;

    *points = *max = 0;
    for (i = 0; i < n; i++) {
        *points += r[i].points;
        *max += r[i].max;
    }
}
