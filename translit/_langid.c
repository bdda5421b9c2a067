/* py3langid's naive-Bayes scorer without numpy: the walk over a text's UTF-8 bytes and the sparse feature x class
 * dot product, reading the model from one file that translit.text.langid writes from py3langid's own model on
 * first use.
 *
 * Why hand-written: without --from, the CLI spent 0.30 s of CPU importing numpy and reading py3langid's model
 * (115 MiB resident) to score a few lines of a 1 KB file. py3langid stays the reference (tests/test_text_langid.py
 * compares both) and the fallback when this extension is not built.
 *
 * Why not a memory map of py3langid's arrays: its DFA is a dense 39 MB table (one 256-entry row per state) and
 * its feature table 28 MB, and a 1 KB text touches pages all over both. Mapped, the kernel maps whole folios
 * around every touched page (MADV_RANDOM does not stop it here): a 1 KB text made 64 MB resident. So the DFA is
 * stored as the Aho-Corasick automaton it was built from (a fail link and the trie edges of each state, 1.8 MB,
 * read into memory; the writer checks that it gives the dense table's every transition), and the feature rows
 * a text needs are read with pread (nothing of the 28 MB table is mapped).
 *
 * File layout (native byte order, every array aligned to 64 bytes):
 *   header: magic "TLLID\0\2\0", u32 n_classes, n_features, n_states, n_edges, then u64 offsets of
 *           classes (8 bytes a name), pc (f32[n_classes]), fail (u32[n_states]), start (u32[n_states + 1]:
 *           the trie edges of state s are start[s] .. start[s+1]-1, sorted by byte), via (u8[n_edges]),
 *           child (u32[n_edges]), out (i32[n_states]: the feature a state emits, or -1), ptc
 *           (f16[n_features * n_classes], last) and the file size.
 * The "head" (everything before ptc) is passed in as a buffer, the file as a descriptor. Scores are computed in
 * double; py3langid computes in float32 (and numpy sums in another order), so the two agree to about 1e-5.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define API_VERSION 2
#define MAX_HOPS 256 /* fail links followed for one byte; more means a corrupt file (depth is at most ~6) */

static const char MAGIC[8] = {'T', 'L', 'L', 'I', 'D', 0, 2, 0};

typedef struct {
    char magic[8];
    uint32_t n_classes, n_features, n_states, n_edges;
    uint64_t off_classes, off_pc, off_fail, off_start, off_via, off_child, off_out, off_ptc, size;
} Header;

typedef struct {
    const Header *h;
    const float *pc;
    const uint32_t *fail, *start, *child;
    const uint8_t *via;
    const int32_t *out;
} Model;

static float HALF[65536]; /* IEEE half -> float, exact; filled at import */

static void fill_half(void) {
    for (uint32_t h = 0; h < 65536; h++) {
        uint32_t sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
        double v;
        if (exp == 0)
            v = ldexp((double)mant, -24);
        else if (exp == 31)
            v = mant ? NAN : INFINITY;
        else
            v = ldexp((double)(mant | 0x400), (int)exp - 25);
        HALF[h] = (float)(sign ? -v : v);
    }
}

static int span_ok(uint64_t off, uint64_t count, uint64_t item, uint64_t size) {
    return off % 4 == 0 && count <= size / item && off <= size - count * item;
}

/* Points `m` into the head after checking that the header and every array fit: the head's arrays in the head,
 * ptc in the file of `size` bytes. */
static int open_model(const Py_buffer *head, uint64_t size, Model *m) {
    uint64_t len = (uint64_t)head->len;
    const Header *h = (const Header *)head->buf;
    if (len < sizeof(Header) || ((uintptr_t)head->buf) % 8 || memcmp(h->magic, MAGIC, 8) != 0 ||
        h->size != size || h->off_ptc != len || h->n_classes == 0 || h->n_states == 0) {
        PyErr_SetString(PyExc_ValueError, "not a translit language model (bad header)");
        return -1;
    }
    uint64_t cells = (uint64_t)h->n_features * h->n_classes;
    if (!span_ok(h->off_classes, h->n_classes, 8, len) || !span_ok(h->off_pc, h->n_classes, 4, len) ||
        !span_ok(h->off_fail, h->n_states, 4, len) || !span_ok(h->off_start, (uint64_t)h->n_states + 1, 4, len) ||
        !span_ok(h->off_via, h->n_edges, 1, len) || !span_ok(h->off_child, h->n_edges, 4, len) ||
        !span_ok(h->off_out, h->n_states, 4, len) || !span_ok(h->off_ptc, cells, 2, size)) {
        PyErr_SetString(PyExc_ValueError, "not a translit language model (arrays outside the file)");
        return -1;
    }
    const char *base = (const char *)head->buf;
    m->h = h;
    m->pc = (const float *)(base + h->off_pc);
    m->fail = (const uint32_t *)(base + h->off_fail);
    m->start = (const uint32_t *)(base + h->off_start);
    m->via = (const uint8_t *)(base + h->off_via);
    m->child = (const uint32_t *)(base + h->off_child);
    m->out = (const int32_t *)(base + h->off_out);
    return 0;
}

