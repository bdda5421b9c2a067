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
static PyObject *str_raw;      /* "raw" */

/* ------------------------------------------------------------------------------------------------ units */

/* The units of the `n` pieces `items` (a flow), as `_flow._units_py` groups them: a new list, NULL on an error. */
static PyObject *units_of(PyObject **items, Py_ssize_t n) {
    PyObject *result = PyList_New(0);
    PyObject *current = NULL; /* the unit being collected (owned) */
    PyObject *last = NULL;    /* its last piece (borrowed from `items`) */
    int joined = 0;           /* only an inline tag ("" stand-in) lies between this piece and the last */
    if (result == NULL) {
        return NULL;
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
    return result;
fail:
    Py_XDECREF(current);
    Py_DECREF(result);
    return NULL;
}

static PyObject *units(PyObject *self, PyObject *flow) {
    (void)self;
    PyObject *seq = PySequence_Fast(flow, "units() takes a sequence of pieces");
    if (seq == NULL) {
        return NULL;
    }
    PyObject *result = units_of(PySequence_Fast_ITEMS(seq), PySequence_Fast_GET_SIZE(seq));
    Py_DECREF(seq);
    return result;
}

/* ------------------------------------------------------------------------------------------------ flows */

/* The text of a unit: its pieces joined (the piece itself for a unit of one). */
static PyObject *unit_text(PyObject *unit) {
    Py_ssize_t count = PyList_GET_SIZE(unit);
    if (count == 1) {
        PyObject *piece = PyTuple_GET_ITEM(PyList_GET_ITEM(unit, 0), 1);
        Py_INCREF(piece);
        return piece;
    }
    PyObject *pieces = PyList_New(count);
    if (pieces == NULL) {
        return NULL;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *piece = PyTuple_GET_ITEM(PyList_GET_ITEM(unit, k), 1);
        Py_INCREF(piece);
        PyList_SET_ITEM(pieces, k, piece);
    }
    PyObject *empty = PyUnicode_New(0, 0);
    PyObject *text = empty == NULL ? NULL : PyUnicode_Join(empty, pieces);
    Py_XDECREF(empty);
    Py_DECREF(pieces);
    return text;
}

/* A new list of the `n` pieces `items`, each text piece itself and each Fixed one its attribute `name` (raw or
 * stand_in); NULL on an error. */
static PyObject *piece_values(PyObject **items, Py_ssize_t n, PyObject *name) {
    PyObject *out = PyList_New(n);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *piece = items[i], *value;
        if (PyUnicode_Check(piece)) {
            Py_INCREF(piece);
            value = piece;
        } else if ((value = PyObject_GetAttr(piece, name)) == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, value);
    }
    return out;
}

/* flows(flows) -> (results, units, texts): `_flow.convert_flows`'s first pass (see `_flows_py`). */
static PyObject *flows(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "flows() takes a sequence of flows");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **all = PySequence_Fast_ITEMS(seq);
    PyObject *results = PyList_New(n), *units_out = PyList_New(0), *texts = PyList_New(0);
    if (results == NULL || units_out == NULL || texts == NULL) {
        goto fail;
    }
    for (Py_ssize_t f = 0; f < n; f++) {
        PyObject *flow = PySequence_Fast(all[f], "a flow is a sequence of pieces");
        if (flow == NULL) {
            goto fail;
        }
        Py_ssize_t size = PySequence_Fast_GET_SIZE(flow);
        PyObject **items = PySequence_Fast_ITEMS(flow);
        PyObject *raw = piece_values(items, size, str_raw);
        if (raw == NULL) {
            Py_DECREF(flow);
            goto fail;
        }
        PyList_SET_ITEM(results, f, raw); /* steals it */
        PyObject *found = units_of(items, size);
        Py_DECREF(flow);
        if (found == NULL) {
            goto fail;
        }
        Py_ssize_t count = PyList_GET_SIZE(found);
        for (Py_ssize_t u = 0; u < count; u++) {
            PyObject *unit = PyList_GET_ITEM(found, u);
            PyObject *entry = Py_BuildValue("(nO)", f, unit);
            PyObject *text = entry == NULL ? NULL : unit_text(unit);
            int failed = text == NULL || PyList_Append(units_out, entry) < 0 || PyList_Append(texts, text) < 0;
            Py_XDECREF(entry);
            Py_XDECREF(text);
            if (failed) {
                Py_DECREF(found);
                goto fail;
            }
        }
        Py_DECREF(found);
    }
    Py_DECREF(seq);
    return Py_BuildValue("(NNN)", results, units_out, texts);
