/*
** ktab_xml.c — KTAB's Spatial Model of Politics XML (SMPModel::xmlRead and smpSchema.xsd),
** restated in ../shared/reference/ktab-smp.md §3.2.
** Layer: formats.
**
** Follows the schema where KTAB's reader and schema disagree: <IdealAdjustment> is optional
** (KTAB refuses files without it), and both spellings of two enum values are accepted
** (the code's Prop/None and the schema's Proportional/No). Parameters are stored under their
** KTAB names with the code's spellings.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/options.h"
#include "parley/readers.h"

typedef struct {
    const char *name;
    const char *choices; /* accepted spellings, '|'-separated; aliases after '=' map to the word before */
} ktab_param;

static const ktab_param params[] = {
    {"VictoryProbModel", "Linear|Square|Quartic|Octic|Binary"},
    {"PCEModel", "Conditional|MarkovIncentive|MarkovUniform"},
    {"StateTransitions", "Deterministic|Stochastic"},
    {"VotingRule", "Binary|PropBin|Prop|PropCbc|Cubic|ASymProsp|Proportional=Prop"},
    {"BigRAdjust", "None|OneThird|Half|TwoThirds|Full|No=None"},
    {"BigRRange", "Min|Mid|Max"},
    {"ThirdPartyCommit", "NoCommit|SemiCommit|FullCommit"},
    {"InterVecBrgn", "S1P1|S2P2|S2PMax"},
    {"BargnModel", "InitOnlyInterp|InitRcvrInterp|PWCompInterp"},
};
enum { N_PARAMS = sizeof params / sizeof params[0] };

typedef struct {
    const pl_text *text;
    pl_error *err;
} xml_ctx;

/* Column of the first "<tag" on line `line` of the text (1 if not found). */
static int node_col(const pl_text *t, int line, const char *tag)
{
    const char *p = t->data;
    for (int l = 1; l < line && p; l++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p) return 1;
    const char *end = strchr(p, '\n');
    size_t n = strlen(tag);
    for (const char *q = p; *q && (!end || q < end); q++)
        if (*q == '<' && strncmp(q + 1, tag, n) == 0) return (int)(q - p) + 1;
    return 1;
}

static pl_status fail_at(xml_ctx *c, const xmlNode *node, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static pl_status fail_at(xml_ctx *c, const xmlNode *node, const char *fmt, ...)
{
    char msg[PL_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line = node ? (int)xmlGetLineNo(node) : 0;
    int col = node ? node_col(c->text, line, (const char *)node->name) : 0;
    return pl_error_at(c->err, PL_EINPUT, c->text->path, line, col, "%s", msg);
}

static const xmlNode *child(const xmlNode *parent, const char *name)
{
    for (const xmlNode *n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) return n;
    return NULL;
}

static size_t count_children(const xmlNode *parent, const char *name)
{
    size_t k = 0;
    for (const xmlNode *n = parent->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0) k++;
    return k;
}

/* The element's text, trimmed, in a pl_malloc'd string; NULL on no memory. */
static char *node_text(const xmlNode *n)
{
    xmlChar *raw = xmlNodeGetContent(n);
    const char *s = raw ? (const char *)raw : "";
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r')) len--;
    char *out = pl_strndup(s, len);
    xmlFree(raw);
    return out;
}

static pl_status require(xml_ctx *c, const xmlNode *parent, const char *name, const xmlNode **out)
{
    *out = child(parent, name);
    if (*out) return PL_OK;
    return fail_at(c, parent, "<%s> has no <%s>, expected one", (const char *)parent->name, name);
}

/* Text of a required child element into *slot (replacing it). */
static pl_status read_string(xml_ctx *c, const xmlNode *parent, const char *name, char **slot)
{
    const xmlNode *n;
    pl_status st = require(c, parent, name, &n);
    if (st) return st;
    char *v = node_text(n);
    if (!v) return pl_error_set(c->err, PL_ENOMEM, "out of memory");
    pl_free(*slot);
    *slot = v;
    return PL_OK;
}

static pl_status read_number(xml_ctx *c, const xmlNode *n, const char *what, double lo, double hi, double *out)
{
    char *v = node_text(n);
    if (!v) return pl_error_set(c->err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    if (!*v)
        st = fail_at(c, n, "found an empty <%s>, expected %s", (const char *)n->name, what);
    else if (pl_parse_double(v, out))
        st = fail_at(c, n, "found '%.40s', expected %s", v, what);
    else if (*out < lo || *out > hi)
        st = fail_at(c, n, "found '%.40s', expected %s in [%g, %g]", v, what, lo, hi);
    pl_free(v);
    return st;
}

/* Canonical spelling of value for parameter p, or NULL if not accepted. */
static const char *param_canonical(const ktab_param *p, const char *value, char *buf, size_t size)
{
    const char *s = p->choices;
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        const char *eq = memchr(s, '=', n);
        size_t word = eq ? (size_t)(eq - s) : n;
        if (strlen(value) == word && strncmp(s, value, word) == 0) {
            const char *canon = eq ? eq + 1 : s;
            size_t cn = eq ? n - word - 1 : n;
            snprintf(buf, size, "%.*s", (int)cn, canon);
            return buf;
        }
        if (!bar) break;
        s = bar + 1;
    }
    return NULL;
}

static pl_status read_params(xml_ctx *c, const xmlNode *mp, pl_stakeholders *s)
{
    for (size_t k = 0; k < N_PARAMS; k++) {
        const xmlNode *n;
        pl_status st = require(c, mp, params[k].name, &n);
        if (st) return st;
        char *v = node_text(n), buf[64];
        if (!v) return pl_error_set(c->err, PL_ENOMEM, "out of memory");
        const char *canon = param_canonical(&params[k], v, buf, sizeof buf);
        if (!canon) st = fail_at(c, n, "found '%.40s', expected one of %s", v, params[k].choices);
        else st = pl_stakeholders_add_param(s, params[k].name, canon, c->err);
        pl_free(v);
        if (st) return st;
    }
    return PL_OK;
}

static pl_status read_vector(xml_ctx *c, const xmlNode *actor, const char *list, const char *item, double *dst,
                             size_t stride, size_t nd, const char *what)
{
    const xmlNode *l;
    pl_status st = require(c, actor, list, &l);
    if (st) return st;
    size_t k = 0;
    for (const xmlNode *n = l->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)n->name, item) != 0)
            return fail_at(c, n, "found <%s>, expected <%s>", (const char *)n->name, item);
        if (k == nd) {
            return fail_at(c, n, "found more <%s> than the %zu dimensions", item, nd);
        }
        if ((st = read_number(c, n, what, 0, 100, &dst[k * stride]))) return st;
        k++;
    }
    if (k < nd) return fail_at(c, l, "<%s> has too few entries, expected one <%s> per dimension", list, item);
    return PL_OK;
}

