"""Statistical language identification behind one small interface, chosen by name through entry points.

The default is py3langid (BSD; a naive Bayes model shipped inside the package, nothing downloaded) on all
of its 97 languages: restricting it to the languages we convert is what made the first version read Kyrgyz,
Tajik or Tatar as Uzbek. langdetect, which users asked for, is the alternative: it has no Uzbek, Kazakh,
Kyrgyz or Tajik profile, so it can only vouch for the languages in its `trusted` set (Western European
Latin), and it is seeded, because its answers otherwise change from run to run. `none` never loads a model:
the letters alone decide. Models are loaded on first use only, so text whose letters decide costs nothing.

Other detectors plug in through the entry-point group `translit.detectors` (a class with `name`, `rank`,
`knows` and `trusted`).
"""

from __future__ import annotations

import contextlib
import functools
import operator
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from translit.errors import TranslitError

GROUP = "translit.detectors"
DEFAULT = "py3langid"
MODEL_FILE = "data/model.npz.xz"  # py3langid's model, inside its package (py3langid.langid.MODEL_FILE)
# the compact model's header (see translit/_langid.c): magic, n_classes, n_features, n_states, n_edges, the
# offsets of classes, pc, fail, start, via, child, out and ptc, and the file size
_HEADER = "=8s4I9Q"
_MAGIC = b"TLLID\0\2\0"
_HEAD = 128  # bytes before the first array


class LanguageModel(Protocol):
    """What the decision needs from a statistical detector."""

    name: str
    #: languages whose confident answer may leave a unit alone even when the model knows none of ours
    trusted: frozenset[str]

    def rank(self, text: str) -> Mapping[str, float]:
        """Probability of each language it knows (summing to about 1), for a short or long text."""
        ...

    def knows(self, language: str) -> bool:
        """Whether the model has a profile for this language code at all."""
        ...


class UnknownDetectorError(TranslitError):
    """A `--detector` / `detector=` name that no installed entry point provides."""


class Py3LangId:
    """py3langid over all of its languages, probabilities normalised.

    Where the C scorer `translit._langid` is built, it scores a compact copy of the model (`_CompactModel`)
    and neither py3langid nor numpy is imported after the first use; otherwise py3langid itself scores. Both
    give the same top language and probabilities within about 1e-5, py3langid summing in float32
    (tests/test_text_langid.py).
    """

    name = "py3langid"
    trusted: frozenset[str] = frozenset()

    def __init__(self) -> None:
        self._compact = _compact_model()
        classes = self._compact.classes if self._compact is not None else self._load_py3langid()
        self._languages = frozenset(classes)
        # The model has two columns for a few labels (`uz`, `sr`); py3langid folds each pair into its first
        # column. Reading those columns straight from its scores skips the sort `rank()` does over 97 labels.
        first: dict[str, int] = {}
        for index, code in enumerate(classes):
            first.setdefault(code, index)
        self._names = list(first)
        self._columns = list(first.values())
        self._pick = operator.itemgetter(*self._columns)  # the columns in one C call (a dict comprehension: 47 µs)
        self._aliases = _aliases(classes)

    def _load_py3langid(self) -> list[str]:
        from py3langid import langid

        model = Path(langid.__file__).parent / langid.MODEL_FILE
        unpacked = _unpacked_model(model)
        if unpacked is None:
            self._identifier = langid.LanguageIdentifier.from_modelpath(model, norm_probs=True)
        else:  # the same arrays, without decompressing the shipped LZMA file again
            import numpy as np
            from py3langid import modelio

            with np.load(unpacked, allow_pickle=False) as data:
                self._identifier = langid.LanguageIdentifier(
                    np.asarray(data["ptc"]),
                    np.asarray(data["pc"]),
                    data["classes"].tolist(),
                    modelio._to_array(data["nextmove"]),
                    data["out_feat"].tolist(),
                    norm_probs=True,
                    tk_row=modelio._to_array(data["nextmove_row"]),
                )
        self._decide = getattr(self._identifier, "_decide", None)
        return [str(c) for c in self._identifier.nb_classes]

    def rank(self, text: str) -> Mapping[str, float]:
        if self._compact is not None:
            scores = _folded(self._compact.scores(text), self._aliases)
            return dict(zip(self._names, self._pick(scores), strict=True))
        if self._decide is None:  # another py3langid version: its public ranking
            return {str(code): float(prob) for code, prob in self._identifier.rank(text)}
        found = self._decide(text)
        return dict(zip(self._names, found[self._columns].tolist(), strict=True))

    def knows(self, language: str) -> bool:
        return language in self._languages


