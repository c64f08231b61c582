/*
 * f1_board.c - lab 05 (given): see f1_board.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "f1_board.h"

/* "1:27.815" (with_minutes) or "27.815"; "-" for no time yet. */
static const char *format_time(char *buf, size_t size, double t, int with_minutes)
{
    int ms = (int)(t * 1000 + 0.5);

    if (t <= 0)
        snprintf(buf, size, "-");
    else if (with_minutes)
        snprintf(buf, size, "%d:%02d.%03d", ms / 60000, ms / 1000 % 60, ms % 1000);
    else
        snprintf(buf, size, "%d.%03d", ms / 1000, ms % 1000);
    return buf;
}

static const char *status_of(const struct car *car)
{
    if (car->finished)
        return "FIN";
    if (car->in_pit)
        return "PIT";
    if (car->out)
        return "";
    return "GARAGE";
}

/*
 * On a terminal, ANSI escapes redraw the table in place: ESC[H moves the
 * cursor home, ESC[K clears the rest of a line, ESC[2J the screen.
 */
void draw_classification(FILE *out, int tty, const struct car *cars, int n, int laps,
                         unsigned long seed, int frame)
{
    const char *eol = tty ? "\033[K\n" : "\n";
    double fastest[SECTORS] = {0};
    char best[16], gap[16], last[16], sec[16];
    int done = 0, i, k;

    for (i = 0; i < n; i++) {
        done += cars[i].laps;
        for (k = 0; k < SECTORS; k++)
            if (cars[i].best_sector[k] > 0 &&
                (fastest[k] == 0 || cars[i].best_sector[k] < fastest[k]))
                fastest[k] = cars[i].best_sector[k];
    }
    if (tty)
        fputs(frame == 0 ? "\033[2J\033[H" : "\033[H", out);
    else if (frame > 0)
        fputs("\n", out);
    fprintf(out, "Practice session: %d cars, %d laps, seed %lu, %d/%d laps done%s", n, laps, seed,
            done, n * laps, eol);
    fprintf(out, "%3s %4s %4s %9s %8s %9s %8s  %8s  %8s  %s%s", "P", "CAR", "LAPS", "BEST", "GAP",
            "LAST", "S1", "S2", "S3", "", eol);
    for (i = 0; i < n; i++) {
        const struct car *c = &cars[i];

        format_time(best, sizeof best, c->best_lap, 1);
        if (i > 0 && c->best_lap > 0 && cars[0].best_lap > 0)
            snprintf(gap, sizeof gap, "+%.3f", c->best_lap - cars[0].best_lap);
        else
            snprintf(gap, sizeof gap, "-");
        format_time(last, sizeof last, c->lap_time, 1);
        fprintf(out, "%3d %4d %4d %9s %8s %9s", i + 1, c->id, c->laps, best, gap, last);
        for (k = 0; k < SECTORS; k++)
            fprintf(out, " %8s%c", format_time(sec, sizeof sec, c->best_sector[k], 0),
                    c->best_sector[k] > 0 && c->best_sector[k] == fastest[k] ? '*' : ' ');
        fprintf(out, " %s%s", status_of(c), eol);
    }
    fflush(out);
}

/* A time for the CSV: seconds with three decimals, or an empty field. */
static void csv_time(FILE *out, double t)
{
    if (t > 0)
        fprintf(out, "%.3f", t);
}

void print_csv(FILE *out, const struct car *cars, int n)
{
    int i, k;

    fprintf(out, "position,car,laps,best_lap,best_s1,best_s2,best_s3\n");
    for (i = 0; i < n; i++) {
        fprintf(out, "%d,%d,%d,", i + 1, cars[i].id, cars[i].laps);
        csv_time(out, cars[i].best_lap);
        for (k = 0; k < SECTORS; k++) {
            fputc(',', out);
            csv_time(out, cars[i].best_sector[k]);
        }
        fputc('\n', out);
    }
    fflush(out);
}

#define LOG_HEADER "car,lap,s1,s2,s3,lap_time\n"

int open_lap_log(const char *path)
{
    /* O_APPEND: every write(2) goes to the end of the file, atomically. */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);

    if (fd == -1)
        return -1;
    if (write(fd, LOG_HEADER, strlen(LOG_HEADER)) == -1) {
        int saved = errno;

        close(fd);
        errno = saved; /* the caller reports why write(2) failed, not close(2) */
        return -1;
    }
    return fd;
}

int log_lap(int fd, const struct car *me)
{
    char line[128];
    int n;

    if (fd == -1)
        return 0;
    n = snprintf(line, sizeof line, "%d,%d,%.3f,%.3f,%.3f,%.3f\n", me->id, me->laps, me->sector[0],
                 me->sector[1], me->sector[2], me->lap_time);
    return write(fd, line, (size_t)n) == n ? 0 : -1;
}
