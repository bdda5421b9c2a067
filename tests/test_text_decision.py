"""What to convert: the `[detect]` tables of the rule files, each unit's decision, and what needs nothing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

import translit
from cli import app
from translit.errors import NothingToConvertError
from translit.text.judge import judge
from translit.text.langid import UnknownDetectorError, get_model
from translit.text.profiles import profiles

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _examples() -> list[tuple[str, str, str]]:
    return [(p.tag, text, want) for p in profiles() for text, want in p.examples]


def test_every_source_with_rules_says_what_it_looks_like() -> None:
    tags = {p.tag for p in profiles()}
    assert tags == {"uz-Cyrl", "uz-Latn", "uz-Latn-2026", "kk-Cyrl", "kk-Latn"}
    assert all(p.examples for p in profiles())


@pytest.mark.parametrize(("tag", "text", "want"), _examples())
def test_detect_examples_of_every_rule_file(tag: str, text: str, want: str) -> None:
    from translit.text.decide import DocumentState

    state = DocumentState("und", frozenset(p.tag for p in profiles()))
    verdict = judge(text)
    state.observe(verdict, len(text))
    state.fix()
    decided = state.resolve(verdict)
    if want == "-":
        assert decided != tag, (text, verdict)
    else:
        assert decided == want, (text, verdict)


TAJIK_RULES = textwrap.dedent(
    """
    [meta]
    id = "tg-Cyrl__tg-Latn"
    title = "Tajik Cyrillic to Latin (a toy, for the test)"
    source = "tg-Cyrl"
    target = "tg-Latn"

    [map]
    "а" = "a"
    "б" = "b"
    "в" = "v"
    "г" = "g"
    "ғ" = "gh"
    "д" = "d"
    "е" = "e"
    "ж" = "zh"
    "з" = "z"
    "и" = "i"
    "ӣ" = "ī"
    "й" = "y"
    "к" = "k"
    "қ" = "q"
    "л" = "l"
    "м" = "m"
    "н" = "n"
    "о" = "o"
    "п" = "p"
    "р" = "r"
    "с" = "s"
    "т" = "t"
    "у" = "u"
    "ӯ" = "ū"
    "ф" = "f"
    "х" = "x"
    "ҳ" = "h"
    "ч" = "ch"
    "ҷ" = "j"
    "ш" = "sh"
    "ъ" = "ʼ"
    "э" = "e"
    "ю" = "yu"
    "я" = "ya"

    [detect]
    language = "tg"
    model = ["tg"]
    neighbours = ["uz", "ru", "ky"]
    marks = "[ӣӯҷӢӮҶ]"
    hints = "[ҳқғҲҚҒ]"
    excludes = "[ўәөүұіңһЎӘӨҮҰІҢҺ]"
    examples = [["Ҳукумати Ҷумҳурии Тоҷикистон қарори нави худро эълон кард.", "tg-Cyrl"]]

    [[example]]
    in = "Ҷумҳурӣ"
    out = "Jumhurī"
    """
)


def test_a_new_rule_file_brings_detection_with_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tg-Cyrl__tg-Latn.toml").write_text(TAJIK_RULES, encoding="utf-8")
    tajik = "Ҳукумати Ҷумҳурии Тоҷикистон қарори нави худро эълон кард."
    uzbek = "Тошкент шаҳрида янги мактаб очилди."
    assert translit.detect_script(tajik).tag != "tg-Cyrl"  # before: no rule file, no such source
    monkeypatch.setenv("TRANSLIT_RULES_PATH", str(tmp_path))
    assert "tg-Cyrl" in {p.tag for p in profiles()}
    assert translit.detect_script(tajik).tag == "tg-Cyrl"
    text = f"{tajik}\n{uzbek}\n"
    assert (
        translit.convert(text, to="tg-Latn") == f"Hukumati Jumhurii Tojikiston qarori navi xudro eʼlon kard.\n{uzbek}\n"
    )
    assert translit.convert(text, to="uz-Latn") == f"{tajik}\nToshkent shahrida yangi maktab ochildi.\n"


KAZAKH = "Бүгін ауа райы өте жақсы, балалар саябақта ойнап жүр."
UZBEK = "Бугун ҳаво жуда яхши, болалар боғда ўйнашмоқда."


def test_kazakh_is_left_alone_under_uzbek_latin_and_converted_under_kazakh_latin() -> None:
    text = f"{UZBEK}\n{KAZAKH}\n"
    assert translit.convert(text, to="uz-Latn") == f"Bugun havo juda yaxshi, bolalar bogʻda oʻynashmoqda.\n{KAZAKH}\n"
    assert translit.convert(text, to="kk-Latn") == f"{UZBEK}\nBügın aua raiy öte jaqsy, balalar saiabaqta oinap jür.\n"


def test_turkic_latin_lines_in_a_2026_text_stay_latin() -> None:
    lines = [
        "Toşkent şahrida yangi maktab oçildi.",
        "Bugün hava çok güzel, çocuklar parkta oynuyor.",  # Turkish
        "Bu gün hava çox gözəldir, uşaqlar parkda oynayırlar.",  # Azerbaijani
        "Özbekiston şaharlari çiroyli va qadimiy.",
    ]
    out = translit.convert("\n".join(lines), to="uz-Cyrl").split("\n")
    assert out == [
        "Тошкент шаҳрида янги мактаб очилди.",
        lines[1],
        lines[2],
        "Ўзбекистон шаҳарлари чиройли ва қадимий.",
    ]


def test_no_model_is_loaded_when_the_letters_decide() -> None:
    code = (
        "import sys, translit\n"
        "out = translit.convert('Ўзбекистон шаҳарлари катта.\\nБиз кўп ўқидик.\\n2025\\n', to='uz-Latn')\n"
        "assert out == 'Oʻzbekiston shaharlari katta.\\nBiz koʻp oʻqidik.\\n2025\\n', out\n"
        "print('py3langid' in sys.modules, 'numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_langdetect_as_the_detector_is_seeded_and_vouches_for_western_languages() -> None:
    text = (
        "Salom dunyo, bugun yaxshi kun.\n"
        "The weather is very nice today and the children are playing.\n"
        "Das Wetter ist heute sehr schön und die Kinder spielen draußen.\n"
        "Oʻzbekiston Respublikasi poytaxti Toshkent.\n"
    )
    first = translit.convert(text, to="uz-Cyrl", detector="langdetect")
    assert first.split("\n")[1:3] == text.split("\n")[1:3]
    assert first.split("\n")[3] == "Ўзбекистон Республикаси пойтахти Тошкент."
    assert all(translit.convert(text, to="uz-Cyrl", detector="langdetect") == first for _ in range(3))
    assert get_model("langdetect").knows("en") and not get_model("langdetect").knows("uz")
    cli = runner.invoke(app, ["convert", "-", "--to", "uz-Cyrl", "--detector", "langdetect"], input=text)
    assert cli.exit_code == 0 and cli.stdout == first


def test_an_unknown_detector_is_a_clear_error() -> None:
    with pytest.raises(UnknownDetectorError, match="no language detector 'cld9'"):
        translit.convert("Президент сказал, что это очень важно.", to="uz-Latn", detector="cld9")


def test_without_a_model_the_letters_and_the_document_decide() -> None:
    text = "Ўзбекистон шаҳарлари катта.\nТошкент\n"
    assert translit.convert(text, to="uz-Latn", detector="none") == "Oʻzbekiston shaharlari katta.\nToshkent\n"


@pytest.mark.parametrize(
    ("stdin", "stdout"),
    [("Салом дунё\n", "Salom dunyo\n"), ("Хива", "Xiva"), ("Жами", "Jami"), ("Hello", "Hello"), ("123", "123")],
)
def test_short_input_on_the_command_line(stdin: str, stdout: str) -> None:
    done = runner.invoke(app, ["convert", "--to", "uz-Latn"], input=stdin)
    assert done.exit_code == 0, done.output
    assert done.stdout == stdout


def test_from_always_forces() -> None:
    russian = "Президент сказал, что это очень важно."
    assert translit.convert(russian, to="uz-Latn", source="uz-Cyrl") == "Prezident skazal, chto eto ochen vajno."
    done = runner.invoke(app, ["convert", "--to", "uz-Latn", "--from", "uz-Cyrl", "--strict"], input=russian)
    assert done.exit_code == 0 and done.stdout == "Prezident skazal, chto eto ochen vajno."


def test_strict_library_error_names_nothing_but_the_reason() -> None:
    with pytest.raises(NothingToConvertError, match=r"^nothing converts to uz-Latn"):
        translit.convert("Главная страница", to="uz-Latn", strict=True)


def test_html_with_100_kb_of_inline_css_before_the_text_is_converted() -> None:
    from translit.documents import DocumentOptions, convert_document

    css = "".join(f".c{i} {{ color: #{i % 4096:03x}; margin: {i % 17}px; }}\n" for i in range(4000))
    assert len(css) > 100_000
    page = (
        f'<!DOCTYPE html><html lang="uz-Cyrl"><head><style>{css}</style></head><body><p>Тошкент шаҳри</p></body></html>'
    )
    result = convert_document("page.html", page.encode("utf-8"), DocumentOptions(target="uz-Latn"))
    assert result.status == "converted"
    assert "<p>Toshkent shahri</p>" in result.data.decode("utf-8")
    assert '<html lang="uz-Latn">' in result.data.decode("utf-8")


def test_a_pandoc_epub_is_converted() -> None:
    import zipfile

    from translit.documents import DocumentOptions, convert_document

    data = (ROOT / "tests" / "data" / "news.pandoc.epub").read_bytes()
    result = convert_document("news.epub", data, DocumentOptions(target="uz-Latn"))
    assert result.status == "converted"
    with zipfile.ZipFile(__import__("io").BytesIO(result.data)) as zf:
        chapter = zf.read("EPUB/text/ch001.xhtml").decode("utf-8")
    assert "Toshkent shahrida yangi maktab ochildi." in chapter
    assert "Президент сказал, что это очень важно для всей страны." in chapter
    assert "Bugun havo juda yaxshi" in chapter
