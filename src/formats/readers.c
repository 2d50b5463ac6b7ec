/*
** readers.c — choosing a stakeholder format (declared or detected) and reading a file with it.
** Layer: formats.
*/
#include <string.h>
#include <strings.h>

#include "parley/options.h"
#include "parley/readers.h"

static const char *const format_names[] = {"auto", "analyst", "ktab-csv", "ktab-xml", "deu", "decide"};

const char *pl_input_format_name(pl_input_format f)
{
    return (unsigned)f < sizeof format_names / sizeof format_names[0] ? format_names[f] : "unknown";
}

int pl_input_format_parse(const char *name, pl_input_format *out)
{
    for (size_t k = 0; k < sizeof format_names / sizeof format_names[0]; k++)
        if (strcmp(name, format_names[k]) == 0) {
            *out = (pl_input_format)k;
            return 0;
        }
    *out = PL_FORMAT_AUTO;
    return -1;
}

/* Copies the first field of the first line (up to a separator) into buf. */
static void first_field(const char *p, char *buf, size_t size)
{
    while (*p == ' ' || *p == '"' || *p == '\'') p++;
    size_t n = strcspn(p, ",;\t\r\n\"'");
    if (n >= size) n = size - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
}

/* KTAB CSV line 1 is name,description,<int>,<int>: check fields 3 and 4 are integers. */
static int looks_like_ktab_line1(const char *p)
{
    const char *end = strchr(p, '\n');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    char line[512];
    if (len >= sizeof line) len = sizeof line - 1;
    memcpy(line, p, len);
    line[len] = '\0';
    char *fields[5] = {0};
    size_t n = 0;
    for (char *q = line; n < 5;) {
        fields[n++] = q;
        char *comma = strchr(q, ',');
        if (!comma) break;
        *comma = '\0';
        q = comma + 1;
    }
    long a, b;
    return n >= 4 && pl_parse_long(fields[2], &a) == 0 && pl_parse_long(fields[3], &b) == 0;
}

pl_input_format pl_input_format_detect(const pl_text *t)
{
    const char *p = t->data;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    if (*p == '<') return PL_FORMAT_KTAB_XML;
    char first[64];
    first_field(p, first, sizeof first);
    if (first[0] == '#' && first[1] && strchr("APMDO/", first[1]) && !first[2]) return PL_FORMAT_DECIDE;
    if (strcmp(first, "prnrnmc") == 0) return PL_FORMAT_DEU;
    if (looks_like_ktab_line1(p)) return PL_FORMAT_KTAB_CSV;
    return PL_FORMAT_ANALYST;
}

pl_status pl_parse_stakeholders(const pl_text *t, const pl_read_options *opts, pl_stakeholders **out,
                                pl_error *err)
{
    pl_input_format f = opts && opts->format ? opts->format : pl_input_format_detect(t);
    pl_salience_scale scale = opts ? opts->salience : PL_SALIENCE_AUTO;
    switch (f) {
    case PL_FORMAT_KTAB_CSV: return pl_parse_ktab_csv(t, out, err);
    case PL_FORMAT_KTAB_XML: return pl_parse_ktab_xml(t, out, err);
    case PL_FORMAT_DEU: return pl_parse_deu(t, out, err);
    case PL_FORMAT_DECIDE: return pl_parse_decide(t, out, err);
    default: return pl_parse_analyst(t, scale, out, err);
    }
}

pl_status pl_read_stakeholders(const char *path, const pl_read_options *opts, pl_stakeholders **out,
                               pl_error *err)
{
    *out = NULL;
    pl_text t;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    st = pl_parse_stakeholders(&t, opts, out, err);
    pl_text_free(&t);
    return st;
}
