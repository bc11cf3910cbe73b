"""`accord ingest` on the shipped Geneva report: what the issue says it must show."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from clirun import Cli

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "src/accord/scenarios/geneva-2026.source.txt"


@pytest.fixture(scope="module")
def proposals() -> list[dict[str, Any]]:
    from accord.ingest import propose, read_report
    from accord.io import load_scenario

    result = propose(read_report(REPORT), load_scenario("geneva-2026"))
    return [p.to_dict() for p in result.proposals]


def one(ps: list[dict[str, Any]], **want: Any) -> dict[str, Any]:
    hits = [p for p in ps if all(p.get(k) == v for k, v in want.items())]
    assert len(hits) == 1, (want, [p for p in ps if p["kind"] == want.get("kind")])
    return hits[0]


def test_json_output_has_the_must_show_items_with_spans(
    cli: Cli,
) -> None:
    code, out, err = cli(["ingest", str(REPORT), "--json"])
    assert code == 0, err
    d = json.loads(out)
    text = REPORT.read_text(encoding="utf-8")
    assert d["report"]["date"] == "2026-02-18" and d["report"]["date_source"] == "report"
    ps = d["proposals"]
    for p in ps:  # every span is exact: the quote is the text at those offsets
        a, b = p["span"]
        assert text[a:b] == p["quote"], p
        assert 0 < p["confidence"] <= 1 and p["rule"]
        assert p["evidence"] in {"stated", "reported", "inferred"}

    venue = one(ps, kind="venue")
    assert venue["venue"] == "Geneva" and venue["quote"] == "Geneva"
    dates = one(ps, kind="dates")
    assert (dates["start"], dates["end"]) == ("2026-02-17", "2026-02-18")
    assert "Wednesday" in dates["quote"] and "the day before" in dates["quote"]
    ua = one(ps, kind="delegation", party="ukraine")
    ru = one(ps, kind="delegation", party="russia")
    assert "Umerov" in ua["head"] and "Umerov" in ua["quote"]
    assert "Medinsky" in ru["head"] and "Medinsky" in ru["quote"]
    deadline = one(ps, kind="deadline")
    assert deadline["date"] == "2026-06-30" and "June" in deadline["quote"]
    assert deadline["set_by"] == "united_states"
    donbas = one(ps, kind="claim", party="russia", issue="donbas", type="demand")
    assert donbas["quote"].startswith("Moscow is demanding full control")
    red = one(ps, kind="claim", party="ukraine", issue="donbas", type="red_line")
    assert "giving up territory is a red line" in red["quote"] and red["cue"] == "red line"
    shared = one(ps, kind="claim", party="ukraine", issue="znpp", type="proposal")
    assert "floated the idea of shared control with the US" in shared["quote"]
    nxt = one(ps, kind="next_round")
    assert nxt["announced"] is True and nxt["date"] is None


def test_claims_name_the_speaker_and_evidence_kind(proposals: list[dict[str, Any]]) -> None:
    rej = one(proposals, kind="claim", party="ukraine", issue="donbas", type="rejection")
    assert rej["speaker"] == "Zelensky" and rej["evidence"] == "stated"
    # the issue of "the area" comes from the previous sentence: an inference, and said so
    donbas = one(proposals, kind="claim", party="russia", issue="donbas", type="demand")
    assert donbas["evidence"] == "inferred" and "sentence" in donbas["reasoning"]
    # Moscow's "unlikely to accept" is Russia's rejection, not an acceptance
    assert one(proposals, kind="claim", party="russia", issue="znpp", type="rejection")
    assert not [p for p in proposals if p.get("type") == "acceptance"]


@pytest.mark.slow
def test_table_output_and_review_file(cli: Cli, tmp_path: Path) -> None:
    review = tmp_path / "review.yaml"
    code, out, err = cli(["ingest", str(REPORT), "geneva-2026", "-o", str(review)])
    assert code == 0, err
    assert "Geneva" in out and "red_line" in out and "Umerov" in out
    assert review.is_file() and "status: pending" in review.read_text()


def test_date_option_overrides_the_report(cli: Cli) -> None:
    code, out, _ = cli(["ingest", str(REPORT), "--date", "2026-02-25", "--json"])
    assert code == 0
    d = json.loads(out)
    assert d["report"]["date_source"] == "option"
    dates = next(p for p in d["proposals"] if p["kind"] == "dates")
    # "Wednesday" is now the Wednesday before 25 February
    assert dates["end"] == "2026-02-25" and dates["start"] == "2026-02-24"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ingest"], "give a REPORT"),
        (["ingest", str(REPORT), "--date", "18/02/2026"], "--date must be YYYY-MM-DD"),
        (["ingest", str(REPORT), "--min-confidence", "2"], "--min-confidence"),
        (["ingest", str(REPORT), "geneva-2026", "--record", "x"], "not both"),
        (["ingest", str(REPORT), "--apply", "r.yaml"], "--apply takes the review file only"),
        (["ingest", "no-such-report.txt"], "no such file"),
        (["ingest", str(REPORT), "no-such-scenario"], "no-such-scenario"),
    ],
)
def test_bad_use_is_one_line_and_exit_2(argv: list[str], message: str, cli: Cli) -> None:
    code, _, err = cli(argv)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.slow
def test_min_confidence_filters(cli: Cli) -> None:
    _, out_all, _ = cli(["ingest", str(REPORT), "--json"])
    _, out_hi, _ = cli(["ingest", str(REPORT), "--json", "--min-confidence", "0.8"])
    every = json.loads(out_all)["proposals"]
    high = json.loads(out_hi)["proposals"]
    assert 0 < len(high) < len(every)
    assert all(p["confidence"] >= 0.8 for p in high)
