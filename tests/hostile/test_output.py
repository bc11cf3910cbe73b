"""Names are data, never markup or terminal commands: Rich markup (``[/]``), escape
sequences and mathtext (``$x^$``) in a scenario are printed and plotted as text."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from .helpers import BASE, run


def write(tmp_path: Path, **names: str) -> Path:
    doc = copy.deepcopy(BASE)
    doc["metadata"]["title"] = names.get("title", "T")
    doc["parties"][0]["name"] = names.get("x", "X")
    doc["issues"][0]["name"] = names.get("issue", "Land")
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True))
    return p


@pytest.mark.parametrize("command", ["analyze", "show"])
def test_rich_markup_in_names_is_printed_as_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    p = write(tmp_path, title="Talks [/] [bold]x[/bold]", x="[/]", issue="[red]land")
    code, out, err = run([command, str(p)], capsys)
    assert code == 0, err
    assert "Talks [/] [bold]x[/bold]" in out
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["analyze", "show"])
def test_control_characters_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    p = write(tmp_path, title="Talks\x1b[2J\x07 end", x="X\x9b31m")
    code, out, err = run([command, str(p)], capsys)
    assert code == 0, err
    assert "Talks[2J end" in out
    assert not any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in out)


@pytest.mark.slow
def test_mathtext_in_a_party_name_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    p = write(tmp_path, x="$x^$", issue="$\\frac{")
    out = tmp_path / "r.html"
    code, _, err = run(["report", str(p), "-o", str(out), "--no-simulate"], capsys)
    assert code == 0, err
    assert "$x^$" in out.read_text(encoding="utf-8")
