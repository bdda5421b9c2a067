/* translit._speedups: the word loop of `Stage.convert` in C (optional; the Python path is the reference).
 *
 * convert(text, memo, apostrophes, fill) splits `text` into words exactly as `translit.tokenize.Tokenizer.split`
 * does when the text holds no protected span and no Markdown code (the caller checks), and writes each
 * word's memo value in its place, copying everything between words. The words not in the memo yet are handed
 * to `fill` as one set first (it converts them, in Python, into the memo).
 *
 * A word is a run of "letters" ([\w\u0300-\u036f\u00ad\u200c\u200d\u2060], \w as Python's re reads it for
 * str patterns: str.isalnum() or '_'); a lone letter followed by a dot that no letter follows takes the dot
 * (unless a hyphen precedes the letter: the particle of бўлса-я.);
 * with `apostrophes`, an apostrophe between letters belongs to the word, and so does one right after a final
 * o/O/g/G when no [\w\u0300-\u036f] follows it (tokenize._word and tokenize._OG_END).
 *
 * WordTable: the words met by earlier calls with their outputs (a cache of `memo` that the caller clears with it),
 * looked up by the word's code points in place.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch((address))
#else
#define PREFETCH(address) ((void)(address))
#endif
#define PREFETCH_SLOT 16 /* tokens ahead: the table slot of a word met by an earlier call */
#define PREFETCH_WORD 8  /* tokens ahead: that slot's word and output */

/* Character classes for code points below TABLE_SIZE (ASCII, Latin, IPA, Greek, Cyrillic), read from one byte
 * table filled at import by the same Unicode functions; measured: Py_UNICODE_ISALNUM is four table walks and was
 * 5 % of the word loop on Cyrillic text. */
#define TABLE_SIZE 0x530
#define F_ALNUM 1  /* \w: str.isalnum() or '_' */
#define F_LETTER 2 /* a word character of the tokenizer */
#define F_PLAIN 4  /* [^\W\d_] */
static unsigned char classes[TABLE_SIZE];

static inline int is_alnum_w_slow(Py_UCS4 ch) {
    if (ch < 128) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    }
    return Py_UNICODE_ISALNUM(ch);
}

static inline int is_letter_slow(Py_UCS4 ch) {
    return is_alnum_w_slow(ch) || (ch >= 0x300 && ch <= 0x36f) || ch == 0xad || ch == 0x200c || ch == 0x200d ||
           ch == 0x2060;
}

/* [^\W\d_] as Python's re reads it: a word character that is neither a decimal digit nor '_' */
static inline int is_plain_letter_slow(Py_UCS4 ch) {
    return is_alnum_w_slow(ch) && ch != '_' && !Py_UNICODE_ISDECIMAL(ch);
}

static void fill_classes(void) {
    for (Py_UCS4 ch = 0; ch < TABLE_SIZE; ch++) {
        classes[ch] = (unsigned char)((is_alnum_w_slow(ch) ? F_ALNUM : 0) | (is_letter_slow(ch) ? F_LETTER : 0) |
                                      (is_plain_letter_slow(ch) ? F_PLAIN : 0));
    }
}

static inline int is_alnum_w(Py_UCS4 ch) { return ch < TABLE_SIZE ? (classes[ch] & F_ALNUM) : is_alnum_w_slow(ch); }

static inline int is_letter(Py_UCS4 ch) { return ch < TABLE_SIZE ? (classes[ch] & F_LETTER) : is_letter_slow(ch); }

static inline int is_plain_letter(Py_UCS4 ch) {
    return ch < TABLE_SIZE ? (classes[ch] & F_PLAIN) : is_plain_letter_slow(ch);
}

static inline int is_apostrophe(Py_UCS4 ch) {
    return ch == 0x27 || ch == 0x2019 || ch == 0x2018 || ch == 0x60 || ch == 0xb4;
}

static inline int is_hyphen(Py_UCS4 ch) { return ch == '-' || ch == 0x2010 || ch == 0x2011; }

static inline int is_og(Py_UCS4 ch) { return ch == 'o' || ch == 'O' || ch == 'g' || ch == 'G'; }

#if PY_VERSION_HEX >= 0x030E0000
#define WRITER PyUnicodeWriter *
#define WRITER_NEW(w, n) ((w) = PyUnicodeWriter_Create(n)) == NULL
#define WRITE_SUB(w, s, a, b) PyUnicodeWriter_WriteSubstring((w), (s), (a), (b))
#define WRITE_STR(w, s) PyUnicodeWriter_WriteStr((w), (s))
#define WRITER_FINISH(w) PyUnicodeWriter_Finish(w)
#define WRITER_DISCARD(w) PyUnicodeWriter_Discard(w)
#else
#define WRITER _PyUnicodeWriter
#define WRITER_NEW(w, n) (_PyUnicodeWriter_Init(&(w)), (w).min_length = (n), (w).overallocate = 1, 0)
#define WRITE_SUB(w, s, a, b) _PyUnicodeWriter_WriteSubstring(&(w), (s), (a), (b))
#define WRITE_STR(w, s) _PyUnicodeWriter_WriteStr(&(w), (s))
#define WRITER_FINISH(w) _PyUnicodeWriter_Finish(&(w))
#define WRITER_DISCARD(w) _PyUnicodeWriter_Dealloc(&(w))
#endif