fail:
    Py_XDECREF(results);
    Py_XDECREF(units_out);
    Py_XDECREF(texts);
    Py_DECREF(seq);
    return NULL;
}

/* flats(flows) -> list of str: each flow's text as the converter sees it, markup as its stand-in
 * (`_flow._flats_py`). */
static PyObject *flats(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "flats() takes a sequence of flows");
    if (seq == NULL) {
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **all = PySequence_Fast_ITEMS(seq);
    PyObject *out = PyList_New(n), *empty = PyUnicode_New(0, 0);
    if (out == NULL || empty == NULL) {
        goto fail;
    }
    for (Py_ssize_t f = 0; f < n; f++) {
        PyObject *flow = PySequence_Fast(all[f], "a flow is a sequence of pieces");
        if (flow == NULL) {
            goto fail;
        }
        Py_ssize_t size = PySequence_Fast_GET_SIZE(flow);
        PyObject **items = PySequence_Fast_ITEMS(flow);
        PyObject *text;
        if (size == 1 && PyUnicode_Check(items[0])) { /* most paragraphs of HTML, Markdown, subtitles: one text */
            Py_INCREF(items[0]);
            text = items[0];
        } else {
            PyObject *parts = piece_values(items, size, str_stand_in);
            text = parts == NULL ? NULL : PyUnicode_Join(empty, parts);
            Py_XDECREF(parts);
        }
        Py_DECREF(flow);
        if (text == NULL) {
            goto fail;
        }
        PyList_SET_ITEM(out, f, text);
    }
    Py_DECREF(empty);
    Py_DECREF(seq);
    return out;
fail:
    Py_XDECREF(out);
    Py_XDECREF(empty);
    Py_DECREF(seq);
    return NULL;
}

/* prefixes(cut) -> list of str: the prefixes of the cuts of these (unit, text) pairs, in order, without repeats
 * (`_flow._prefixes_py`): from the last space before a cut to the cut; past the prefix's last whitespace when it
 * holds other whitespace (or anything unprintable); none holding NUL. */
