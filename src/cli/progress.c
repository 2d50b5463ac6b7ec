/*
** progress.c — the progress bar and the plain progress lines of long commands.
** Layer: interfaces.
*/
#include "cli/progress.h"

#include <time.h>
#include <unistd.h>

double cli_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void cli_progress_init(cli_progress *p, const char *label, int quiet, double interval)
{
    p->out = stderr;
    p->enabled = !quiet;
    p->tty = isatty(STDERR_FILENO);
    p->interval = interval > 0 ? interval : 10;
    p->label = label;
    p->start = p->last = cli_clock();
    p->first_done = -1;
    p->last_done = 0;
    p->drawn = 0;
}

/* "1:02:03", "2:03" or "5 s". */
static void format_duration(double s, char *buf, size_t size)
{
    long t = s > 0 && s < 1e9 ? (long)(s + 0.5) : 0;
    if (t >= 3600) snprintf(buf, size, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else if (t >= 60) snprintf(buf, size, "%ld:%02ld", t / 60, t % 60);
    else snprintf(buf, size, "%ld s", t);
}

static void draw(cli_progress *p, long done, long total, double t, int final)
{
    double elapsed = t - p->start, rate = elapsed > 0 ? (double)(done - p->first_done) / elapsed : 0;
    double pct = total > 0 ? 100.0 * (double)done / (double)total : 100;
    char eta[32];
    format_duration(rate > 0 ? (double)(total - done) / rate : 0, eta, sizeof eta);
    if (final) format_duration(elapsed, eta, sizeof eta);
    const char *eta_label = final ? "took" : "ETA";
    if (p->tty) {
        enum { WIDTH = 30 };
        char bar[WIDTH + 1];
        int fill = (int)(pct / 100 * WIDTH);
        for (int k = 0; k < WIDTH; k++) bar[k] = k < fill ? '#' : '-';
        bar[WIDTH] = '\0';
        fprintf(p->out, "\rparley %s [%s] %3.0f%% %ld/%ld runs, %.0f runs/s, %s %s\033[K", p->label, bar, pct, done, total,
                rate, eta_label, eta);
        p->drawn = 1;
    } else {
        fprintf(p->out, "parley %s: %ld/%ld runs (%.0f%%), %.0f runs/s, %s %s\n", p->label, done, total, pct, rate, eta_label,
                eta);
    }
    fflush(p->out);
}

void cli_progress_update(void *ctx, long done, long total)
{
    cli_progress *p = ctx;
    if (!p->enabled) return;
    double t = cli_clock();
    if (p->first_done < 0) {
        p->first_done = done;
        p->start = t;
        p->last = p->tty ? 0 : t;
    }
    if (t - p->last < (p->tty ? 0.1 : p->interval)) return;
    p->last = t;
    p->last_done = done;
    draw(p, done, total, t, 0);
}

void cli_progress_finish(cli_progress *p, long done, long total)
{
    if (!p->enabled) return;
    if (p->first_done < 0) p->first_done = done;
    draw(p, done, total, cli_clock(), 1);
    if (p->tty) fputc('\n', p->out);
    p->drawn = 0;
}
