"""`pip install .` ships everything an installed assistant needs, outside the checkout too."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _listed() -> set[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return set(config["tool"]["setuptools"]["packages"])


def test_every_subpackage_is_listed_for_the_wheel() -> None:
    found = {
        ".".join(p.parent.relative_to(REPO).parts)
        for p in (REPO / "assistant").rglob("__init__.py")
    }
    assert found <= _listed(), sorted(found - _listed())
    assert "assistant.knowledge" in _listed()


def test_the_wheel_holds_the_knowledge_the_web_assets_and_the_prompts(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         str(REPO), "-w", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [
        f"assistant/knowledge/{p.relative_to(REPO / 'knowledge').as_posix()}"
        for p in (REPO / "knowledge").rglob("*")
        if p.is_file()
    ]
    assert shipped and set(shipped) <= names, sorted(set(shipped) - names)
    for folder in ("assistant/http/web/", "assistant/answer/prompts/"):
        assert any(n.startswith(folder) for n in names), folder
