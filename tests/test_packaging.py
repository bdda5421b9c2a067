"""What the README promises about installing and testing is what the project does."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for name, ending in (("MAIN_COMMAND", "--to uz-Latn"), ("TEST_COMMAND", "python -m pytest -q")):
        found = re.search(rf'^{name}="(.+)"$', ci, re.MULTILINE)
        assert found is not None, name
        command = found.group(1)
        assert command.endswith(ending)
        assert f"```sh\n{command}\n```" in README
        assert f'bash -c "${name}"' in ci  # run verbatim
    for check in ("ruff check .", "ruff format --check .", "mypy --strict translit cli.py"):
        assert check in ci


def test_the_distribution_name_is_the_one_the_readme_installs() -> None:
    project = PYPROJECT["project"]
    assert project["name"] == "translit-uz"
    assert "pip install translit-uz " in README
    assert "pip install translit\n" not in README and "pip install 'translit[" not in README
    for extra in project["optional-dependencies"].values():
        assert not any(dep.startswith("translit[") for dep in extra)


def test_licences_go_into_the_wheel_and_the_sdist() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert {"LICENSE", "NOTICE"} <= set(project["license-files"])
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert "Apache License, Version 2.0" in notice and "Unicode License V3" in notice
    assert (ROOT / "LICENSES" / "Apache-2.0.txt").is_file() and (ROOT / "LICENSES" / "Unicode-3.0.txt").is_file()
    sdist = PYPROJECT["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    for needed in ("/LICENSE", "/NOTICE", "/LICENSES", "/scripts", "/tests", "/corpus", "/cli.py"):
        assert needed in sdist


def test_classifiers_cover_the_tested_pythons() -> None:
    classifiers = PYPROJECT["project"]["classifiers"]
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert set(PYPROJECT["project"]["urls"]) >= {"Homepage", "Source", "Issues"}


def test_the_editable_install_exposes_only_the_package() -> None:
    wheel = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["dev-mode-exact"] is True
    assert "force-include" not in wheel  # forced files would shadow the editable package
    assert PYPROJECT["project"]["scripts"] == {"translit": "translit.cli:main"}
