/*
** outfile.c — atomic result files (temporary file + fsync + rename).
** Layer: formats.
*/
#define _XOPEN_SOURCE 700 /* realpath: an XSI function beside the project's _POSIX_C_SOURCE */

#include "parley/outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/memory.h"

/* A device, a FIFO or a socket (e.g. /dev/null, /dev/stdout on a pipe) is written in place: a
** temporary file renamed over it would replace the device node itself (as root, /dev/null would
** become a regular file), and "atomic" means nothing for a stream. */
static pl_status open_in_place(pl_outfile *o, const char *path, pl_error *err)
{
    o->fp = fopen(path, "w");
    if (!o->fp) return pl_error_at(err, PL_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    o->in_place = 1;
    if (!(o->path = pl_strdup(path))) {
        pl_outfile_abort(o);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    return PL_OK;
}

/* The file the output replaces: a symbolic link is followed, so that the link stays and its
** target gets the result (and /dev/stdout, a link, is never itself replaced). */
static char *target_of(const char *path)
{
    char *real = realpath(path, NULL);
    char *copy = pl_strdup(real ? real : path);
    free(real);
    return copy;
}

pl_status pl_outfile_open(pl_outfile *o, const char *path, pl_error *err)
{
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return PL_OK;
    }
    if (!*path) return pl_error_set(err, PL_EINVAL, "found an empty file name, expected a file to write");
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) return pl_error_at(err, PL_EIO, path, 0, 0, "found a directory, expected a file to write");
        if (!S_ISREG(sb.st_mode)) return open_in_place(o, path, err);
    }
    o->path = target_of(path);
    size_t n = o->path ? strlen(o->path) : 0;
    o->tmp_path = pl_malloc(n + 16);
    if (!o->path || !o->tmp_path) {
        pl_outfile_abort(o);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    snprintf(o->tmp_path, n + 16, "%s.tmp.XXXXXX", o->path);
    int fd = mkstemp(o->tmp_path);
    if (fd < 0) {
        pl_status st = pl_error_at(err, PL_EIO, path, 0, 0, "cannot create a file beside it: %s", strerror(errno));
        pl_free(o->tmp_path);
        o->tmp_path = NULL;
        pl_outfile_abort(o);
        return st;
    }
    fchmod(fd, 0644);
    o->fp = fdopen(fd, "w");
    if (!o->fp) {
        close(fd);
        pl_outfile_abort(o);
        return pl_error_at(err, PL_EIO, path, 0, 0, "cannot open for writing: %s", strerror(errno));
    }
    return PL_OK;
}

pl_status pl_outfile_commit(pl_outfile *o, pl_error *err)
{
    if (!o->path) {
        if (fflush(o->fp) != 0 || ferror(o->fp))
            return pl_error_set(err, PL_EIO, "writing to standard output failed: %s", strerror(errno));
        return PL_OK;
    }
    int failed = fflush(o->fp) != 0 || ferror(o->fp) || (!o->in_place && fsync(fileno(o->fp)) != 0);
    int saved = errno;
    failed |= fclose(o->fp) != 0;
    o->fp = NULL;
    if (!failed && !o->in_place && rename(o->tmp_path, o->path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        pl_status st = pl_error_at(err, PL_EIO, o->path, 0, 0, "write failed: %s", strerror(saved));
        pl_outfile_abort(o);
        return st;
    }
    pl_free(o->tmp_path);
    pl_free(o->path);
    memset(o, 0, sizeof *o);
    return PL_OK;
}

void pl_outfile_abort(pl_outfile *o)
{
    if (o->fp && o->fp != stdout) fclose(o->fp);
    if (o->tmp_path) unlink(o->tmp_path);
    pl_free(o->tmp_path);
    pl_free(o->path);
    memset(o, 0, sizeof *o);
}

pl_status pl_outfile_finish(pl_outfile *o, pl_status written, pl_error *err)
{
    if (written == PL_OK) return pl_outfile_commit(o, err);
    if (written == PL_EIO && err && !err->file[0]) {
        char why[PL_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", err->msg);
        if (o->path) pl_error_at(err, PL_EIO, o->path, 0, 0, "%s", why);
        else {
            const char *failed = "write failed: ";
            const char *rest = strncmp(why, failed, strlen(failed)) == 0 ? why + strlen(failed) : why;
            pl_error_set(err, PL_EIO, "writing to standard output failed: %s", rest);
        }
    }
    pl_outfile_abort(o);
    return written;
}

pl_status pl_write_status(FILE *out, pl_error *err)
{
    if (!ferror(out)) return PL_OK;
    int why = errno; /* left by the write that failed: stdio sets it, and nothing since has failed */
    return pl_error_set(err, PL_EIO, "write failed: %s", why ? strerror(why) : "input/output error");
}
