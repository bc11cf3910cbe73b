"""The rule for tests needing a system component: skip outside CI, fail under CI."""

from __future__ import annotations

import pytest

from system import require_component


def test_present_component_neither_skips_nor_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require_component(True, "Debian's Chromium", "apt-get install chromium")


def test_missing_component_skips_outside_ci_with_how_to(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as info:
        require_component(False, "Debian's Chromium", "apt-get install chromium")
    assert "apt-get install chromium" in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("value", ["true", "TRUE", "True"])
def test_missing_component_fails_under_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception) as info:
        require_component(False, "a PostgreSQL server", "apt-get install postgresql")
    assert "apt-get install postgresql" in str(info.value)


def test_ci_other_than_true_is_not_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_component(False, "Debian's Chromium", "apt-get install chromium")