/* The state after `state` reads `byte`: its trie edge, else its fail state's transition; the root stays put. */
static int64_t step(const Model *m, uint32_t state, uint8_t byte) {
    const Header *h = m->h;
    for (int hops = 0; hops < MAX_HOPS; hops++) {
        uint32_t lo = m->start[state], hi = m->start[state + 1];
        if (lo > hi || hi > h->n_edges) return -1;
        while (lo < hi) { /* binary search of the sorted edge bytes */
            uint32_t mid = lo + (hi - lo) / 2;
            if (m->via[mid] < byte)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < m->start[state + 1] && m->via[lo] == byte) {
            uint32_t next = m->child[lo];
            return next < h->n_states ? (int64_t)next : -1;
        }
        if (state == 0) return 0;
        state = m->fail[state];
        if (state >= h->n_states) return -1;
    }
    return -1;
}

/* Feature counts of a text (first-occurrence order, as py3langid's Counter); -1 on a corrupt model. */
static int64_t walk(const Model *m, const unsigned char *text, Py_ssize_t len, uint32_t *keys, uint32_t *counts,
                    uint32_t *order, uint32_t mask) {
    uint32_t state = 0, distinct = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        int64_t next = step(m, state, text[i]);
        if (next < 0) return -1;
        state = (uint32_t)next;
        int32_t f = m->out[state];
        if (f < 0) continue;
        if ((uint32_t)f >= m->h->n_features) return -1;
        uint32_t slot = ((uint32_t)f * 2654435761u) & mask;
        while (counts[slot] && keys[slot] != (uint32_t)f) slot = (slot + 1) & mask;
        if (!counts[slot]) {
            keys[slot] = (uint32_t)f;
            order[distinct++] = slot;
        }
        counts[slot]++;
    }
    return distinct;
}

/* The feature rows read so far, direct-mapped by feature (ROWS slots, at most ROWS * n_classes * 2 bytes: 3 MB
 * for py3langid's 97 columns, allocated on first use and touched only where rows land). A bulk run scores
 * thousands of paragraphs over the same few thousand features: one pread per feature of every text was most of
 * a score (160 µs a paragraph). Used under the GIL only; `ident` is the model it holds rows of. */
#define ROWS 16384
static uint16_t *row_cache = NULL;
static uint32_t row_key[ROWS]; /* feature + 1; 0: empty */
static Header row_ident;
static uint32_t row_classes = 0;

static const uint16_t *cached_row(const Model *m, int fd, uint32_t feature, uint16_t *row) {
    uint32_t nc = m->h->n_classes;
    size_t bytes = sizeof(uint16_t) * nc;
    if (row_cache == NULL || row_classes != nc || memcmp(&row_ident, m->h, sizeof(Header)) != 0) {
        PyMem_RawFree(row_cache);
        row_cache = PyMem_RawCalloc((size_t)ROWS, bytes);
        memset(row_key, 0, sizeof(row_key));
        row_ident = *m->h;
        row_classes = nc;
    }
    uint32_t slot = feature & (ROWS - 1);
    uint16_t *dst = row_cache != NULL ? row_cache + (size_t)slot * nc : row;
    if (row_cache != NULL && row_key[slot] == feature + 1) return dst;
    off_t at = (off_t)(m->h->off_ptc + (uint64_t)feature * bytes);
    if (pread(fd, dst, bytes, at) != (ssize_t)bytes) {
        if (row_cache != NULL) row_key[slot] = 0;
        return NULL;
    }
    if (row_cache != NULL) row_key[slot] = feature + 1;
    return dst;
}

/* scores = pc + sum over features of log1p(count) * ptc[feature], the rows read from the file; -1 on error. */
static int dot(const Model *m, int fd, const uint32_t *keys, const uint32_t *counts, const uint32_t *order,
               uint32_t distinct, double *scores, uint16_t *row) {
    uint32_t nc = m->h->n_classes;
    for (uint32_t c = 0; c < nc; c++) scores[c] = 0.0;
    if (distinct == 0) return 0; /* no features: uniform, as py3langid's norm_probs fill of 0.0 */
    for (uint32_t k = 0; k < distinct; k++) {
        uint32_t slot = order[k];
        const uint16_t *values = cached_row(m, fd, keys[slot], row);
        if (values == NULL) return -1;
        double w = log1p((double)counts[slot]);
        for (uint32_t c = 0; c < nc; c++) scores[c] += w * (double)HALF[values[c]];
    }
    for (uint32_t c = 0; c < nc; c++) scores[c] += (double)m->pc[c];
    return 0;
}

