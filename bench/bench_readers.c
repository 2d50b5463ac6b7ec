/*
** bench_readers.c — times reading (format detection, parsing, validation) of generated inputs with
** many names: analyst tables of 10^4, 10^5 and 10^6 actors (goal: 10^6 in under 10 s; a duplicate
** check by linear scan took 1.1 s at 10^4 and 97 s at 10^5), DEU tables of 10^5 issues and
** decide tables of 2·10^4 actors.
** Layer: interfaces.
**
** Usage: bench_readers [MAX_ACTORS]   (default 1000000).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/readers.h"

#include "bench_util.h"

/* A growing text buffer (malloc'd; a benchmark exits on no memory). */
typedef struct buf {
    char *data;
    size_t n, cap;
} buf;

static void put(buf *b, const char *text)
{
    size_t len = strlen(text);
    if (b->n + len + 1 > b->cap) {
        b->cap = 2 * (b->n + len + 1);
        if (!(b->data = realloc(b->data, b->cap))) exit(1);
    }
    memcpy(b->data + b->n, text, len + 1);
    b->n += len;
}

static void analyst_table(buf *b, long n)
{
    char row[128];
    put(b, "Actor,Capability,Position,Salience\n");
    for (long i = 0; i < n; i++) {
        snprintf(row, sizeof row, "actor%ld,%ld,%ld,%.2f\n", i, i % 97 + 1, i % 101, (double)(i % 89) / 100);
        put(b, row);
    }
}

static void decide_table(buf *b, long n)
{
    char row[160];
    put(b, "#P;issue;the issue\n#M;issue;0\n#M;issue;100\n");
    for (long i = 0; i < n; i++) {
        snprintf(row, sizeof row, "#A;actor%ld\n#D;actor%ld;issue;%ld;0.5;%ld\n", i, i, i % 101, i % 7 + 1);
        put(b, row);
    }
}

/* Reads b as path (the name picks nothing: the format is detected) and prints the time. */
static int time_read(const char *what, long n, const buf *b, pl_input_format format)
{
    pl_error err;
    pl_text t;
    double t0 = bench_now();
    if (pl_text_from_memory(&t, "bench", b->data, b->n, &err)) return bench_fail("bench_readers", &err);
    pl_read_options ro = {format, PL_SALIENCE_AUTO};
    pl_stakeholders *s = NULL;
    pl_status st = pl_parse_stakeholders(&t, &ro, &s, &err);
    if (!st) st = pl_stakeholders_validate(s, &err);
    double dt = bench_now() - t0;
    pl_stakeholders_free(s);
    pl_text_free(&t);
    if (st) return bench_fail("bench_readers", &err);
    printf("%-8s %8ld names  %8.3f s\n", what, n, dt);
    return 0;
}

int main(int argc, char **argv)
{
    long max = argc > 1 ? atol(argv[1]) : 1000000;
    int rc = 0;
    for (long n = 10000; n <= max && !rc; n *= 10) {
        buf b = {0};
        analyst_table(&b, n);
        rc = time_read("analyst", n, &b, PL_FORMAT_AUTO);
        free(b.data);
    }
    buf b = {0};
    decide_table(&b, 20000);
    if (!rc) rc = time_read("decide", 20000, &b, PL_FORMAT_DECIDE);
    free(b.data);
    return rc;
}
