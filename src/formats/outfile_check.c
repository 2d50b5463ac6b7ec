/*
** outfile_check.c — refusing, before any work, an output that would replace an input or another
** output, or that cannot be written.
** Layer: formats.
*/
#include <string.h>
#include <sys/stat.h>

#include "parley/outfile.h"

int pl_outfile_same(const char *out, const char *in)
{
    if (!*out || !*in || strcmp(out, "-") == 0 || strcmp(in, "-") == 0) return 0;
    struct stat so, si;
    int out_exists = stat(out, &so) == 0, in_exists = stat(in, &si) == 0;
    if (out_exists && in_exists) return S_ISREG(so.st_mode) && so.st_dev == si.st_dev && so.st_ino == si.st_ino;
    return !out_exists && !in_exists && strcmp(out, in) == 0;
}

pl_status pl_outfiles_check(const char *const *out, size_t n_out, const char *input, const char *what, pl_error *err)
{
    for (size_t a = 0; a < n_out; a++) {
        if (pl_outfile_same(out[a], input))
            return pl_error_set(err, PL_EINVAL, "found output '%s', %s, expected another file (it would be replaced)", out[a],
                                what);
        for (size_t b = a + 1; b < n_out; b++)
            if (pl_outfile_same(out[a], out[b]))
                return pl_error_set(err, PL_EINVAL, "found '%s' named for two outputs, expected a file for each", out[a]);
    }
    return PL_OK;
}

pl_status pl_outfile_probe(const char *path, pl_error *err)
{
    struct stat sb;
    if (strcmp(path, "-") == 0) return PL_OK;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) return PL_OK;
    pl_outfile o;
    pl_status st = pl_outfile_open(&o, path, err);
    if (!st) pl_outfile_abort(&o);
    return st;
}
