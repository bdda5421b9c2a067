"""The bridge to `transliterate`, each check in a fresh interpreter: transliterate discovers its own packs only
while its registry is empty, so the order of calls inside one process is what is under test."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_register_first_keeps_transliterates_own_packs() -> None:
    done = _run(
        """
        from translit.transliterate_pack import register
        print(register())
        from transliterate import get_available_language_codes, translit as tr
        codes = get_available_language_codes()
        print("ru" in codes, "uk" in codes, "el" in codes, "uz" in codes)
        print(tr("Привет, мир", "ru", reversed=True))
        print(tr("Oʻzbekiston", "uz"))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["['uz', 'uz_2026']", "True True True True", "Privet, mir", "Ўзбекистон"]


def test_romanize_russian_after_register() -> None:
    done = _run(
        """
        from translit.transliterate_pack import register
        register()
        import translit
        print(translit.convert("Ўзбекистон пойтахти.\\nЭто русская строка о погоде в городе.", to="uz-Latn",
                               romanize_russian=True))
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Oʻzbekiston poytaxti.", "Eto russkaja stroka o pogode v gorode."]
