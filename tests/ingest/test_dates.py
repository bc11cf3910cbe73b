"""Date expressions resolved against the report's date."""

from __future__ import annotations

from datetime import date

import pytest

from accord.ingest.dates import find_dates, report_date

WED = date(2026, 2, 18)  # a Wednesday


def first(text: str, ref: date | None = WED, future: bool | None = None) -> tuple[str, str]:
    d = find_dates(text, ref, future=future)[0]
    return (d.value.isoformat() if d.value else "-", d.last.isoformat() if d.last else "-")


@pytest.mark.parametrize(
    ("text", "future", "want"),
    [
        ("talks on Tuesday and Wednesday", False, ("2026-02-17", "2026-02-18")),
        ("talks on Monday and Tuesday", False, ("2026-02-16", "2026-02-17")),
        ("they met on Friday", False, ("2026-02-13", "2026-02-13")),
        ("they will meet on Friday", None, ("2026-02-20", "2026-02-20")),
        ("next Tuesday", None, ("2026-02-24", "2026-02-24")),
        ("talks next week", None, ("2026-02-23", "2026-03-01")),
        ("next month", None, ("2026-03-01", "2026-03-31")),
        ("a deal by June", None, ("2026-06-01", "2026-06-30")),
        ("a deal by January", None, ("2027-01-01", "2027-01-31")),
        ("by the end of the year", None, ("2026-12-31", "2026-12-31")),
        ("by the end of March", None, ("2026-03-31", "2026-03-31")),
        ("on 17-18 February 2026", False, ("2026-02-17", "2026-02-18")),
        ("on 17 and 18 February", False, ("2026-02-17", "2026-02-18")),
        ("a round planned for October 12", None, ("2026-10-12", "2026-10-12")),
        ("within the next two weeks", None, ("2026-02-18", "2026-03-04")),
        ("earlier this week", False, ("2026-02-16", "2026-02-18")),
        ("2026-02-17/2026-02-18", False, ("2026-02-17", "2026-02-18")),
    ],
)
def test_resolution(text: str, future: bool | None, want: tuple[str, str]) -> None:
    assert first(text, future=future) == want


def test_the_day_before_counts_from_the_day_named() -> None:
    ds = find_dates("ended on Wednesday, after a long session the day before", WED, False)
    assert [d.value.isoformat() for d in ds if d.value] == ["2026-02-18", "2026-02-17"]


def test_spans_are_exact() -> None:
    text = "The talks ended on Wednesday, setting a June deadline."
    for d in find_dates(text, WED):
        assert text[d.start : d.end] == d.text


def test_without_a_reference_date_relative_expressions_stay_unresolved() -> None:
    assert first("on Wednesday", ref=None) == ("-", "-")
    assert first("17 February 2026", ref=None) == ("2026-02-17", "2026-02-17")


def test_may_the_verb_is_not_a_month() -> None:
    assert find_dates("Moscow may accept the plan", WED) == []
    assert first("talks in May", future=False) == ("2025-05-01", "2025-05-31")


def test_report_date_from_the_dateline() -> None:
    assert report_date("Headline\nOslo, September 9, 2026\n\nText.")[0] == date(2026, 9, 9)  # type: ignore[index]
    assert report_date("Headline\n17 May 2025\nText")[0] == date(2025, 5, 17)  # type: ignore[index]
    assert report_date("No date here at all.") is None
