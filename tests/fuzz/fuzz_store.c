/*
** fuzz_store.c — libFuzzer harness for the results store as parley reads it back: the input is
** written to a file and opened read-only (every job's runs, parameters and outcomes walked, as
** --resume reads them back), then as the report reads it (pl_report_load and the whole HTML page),
** then opened for writing (what --resume does first) and asked for a job. Any file must be read or
** refused with a message; never a crash, leak or sanitizer report.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/report_page.h"
#include "parley/store.h"
#include "parley/vega.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64], wal[80], shm[80];

static void remove_files(void)
{
    unlink(path);
    unlink(wal);
    unlink(shm);
}

static int write_input(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        /* tmpfs when there is one: SQLite syncs on every write-mode open, which a disk makes slow */
        const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        snprintf(path, sizeof path, "%s/parley-fuzz-store-%ld.sqlite", dir, (long)getpid());
        snprintf(wal, sizeof wal, "%s-wal", path);
        snprintf(shm, sizeof shm, "%s-shm", path);
        atexit(remove_files);
    }
    remove_files();
    FILE *fp = fopen(path, "wb");
    if (!fp) return -1;
    size_t n = fwrite(data, 1, size, fp);
    return fclose(fp) == 0 && n == size ? 0 : -1;
}

static pl_status count_run(void *ctx, long run_index, const char *status, pl_error *err)
{
    (void)run_index, (void)err;
    if (!status) __builtin_trap();
    ++*(long *)ctx;
    return PL_OK;
}

static pl_status count_value(void *ctx, long run_index, const char *name, double value, pl_error *err)
{
    (void)run_index, (void)value, (void)err;
    if (!name) __builtin_trap();
    ++*(long *)ctx;
    return PL_OK;
}

/* The walks --resume and the summaries make over jobs 1 and 2. */
static void read_back(pl_store *st)
{
    pl_error err;
    long n = 0;
    for (int64_t job = 1; job <= 2; job++) {
        if (pl_store_each_run(st, job, count_run, &n, &err) && !err.msg[0]) __builtin_trap();
        if (pl_store_each_parameter(st, job, count_value, &n, &err) && !err.msg[0]) __builtin_trap();
        if (pl_store_each_outcome(st, job, count_value, &n, &err) && !err.msg[0]) __builtin_trap();
    }
}

static char vega_dir[64];

/* Removes the stand-in Vega directory (at exit: each run of the harness makes its own). */
static void remove_vega_dir(void)
{
    char path[256];
    for (size_t k = 0; pl_vega_module_file(k); k++) {
        snprintf(path, sizeof path, "%s/%s", vega_dir, pl_vega_module_file(k));
        unlink(path);
    }
    snprintf(path, sizeof path, "%.*s/topojson-client", (int)(strlen(vega_dir) - 5), vega_dir);
    rmdir(path);
    rmdir(vega_dir);
    snprintf(path, sizeof path, "%.*s", (int)(strlen(vega_dir) - 5), vega_dir);
    rmdir(path);
}

/* A Vega directory of one-line stand-ins, so the page is written without reading 1 MB each time. */
static void make_vega_dir(void)
{
    snprintf(vega_dir, sizeof vega_dir, "/tmp/parley-fuzz-vega-%ld/vega", (long)getpid());
    char dir[96];
    snprintf(dir, sizeof dir, "%.*s", (int)(strlen(vega_dir) - 5), vega_dir);
    mkdir(dir, 0700);
    mkdir(vega_dir, 0700);
    snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/topojson-client");
    mkdir(dir, 0700);
    for (size_t k = 0; pl_vega_module_file(k); k++) {
        char file[256];
        snprintf(file, sizeof file, "%s/%s", vega_dir, pl_vega_module_file(k));
        FILE *fp = fopen(file, "w");
        if (fp) fputs("module.exports = {};\n", fp), fclose(fp);
    }
    atexit(remove_vega_dir);
}

static void report(pl_store *st)
{
    if (!vega_dir[0]) make_vega_dir();
    pl_report_data d;
    pl_error err;
    if (pl_report_load(st, 0, &d, &err) == PL_OK) {
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            if (pl_report_write_html(out, st, &d, NULL, vega_dir, &err) != PL_OK && !err.msg[0]) __builtin_trap();
            fclose(out);
        }
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    pl_report_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (write_input(data, size)) return 0;
    pl_store *st;
    pl_error err;
    if (pl_store_open_readonly(path, &st, &err) == PL_OK) {
        read_back(st);
        report(st);
        pl_store_close(st);
    } else if (!err.msg[0]) {
        __builtin_trap(); /* a refusal says why */
    }
    if (pl_store_open(path, &st, &err) == PL_OK) {
        int64_t job = 0;
        if (pl_store_find_job(st, "run", "{}", &job, &err) != PL_OK && !err.msg[0]) __builtin_trap();
        read_back(st);
        pl_store_close(st);
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    return 0;
}
