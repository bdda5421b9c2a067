"""Build hook: compile the optional C word loop `translit/_speedups.c` where a C compiler and the Python headers are,
and py3langid's scorer `translit/_langid.c` beside it (translit.text.langid falls back to py3langid itself), and the
documents' flow cutting `translit/_flowcut.c` (translit.documents._flow falls back to its Python functions).

Without them (or with TRANSLIT_PURE_PYTHON=1 set at install time) the package installs as pure Python, which gives
the same output (translit.engine falls back to it; tests/test_engine_batch.py checks both agree).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class SpeedupsHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if os.environ.get("TRANSLIT_PURE_PYTHON", "") not in ("", "0") or sys.platform == "win32":
            return
        # the word loop; py3langid's scorer without numpy (text/langid.py); flows cut back (documents/_flow.py)
        for name in ("_speedups", "_langid", "_flowcut"):
            self._build(name, version, build_data)

    def _build(self, name: str, version: str, build_data: dict[str, Any]) -> None:
        source = Path(self.root) / "translit" / f"{name}.c"
        suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        target = source.with_name(f"{name}{suffix}")
        compiler = shutil.which(os.environ.get("CC", "") or "cc") or shutil.which("gcc")
        include = sysconfig.get_paths()["include"]
        if compiler is None or not (Path(include) / "Python.h").exists():
            print("translit: no C compiler or Python headers; installing the pure-Python engine", file=sys.stderr)
            return
        cmd = [compiler, "-O2", "-shared", "-fPIC", f"-I{include}", str(source), "-o", str(target)]
        if sys.platform == "darwin":
            cmd[1:1] = ["-undefined", "dynamic_lookup"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            print(f"translit: {name} not built ({done.stderr.strip()[:500]}); pure Python", file=sys.stderr)
            target.unlink(missing_ok=True)
            return
        if version != "editable":  # an editable install imports it from the source tree
            build_data["force_include"][str(target)] = f"translit/{target.name}"
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