static pl_status read_actor(xml_ctx *c, const xmlNode *a, pl_stakeholders *s, size_t i)
{
    pl_status st;
    if ((st = read_string(c, a, "name", &s->actor[i]))) return st;
    if (!s->actor[i][0]) return fail_at(c, child(a, "name"), "found an empty <name>, expected an actor name");
    for (size_t k = 0; k < i; k++)
        if (strcmp(s->actor[k], s->actor[i]) == 0)
            return fail_at(c, child(a, "name"), "found actor '%.40s' a second time, expected unique names", s->actor[i]);
    const xmlNode *d = child(a, "description");
    if (d && !(s->actor_desc[i] = (pl_free(s->actor_desc[i]), node_text(d))))
        return pl_error_set(c->err, PL_ENOMEM, "out of memory");
    const xmlNode *capn;
    double cap;
    if ((st = require(c, a, "capability", &capn)) || (st = read_number(c, capn, "a capability", 0, 1e8, &cap)))
        return st;
    if (cap <= 0) return fail_at(c, capn, "found capability 0, expected a value > 0");
    size_t nd = s->n_dims, row = i * nd;
    if ((st = read_vector(c, a, "Position", "dCoord", &s->position[row], 1, nd, "a position")) ||
        (st = read_vector(c, a, "Salience", "dSal", &s->salience[row], 1, nd, "a salience")))
        return st;
    double sum = 0;
    for (size_t k = 0; k < nd; k++) {
        s->capability[row + k] = cap;
        sum += s->salience[row + k];
        s->salience[row + k] /= 100.0;
    }
    if (sum > 100 * (1 + 1e-12)) return fail_at(c, child(a, "Salience"), "found saliences summing to more than 100, expected at most 100");
    return PL_OK;
}

static pl_status read_adjustments(xml_ctx *c, const xmlNode *ia, pl_stakeholders *s)
{
    pl_status st = pl_stakeholders_alloc_accommodation(s, c->err);
    size_t n = s->n_actors;
    for (const xmlNode *p = ia->children; !st && p; p = p->next) {
        if (p->type != XML_ELEMENT_NODE) continue;
        if (strcmp((const char *)p->name, "iaPair") != 0)
            return fail_at(c, p, "found <%s>, expected <iaPair>", (const char *)p->name);
        char *who = NULL, *ref = NULL;
        const xmlNode *adj;
        double a = 0;
        long wi = -1, ri = -1;
        if (!(st = read_string(c, p, "adjustingIdeal", &who)) && !(st = read_string(c, p, "referencePos", &ref)) &&
            !(st = require(c, p, "adjust", &adj)) && !(st = read_number(c, adj, "an adjustment", 0, 1, &a))) {
            wi = pl_stakeholders_find_actor(s, who);
            ri = pl_stakeholders_find_actor(s, ref);
            if (wi < 0) st = fail_at(c, p, "found unknown actor '%.40s', expected an actor named in <Actors>", who);
            else if (ri < 0) st = fail_at(c, p, "found unknown actor '%.40s', expected an actor named in <Actors>", ref);
            else s->accommodation[(size_t)wi * n + (size_t)ri] = a;
        }
        pl_free(who);
        pl_free(ref);
    }
    for (size_t i = 0; !st && i < n; i++) {
        double row = 0;
        for (size_t j = 0; j < n; j++) row += s->accommodation[i * n + j];
        if (row > 1 + 1e-9) st = fail_at(c, ia, "the adjustments of '%.40s' sum to more than 1, expected at most 1", s->actor[i]);
    }
    return st;
}

