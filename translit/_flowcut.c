/* translit._flowcut: the two per-unit steps of `translit.documents._flow` in C (optional; the Python functions
 * there are the reference, and tests/test_documents_flow_c.py holds both to the same output).
 *
 * units(flow) groups the text pieces of a flow into units exactly as `_flow._units_py` does: pieces that touch
 * inside a word (only an inline tag, a Fixed piece with an empty stand-in, between them) stay together.
 *
 * cut_spaces(unit, text, converted, lookup) is `_flow._cut_py`'s test and its common case `_cut_spaces`: when
 * both strings are printable with single spaces only, and as many on each side, the conversion is cut back
 * into the unit's pieces (parts, simplified); False when the test holds but the spaces differ (the caller then
 * converts piece by piece); None when the test fails (the caller takes the path for any whitespace).
 *
 * Why C: a document hands every paragraph split by markup to these two, and on the 200-document benchmark
 * they were the largest Python cost of the formats (a unit with a cut took 10 µs in `_cut`: two `isprintable`
 * scans, counts, and a regex match, a find and a few slices per piece).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* printable as str.isprintable() reads it, for code points below TABLE_SIZE (filled at import) */
#define TABLE_SIZE 0x530
static unsigned char printable[TABLE_SIZE];

static inline int is_printable(Py_UCS4 ch) { return ch < TABLE_SIZE ? printable[ch] : Py_UNICODE_ISPRINTABLE(ch); }

static PyObject *str_stand_in; /* "stand_in" */
static PyObject *str_casefold; /* "casefold" */

/* ------------------------------------------------------------------------------------------------ units */

static PyObject *units(PyObject *self, PyObject *flow) {
    PyObject *seq = PySequence_Fast(flow, "units() takes a sequence of pieces");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *result = PyList_New(0);
    PyObject *current = NULL; /* the unit being collected (owned) */
    PyObject *last = NULL;    /* its last piece (borrowed from `seq`) */
    int joined = 0;           /* only an inline tag ("" stand-in) lies between this piece and the last */
    if (result == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *piece = items[i];
        if (!PyUnicode_Check(piece)) { /* a Fixed piece */
            PyObject *stand = PyObject_GetAttr(piece, str_stand_in);
            if (stand == NULL) {
                goto fail;
            }
            int truth = PyObject_IsTrue(stand);
            Py_DECREF(stand);
            if (truth < 0) {
                goto fail;
            }
            if (truth) {
                joined = 0;
            }
            continue;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(piece);
        if (length == 0) {
            continue;
        }
        PyObject *pair = Py_BuildValue("(nO)", i, piece);
        if (pair == NULL) {
            goto fail;
        }
        if (current != NULL && joined && !Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(last, PyUnicode_GET_LENGTH(last) - 1)) &&
            !Py_UNICODE_ISSPACE(PyUnicode_READ_CHAR(piece, 0))) {
            int failed = PyList_Append(current, pair);
            Py_DECREF(pair);
            if (failed < 0) {
                goto fail;
            }
        } else {
            if (current != NULL) {
                int failed = PyList_Append(result, current);
                Py_CLEAR(current);
                if (failed < 0) {
                    Py_DECREF(pair);
                    goto fail;
                }
            }
            current = PyList_New(1);
            if (current == NULL) {
                Py_DECREF(pair);
                goto fail;
            }
            PyList_SET_ITEM(current, 0, pair); /* steals it */
        }
        last = piece;
        joined = 1;
    }
    if (current != NULL) {
        int failed = PyList_Append(result, current);
        Py_CLEAR(current);
        if (failed < 0) {
            goto fail;
        }
    }
    Py_DECREF(seq);
    return result;
fail:
    Py_XDECREF(current);
    Py_XDECREF(result);
    Py_DECREF(seq);
    return NULL;
}

/* ------------------------------------------------------------------------------------------------ cut_spaces */

