/*
** fuzz_record.c — libFuzzer harness for the observed record of a war (pl_war_record_read,
** parley/war_fit.h): `parley calibrate --observations` and a scenario's condition: read it. The
** input is split at its first line "@@" into the manifest and one data file, d.csv (without the
** line, the whole input is the manifest and d.csv holds only its header), written to a folder of
** this process, and read; a record read is checked against the shipped war scenario's run
** (pl_war_record_check_span). Any input must give a record whose invariants hold (every series
** with values, data sorted and unrepeated, values finite, positive unless offset, at most 1e15,
** published after their period began) or a located error; never a crash, hang, leak or
** sanitizer report.
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/war.h"
#include "parley/war_fit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], manifest[96], datafile[96];
static pl_scenario *sc;

static void remove_files(void)
{
    unlink(manifest);
    unlink(datafile);
    rmdir(dir);
    pl_scenario_free(sc);
}

static int put(const char *path, const uint8_t *data, size_t size)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    size_t n = fwrite(data, 1, size, fp);
    return fclose(fp) == 0 && n == size ? 0 : -1;
}

static int setup(void)
{
    if (dir[0]) return 0;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/parley-fuzz-record-%ld", base, (long)getpid());
    snprintf(manifest, sizeof manifest, "%s/series.csv", dir);
    snprintf(datafile, sizeof datafile, "%s/d.csv", dir);
    if (mkdir(dir, 0700) != 0) return -1;
    pl_error err;
    if (pl_war_scenario_read(PL_FUZZ_ROOT "/scenarios/russia-ukraine-2024.yaml", &sc, &err)) return -1;
    atexit(remove_files);
    return 0;
}

static void check(const pl_war_record *r)
{
    if (!r->n_series || r->n_data < r->n_series) __builtin_trap();
    for (size_t k = 0; k < r->n_data; k++) {
        const pl_war_datum *d = &r->datum[k];
        if (d->series < 0 || (size_t)d->series >= r->n_series) __builtin_trap();
        const pl_war_record_series *s = &r->series[d->series];
        double lo = s->offset > 0 ? 0 : 1e-300;
        if (!isfinite(d->value) || d->value < lo || d->value > 1e15) __builtin_trap();
        if (d->published < pl_date_days(d->month / 12, d->month % 12 + 1, 1)) __builtin_trap();
        if (k && (d->series < d[-1].series || (d->series == d[-1].series && d->month <= d[-1].month))) __builtin_trap();
    }
    for (size_t s = 0; s < r->n_series; s++)
        if (!r->series[s].name[0] || !r->series[s].file[0] || !(r->series[s].bias_lo > 0)) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup()) return 0;
    const uint8_t *cut = NULL;
    for (size_t k = 0; k + 3 <= size && !cut; k++)
        if ((k == 0 || data[k - 1] == '\n') && memcmp(data + k, "@@\n", 3) == 0) cut = data + k;
    static const char header[] = "series,month,value,source,published\n";
    int bad = cut ? put(manifest, data, (size_t)(cut - data)) || put(datafile, cut + 3, size - (size_t)(cut - data) - 3)
                  : put(manifest, data, size) || put(datafile, (const uint8_t *)header, sizeof header - 1);
    if (bad) return 0;
    pl_war_record *r = NULL;
    pl_error err;
    pl_error_clear(&err);
    if (pl_war_record_read(manifest, &r, &err) == PL_OK) {
        check(r);
        pl_error_clear(&err);
        if (pl_war_record_check_span(r, sc, &err) != PL_OK && !err.msg[0]) __builtin_trap();
        pl_war_record_free(r);
    } else if (r || err.msg[0] == '\0') {
        __builtin_trap();
    }
    return 0;
}
