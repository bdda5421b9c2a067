"""The C scorer `translit._langid` against py3langid, its reference: same answers on real and random text."""

from __future__ import annotations

import csv
import math
import random
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from translit.text import langid

pytest.importorskip("translit._langid", reason="the C scorer is not built (no compiler at install time)")
np = pytest.importorskip("numpy")
py3 = pytest.importorskip("py3langid.langid")

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "multilingual"


@pytest.fixture(scope="module")
def compact(tmp_path_factory: pytest.TempPathFactory) -> Iterator[langid._CompactModel]:
    """A compact model written afresh from py3langid's own file (not the user's cache)."""
    path = tmp_path_factory.mktemp("model") / "model.tlid"
    langid._write_compact(langid._shipped_model(), path)
    model = langid._CompactModel(path)
    yield model
    model.close()


@pytest.fixture(scope="module")
def reference() -> Any:
    return py3.LanguageIdentifier.from_modelpath(langid._shipped_model(), norm_probs=True)


def _texts() -> list[str]:
    texts = []
    for name in ("udhr.tsv", "gettext/gettext.tsv"):
        with (CORPUS / name).open(encoding="utf-8", newline="") as f:
            texts += [row["text"] for row in csv.DictReader(f, delimiter="\t")]
    rnd = random.Random(10)
    for _ in range(500):  # random text: ASCII and Latin, Cyrillic, anything (surrogates too), of any length
        ranges = [(32, 0x24F), (0x400, 0x4FF), (0, 0x10FFFF)]
        texts.append("".join(chr(rnd.randint(*rnd.choice(ranges))) for _ in range(rnd.randint(0, 120))))
    return texts


TEXTS = _texts()


def _float64(reference: Any, text: str) -> list[float]:
    """py3langid's formula (its own DFA walk, then log1p(counts) · ptc + pc, softmax at T = sqrt(bytes)) in
    float64 instead of float32: what the C scorer computes."""
    data = reference._encode(text)
    visits = py3.visit_counts(reference.tk_nextmove, reference._rowbase, reference.tk_output, data)
    n = len(reference.nb_classes)
    if not visits:
        scores = np.zeros(n)
    else:
        idx = np.fromiter(visits.keys(), dtype=np.intp)
        counts = np.fromiter(visits.values(), dtype=np.float64)
        scores = np.log1p(counts) @ reference.nb_ptc[idx].astype(np.float64) + reference.nb_pc.astype(np.float64)
    scores = scores / math.sqrt(len(data) or 1)
    scores = np.exp(scores - scores.max())
    return list((scores / scores.sum()).tolist())


def test_the_c_scorer_computes_py3langids_formula(compact: langid._CompactModel, reference: Any) -> None:
    worst = 0.0
    for text in TEXTS[::7] + TEXTS[-500:]:
        ours, exact = compact.scores(text), _float64(reference, text)
        worst = max(worst, max(abs(a - b) for a, b in zip(ours, exact, strict=True)))
    assert worst < 1e-9


def test_the_c_scorer_gives_py3langids_answers(compact: langid._CompactModel, reference: Any) -> None:
    """py3langid sums in float32, so its probabilities differ from the exact ones by up to a few 1e-6."""
    aliases = langid._aliases([str(c) for c in reference.nb_classes])
    assert compact.classes == [str(c) for c in reference.nb_classes]
    worst = 0.0
    for text in TEXTS[::2] + TEXTS[-500:]:
        ours, theirs = langid._folded(compact.scores(text), aliases), reference._decide(text).tolist()
        assert langid._argmax(ours) == langid._argmax(theirs), text
        worst = max(worst, max(abs(a - b) for a, b in zip(ours, theirs, strict=True)))
    assert worst < 1e-5


def test_the_detector_ranks_as_py3langid_does(compact: langid._CompactModel, reference: Any) -> None:
    model = langid.Py3LangId()
    assert model._compact is not None
    for text in TEXTS[::50]:
        ranked = model.rank(text)
        theirs = dict(reference.rank(text))
        assert set(ranked) == set(theirs)
        assert max(ranked, key=ranked.__getitem__) == max(theirs, key=theirs.__getitem__)
        assert all(abs(ranked[code] - theirs[code]) < 1e-5 for code in ranked)
    model._compact.close()


def test_a_damaged_model_file_is_refused_not_read(compact: langid._CompactModel, tmp_path: Path) -> None:
    good = compact._file.name
    data = Path(good).read_bytes()
    truncated = tmp_path / "short.tlid"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError):
        langid._CompactModel(truncated)
    fields = list(struct.unpack_from(langid._HEADER, data))
    broken = bytearray(data)  # every fail link pointing past the last state
    fail_at, states = fields[7], fields[3]
    broken[fail_at : fail_at + 4 * states] = struct.pack("=I", 0xFFFFFFF0) * states
    path = tmp_path / "broken.tlid"
    path.write_bytes(bytes(broken))
    damaged = langid._CompactModel(path)
    with pytest.raises(ValueError, match="corrupt"):
        damaged.scores("Тошкент шаҳрида янги мактаб очилди, деди у.")
    damaged.close()


def test_the_automaton_refuses_a_table_that_is_not_one() -> None:
    table = np.zeros((2, 256), dtype=np.uint32)
    table[0, ord("a")] = table[1, ord("a")] = 1  # the root's "a" and, failing to the root, "aa"
    langid._automaton(table.ravel(), np.array([0, 1], dtype=np.uint16))
    table[1, ord("c")] = 1  # but "ac" staying in "a" is no fail transition
    with pytest.raises(ValueError):
        langid._automaton(table.ravel(), np.array([0, 1], dtype=np.uint16))


def test_a_damaged_cached_model_is_written_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = langid._compact_model()
    assert first is not None
    (path,) = (tmp_path / "translit").glob("*.tlid")
    first.close()
    path.write_bytes(path.read_bytes()[:1000])
    again = langid._compact_model()
    assert again is not None and again.classes == first.classes
    assert path.stat().st_size > 1000
    again.close()


def test_without_the_cache_py3langid_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSLIT_NO_MODEL_CACHE", "1")
    model = langid.Py3LangId()
    assert model._compact is None
    ranked = model.rank("Тошкент шаҳрида янги мактаб очилди.")
    assert max(ranked, key=ranked.__getitem__) == "uz"
