/*
** consumer.c — a program outside the tree built against the installed libparley through
** pkg-config (scripts/test-install.sh): the headers, parley.pc and the shared library work.
** Layer: interfaces.
*/
#include <stdio.h>

#include "parley.h" /* the one front door */

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    pl_error err;
    pl_stakeholders *s = NULL;
    pl_forecast *f = NULL;
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_optset opts;
    const pl_bargain_type *t = pl_bargain_find("compromise");
    pl_optset_init(&opts, t->options, t->n_options);
    if (pl_read_stakeholders(argv[1], &ro, &s, &err) || pl_bargain_run(t, s, &opts, NULL, &f, &err)) {
        char buf[1024];
        pl_error_format(&err, buf, sizeof buf);
        fprintf(stderr, "%s\n", buf);
        return 1;
    }
    printf("%.17g\n", f->forecast[0]);
    pl_forecast_free(f);
    pl_stakeholders_free(s);
    return 0;
}