static PyObject *prefixes(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "prefixes() takes a sequence of (unit, text) pairs");
    if (seq == NULL) {
        return NULL;
    }
    PyObject *wanted = PyDict_New();
    if (wanted == NULL) {
        Py_DECREF(seq);
        return NULL;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **all = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *pair = all[k];
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 || !PyList_Check(PyTuple_GET_ITEM(pair, 0)) ||
            !PyUnicode_Check(PyTuple_GET_ITEM(pair, 1))) {
            PyErr_SetString(PyExc_TypeError, "prefixes() takes (list of (index, str), str) pairs");
            goto fail;
        }
        PyObject *unit = PyTuple_GET_ITEM(pair, 0), *text = PyTuple_GET_ITEM(pair, 1);
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t length = PyUnicode_GET_LENGTH(text), count = PyList_GET_SIZE(unit), c = 0;
        for (Py_ssize_t i = 0; i + 1 < count; i++) {
            PyObject *entry = PyList_GET_ITEM(unit, i);
            if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2 || !PyUnicode_Check(PyTuple_GET_ITEM(entry, 1))) {
                PyErr_SetString(PyExc_TypeError, "prefixes(): a unit is a list of (index, str) pairs");
                goto fail;
            }
            c += PyUnicode_GET_LENGTH(PyTuple_GET_ITEM(entry, 1));
            Py_ssize_t end = c < length ? c : length;
            Py_ssize_t start = 0, printable_all = 1, nul = 0;
            for (Py_ssize_t j = end - 1; j >= 0; j--) {
                if (PyUnicode_READ(kind, data, j) == ' ') {
                    start = j + 1;
                    break;
                }
            }
            for (Py_ssize_t j = start; j < end; j++) {
                Py_UCS4 ch = PyUnicode_READ(kind, data, j);
                if (!is_printable(ch)) {
                    printable_all = 0;
                }
            }
            if (!printable_all) { /* other whitespace may start the word later: after the last of it */
                for (Py_ssize_t j = end - 1; j >= start; j--) {
                    if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, j))) {
                        start = j + 1;
                        break;
                    }
                }
                for (Py_ssize_t j = start; j < end; j++) {
                    if (PyUnicode_READ(kind, data, j) == 0) {
                        nul = 1;
                        break;
                    }
                }
                if (nul) {
                    continue;
                }
            }
            if (start >= end) {
                continue;
            }
            PyObject *prefix = PyUnicode_Substring(text, start, end);
            if (prefix == NULL || PyDict_SetDefault(wanted, prefix, Py_None) == NULL) {
                Py_XDECREF(prefix);
                goto fail;
            }
            Py_DECREF(prefix);
        }
    }
    Py_DECREF(seq);
    PyObject *keys = PyDict_Keys(wanted);
    Py_DECREF(wanted);
    return keys;
fail:
    Py_DECREF(wanted);
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

/* `cut_spaces` on parsed arguments: a new reference to (parts, simplified), or to None or False (see there). */
static PyObject *cut_spaces_impl(PyObject *unit, PyObject *text, PyObject *converted, PyObject *lookup) {
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

/* row[pair's index] = value (a new reference taken); -1 on an error. */
static int set_piece(PyObject *row, PyObject *pair, PyObject *value) {
    if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
        PyErr_SetString(PyExc_TypeError, "place(): a unit is a list of (index, str) pairs");
        return -1;
    }
    Py_ssize_t index = PyLong_AsSsize_t(PyTuple_GET_ITEM(pair, 0));
    if (index == -1 && PyErr_Occurred()) {
        return -1;
    }
    if (index < 0 || index >= PyList_GET_SIZE(row)) {
        PyErr_SetString(PyExc_IndexError, "place(): a piece's index is not in its flow");
        return -1;
    }
    Py_INCREF(value);
    PyList_SetItem(row, index, value); /* steals it, releases the old */
    return 0;
}

static PyObject *cut_spaces(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *unit, *text, *converted, *lookup;
    if (!PyArg_ParseTuple(args, "O!UUO", &PyList_Type, &unit, &text, &converted, &lookup)) {
        return NULL;
    }
    return cut_spaces_impl(unit, text, converted, lookup);
}

/* place(units, texts, converted, results, lookup) -> (simplified, others): `_flow.convert_flows`'s last pass.
 * Each unit's conversion goes into its flow's results: a unit of one piece as it is, a unit of several cut back
 * by `cut_spaces`; the units that case does not cover are left to the caller as (index, None or False). */