def _aliases(classes: list[str]) -> list[tuple[int, int]]:
    """(first, dupe) column pairs of a label that has two columns, as py3langid's `_set_alias_pairs`."""
    first: dict[str, int] = {}
    pairs = []
    for index, code in enumerate(classes):
        if code in first:
            pairs.append((first[code], index))
        first.setdefault(code, index)
    return pairs


def _folded(scores: list[float], aliases: list[tuple[int, int]]) -> list[float]:
    """py3langid's fold of each aliased column into the first (probabilities add up; the dupe is zeroed)."""
    for first, dupe in aliases:
        scores[first] += scores[dupe]
        scores[dupe] = 0.0
    return scores


def _argmax(scores: list[float]) -> int:
    return max(range(len(scores)), key=scores.__getitem__)


def _encode(text: str) -> bytes:
    """The bytes py3langid scores for a text (`LanguageIdentifier._encode`): lowercased if all upper, NFC."""
    import unicodedata

    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


class _CompactModel:
    """py3langid's model in one file for the C scorer `translit._langid`, written from py3langid's own model on
    first use (`_write_compact`; layout in translit/_langid.c): the automaton (1.8 MB) is read into memory, the
    feature rows a text needs are read from the file as it is scored (the 28 MB table is never loaded)."""

    def __init__(self, path: Path) -> None:
        import struct

        from translit import _langid

        self._file = open(path, "rb")  # noqa: SIM115 - kept open for the scorer's reads, closed with the object
        try:
            self._size = os.fstat(self._file.fileno()).st_size
            header = self._file.read(_HEAD)
            fields = struct.unpack_from(_HEADER, header) if len(header) == _HEAD else (b"",) * 14
            if fields[0] != _MAGIC:
                raise ValueError(f"{path}: not a translit language model")
            self._head = header + self._file.read(max(0, int(fields[12]) - _HEAD))
            count = _langid.check(self._head, self._size)  # ValueError unless every array lies inside the file
        except BaseException:
            self._file.close()
            raise
        names = self._head[int(fields[5]) : int(fields[5]) + 8 * count]
        self.classes = [names[i : i + 8].rstrip(b"\0").decode("ascii") for i in range(0, 8 * count, 8)]
        self._scores = _langid.scores

    def scores(self, text: str) -> list[float]:
        """py3langid's normalised probabilities, one per class column (aliases not folded)."""
        return self._scores(self._head, self._file.fileno(), self._size, _encode(text))

    def close(self) -> None:
        self._file.close()


class LangDetect:
    """langdetect (Apache-2.0), seeded so that the same text always gets the same answer.

    It reads Uzbek Latin as Somali, Indonesian or Turkish, so only Western-European answers are trusted.
    """

    name = "langdetect"
    trusted = frozenset(
        {"en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "pl", "cs", "sk", "sl", "hr", "ro"}
        | {"hu", "et", "lv", "lt", "ca", "cy", "ga", "is"}
    )

    def __init__(self) -> None:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory

        DetectorFactory.seed = 0
        init_factory()
        from langdetect import detector_factory

        factory: Any = detector_factory._factory
        self._languages = frozenset(str(code) for code in factory.get_lang_list())

    def rank(self, text: str) -> Mapping[str, float]:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            return {str(found.lang): float(found.prob) for found in detect_langs(text)}
        except LangDetectException:  # no features (digits, punctuation)
            return {}

    def knows(self, language: str) -> bool:
        return language in self._languages


class LettersOnly:
    """No model: every decision rests on the letters and the document (`--detector none`)."""

    name = "none"
    trusted: frozenset[str] = frozenset()

    def rank(self, text: str) -> Mapping[str, float]:
        return {}

    def knows(self, language: str) -> bool:
        return False


_BUILT_IN: dict[str, type[Any]] = {"py3langid": Py3LangId, "langdetect": LangDetect, "none": LettersOnly}


def names() -> list[str]:
    """Detector names that can be chosen: the built-in ones and any installed entry point."""
    from importlib.metadata import entry_points

    return sorted(set(_BUILT_IN) | {ep.name for ep in entry_points(group=GROUP)})


@functools.cache
def get_model(name: str = DEFAULT) -> LanguageModel:
    """The detector called `name`, loaded once per process (and only when a decision needs it).

    The built-in names are ours (pyproject.toml registers them as entry points too): they are found without
    scanning the installed packages' metadata, which took about 15 ms of start-up.
    """
    factory = _BUILT_IN.get(name)
    if factory is None:
        from importlib.metadata import entry_points

        found = [ep for ep in entry_points(group=GROUP) if ep.name == name]
        factory = found[0].load() if found else None
    if factory is None:
        raise UnknownDetectorError(f"no language detector {name!r} (known: {', '.join(names())})")
    try:
        model: LanguageModel = factory()
    except ImportError as exc:
        extra = {"langdetect": "langdetect"}.get(name, name)
        raise UnknownDetectorError(
            f"the {name} detector needs {exc.name}, which is not installed: pip install {extra}"
        ) from exc
    return model


def _cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "translit"


def _model_key(model: Path) -> str:
    """A name for the copies of py3langid's model that its contents give: `SIZE-CRC32`.

    Every virtualenv installs the same model file with a new modification time, so a name from size and mtime
    left a new 30–70 MB copy in the cache for each one. The checksum (about 5 ms for the 4.5 MB file) is
    remembered in a few bytes under the size and mtime, so a start-up reads it rather than the model.
    """
    import zlib

    stat = model.stat()
    memo = _cache_dir() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}.key"
    try:
        return memo.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pass
    key = f"{stat.st_size}-{zlib.crc32(model.read_bytes()):08x}"
    with contextlib.suppress(OSError):
        memo.parent.mkdir(parents=True, exist_ok=True)
        memo.write_text(key, encoding="ascii")  # a torn write is read back as a wrong key: a fresh copy, no harm
    return key