typedef struct {
    Py_ssize_t start, end;
    PyObject *obj; /* the word's output (owned), or while `missing` the word itself (owned) */
    int missing;
    Py_ssize_t first; /* the token where this word first occurs in the text (itself, or an earlier one) */
    Py_uhash_t hash;  /* of the word's code points (FNV-1a), for `seen` */
} Token;

/* Each call keeps its own table of the words seen so far in the text (open addressing over token indexes), so a
 * word that repeats is found by hashing and comparing its code points in place, without making a str, hashing it
 * with siphash and probing the memo dict. Measured: most tokens of running text repeat within a call, and the
 * memo lookup with its str was more than half of the word loop. */
typedef struct {
    Py_ssize_t *slots; /* token index + 1, 0 for empty */
    size_t mask;
    Py_ssize_t used;
} Seen;

/* The first table is sized for the text (a word per 4 characters at most, at half load), so that a short call
   does not zero 32 KB: that made `convert("Тошкент")` 2.5 → 3.9 µs. */
static size_t seen_first_size(Py_ssize_t length) {
    size_t size = 16;
    while (size < 4096 && (Py_ssize_t)size < length / 2) {
        size *= 2;
    }
    return size;
}

static int seen_grow(Seen *seen, const Token *tokens, Py_ssize_t length) {
    size_t size = seen->slots == NULL ? seen_first_size(length) : (seen->mask + 1) * 2;
    Py_ssize_t *slots = PyMem_Calloc(size, sizeof(Py_ssize_t));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    if (seen->slots != NULL) {
        for (size_t s = 0; s <= seen->mask; s++) {
            if (seen->slots[s]) {
                size_t k = tokens[seen->slots[s] - 1].hash & (size - 1);
                while (slots[k]) {
                    k = (k + 1) & (size - 1);
                }
                slots[k] = seen->slots[s];
            }
        }
        PyMem_Free(seen->slots);
    }
    seen->slots = slots;
    seen->mask = size - 1;
    return 0;
}