static PyObject *place(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *units, *texts, *converted, *results, *lookup;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O", &PyList_Type, &units, &PyList_Type, &texts, &PyList_Type, &converted,
                          &PyList_Type, &results, &lookup)) {
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(units);
    if (PyList_GET_SIZE(texts) != n || PyList_GET_SIZE(converted) != n) {
        PyErr_SetString(PyExc_ValueError, "place(): units, texts and conversions differ in number");
        return NULL;
    }
    PyObject *others = PyList_New(0);
    if (others == NULL) {
        return NULL;
    }
    Py_ssize_t simplified = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        PyObject *entry = PyList_GET_ITEM(units, k);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 2 || !PyList_Check(PyTuple_GET_ITEM(entry, 1))) {
            PyErr_SetString(PyExc_TypeError, "place(): units are (flow number, list of (index, str)) pairs");
            goto fail;
        }
        Py_ssize_t flow = PyLong_AsSsize_t(PyTuple_GET_ITEM(entry, 0));
        if (flow == -1 && PyErr_Occurred()) {
            goto fail;
        }
        if (flow < 0 || flow >= PyList_GET_SIZE(results) || !PyList_Check(PyList_GET_ITEM(results, flow))) {
            PyErr_SetString(PyExc_IndexError, "place(): a unit's flow is not in the results");
            goto fail;
        }
        PyObject *row = PyList_GET_ITEM(results, flow), *unit = PyTuple_GET_ITEM(entry, 1);
        PyObject *conv = PyList_GET_ITEM(converted, k), *text = PyList_GET_ITEM(texts, k);
        if (!PyUnicode_Check(conv) || !PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "place(): texts and conversions are str");
            goto fail;
        }
        Py_ssize_t count = PyList_GET_SIZE(unit);
        if (count == 1) {
            if (set_piece(row, PyList_GET_ITEM(unit, 0), conv) < 0) {
                goto fail;
            }
            continue;
        }
        PyObject *done = cut_spaces_impl(unit, text, conv, lookup);
        if (done == NULL) {
            goto fail;
        }
        if (!PyTuple_Check(done)) { /* None or False: the caller's */
            PyObject *other = Py_BuildValue("(nO)", k, done);
            Py_DECREF(done);
            if (other == NULL || PyList_Append(others, other) < 0) {
                Py_XDECREF(other);
                goto fail;
            }
            Py_DECREF(other);
            continue;
        }
        PyObject *parts = PyTuple_GET_ITEM(done, 0);
        simplified += PyLong_AsSsize_t(PyTuple_GET_ITEM(done, 1));
        for (Py_ssize_t i = 0; i < count; i++) {
            if (set_piece(row, PyList_GET_ITEM(unit, i), PyList_GET_ITEM(parts, i)) < 0) {
                Py_DECREF(done);
                goto fail;
            }
        }
        Py_DECREF(done);
    }
    return Py_BuildValue("(nN)", simplified, others);
fail:
    Py_DECREF(others);
    return NULL;
}

static PyMethodDef methods[] = {
    {"units", units, METH_O, "units(flow) -> list of units, each a list of (index, piece): `_flow._units_py`"},
    {"flows", flows, METH_O, "flows(flows) -> (results, units, texts): `_flow._flows_py`"},
    {"flats", flats, METH_O, "flats(flows) -> each flow's text with markup as its stand-in: `_flow._flats_py`"},
    {"place", place, METH_VARARGS,
     "place(units, texts, converted, results, lookup) -> (simplified, others): `_flow.convert_flows`' last pass"},
    {"prefixes", prefixes, METH_O, "prefixes(cut) -> the prefixes of the cuts of (unit, text) pairs: `_flow._prefixes_py`"},
    {"cut_spaces", cut_spaces, METH_VARARGS,
     "cut_spaces(unit, text, converted, lookup) -> (parts, simplified), False (spaces differ) or None (other "
     "whitespace): `_flow._cut_py`'s single-space case"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "translit._flowcut", NULL, -1, methods, NULL, NULL, NULL, NULL};

/* bumped whenever a function's contract changes: translit.documents._flow ignores a stale build of another */
#define API_VERSION 4

PyMODINIT_FUNC PyInit__flowcut(void) {
    for (Py_UCS4 ch = 0; ch < TABLE_SIZE; ch++) {
        printable[ch] = (unsigned char)(Py_UNICODE_ISPRINTABLE(ch) ? 1 : 0);
    }
    str_stand_in = PyUnicode_InternFromString("stand_in");
    str_casefold = PyUnicode_InternFromString("casefold");
    str_raw = PyUnicode_InternFromString("raw");
    if (str_stand_in == NULL || str_casefold == NULL || str_raw == NULL) {
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