def _shipped_model() -> Path:
    """py3langid's model file, found without importing py3langid (which imports numpy)."""
    from importlib.util import find_spec

    spec = find_spec("py3langid")
    if spec is None or spec.origin is None:
        raise ImportError("py3langid is not installed", name="py3langid")
    return Path(spec.origin).parent / MODEL_FILE


def _compact_model() -> _CompactModel | None:
    """The compact model for the C scorer, written on first use; None: score with py3langid itself.

    None when `translit._langid` is not built, `TRANSLIT_NO_MODEL_CACHE=1` is set, the cache folder cannot be
    written, or py3langid's model could not be written in this form or disagreed with py3langid once (then an
    empty `….bad` file marks it, and it is not tried again).
    """
    if os.environ.get("TRANSLIT_NO_MODEL_CACHE", "") not in ("", "0"):
        return None
    try:
        from translit import _langid
    except ImportError:
        return None
    if getattr(_langid, "API", 0) != 2:  # a stale build from another version: `pip install -e .` again
        return None
    model = _shipped_model()
    try:
        target = _cache_dir() / f"py3langid-{_model_key(model)}.tlid"
        if target.with_suffix(".bad").exists():
            return None
        if target.exists():
            try:
                return _CompactModel(target)
            except ValueError:  # truncated or damaged: written again below
                pass
        try:
            _write_compact(model, target)
        except ValueError:
            target.with_suffix(".bad").touch()
            raise
        return _CompactModel(target)
    except (OSError, ValueError):
        return None