/* Doubles the token array (on a full one); -1 with MemoryError set. */
static int tokens_grow(Token **tokens, Py_ssize_t *capacity) {
    Token *grown = PyMem_Realloc(*tokens, (size_t)*capacity * 2 * sizeof(Token));
    if (grown == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    *tokens = grown;
    *capacity *= 2;
    return 0;
}

/* A word's code points equal the `len` code points of `data` (of `kind`) from `start`: str objects of another
 * kind (a Latin word cut from a Cyrillic text is UCS-1 on its own) are compared code point by code point. */
static inline int same_word(PyObject *word, int kind, const void *data, Py_ssize_t start, Py_ssize_t len) {
    if (PyUnicode_GET_LENGTH(word) != len) {
        return 0;
    }
    const int wkind = PyUnicode_KIND(word);
    const void *wdata = PyUnicode_DATA(word);
    if (wkind == kind) {
        return memcmp(wdata, (const char *)data + start * kind, (size_t)len * kind) == 0;
    }
    for (Py_ssize_t k = 0; k < len; k++) {
        if (PyUnicode_READ(wkind, wdata, k) != PyUnicode_READ(kind, data, start + k)) {
            return 0;
        }
    }
    return 1;
}

/* The words earlier calls met, with their outputs: what `seen` is for one call, kept across calls. Measured: a
 * bulk run calls the word loop once per 20 KB document, where a text file's stream calls it once per 150 KB or
 * more; most words of a document were met in earlier ones, and making each a str, hashing it with siphash and
 * probing the memo dict (a cache miss in a dict of some 10^5 words) made the loop 1.6x slower per character
 * on the benchmark's 200 documents than on their text as one file. An entry is found by the word's FNV hash and
 * its code points, compared in place, as in `seen`.
 *
 * It only ever holds what the memo holds (a word and the output the memo gave it): a word's output is a function
 * of the word and the stage, so an entry never goes stale; the caller clears it with the memo, which bounds it. */
typedef struct {
    Py_uhash_t hash;
    PyObject *word;  /* owned; NULL: an empty slot */
    PyObject *output; /* owned */
} Entry;

typedef struct {
    PyObject_HEAD
    Entry *slots;
    size_t mask;
    Py_ssize_t used;
} WordTable;

static void table_free_slots(WordTable *table) {
    if (table->slots != NULL) {
        for (size_t s = 0; s <= table->mask; s++) {
            Py_XDECREF(table->slots[s].word);
            Py_XDECREF(table->slots[s].output);
        }
        PyMem_Free(table->slots);
    }
    table->slots = NULL;
    table->mask = 0;
    table->used = 0;
}

static PyObject *table_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (PyTuple_GET_SIZE(args) != 0 || (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_SetString(PyExc_TypeError, "WordTable() takes no arguments");
        return NULL;
    }
    WordTable *table = (WordTable *)type->tp_alloc(type, 0);
    if (table != NULL) {
        table->slots = NULL;
        table->mask = 0;
        table->used = 0;
    }
    return (PyObject *)table;
}

static void table_dealloc(WordTable *table) {
    table_free_slots(table);
    Py_TYPE(table)->tp_free((PyObject *)table);
}

static PyObject *table_clear(WordTable *table, PyObject *unused) {
    (void)unused;
    table_free_slots(table);
    Py_RETURN_NONE;
}

static Py_ssize_t table_len(WordTable *table) { return table->used; }

/* The entry of the word at data[start:start+len] (of `kind`) with that hash, or NULL. */
static inline const Entry *table_find(const WordTable *table, Py_uhash_t hash, int kind, const void *data,
                                      Py_ssize_t start, Py_ssize_t len) {
    if (table->slots == NULL) {
        return NULL;
    }
    size_t slot = hash & table->mask;
    while (table->slots[slot].word != NULL) {
        const Entry *entry = &table->slots[slot];
        if (entry->hash == hash && same_word(entry->word, kind, data, start, len)) {
            return entry;
        }
        slot = (slot + 1) & table->mask;
    }
    return NULL;
}

/* Adds a word the table does not hold (the caller looked it up first); -1 with MemoryError set. */
static int table_add(WordTable *table, Py_uhash_t hash, PyObject *word, PyObject *output) {
    if (table->slots == NULL || (size_t)(table->used + 1) * 2 > table->mask + 1) {
        size_t size = table->slots == NULL ? 1024 : (table->mask + 1) * 2;
        Entry *slots = PyMem_Calloc(size, sizeof(Entry));
        if (slots == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        if (table->slots != NULL) {
            for (size_t s = 0; s <= table->mask; s++) {
                if (table->slots[s].word != NULL) {
                    size_t k = table->slots[s].hash & (size - 1);
                    while (slots[k].word != NULL) {
                        k = (k + 1) & (size - 1);
                    }
                    slots[k] = table->slots[s];
                }
            }
            PyMem_Free(table->slots);
        }
        table->slots = slots;
        table->mask = size - 1;
    }
    size_t slot = hash & table->mask;
    while (table->slots[slot].word != NULL) {
        slot = (slot + 1) & table->mask;
    }
    Py_INCREF(word);
    Py_INCREF(output);
    table->slots[slot].hash = hash;
    table->slots[slot].word = word;
    table->slots[slot].output = output;
    table->used++;
    return 0;
}

static PyMethodDef table_methods[] = {
    {"clear", (PyCFunction)table_clear, METH_NOARGS, "clear() -> None: forget every word (with the memo)"},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods table_as_sequence = {.sq_length = (lenfunc)table_len};

static PyTypeObject WordTableType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "translit._speedups.WordTable",
    .tp_basicsize = sizeof(WordTable),
    .tp_dealloc = (destructor)table_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "WordTable(): the words earlier convert() calls met, with their outputs (a cache of the memo)",
    .tp_methods = table_methods,
    .tp_as_sequence = &table_as_sequence,
    .tp_new = table_new,
};

static PyObject *convert(PyObject *self, PyObject *args) {
    PyObject *text, *memo, *fill, *cuts = Py_None, *table_arg = Py_None;
    int apostrophes;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!pO|OO:convert", &text, &PyDict_Type, &memo, &apostrophes, &fill, &cuts,
                          &table_arg)) {
        return NULL;
    }
    if (table_arg != Py_None && !PyObject_TypeCheck(table_arg, &WordTableType)) {
        PyErr_SetString(PyExc_TypeError, "table must be a WordTable or None");
        return NULL;
    }
    WordTable *table = table_arg == Py_None ? NULL : (WordTable *)table_arg;
    if (cuts != Py_None && !PyList_Check(cuts)) {
        PyErr_SetString(PyExc_TypeError, "cuts must be a list of (start, end, output) or None");
        return NULL;
    }
    Py_ssize_t ncuts = cuts == Py_None ? 0 : PyList_GET_SIZE(cuts), next_cut = 0;
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    PyObject *missing = NULL, *result = NULL;
    Py_ssize_t count = 0, capacity = n < 4096 ? 16 + n / 2 : 1024;
    Py_ssize_t ntokens = 0; /* the tokens pass 1 cut (pass 2 resolves the first `count` of them) */
    Token *tokens = PyMem_Malloc(capacity * sizeof(Token));
    if (tokens == NULL) {
        return PyErr_NoMemory();
    }
    Seen seen = {NULL, 0, 0};
    if (seen_grow(&seen, tokens, n) < 0) {
        PyMem_Free(tokens);
        return NULL;
    }
    /* pass 1: cut the words (and hash them) */
    Py_ssize_t i = 0, cut_start = n, cut_end = n, gap_end = n;
    PyObject *cut_out = NULL;
#define NEXT_CUT()                                                                                                  \
    do {                                                                                                            \
        cut_start = cut_end = gap_end = n;                                                                          \
        cut_out = NULL;                                                                                             \
        if (next_cut < ncuts) {                                                                                     \
            PyObject *item = PyList_GET_ITEM(cuts, next_cut);                                                       \
            Py_ssize_t a, b;                                                                                        \
            if (!PyTuple_Check(item) || !PyArg_ParseTuple(item, "nnU", &a, &b, &cut_out) || a < i || b < a ||   \
                b > n) {                                                                                            \
                if (!PyErr_Occurred()) {                                                                            \
                    PyErr_SetString(PyExc_ValueError, "cuts must be sorted, disjoint (start, end, str) in the text"); \
                }                                                                                                   \
                goto done;                                                                                          \
            }                                                                                                       \
            cut_start = gap_end = a;                                                                                \
            cut_end = b;                                                                                            \
            next_cut++;                                                                                             \
        }                                                                                                           \
    } while (0)
    NEXT_CUT();
    while (i < n) {
        if (i == cut_start && cut_out != NULL) { /* a span converted by the caller: its output in its place */
            if (count == capacity && tokens_grow(&tokens, &capacity) < 0) {
                goto done;
            }
            Py_INCREF(cut_out);
            tokens[count].start = cut_start;
            tokens[count].end = cut_end;
            tokens[count].obj = cut_out;
            tokens[count].missing = 0;
            tokens[count].first = count;
            tokens[count].hash = 0;
            count++;
            i = cut_end;
            NEXT_CUT();
            continue;
        }
        if (!is_letter(PyUnicode_READ(kind, data, i))) {
            i++;
            continue;
        }
        const Py_ssize_t lim = gap_end; /* a word never reaches into a cut (each cut is a line of its own) */
        Py_ssize_t j = i + 1;
        if (j < lim && PyUnicode_READ(kind, data, j) == '.' &&
            !(j + 1 < lim && is_letter(PyUnicode_READ(kind, data, j + 1))) &&
            !(i > 0 && is_hyphen(PyUnicode_READ(kind, data, i - 1)) && is_plain_letter(PyUnicode_READ(kind, data, i)))) {
            j++; /* an initial with its dot (not the particle of бўлса-я.) */
        } else {
            while (j < lim && is_letter(PyUnicode_READ(kind, data, j))) {
                j++;
            }
            if (apostrophes) {
                while (j + 1 < lim && is_apostrophe(PyUnicode_READ(kind, data, j)) &&
                       is_letter(PyUnicode_READ(kind, data, j + 1))) {
                    j += 2;
                    while (j < lim && is_letter(PyUnicode_READ(kind, data, j))) {
                        j++;
                    }
                }
                if (j < lim && is_apostrophe(PyUnicode_READ(kind, data, j)) && is_og(PyUnicode_READ(kind, data, j - 1))) {
                    Py_UCS4 after = j + 1 < lim ? PyUnicode_READ(kind, data, j + 1) : 0;
                    if (!(j + 1 < lim && (is_alnum_w(after) || (after >= 0x300 && after <= 0x36f)))) {
                        j++;
                    }
                }
            }
        }
        if (count == capacity && tokens_grow(&tokens, &capacity) < 0) {
            goto done;
        }
        Token *token = &tokens[count];
        token->start = i;
        token->end = j;
        token->first = count;
        token->obj = NULL; /* resolved in pass 2 */
        token->missing = 0;
        Py_uhash_t hash = 14695981039346656037ULL;
        for (Py_ssize_t k = i; k < j; k++) {
            hash = (hash ^ PyUnicode_READ(kind, data, k)) * 1099511628211ULL;
        }
        token->hash = hash;
        count++;
        i = j;
    }
    /* pass 2: look each word up once, in order. A word met by an earlier call is found in `table`, a table of
     * some 10^5 words that the formats' work between two documents evicts from the caches: each lookup then
     * waits for memory twice (the slot, then the word it holds). So the slot of the word PREFETCH_SLOT tokens
     * ahead is fetched early, and the word and output of the one PREFETCH_WORD ahead (its slot is in by
     * then). Measured: the 200 documents' units converted in 257 calls, 16 MB touched between calls: 390-435
     * ms of conversion against 235-260 ms with the caches left alone. */
    ntokens = count;
    count = 0;
    for (Py_ssize_t t = 0; t < ntokens; t++) {
        Token *token = &tokens[t];
        if (table != NULL && table->slots != NULL) {
            if (t + PREFETCH_SLOT < ntokens) {
                PREFETCH(&table->slots[tokens[t + PREFETCH_SLOT].hash & table->mask]);
            }
            if (t + PREFETCH_WORD < ntokens) {
                const Entry *ahead = &table->slots[tokens[t + PREFETCH_WORD].hash & table->mask];
                if (ahead->word != NULL) {
                    PREFETCH(ahead->word);
                    PREFETCH(ahead->output);
                }
            }
        }
        if (token->obj != NULL) { /* a cut: its output is in place already */
            count++;
            continue;
        }
        const Py_ssize_t i = token->start, j = token->end;
        const Py_uhash_t hash = token->hash;
        size_t slot = hash & seen.mask;
        const char *bytes = (const char *)data;
        while (seen.slots[slot]) {
            const Token *other = &tokens[seen.slots[slot] - 1];
            if (other->hash == hash && other->end - other->start == j - i &&
                memcmp(bytes + other->start * kind, bytes + i * kind, (size_t)(j - i) * kind) == 0) {
                break;
            }
            slot = (slot + 1) & seen.mask;
        }
        if (seen.slots[slot]) { /* seen before in this text: the same output, or the same missing word */
            const Token *other = &tokens[seen.slots[slot] - 1];
            token->first = other->first;
            token->obj = other->obj;
            token->missing = other->missing;
            Py_INCREF(token->obj);
            count++;
            continue;
        }
        seen.slots[slot] = count + 1;
        if (++seen.used * 2 > (Py_ssize_t)seen.mask && seen_grow(&seen, tokens, n) < 0) {
            goto done; /* (this token holds no reference yet: count is not advanced) */
        }
        const Entry *known = table == NULL ? NULL : table_find(table, hash, kind, data, i, j - i);
        if (known != NULL) { /* met by an earlier call */
            Py_INCREF(known->output);
            token->obj = known->output;
            token->missing = 0;
            count++;
            continue;
        }
        PyObject *word = PyUnicode_Substring(text, i, j);
        if (word == NULL) {
            goto done;
        }
        PyObject *out = PyDict_GetItemWithError(memo, word); /* borrowed */
        if (out != NULL) {
            if (table != NULL && table_add(table, hash, word, out) < 0) {
                Py_DECREF(word);
                goto done;
            }
            Py_INCREF(out);
            Py_DECREF(word);
            token->obj = out;
            token->missing = 0;
        } else {
            token->obj = word;
            token->missing = 1;
            if (PyErr_Occurred() || (missing == NULL && (missing = PySet_New(NULL)) == NULL) ||
                PySet_Add(missing, word) < 0) {
                count++;
                goto done;
            }
        }
        count++;
    }
    /* the words not in the memo yet: converted by the caller, then looked up (their hash is kept) */
    if (missing != NULL) {
        PyObject *called = PyObject_CallOneArg(fill, missing);
        if (called == NULL) {
            goto done;
        }
        Py_DECREF(called);
        for (Py_ssize_t k = 0; k < count; k++) {
            if (tokens[k].missing && tokens[k].first != k) { /* resolved at its first occurrence, before k */
                PyObject *out = tokens[tokens[k].first].obj;
                Py_INCREF(out);
                Py_SETREF(tokens[k].obj, out);
                tokens[k].missing = 0;
            } else if (tokens[k].missing) { /* (a cut's token is never missing) */
                PyObject *out = PyDict_GetItemWithError(memo, tokens[k].obj);
                if (out == NULL) {
                    if (!PyErr_Occurred()) {
                        PyErr_SetObject(PyExc_KeyError, tokens[k].obj);
                    }
                    goto done;
                }
                if (table != NULL && table_add(table, tokens[k].hash, tokens[k].obj, out) < 0) {
                    goto done;
                }
                Py_INCREF(out);
                Py_SETREF(tokens[k].obj, out);
                tokens[k].missing = 0;
            }
        }
    }
    /* pass 3: the gaps as they are, each word's output in its place */
    WRITER writer;
    if (WRITER_NEW(writer, n)) {
        goto done;
    }
    Py_ssize_t gap = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (!PyUnicode_Check(tokens[k].obj)) {
            PyErr_SetString(PyExc_TypeError, "memo values must be str");
            WRITER_DISCARD(writer);
            goto done;
        }
        if ((tokens[k].start > gap && WRITE_SUB(writer, text, gap, tokens[k].start) < 0) ||
            WRITE_STR(writer, tokens[k].obj) < 0) {
            WRITER_DISCARD(writer);
            goto done;
        }
        gap = tokens[k].end;
    }
    if (n > gap && WRITE_SUB(writer, text, gap, n) < 0) {
        WRITER_DISCARD(writer);
        goto done;
    }
    result = WRITER_FINISH(writer);
