/*
** vega_lib.c — the Vega library inlined into a page (the report) from Debian's libjs-vega, which ships
** each Vega package as its own UMD build: each is wrapped as a CommonJS module and the bundle is
** assembled the way the `vega` package's index.js does (its transforms registered, its API
** re-exported), so the page needs no network and no npm.
** Layer: formats.
*/
#include "parley/vega.h"

#include <stdlib.h>
#include <string.h>

#include "parley/outfile.h"
#include "parley/text.h"

/* Module name → file, in dependency order. */
static const char *const modules[][2] = {
    {"topojson-client", "../topojson-client/topojson-client.js"},
    {"vega-util", "vega-util.js"},
    {"vega-time", "vega-time.js"},
    {"vega-format", "vega-format.js"},
    {"vega-statistics", "vega-statistics.js"},
    {"vega-expression", "vega-expression.js"},
    {"vega-event-selector", "vega-event-selector.js"},
    {"vega-loader", "vega-loader.browser.js"},
    {"vega-canvas", "vega-canvas.browser.js"},
    {"vega-dataflow", "vega-dataflow.js"},
    {"vega-scale", "vega-scale.js"},
    {"vega-scenegraph", "vega-scenegraph.js"},
    {"vega-selections", "vega-selection.js"},
    {"vega-functions", "vega-functions.js"},
    {"vega-runtime", "vega-runtime.js"},
    {"vega-view", "vega-view.js"},
    {"vega-parser", "vega-parser.js"},
    {"vega-transforms", "vega-transforms.js"},
    {"vega-view-transforms", "vega-view-transforms.js"},
    {"vega-encode", "vega-encode.js"},
};

static const char *const prologue =
    "var vega = (function () {\n"
    "var M = {};\n"
    "function R(n) { if (!(n in M)) throw new Error('parley report: Vega module ' + n + ' missing'); return M[n]; }\n";

/* As vega/index.js: register the transforms, export the API the page uses. */
static const char *const epilogue =
    "var v = {};\n"
    "['vega-statistics', 'vega-time', 'vega-util', 'vega-loader', 'vega-scenegraph'].forEach(function (n) { Object.assign(v, M[n]); });\n"
    "M['vega-util'].extend(M['vega-dataflow'].transforms, M['vega-transforms'], M['vega-view-transforms'], M['vega-encode']);\n"
    "v.View = M['vega-view'].View; v.parse = M['vega-parser'].parse; v.scale = M['vega-scale'].scale;\n"
    "v.scheme = M['vega-scale'].scheme; v.expressionFunction = M['vega-functions'].expressionFunction;\n"
    "return v;\n})();\n";

const char *pl_vega_module_file(size_t k)
{
    return k < sizeof modules / sizeof modules[0] ? modules[k][1] : NULL;
}

pl_status pl_vega_write_library(FILE *fp, const char *dir, pl_error *err)
{
    fputs(prologue, fp);
    for (size_t k = 0; k < sizeof modules / sizeof modules[0]; k++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, modules[k][1]);
        pl_text t;
        if (pl_text_read(&t, path, err))
            return pl_error_set(err, PL_EIO, "cannot read %s: the report needs Vega from Debian's libjs-vega "
                                "(apt-get install libjs-vega, or --vega-dir DIR)", path);
        int closes_script = strstr(t.data, "</script") != NULL;
        if (!closes_script) {
            fprintf(fp, "(function () { var module = {exports: {}}, exports = module.exports, require = R;\n");
            fwrite(t.data, 1, t.size, fp);
            fprintf(fp, "\n;M['%s'] = module.exports; }).call({});\n", modules[k][0]);
        }
        pl_text_free(&t);
        if (closes_script)
            return pl_error_set(err, PL_EINPUT, "%s contains '</script' and cannot be inlined in a page", path);
    }
    fputs(epilogue, fp);
    return pl_write_status(fp, err);
}