/* The number of spaces in `s` when it is printable with no two spaces together, else -1. */
static Py_ssize_t single_spaces(PyObject *s) {
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s), spaces = 0;
    Py_UCS4 previous = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch == ' ') {
            if (previous == ' ') {
                return -1;
            }
            spaces++;
        } else if (!is_printable(ch)) {
            return -1;
        }
        previous = ch;
    }
    return spaces;
}

/* The index of the first space in s[from:to], or -1. */
static Py_ssize_t find_space(int kind, const void *data, Py_ssize_t from, Py_ssize_t to) {
    for (Py_ssize_t i = from; i < to; i++) {
        if (PyUnicode_READ(kind, data, i) == ' ') {
            return i;
        }
    }
    return -1;
}

/* Where the conversion of a word's prefix ends inside the word's conversion (from `dst` to `end`), when the two
 * agree without case; -1 when not; -2 on an error. `_flow._prefix_end`. */
static Py_ssize_t prefix_end(PyObject *prefix, PyObject *converted, Py_ssize_t dst, Py_ssize_t end) {
    Py_ssize_t length = PyUnicode_GET_LENGTH(prefix);
    Py_ssize_t stop = end < dst + length ? end : dst + length;
    if (stop - dst == length && PyUnicode_Tailmatch(converted, prefix, dst, stop, -1) == 1) {
        return dst + length; /* the same code points: no string made */
    }
    PyObject *head = PyUnicode_Substring(converted, dst, stop);
    if (head == NULL) {
        return -2;
    }
    PyObject *a = PyObject_CallMethodNoArgs(head, str_casefold);
    PyObject *b = a == NULL ? NULL : PyObject_CallMethodNoArgs(prefix, str_casefold);
    Py_DECREF(head);
    int same = b == NULL ? -1 : PyObject_RichCompareBool(a, b, Py_EQ);
    Py_XDECREF(a);
    Py_XDECREF(b);
    if (same < 0) {
        return -2;
    }
    return same ? dst + length : -1;
}