done:
    for (Py_ssize_t k = 0; k < (ntokens > count ? ntokens : count); k++) {
        Py_XDECREF(tokens[k].obj); /* (a word pass 2 did not reach holds nothing; a cut holds its output) */
    }
    PyMem_Free(tokens);
    PyMem_Free(seen.slots);
    Py_XDECREF(missing);
    return result;
}

/* translate(text, table) -> str: text.translate(table) for a table given as a tuple indexed by code point, of
 * str (the replacement) or None (kept); code points past its end are kept. Measured: str.translate with a dict
 * looks each character up as an int object, 3.7x (Latin) and 7x (Cyrillic) slower on the joined batch of the
 * benchmark text's distinct words. */
static PyObject *translate(PyObject *self, PyObject *args) {
    PyObject *text, *table;
    (void)self;
    if (!PyArg_ParseTuple(args, "UO!:translate", &text, &PyTuple_Type, &table)) {
        return NULL;
    }
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text), size = PyTuple_GET_SIZE(table);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    WRITER writer;
    if (WRITER_NEW(writer, n)) {
        return NULL;
    }
    Py_ssize_t kept = 0; /* start of the run of characters kept as they are */
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        PyObject *out = (Py_ssize_t)ch < size ? PyTuple_GET_ITEM(table, ch) : Py_None;
        if (out == Py_None) {
            continue;
        }
        if (!PyUnicode_Check(out)) {
            PyErr_SetString(PyExc_TypeError, "translate table entries must be str or None");
            WRITER_DISCARD(writer);
            return NULL;
        }
        if ((i > kept && WRITE_SUB(writer, text, kept, i) < 0) || WRITE_STR(writer, out) < 0) {
            WRITER_DISCARD(writer);
            return NULL;
        }
        kept = i + 1;
    }
    if (n > kept && WRITE_SUB(writer, text, kept, n) < 0) {
        WRITER_DISCARD(writer);
        return NULL;
    }
    return WRITER_FINISH(writer);
}

