"""Each finding of the coverage-guided fuzzing campaign (``benchmarks/fuzz_readers.py``,
figures in benchmarks/RESULTS.md), kept as the input that found it, shrunk by hand: the
reader now refuses it with accord's one-line error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.errors import AccordError, FormatError
from accord.io.actors import read_actor_table
from accord.io.foreign import load_foreign

from .fuzz_targets import SWEEP_MANIFEST, TARGETS

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("encoding", ["UTF-5", "x-unknown", "utf-16"])
def test_ktab_xml_with_an_unknown_encoding_is_refused(tmp_path: Path, encoding: str) -> None:
    """Finding (actors): an XML declaration naming an encoding Python does not know raised
    LookupError out of the KTAB XML reader."""
    text = (DATA / "forecasting" / "ktab" / "inputs" / "smpExample.xml").read_text()
    p = tmp_path / "t.xml"
    p.write_text(text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1))
    assert f'encoding="{encoding}"' in p.read_text()
    with pytest.raises(FormatError, match=r"t\.xml.*(encoding|XML)") as info:
        read_actor_table(p, format="ktab-xml")
    assert "\n" not in str(info.value)


def test_genius_xml_with_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    """The same declaration in a GENIUS profile (the same parser underneath)."""
    src = DATA / "genius" / "unit" / "FiftyFifty"
    for f in src.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    prof = tmp_path / "FiftyFifty-prof1.xml"
    prof.write_text(
        '<?xml version="1.0" encoding="UTF-5"?>\n' + prof.read_text().split("?>", 1)[-1]
    )
    with pytest.raises(FormatError, match=r"FiftyFifty-prof1\.xml.*encoding"):
        load_foreign(tmp_path, "genius")


@pytest.mark.parametrize("data", [b"0", b"[]", b'"runs"', b"null", b"[" * 100_000])
def test_a_manifest_that_is_not_an_object_is_refused(tmp_path: Path, data: bytes) -> None:
    """Finding (manifest): a manifest.json holding a number (or a list, a string, null)
    raised AttributeError on --resume; a deeply nested one raised RecursionError."""
    target = TARGETS["manifest"]
    target.use(tmp_path)
    refused = target.run(data)
    assert isinstance(refused, AccordError), refused
    assert "cannot resume" in str(refused) and "manifest" in str(refused)
    assert "delete the folder" in str(refused)


def test_the_manifest_seed_still_resumes(tmp_path: Path) -> None:
    target = TARGETS["manifest"]
    target.use(tmp_path)
    assert target.run(json.dumps(SWEEP_MANIFEST).encode()) == (set(), None)


@pytest.mark.parametrize(
    "html",
    [
        "<![oad>\n<body><nav>menu</nav>Delegations met in Geneva.</body>",
        "<![if !supportLists]>Delegations met in Geneva.<![endif]>",
        "<p>Delegations met in Geneva.</p><![CDATA[x]]>",
    ],
)
def test_html_with_an_unknown_marked_section_is_read_or_refused(html: str) -> None:
    """Finding (ingest): ``<![oad>`` (a marked section with an unknown keyword) made
    Python's HTML parser raise AssertionError out of the report reader."""
    from accord.ingest.reader import report_from_bytes

    try:
        report = report_from_bytes(html.encode(), "r.html", "html")
    except AccordError as exc:
        assert "r.html" in str(exc)
    else:
        assert "<![" not in report.text


@pytest.mark.parametrize("body", ["0.2", "[]", '"x"', "null"])
def test_geniusweb_profile_body_that_is_not_an_object_is_refused(tmp_path: Path, body: str) -> None:
    """Finding (geniusweb, structure-aware pass): ``{"LinearAdditiveUtilitySpace": 0.2}``
    raised TypeError out of the profile reader."""
    src = DATA / "genius" / "unit" / "geniusweb" / "Fitness"
    for f in src.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "fitness2.json").write_text('{"LinearAdditiveUtilitySpace": ' + body + "}")
    with pytest.raises(FormatError, match=r"fitness2\.json.*LinearAdditiveUtilitySpace.*object"):
        load_foreign(tmp_path, "geniusweb")


@pytest.mark.parametrize("kind", [[], {}, 1, None])
def test_talks_import_row_type_that_is_not_a_name_is_refused(tmp_path: Path, kind: object) -> None:
    """Finding (talks, structure-aware pass): a row whose ``type`` is a list raised
    TypeError (unhashable) out of the import."""
    target = TARGETS["talks"]
    target.use(tmp_path)
    lines = target.seeds()[0].decode().splitlines()
    row = json.loads(lines[1])
    row["type"] = kind
    lines[1] = json.dumps(row)
    refused = target.run("\n".join(lines).encode())
    assert isinstance(refused, AccordError), refused
    assert "export.jsonl:2: unknown row type" in str(refused)


@pytest.mark.parametrize("schema", [[], {}, 3])
def test_talks_import_header_schema_that_is_not_a_name_is_refused(
    tmp_path: Path, schema: object
) -> None:
    target = TARGETS["talks"]
    target.use(tmp_path)
    lines = target.seeds()[0].decode().splitlines()
    header = json.loads(lines[0])
    header["schema"] = schema
    lines[0] = json.dumps(header)
    refused = target.run("\n".join(lines).encode())
    assert isinstance(refused, AccordError), refused
    assert "export.jsonl:1: the export has schema" in str(refused)
