"""What if Russia's demand for all of the Donbas were an opening position, not a red line?

Runs the analysis of the bundled Geneva scenario as it is, then with that red line
switched off, and prints what changes. Run: ``python examples/what_if_geneva.py``.
"""

from __future__ import annotations

import dataclasses

from accord.analysis import analyze
from accord.io import load_scenario


def without_red_line(scenario, party_id: str, red_line_id: str):  # type: ignore[no-untyped-def]
    parties = tuple(
        dataclasses.replace(p, red_lines=tuple(r for r in p.red_lines if r.id != red_line_id))
        if p.id == party_id
        else p
        for p in scenario.parties
    )
    return dataclasses.replace(scenario, parties=parties)


def main() -> None:
    talks = load_scenario("geneva-2026")
    before = analyze(talks)
    after = analyze(without_red_line(talks, "russia", "full-donbas"))
    print(f"as reported: {before.zopa.size} acceptable packages")
    print(f"if Moscow's full-Donbas demand is negotiable: {after.zopa.size} acceptable packages")
    nash = after.solutions["nash"]
    assert nash is not None
    print("Nash bargaining solution then:")
    for issue, option in nash.outcome.items():
        print(f"  {issue}: {option}")
    print("  utilities:", {k: round(v, 3) for k, v in nash.utilities.items()})


if __name__ == "__main__":
    main()
