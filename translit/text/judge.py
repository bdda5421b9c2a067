"""What one text unit is, judged alone: the evidence of its letters and, where they leave it open, the model's.

A unit is a line of a text file or a paragraph, cell, cue or string of a document. The verdict depends on
the unit's text and the detector only (never on its neighbours), so it is cached and is the same on every
path. Neighbours and the document are `translit.text.decide`'s business.

The rules, each reading the `[detect]` tables of the rule files (`translit.text.profiles`):
1. The script with more letters (Cyrillic or Latin) is the unit's script; no letters: nothing to decide.
2. A source is ruled out when its `excludes` letters are at least a quarter of its `marks` and `hints`
   (a Kazakh line has many ә ө ү і; an Uzbek line may hold one Russian name with щ).
3. `marks` of exactly one source that is not ruled out decide alone, with no model.
4. A unit with fewer than `MIN_LETTERS` letters is too short to judge: it follows its document. The model
   is asked only when no source's letters are in it at all, to hear whether it is, say, a Russian label.
5. Otherwise the model is asked (about the text spelt through `model_via` for a source that has one). A
   source it agrees with is the verdict. If every source is far less likely than the model's answer (odds
   of at least `LONG_ODDS` for a language the source lists as a neighbour, `FAR_ODDS` for any other), the
   unit is in that other language. Else the unit is unsure and follows its neighbours, provided that the
   model does not find it `FOLLOW_ODDS` (a neighbour) or `LONG_ODDS` times likelier to be something else.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from translit._environ import rules_path
from translit.text.langid import LanguageModel, get_model
from translit.text.profiles import CYRL, LATN, ScriptProfile, letters_of

MIN_LETTERS = 12  # fewer letters than this and a unit is too short to judge alone
LONG_ODDS = 10.0  # how much likelier a neighbouring language must be before a long unit is left alone
FAR_ODDS = 50.0  # the same for a language the model only guesses at on loanword-laden text (Indonesian…)
FOLLOW_ODDS = 4.0  # an unsure unit follows its neighbours only while its own odds against them stay below this
FIRM_LETTERS = 20  # from this many letters on, the model's odds on a unit are firm enough for FOLLOW_ODDS
SHORT_ODDS = 8.0  # the same for a short unit (the model is flat on a word or two, and its odds small)
MIN_MODEL_LETTERS = 4  # the model is not asked about fewer letters than this (ва, Мы): it would guess
MIN_AGREE = 0.3  # the model's top answer must have at least this probability to count as agreeing
VIA_PLAIN_ODDS = 1000.0  # above these odds on the text as written, a respelt text's agreement is not believed
SAMPLE = 2000  # characters of a unit that are judged: enough to decide, at a bounded cost
OTHER = "und"  # the tag of a unit whose letters rule out every source we know, the model unheard

# Runs, not single letters: a unit's letters are counted as its length less what is left with the runs removed,
# which builds no list of one-letter strings (measured: a third of the time of `len(findall)` on news lines).
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]+")


class Basis(StrEnum):
    """Why a unit got its verdict."""

    NO_LETTERS = "no-letters"
    LETTERS = "letters"
    MODEL = "model"
    EXCLUDED = "excluded"
    SHORT = "short"
    UNSURE = "unsure"


@dataclass(frozen=True)
class Verdict:
    """One unit's own verdict. `tag` is set when the unit decides alone (a source tag, or another
    language's code); `compatible` lists the sources it may follow; `odds` how much likelier the model
    finds its best answer than each of them (absent: the model was not asked)."""

    tag: str | None
    basis: Basis
    script: str | None = None
    letters: int = 0
    confidence: float = 0.0
    compatible: frozenset[str] = frozenset()
    odds: Mapping[str, float] = field(default_factory=dict)
    model_top: str | None = None

    @property
    def decided(self) -> bool:
        """Whether the unit decides alone (and so may lead its neighbours)."""
        return self.basis in DECIDING


#: The bases on which a unit decides alone (`Verdict.decided`). A set built once: naming three members of an
#: enum class is three class-attribute lookups, which made `decided` about 1 µs, and the text path asks it of
#: every unit of a document's window twice.
DECIDING: frozenset[Basis] = frozenset({Basis.LETTERS, Basis.MODEL, Basis.EXCLUDED})


def _ruled_out(evidence: int, excluded: int) -> bool:
    return excluded > 0 and excluded * 4 >= evidence


# Units that repeat (headings, cells, names) are few; a paragraph rarely repeats. An entry holds the unit and its
# verdict, about 1 KB: at 2**16 entries a bulk run of distinct paragraphs kept some 80 MB of them.
@functools.lru_cache(maxsize=1 << 12)
def _cached(text: str, detector: str, _rules_path: str) -> Verdict:
    return _judge(text, detector)


def judge(text: str, detector: str = "py3langid") -> Verdict:
    """The verdict on one unit (see the module docstring)."""
    sample = text[:SAMPLE]
    if len(sample) <= 512:  # headings, cells and names repeat; long paragraphs rarely do
        return _cached(sample, detector, rules_path())
    return _judge(sample, detector)


def _judge(text: str, detector: str) -> Verdict:
    size = len(text)
    cyrillic, latin = size - len(_CYRILLIC.sub("", text)), size - len(_LATIN.sub("", text))
    if cyrillic == 0 and latin == 0:
        return Verdict(None, Basis.NO_LETTERS)
    script = CYRL if cyrillic >= latin else LATN
    letters = cyrillic if script == CYRL else latin
    candidates: list[tuple[ScriptProfile, int, int]] = []
    counter = letters_of(script)
    for profile, (marks, hints, excludes) in zip(counter.sources, counter.count(text), strict=True):
        if not _ruled_out(marks + hints, excludes):
            candidates.append((profile, marks, hints))
    compatible = frozenset(p.tag for p, _m, _h in candidates)

    def verdict(tag: str | None, basis: Basis, **more: object) -> Verdict:
        return Verdict(tag, basis, script, letters, compatible=compatible, **more)  # type: ignore[arg-type]

    if not candidates:
        return verdict(OTHER, Basis.EXCLUDED, confidence=0.5)
    marked = sorted(((m, p) for p, m, _h in candidates if m), key=lambda mp: -mp[0])
    if marked and (len(marked) == 1 or marked[0][0] > marked[1][0]):
        count, profile = marked[0]
        support = count + next(h for p, _m, h in candidates if p is profile) / 2
        return verdict(profile.tag, Basis.LETTERS, confidence=round(1 - 0.3**support, 3))
    short = letters < MIN_LETTERS
    evidence = any(m or h for _p, m, h in candidates)
    if short and (evidence or letters < MIN_MODEL_LETTERS):
        return verdict(None, Basis.SHORT)
    model = get_model(detector)
    odds, agreeing, top = _ask(model, text, candidates)
    if short:
        return verdict(None, Basis.SHORT, odds=odds, model_top=top[0])
    if not any(model.knows(code) for p, _m, _h in candidates for code in p.model):
        # A model that knows none of our languages (langdetect, none) cannot agree with hints: the letters are
        # all there is, so the source with the most of them decides, unless the model vouches for another.
        hinted = sorted(((m + h, p) for p, m, h in candidates if m + h), key=lambda ep: (-ep[0], -ep[1].priority))
        if hinted and (
            len(hinted) == 1 or hinted[0][0] > hinted[1][0] or hinted[0][1].priority > hinted[1][1].priority
        ):
            profile = hinted[0][1]
            if odds.get(profile.tag, 1.0) < odds_to_leave(profile, top[0]):
                return verdict(profile.tag, Basis.LETTERS, confidence=0.5, odds=odds, model_top=top[0])
    if agreeing:
        agreeing.sort(key=lambda a: (-a[1], -a[0].priority, a[0].tag))
        profile, _evidence, prob = agreeing[0]
        return verdict(profile.tag, Basis.MODEL, confidence=round(prob, 3), odds=odds, model_top=top[0])
    if top[0] is not None and all(odds[p.tag] >= odds_to_leave(p, top[0]) for p, _m, _h in candidates if p.tag in odds):
        return verdict(top[0], Basis.MODEL, confidence=round(top[1], 3), odds=odds, model_top=top[0])
    return verdict(None, Basis.UNSURE, odds=odds, model_top=top[0])


def odds_to_leave(profile: ScriptProfile, language: str | None) -> float:
    """How much likelier `language` must be than `profile` before a long unit is taken to be in it."""
    return LONG_ODDS if language in profile.neighbours else FAR_ODDS


def odds_to_follow(profile: ScriptProfile, language: str | None, letters: int) -> float:
    """Below these odds against it, an unsure unit may follow a neighbour or document in `profile`.

    On two or three words the model's odds are weak evidence ("Тошкент, катта" is 5 to 1 Kyrgyz), so a
    unit of fewer than `FIRM_LETTERS` letters needs the short units' odds to be held back.
    """
    if language not in profile.neighbours:
        return LONG_ODDS
    return FOLLOW_ODDS if letters >= FIRM_LETTERS else SHORT_ODDS


def _ask(
    model: LanguageModel, text: str, candidates: list[tuple[ScriptProfile, int, int]]
) -> tuple[dict[str, float], list[tuple[ScriptProfile, int, float]], tuple[str | None, float]]:
    """The model's odds against each candidate, the candidates it agrees with, and its own top answer."""
    plain = model.rank(text)
    top = _top(plain)
    odds: dict[str, float] = {}
    agreeing: list[tuple[ScriptProfile, int, float]] = []
    for profile, marks, hints in candidates:
        ranks = plain
        if profile.model_via and (marks or hints):
            ranks = model.rank(_spelt_via(profile.model_via, text))
        best, best_p = top if ranks is plain else _top(ranks)
        own = sum(ranks.get(code, 0.0) for code in profile.model)
        if any(model.knows(code) for code in profile.model):
            against = best_p / max(own, 1e-9) if best not in profile.model else 1.0
            odds[profile.tag] = against
            plain_odds = top[1] / max(sum(plain.get(code, 0.0) for code in profile.model), 1e-9)
            # Respelt, some Turkish passes for Uzbek ("Bu aksham chok sogʻuk"); as written, the model has never
            # seen 2026 Uzbek and takes it for Turkmen or Turkish, but rarely as surely as real Turkish.
            plausible = ranks is plain or plain_odds < VIA_PLAIN_ODDS
            if best in profile.model and best_p >= MIN_AGREE and plausible:
                agreeing.append((profile, marks + hints, best_p))
        elif best in model.trusted and best_p < 1.0:  # a model without this language vouches only for its own
            odds[profile.tag] = best_p / (1.0 - best_p)
        else:
            odds[profile.tag] = 1.0
    return odds, agreeing, top


def _top(ranks: Mapping[str, float]) -> tuple[str | None, float]:
    if not ranks:
        return None, 0.0
    best = max(ranks, key=ranks.__getitem__)
    return best, ranks[best]


def _spelt_via(rule_set_id: str, text: str) -> str:
    from translit.registry import converter_for_id

    return converter_for_id(rule_set_id).convert(text)


def clear_cache() -> None:
    """Forget cached verdicts (after rule files change in a running process, as tests do)."""
    _cached.cache_clear()
