"""Reading reports: text, Markdown, saved HTML; bad input refused in one line, exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.cli.main import main
from accord.ingest import MAX_REPORT_BYTES, ReportError, read_report
from accord.ingest.reader import markdown_text

ROOT = Path(__file__).resolve().parents[2]
GENEVA = (ROOT / "src/accord/scenarios/geneva-2026.source.txt").read_text(encoding="utf-8")

PAGE = """<!doctype html>
<html><head><title>Geneva talks end | Example News</title>
<meta property="article:published_time" content="2026-02-18T20:00:00Z">
<script>document.write("Moscow accepted everything");</script>
<style>p { color: red }</style></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a> Russia accepted the plan</nav>
<div class="cookie-banner">We use cookies. Ukraine rejected cookies.</div>
<article>
<h1>Geneva Peace Talks End Without Breakthrough</h1>
{paras}
<aside>Related: Moscow is demanding a new stadium</aside>
</article>
<footer>Copyright 2026</footer>
<script src="https://example.org/track.js"></script>
</body></html>
"""


def html_page(text: str) -> str:
    paras = "\n".join(f"<p>{line}</p>" for line in text.splitlines()[3:] if line.strip())
    return PAGE.replace("{paras}", paras)


def test_html_main_text_without_scripts_navigation_or_boilerplate(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(html_page(GENEVA), encoding="utf-8")
    rep = read_report(page)
    assert rep.kind == "html" and rep.title == "Geneva talks end | Example News"
    assert rep.published == "2026-02-18"
    assert "Moscow is demanding full control of the area" in rep.text
    for junk in ("document.write", "accepted everything", "Home", "cookies", "stadium",
                 "Copyright", "color: red"):  # fmt: skip
        assert junk not in rep.text, junk


@pytest.mark.slow
def test_html_report_gives_the_same_geneva_proposals(tmp_path: Path) -> None:
    from accord.ingest import propose
    from accord.io import load_scenario

    page = tmp_path / "page.html"
    page.write_text(html_page(GENEVA), encoding="utf-8")
    result = propose(read_report(page), load_scenario("geneva-2026"))
    # the page has no dateline in its text: the date comes from its metadata
    assert result.date_source == "page metadata"
    got = {(p.kind, p.data.get("party"), p.data.get("issue"), p.data.get("type"))
           for p in result.proposals}  # fmt: skip
    assert ("claim", "russia", "donbas", "demand") in got
    assert ("claim", "ukraine", "znpp", "proposal") in got
    d = next(p for p in result.proposals if p.kind == "dates")
    assert (d.data["start"], d.data["end"]) == ("2026-02-17", "2026-02-18")
    for p in result.proposals:
        assert result.report.text[p.span[0] : p.span[1]] == p.quote


def test_markdown_markup_is_removed() -> None:
    md = (
        "# Talks end\n\n*February 18, 2026*\n\n**Moscow** is [demanding](http://x.org) full "
        "control.\n\n- Kyiv said `no`.\n\n> A quoted line\n\n![chart](c.png)\n"
    )
    text = markdown_text(md)
    assert "Moscow is demanding full control." in text
    assert "Talks end" in text and "Kyiv said no." in text and "A quoted line" in text
    assert "http" not in text and "#" not in text and "*" not in text and "chart" not in text


def test_markdown_report(tmp_path: Path) -> None:
    p = tmp_path / "r.md"
    p.write_text("## Geneva\n\n" + GENEVA.replace("Moscow is", "**Moscow** is"), "utf-8")
    rep = read_report(p)
    assert rep.kind == "markdown" and "Moscow is demanding" in rep.text and "**" not in rep.text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n\n  ", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file"),
        (b"\xff\xfe\xfa\xfb bad bytes", "not UTF-8"),
        (
            "Les pourparlers de Genève entre la Russie et l'Ukraine se sont terminés sans "
            "avancée majeure, les deux camps reconnaissant des négociations difficiles. Moscou "
            "exige le contrôle total du Donbass, que Kyiv refuse.".encode(),
            "not in English",
        ),
        (
            "Переговоры в Женеве между Россией и Украиной завершились без прорыва, стороны "
            "признали, что переговоры были трудными.".encode(),
            "not in English",
        ),
        (b"<html><body><script>var x = 1;</script></body></html>", "no text found"),
    ],
)
def test_bad_reports_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    p = tmp_path / ("r.html" if content.startswith(b"<html") else "r.txt")
    p.write_bytes(content)
    with pytest.raises(ReportError) as info:
        read_report(p)
    assert message in str(info.value) and str(p) in str(info.value)


def test_oversized_report(tmp_path: Path) -> None:
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:
        fh.truncate(MAX_REPORT_BYTES + 1)
    with pytest.raises(ReportError, match="over the limit of 5 MB"):
        read_report(p)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("bin.txt", b"\x00\x01\x02\x03" * 100, "binary file"),
        (
            "fr.txt",
            (
                "Les pourparlers de Genève se sont terminés sans avancée, et les deux "
                "camps ont dit que les négociations restent difficiles."
            ).encode(),
            "not in English",
        ),
    ],
)
def test_cli_bad_report_one_line_exit_2(
    tmp_path: Path, name: str, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    p = tmp_path / name
    p.write_bytes(content)
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(p)])
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_cli_oversized_report_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "big.txt"
    with p.open("wb") as fh:
        fh.truncate(6 * 1024 * 1024)
    with pytest.raises(SystemExit) as info:
        main(["ingest", str(p)])
    _, err = capsys.readouterr()
    assert info.value.code == 2 and "over the limit of 5 MB" in err
    assert len(err.strip().splitlines()) == 1


def test_html_without_article_uses_the_body_and_hidden_blocks_are_dropped(tmp_path: Path) -> None:
    page = tmp_path / "plain.htm"
    page.write_text(
        "<html><body><div style='display: none'>Moscow accepted everything.</div>"
        "<p>Talks in Geneva ended on Wednesday.</p><p hidden>Secret line.</p>"
        "<p>Moscow is demanding full control of the area, and Kyiv says that is a red line.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    rep = read_report(page)
    assert "Talks in Geneva ended on Wednesday." in rep.text
    assert "accepted everything" not in rep.text and "Secret" not in rep.text
    # entities are decoded, tags never leak into the text
    page.write_text("<p>Kyiv &amp; Moscow met &mdash; talks &lt;ended&gt; without a deal, "
                    "and the two sides said they would meet again.</p>", "utf-8")  # fmt: skip
    text = read_report(page).text
    assert "Kyiv & Moscow met — talks <ended>" in text and "<p>" not in text