/* window_hits(words, alphabet, keys) -> list[int]: the indices of the words one of whose windows is a key.
 *
 * A word is read padded, "^^^" + word + "$$" (translit.fallback pads it so); its windows are its substrings of
 * 5 and of 6 characters. `alphabet` is every character the keys hold (at most 63, each < U+10000), and a key is
 * a window packed as `fallback.pack` packs it: 6 bits a character (its index in `alphabet` plus one), with its
 * width above bit 40. A window holding a character outside the alphabet is no key. Measured: the fallback's one
 * regex scan of all the joined padded words, a trie of its 182 contexts, cost 46 ms for the benchmark's 44k new
 * Latin words, nearly all of it trying the trie at positions where nothing starts (24 words had a window). */
#define WINDOW_PAD_LEFT 3
#define WINDOW_PAD_RIGHT 2
static PyObject *window_hits(PyObject *self, PyObject *args) {
    PyObject *words, *alphabet, *keys;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!UO!:window_hits", &PyList_Type, &words, &alphabet, &PyTuple_Type, &keys)) {
        return NULL;
    }
    const Py_ssize_t nalpha = PyUnicode_GET_LENGTH(alphabet), nkeys = PyTuple_GET_SIZE(keys);
    if (nalpha > 63 || PyUnicode_FindChar(alphabet, '^', 0, nalpha, 1) < 0 ||
        PyUnicode_FindChar(alphabet, '$', 0, nalpha, 1) < 0) {
        PyErr_SetString(PyExc_ValueError, "alphabet: at most 63 characters, with '^' and '$'");
        return NULL;
    }
    unsigned char *code = PyMem_Calloc(0x10000, 1);
    size_t size = 16;
    while (size < (size_t)nkeys * 4) {
        size <<= 1;
    }
    uint64_t *slots = PyMem_Calloc(size, sizeof(uint64_t)); /* 0: empty (a key is never 0: it has a width) */
    PyObject *hits = PyList_New(0);
    if (code == NULL || slots == NULL || hits == NULL) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t a = 0; a < nalpha; a++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(alphabet, a);
        if (ch > 0xFFFF) {
            PyErr_SetString(PyExc_ValueError, "alphabet: characters below U+10000 only");
            goto fail;
        }
        code[ch] = (unsigned char)(a + 1);
    }
    const uint64_t mask = size - 1;