PyDoc_STRVAR(scores_doc,
             "scores(head, fd, size, text, /) -> list[float]\n\n"
             "py3langid's normalised probabilities (norm_probs=True, before aliased columns are folded) of the\n"
             "UTF-8 bytes `text`, one per class column: `head` holds the model file up to its feature table, `fd`\n"
             "is the file open for reading and `size` its length.");

static PyObject *py_scores(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer head, text;
    int fd;
    unsigned long long size;
    if (!PyArg_ParseTuple(args, "y*iKy*:scores", &head, &fd, &size, &text)) return NULL;
    PyObject *result = NULL;
    Model m;
    double *scores = NULL;
    uint32_t *scratch = NULL;
    uint16_t *row = NULL;
    if (open_model(&head, size, &m) < 0) goto done;
    uint32_t nc = m.h->n_classes;
    uint64_t cap = 16;
    while (cap < 2 * (uint64_t)text.len + 16) cap <<= 1;
    if (cap > (1u << 30)) {
        PyErr_SetString(PyExc_ValueError, "text too long for the language model");
        goto done;
    }
    scores = PyMem_Malloc(sizeof(double) * nc);
    row = PyMem_Malloc(sizeof(uint16_t) * nc);
    /* keys, counts (which must start at zero) and the first-occurrence order */
    scratch = PyMem_Malloc(sizeof(uint32_t) * (2 * cap + (uint64_t)text.len + 1));
    if (!scores || !row || !scratch) {
        PyErr_NoMemory();
        goto done;
    }
    memset(scratch + cap, 0, sizeof(uint32_t) * cap);
    int ok;
    /* the GIL is held: the row cache is shared (a paragraph scores in tens of microseconds) */
    int64_t distinct = walk(&m, text.buf, text.len, scratch, scratch + cap, scratch + 2 * cap, (uint32_t)(cap - 1));
    ok = distinct < 0 ? -1 : dot(&m, fd, scratch, scratch + cap, scratch + 2 * cap, (uint32_t)distinct, scores, row);
    if (ok == 0) {
        double scale = 1.0 / sqrt((double)(text.len ? text.len : 1)), top = -INFINITY, total = 0.0;
        for (uint32_t c = 0; c < nc; c++) {
            scores[c] *= scale;
            if (scores[c] > top) top = scores[c];
        }
        for (uint32_t c = 0; c < nc; c++) total += (scores[c] = exp(scores[c] - top));
        for (uint32_t c = 0; c < nc; c++) scores[c] /= total;
    }
    if (ok < 0) {
        PyErr_SetString(PyExc_ValueError, "corrupt translit language model (a table points outside the file)");
        goto done;
    }
    result = PyList_New(nc);
    if (!result) goto done;
    for (uint32_t c = 0; c < nc; c++) {
        PyObject *v = PyFloat_FromDouble(scores[c]);
        if (!v) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, c, v);
    }
done:
    PyMem_Free(scores);
    PyMem_Free(row);
    PyMem_Free(scratch);
    PyBuffer_Release(&head);
    PyBuffer_Release(&text);
    return result;
}

PyDoc_STRVAR(check_doc,
             "check(head, size, /) -> int\n\n"
             "The number of class columns of a model file of `size` bytes whose head is `head`; ValueError if the\n"
             "header is not one or an array lies outside the file.");

static PyObject *py_check(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer head;
    unsigned long long size;
    if (!PyArg_ParseTuple(args, "y*K:check", &head, &size)) return NULL;
    Model m;
    PyObject *result = open_model(&head, size, &m) < 0 ? NULL : PyLong_FromUnsignedLong(m.h->n_classes);
    PyBuffer_Release(&head);
    return result;
}

static PyMethodDef methods[] = {
    {"scores", py_scores, METH_VARARGS, scores_doc},
    {"check", py_check, METH_VARARGS, check_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "translit._langid", "py3langid's scorer without numpy (see translit/text/langid.py).",
    -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__langid(void) {
    fill_half();
    PyObject *mod = PyModule_Create(&module);
    if (mod && PyModule_AddIntConstant(mod, "API", API_VERSION) < 0) Py_CLEAR(mod);
    return mod;
}