def _write_compact(model: Path, target: Path) -> None:
    """Write py3langid's arrays into the compact layout, atomically, after checking that the C scorer gives
    py3langid's own answers on it (ValueError if it does not)."""
    import lzma
    import shutil
    import struct
    import tempfile

    import numpy as np

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(suffix=".npz") as raw:
        try:
            with lzma.open(model) as src:
                shutil.copyfileobj(src, raw, length=1 << 20)
        except lzma.LZMAError as exc:
            raise ValueError(f"{model}: {exc}") from exc
        raw.seek(0)
        with np.load(raw, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    classes = [str(c) for c in arrays["classes"].tolist()]
    fail, start, via, child = _automaton(arrays["nextmove"], arrays["nextmove_row"])
    parts = [
        np.array([c.encode("ascii").ljust(8, b"\0")[:8] for c in classes], dtype="S8"),
        np.ascontiguousarray(arrays["pc"], dtype=np.float32),
        fail,
        start,
        via,
        child,
        np.ascontiguousarray(arrays["out_feat"], dtype=np.int32),
        np.ascontiguousarray(arrays["ptc"], dtype=np.float16).view(np.uint16),
    ]
    offsets, position = [], _HEAD
    for part in parts:
        offsets.append(position)
        position += -(-part.nbytes // 64) * 64
    n_features = arrays["ptc"].shape[0]
    header = struct.pack(_HEADER, _MAGIC, len(classes), n_features, len(fail), len(via), *offsets, position)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as tmp:
        written = Path(tmp.name)
        try:
            tmp.write(header.ljust(_HEAD, b"\0"))
            for part, offset in zip(parts, offsets, strict=True):
                tmp.seek(offset)
                tmp.write(part.tobytes())
            tmp.truncate(position)
        except BaseException:
            written.unlink(missing_ok=True)
            raise
    try:
        _check_compact(written, arrays, classes)
        os.replace(written, target)  # atomic: a concurrent process sees the whole file or none
    finally:
        written.unlink(missing_ok=True)


def _check_compact(path: Path, arrays: dict[str, Any], classes: list[str]) -> None:
    """ValueError unless the C scorer on the file at `path` gives py3langid's answers on the probe texts."""
    import numpy as np
    from py3langid import langid, modelio

    reference = langid.LanguageIdentifier(
        np.asarray(arrays["ptc"]),
        np.asarray(arrays["pc"]),
        classes,
        modelio._to_array(arrays["nextmove"]),
        arrays["out_feat"].tolist(),
        norm_probs=True,
        tk_row=modelio._to_array(arrays["nextmove_row"]),
    )
    compact = _CompactModel(path)
    try:
        for probe in _PROBES:
            theirs = reference._decide(probe).tolist()
            ours = _folded(compact.scores(probe), _aliases(classes))
            if _argmax(theirs) != _argmax(ours) or max(abs(a - b) for a, b in zip(theirs, ours, strict=True)) > 1e-5:
                raise ValueError(f"{path}: the C scorer disagrees with py3langid on {probe!r}")
    finally:
        compact.close()


def _automaton(nextmove: Any, nextmove_row: Any) -> tuple[Any, Any, Any, Any]:
    """py3langid's dense DFA (a 256-entry row per state) as the Aho-Corasick automaton it was built from:
    each state's fail link and its trie edges (`start[s]` .. `start[s+1]`, sorted by byte, in `via`/`child`).

    A state's trie parent is the state that first reaches it breadth-first; the automaton is accepted only if
    every dense transition that is not a trie edge equals the fail state's (the root's: the root), so that
    walking it gives exactly the dense table's states. ValueError otherwise.
    """
    import numpy as np

    table = np.asarray(nextmove).reshape(-1, 256)
    row = np.asarray(nextmove_row).astype(np.int64)
    n = len(row)
    depth = np.full(n, -1, dtype=np.int64)
    depth[0] = 0
    parent = np.zeros(n, dtype=np.int64)
    via = np.zeros(n, dtype=np.int64)
    fail = np.zeros(n, dtype=np.int64)
    frontier, level = np.array([0], dtype=np.int64), 0
    while len(frontier):
        targets = table[row[frontier]].astype(np.int64)
        at, byte = np.nonzero(depth[targets] == -1)
        found = targets[at, byte]
        if len(np.unique(found)) != len(found):
            raise ValueError("py3langid's DFA is not a trie automaton")
        depth[found], parent[found], via[found] = level + 1, frontier[at], byte
        if level:  # fail(t) = next(fail(parent), byte); the first level fails to the root
            fail[found] = table[row[fail[frontier[at]]], byte]
        frontier, level = found, level + 1
    if (depth < 0).any():
        raise ValueError("py3langid's DFA has unreachable states")
    for first in range(0, n, 4096):
        states = np.arange(first, min(n, first + 4096))
        dense = table[row[states]].astype(np.int64)
        inherited = table[row[fail[states]]].astype(np.int64)
        inherited[states == 0] = 0
        edge = (parent[dense] == states[:, None]) & (depth[dense] == depth[states][:, None] + 1)
        edge &= via[dense] == np.arange(256)[None, :]
        if ((dense != inherited) & ~edge).any():
            raise ValueError("py3langid's DFA is not an Aho-Corasick automaton")
    kids = np.nonzero(depth > 0)[0]
    kids = kids[np.lexsort((via[kids], parent[kids]))]
    start = np.searchsorted(parent[kids], np.arange(n + 1))
    return fail.astype(np.uint32), start.astype(np.uint32), via[kids].astype(np.uint8), kids.astype(np.uint32)


# texts the compact model must score as py3langid does before it is used (one per script and a featureless one)
_PROBES = (
    "Тошкент шаҳрида янги мактаб очилди.",
    "Toshkent shahrida yangi maktab ochildi.",
    "Каждый человек имеет право на образование.",
    "Бүгін ауа райы өте жақсы.",
    "The weather is very nice today.",
    "2025",
    "",
)


def _unpacked_model(model: Path) -> Path | None:
    """py3langid's model decompressed once into the user's cache (keyed by the file's contents), or None.

    Decompressing the LZMA model is most of its load time; the unpacked .npz holds the very same arrays.
    `TRANSLIT_NO_MODEL_CACHE=1` (or a cache folder that cannot be written) keeps the plain load.
    """
    import lzma
    import shutil
    import tempfile

    if os.environ.get("TRANSLIT_NO_MODEL_CACHE", "") not in ("", "0"):
        return None
    try:
        base = _cache_dir()
        target = base / f"py3langid-{_model_key(model)}.npz"
        if target.exists():
            return target
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=base, suffix=".tmp", delete=False) as tmp, lzma.open(model) as src:
            shutil.copyfileobj(src, tmp, length=1 << 20)
        os.replace(tmp.name, target)  # atomic: a concurrent process sees the whole file or none
        return target
    except (OSError, lzma.LZMAError):
        return None