#define WINDOW_SLOT(key) ((size_t)(((key) * 0x9E3779B97F4A7C15ULL) >> 40) & mask)
    for (Py_ssize_t k = 0; k < nkeys; k++) {
        unsigned long long key = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(keys, k));
        if (key == (unsigned long long)-1 && PyErr_Occurred()) {
            goto fail;
        }
        if (key == 0) {
            PyErr_SetString(PyExc_ValueError, "keys: a packed window is never 0");
            goto fail;
        }
        size_t slot = WINDOW_SLOT((uint64_t)key);
        while (slots[slot] != 0 && slots[slot] != key) {
            slot = (slot + 1) & mask;
        }
        slots[slot] = key;
    }
    const uint64_t left = code['^'], right = code['$'];
    const Py_ssize_t nwords = PyList_GET_SIZE(words);
    uint64_t small[64];
    for (Py_ssize_t w = 0; w < nwords; w++) {
        PyObject *word = PyList_GET_ITEM(words, w);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "words must be str");
            goto fail;
        }
        const Py_ssize_t len = PyUnicode_GET_LENGTH(word), padded = len + WINDOW_PAD_LEFT + WINDOW_PAD_RIGHT;
        const int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        uint64_t *codes = padded <= 64 ? small : PyMem_Malloc((size_t)padded * sizeof(uint64_t));
        if (codes == NULL) {
            PyErr_NoMemory();
            goto fail;
        }
        for (Py_ssize_t i = 0; i < padded; i++) {
            if (i < WINDOW_PAD_LEFT) {
                codes[i] = left;
            } else if (i >= WINDOW_PAD_LEFT + len) {
                codes[i] = right;
            } else {
                Py_UCS4 ch = PyUnicode_READ(kind, data, i - WINDOW_PAD_LEFT);
                codes[i] = ch <= 0xFFFF ? code[ch] : 0;
            }
        }
        int hit = 0;
        Py_ssize_t bad = -1; /* the last position whose character is outside the alphabet */
        for (Py_ssize_t i = 0; i < padded && !hit; i++) {
            if (codes[i] == 0) {
                bad = i;
                continue;
            }
            for (int width = 5; width <= 6 && !hit; width++) { /* the window ending at i */
                const Py_ssize_t start = i - width + 1;
                if (start < 0 || start <= bad) {
                    continue;
                }
                uint64_t key = (uint64_t)width << 40;
                for (int c = 0; c < width; c++) {
                    key |= codes[start + c] << (6 * c);
                }
                for (size_t slot = WINDOW_SLOT(key); slots[slot] != 0; slot = (slot + 1) & mask) {
                    if (slots[slot] == key) {
                        hit = 1;
                        break;
                    }
                }
            }
        }
        if (codes != small) {
            PyMem_Free(codes);
        }
        if (hit) {
            PyObject *index = PyLong_FromSsize_t(w);
            if (index == NULL || PyList_Append(hits, index) < 0) {
                Py_XDECREF(index);
                goto fail;
            }
            Py_DECREF(index);
        }
    }