static pl_status read_seed(xml_ctx *c, const xmlNode *root, pl_stakeholders *s)
{
    const xmlNode *n;
    pl_status st = require(c, root, "prngSeed", &n);
    if (st) return st;
    char *v = node_text(n), *end;
    if (!v) return pl_error_set(c->err, PL_ENOMEM, "out of memory");
    errno = 0;
    unsigned long long seed = strtoull(v, &end, 10);
    if (!*v || *end || errno == ERANGE || v[0] == '-')
        st = fail_at(c, n, "found '%.40s', expected an unsigned 64-bit integer seed", v);
    /* parley's seeds are 63-bit (they must fit SQLite's signed integer and --seed); KTAB draws its
    ** seeds over all 64 bits, and its generator is not parley's, so the low 63 bits serve as well. */
    s->seed = seed & INT64_MAX;
    s->has_seed = 1;
    pl_free(v);
    return st;
}

static pl_status read_scenario(xml_ctx *c, const xmlNode *root, pl_stakeholders **out)
{
    if (strcmp((const char *)root->name, "Scenario") != 0)
        return fail_at(c, root, "found root element <%s>, expected <Scenario>", (const char *)root->name);
    const xmlNode *dims, *actors;
    pl_status st;
    if ((st = require(c, root, "Dimensions", &dims)) || (st = require(c, root, "Actors", &actors))) return st;
    size_t nd = count_children(dims, "dName"), na = count_children(actors, "Actor");
    if (nd < 1) return fail_at(c, dims, "<Dimensions> is empty, expected at least one <dName>");
    if (na < 3 || na > 250) return fail_at(c, actors, "<Actors> holds %zu actors, expected 3 to 250", na);
    pl_stakeholders *s = pl_stakeholders_alloc(na, nd);
    if (!s) return pl_error_set(c->err, PL_ENOMEM, "out of memory");
    if (!(st = read_string(c, root, "name", &s->name)) && !(st = read_string(c, root, "desc", &s->description)))
        st = read_seed(c, root, s);
    const xmlNode *mp = child(root, "ModelParameters");
    if (!st && mp) st = read_params(c, mp, s);
    size_t k = 0;
    pl_name_index names; /* outputs and stores key a dimension by its name: each once */
    pl_name_index_init(&names);
    for (const xmlNode *n = dims->children; !st && n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "dName") == 0) {
            pl_free(s->dim[k]);
            long had = -1;
            if (!(s->dim[k] = node_text(n))) st = pl_error_set(c->err, PL_ENOMEM, "out of memory");
            else st = pl_name_index_add(&names, s->dim[k], k, &had, c->err);
            if (!st && had >= 0)
                st = fail_at(c, n, "found <dName> '%.40s' a second time, expected unique dimension names", s->dim[k]);
            k++;
        }
    pl_name_index_free(&names);
    k = 0;
    for (const xmlNode *n = actors->children; !st && n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) st = read_actor(c, n, s, k++);
    const xmlNode *ia = child(root, "IdealAdjustment");
    if (!st && ia) st = read_adjustments(c, ia, s);
    if (!st) {
        pl_free(s->source);
        if (!(s->source = pl_strdup(c->text->path))) st = pl_error_set(c->err, PL_ENOMEM, "out of memory");
        s->salience_scale = PL_SALIENCE_PERCENT;
    }
    if (st) pl_stakeholders_free(s);
    else *out = s;
    return st;
}

pl_status pl_parse_ktab_xml(const pl_text *t, pl_stakeholders **out, pl_error *err)
{
    *out = NULL;
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return pl_error_set(err, PL_ENOMEM, "out of memory");
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, t->data, (int)t->size, t->path, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    pl_status st;
    if (!doc) {
        const xmlError *e = xmlCtxtGetLastError(ctxt);
        const char *why = e && e->message ? e->message : "parse error";
        st = pl_error_at(err, PL_EINPUT, t->path, e ? e->line : 0, e ? e->int2 : 0,
                         "found malformed XML (%.*s), expected a KTAB <Scenario> document", (int)strcspn(why, "\n"),
                         why);
    } else {
        xml_ctx c = {t, err};
        const xmlNode *root = xmlDocGetRootElement(doc);
        st = root ? read_scenario(&c, root, out)
                  : pl_error_at(err, PL_EINPUT, t->path, 1, 1, "found no root element, expected <Scenario>");
        xmlFreeDoc(doc);
    }
    xmlFreeParserCtxt(ctxt);
    return st;
}