static PyObject *cut_spaces(PyObject *self, PyObject *args) {
    PyObject *unit, *text, *converted, *lookup;
    if (!PyArg_ParseTuple(args, "O!UUO", &PyList_Type, &unit, &text, &converted, &lookup)) {
        return NULL;
    }
    Py_ssize_t spaces = single_spaces(text);
    Py_ssize_t spaces_out = spaces < 0 ? -1 : single_spaces(converted);
    if (spaces < 0 || spaces_out < 0) {
        Py_RETURN_NONE;
    }
    if (spaces != spaces_out) {
        Py_RETURN_FALSE;
    }
    Py_ssize_t count = PyList_GET_SIZE(unit);
    Py_ssize_t text_size = PyUnicode_GET_LENGTH(text), size = PyUnicode_GET_LENGTH(converted);
    if (count == 0 || text_size == 0) {
        PyErr_SetString(PyExc_ValueError, "cut_spaces() takes a unit of non-empty pieces");
        return NULL;
    }
    int tkind = PyUnicode_KIND(text), ckind = PyUnicode_KIND(converted);
    const void *tdata = PyUnicode_DATA(text), *cdata = PyUnicode_DATA(converted);
    Py_ssize_t last = 0;
    if (PyUnicode_READ(tkind, tdata, 0) == ' ') { /* at the (empty) first word's end */
        last = find_space(ckind, cdata, 0, size);
        if (last < 0) {
            last = size;
        }
    }
    PyObject *parts = PyList_New(0);
    if (parts == NULL) {
        return NULL;
    }
    Py_ssize_t start = last, src = 0, dst = 0, failed = -1, simplified = 0;
    Py_ssize_t c;
    {
        PyObject *first = PyList_GET_ITEM(unit, 0);
        if (!PyTuple_Check(first) || PyTuple_GET_SIZE(first) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(first, 1))) {
            PyErr_SetString(PyExc_TypeError, "cut_spaces() takes a list of (index, str) pairs");
            goto fail;
        }
        c = PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(first, 1));
    }
    for (Py_ssize_t k = 1; k < count; k++) {
        PyObject *pair = PyList_GET_ITEM(unit, k);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "cut_spaces() takes a list of (index, str) pairs");
            goto fail;
        }
        if (c >= text_size) {
            PyErr_SetString(PyExc_ValueError, "cut_spaces(): the pieces are longer than the text");
            goto fail;
        }
        /* the spaces between the cursor and the cut: as many skipped in the conversion */
        Py_ssize_t runs = 0, after = -1;
        for (Py_ssize_t i = src; i < c; i++) {
            if (PyUnicode_READ(tkind, tdata, i) == ' ') {
                runs++;
                after = i + 1;
            }
        }
        if (runs) {
            src = after;
            for (Py_ssize_t r = 0; r < runs; r++) {
                Py_ssize_t at = find_space(ckind, cdata, dst, size);
                if (at < 0) {
                    PyErr_SetString(PyExc_AssertionError, "cut_spaces(): fewer spaces in the conversion");
                    goto fail;
                }
                dst = at + 1;
            }
        }
        Py_UCS4 here = PyUnicode_READ(tkind, tdata, c);
        Py_ssize_t at;
        if (c == src && here != ' ') { /* at the start of a word */
            at = dst;
        } else { /* at a space (the end of the word), or inside a word */
            at = find_space(ckind, cdata, dst, size);
            if (at < 0) {
                at = size;
            }
            if (here != ' ' && failed != src) { /* inside the word: where its prefix ends, if it agrees */
                PyObject *prefix = PyUnicode_Substring(text, src, c);
                PyObject *out = prefix == NULL ? NULL : PyObject_CallOneArg(lookup, prefix);
                Py_XDECREF(prefix);
                if (out == NULL) {
                    goto fail;
                }
                if (!PyUnicode_Check(out)) {
                    Py_DECREF(out);
                    PyErr_SetString(PyExc_TypeError, "cut_spaces(): lookup must return str");
                    goto fail;
                }
                Py_ssize_t agreed = prefix_end(out, converted, dst, at);
                Py_DECREF(out);
                if (agreed == -2) {
                    goto fail;
                }
                if (agreed < 0) {
                    failed = src;
                    simplified++;
                } else {
                    at = agreed;
                }
            }
        }
        if (at > last) {
            last = at;
        }
        PyObject *part = PyUnicode_Substring(converted, start, last);
        if (part == NULL || PyList_Append(parts, part) < 0) {
            Py_XDECREF(part);
            goto fail;
        }
        Py_DECREF(part);
        start = last;
        c += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(pair, 1));
    }
    PyObject *rest = PyUnicode_Substring(converted, start, size);
    if (rest == NULL || PyList_Append(parts, rest) < 0) {
        Py_XDECREF(rest);
        goto fail;
    }
    Py_DECREF(rest);
    return Py_BuildValue("(Nn)", parts, simplified);
fail:
    Py_DECREF(parts);
    return NULL;
}

static PyMethodDef methods[] = {
    {"units", units, METH_O, "units(flow) -> list of units, each a list of (index, piece): `_flow._units_py`"},
    {"cut_spaces", cut_spaces, METH_VARARGS,
     "cut_spaces(unit, text, converted, lookup) -> (parts, simplified), False (spaces differ) or None (other "
     "whitespace): `_flow._cut_py`'s single-space case"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "translit._flowcut", NULL, -1, methods, NULL, NULL, NULL, NULL};

/* bumped whenever a function's contract changes: translit.documents._flow ignores a stale build of another */
#define API_VERSION 1

PyMODINIT_FUNC PyInit__flowcut(void) {
    for (Py_UCS4 ch = 0; ch < TABLE_SIZE; ch++) {
        printable[ch] = (unsigned char)(Py_UNICODE_ISPRINTABLE(ch) ? 1 : 0);
    }
    str_stand_in = PyUnicode_InternFromString("stand_in");
    str_casefold = PyUnicode_InternFromString("casefold");
    if (str_stand_in == NULL || str_casefold == NULL) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "API", API_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