#undef WINDOW_SLOT
    PyMem_Free(code);
    PyMem_Free(slots);
    return hits;
fail:
    PyMem_Free(code);
    PyMem_Free(slots);
    Py_XDECREF(hits);
    return NULL;
}

/* str.islower() of data[start:end], as CPython computes it: some character is lowercase, none is upper- or
 * titlecase. */
static int run_islower(int kind, const void *data, Py_ssize_t start, Py_ssize_t end) {
    int cased = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        const Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (Py_UNICODE_ISUPPER(ch) || Py_UNICODE_ISTITLE(ch)) {
            return 0;
        }
        cased |= Py_UNICODE_ISLOWER(ch) != 0;
    }
    return cased;
}

/* split_case(words) -> (lower, title, other): the words (any iterable of str) in three lists, in order: those
 * for which word.islower(), those for which word[:1].isupper() and word[1:].islower(), and the rest. Measured:
 * the comprehension and loop that sorted the benchmark's 44k new Latin words so cost 25 ms, one method call
 * and a few slices a word. */
static PyObject *split_case(PyObject *self, PyObject *words) {
    (void)self;
    PyObject *lists[3] = {PyList_New(0), PyList_New(0), PyList_New(0)};
    PyObject *iter = PyObject_GetIter(words), *word = NULL;
    if (lists[0] == NULL || lists[1] == NULL || lists[2] == NULL || iter == NULL) {
        goto fail;
    }
    while ((word = PyIter_Next(iter)) != NULL) {
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "words must be str");
            goto fail;
        }
        const Py_ssize_t len = PyUnicode_GET_LENGTH(word);
        const int kind = PyUnicode_KIND(word);
        const void *data = PyUnicode_DATA(word);
        int which = 2;
        if (run_islower(kind, data, 0, len)) {
            which = 0;
        } else if (len > 1 && Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, 0)) && run_islower(kind, data, 1, len)) {
            which = 1;
        }
        if (PyList_Append(lists[which], word) < 0) {
            goto fail;
        }
        Py_CLEAR(word);
    }
    if (PyErr_Occurred()) {
        goto fail;
    }
    Py_DECREF(iter);
    PyObject *result = PyTuple_Pack(3, lists[0], lists[1], lists[2]);
    for (int k = 0; k < 3; k++) {
        Py_DECREF(lists[k]);
    }
    return result;
fail:
    Py_XDECREF(word);
    Py_XDECREF(iter);
    for (int k = 0; k < 3; k++) {
        Py_XDECREF(lists[k]);
    }
    return NULL;
}

/* title_all(outs, upper, title) -> list[str]: each output title-cased as `Stage._fill_words` does it: a first
 * letter that is lowercase becomes upper(letter) (called once per distinct letter), else title(out) is called.
 * Measured: the Python loop doing so cost 8 ms for the 10k capitalised words among the benchmark's new Latin
 * words, two slices, two method calls and a dict store a word. */
static PyObject *title_all(PyObject *self, PyObject *args) {
    PyObject *outs, *upper, *title;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!OO:title_all", &PyList_Type, &outs, &upper, &title)) {
        return NULL;
    }
    const Py_ssize_t n = PyList_GET_SIZE(outs);
    PyObject *cache = PyDict_New(), *result = PyList_New(n);
    if (cache == NULL || result == NULL) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *out = PyList_GET_ITEM(outs, i), *done = NULL;
        if (!PyUnicode_Check(out)) {
            PyErr_SetString(PyExc_TypeError, "outs must be str");
            goto fail;
        }
        const Py_ssize_t len = PyUnicode_GET_LENGTH(out);
        const Py_UCS4 first = len > 0 ? PyUnicode_READ_CHAR(out, 0) : 0;
        if (len > 0 && Py_UNICODE_ISALPHA(first) && Py_UNICODE_ISLOWER(first)) {
            PyObject *letter = PyUnicode_FromOrdinal((int)first);
            if (letter == NULL) {
                goto fail;
            }
            PyObject *up = PyDict_GetItemWithError(cache, letter); /* borrowed */
            if (up == NULL && !PyErr_Occurred()) {
                up = PyObject_CallOneArg(upper, letter);
                if (up != NULL && (!PyUnicode_Check(up) || PyDict_SetItem(cache, letter, up) < 0)) {
                    if (!PyErr_Occurred()) {
                        PyErr_SetString(PyExc_TypeError, "upper must return str");
                    }
                    Py_CLEAR(up);
                }
                Py_XDECREF(up); /* the cache holds it (or it failed) */
            }
            Py_DECREF(letter);
            if (up == NULL) {
                goto fail;
            }
            PyObject *rest = PyUnicode_Substring(out, 1, len);
            done = rest == NULL ? NULL : PyUnicode_Concat(up, rest);
            Py_XDECREF(rest);
        } else {
            done = PyObject_CallOneArg(title, out);
            if (done != NULL && !PyUnicode_Check(done)) {
                PyErr_SetString(PyExc_TypeError, "title must return str");
                Py_CLEAR(done);
            }
        }
        if (done == NULL) {
            goto fail;
        }
        PyList_SET_ITEM(result, i, done);
    }
    Py_DECREF(cache);
    return result;
fail:
    Py_XDECREF(cache);
    Py_XDECREF(result);
    return NULL;
}

static PyMethodDef methods[] = {
    {"convert", convert, METH_VARARGS,
     "convert(text, memo, apostrophes, fill, cuts=None, table=None) -> str; fill(set of new words) fills memo; "
     "cuts: sorted (start, end, output) spans written as given; table: a WordTable kept with the memo"},
    {"translate", translate, METH_VARARGS, "translate(text, table) -> str; table: tuple by code point of str or None"},
    {"split_case", split_case, METH_O,
     "split_case(words) -> (lower, title, other): by word.islower(), then word[:1].isupper() and word[1:].islower()"},
    {"title_all", title_all, METH_VARARGS,
     "title_all(outs, upper, title) -> list[str]: a lowercase first letter upper(letter)-cased, else title(out)"},
    {"window_hits", window_hits, METH_VARARGS,
     "window_hits(words, alphabet, keys) -> list[int]: the words one of whose padded 5- or 6-windows is a key"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "translit._speedups", NULL, -1, methods, NULL, NULL, NULL, NULL};

/* bumped whenever convert()'s contract changes: translit.engine ignores a stale build of another version */
#define API_VERSION 6

PyMODINIT_FUNC PyInit__speedups(void) {
    fill_classes();
    if (PyType_Ready(&WordTableType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&WordTableType);
    if (PyModule_AddObject(m, "WordTable", (PyObject *)&WordTableType) < 0) {
        Py_DECREF(&WordTableType);
        Py_DECREF(m);
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "API", API_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
