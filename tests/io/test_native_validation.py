"""Every validation rule of the scenario format, with the message it must give."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml

from accord.errors import AccordWarning, ScenarioError, SpaceTooLargeError
from accord.io import load_scenario
from accord.io.yaml_source import MAX_FILE_BYTES
from factories import SMALL_DOC

BASE: dict[str, Any] = SMALL_DOC


def write(tmp_path: Path, doc: Any, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(doc, sort_keys=False) if not isinstance(doc, str) else doc)
    return p


def err(tmp_path: Path, doc: Any) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(write(tmp_path, doc))
    return info.value


def mutate(path: list[Any], value: Any) -> dict[str, Any]:
    d = copy.deepcopy(BASE)
    node = d
    for p in path[:-1]:
        node = node[p]
    if value is KeyError:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return d


def test_base_document_is_valid(tmp_path: Path) -> None:
    sc = load_scenario(write(tmp_path, BASE))
    assert sc.issue("money").options == (0, 5, 10)
    assert sc.n_outcomes == 9


def test_duplicate_issue_id(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["issues"].append(copy.deepcopy(d["issues"][0]))
    e = err(tmp_path, d)
    assert "duplicate issue id 'land'" in str(e) and e.path == "issues[2].id"
    assert e.line is not None and str(e).startswith(str(tmp_path / "s.yaml") + ":")


def test_duplicate_party_and_red_line_ids(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["parties"][1]["id"] = "x"
    assert "duplicate party id 'x'" in str(err(tmp_path, d))
    d = copy.deepcopy(BASE)
    d["parties"][0]["red_lines"].append(copy.deepcopy(d["parties"][0]["red_lines"][0]))
    e = err(tmp_path, d)
    assert "duplicate red line id 'r'" in str(e) and e.path == "parties[0].red_lines[1].id"


def test_unknown_issue_in_red_line(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 0, "red_lines", 0, "issue"], "znpp"))
    assert e.path == "parties[0].red_lines[0].issue"
    assert "unknown issue 'znpp'; issues are: land, money" in str(e)


def test_unknown_option_lists_valid_ones(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 0, "red_lines", 0, "value"], "shared"))
    assert "unknown option 'shared' for issue 'land'; options are: a, b, c" in str(e)
    assert e.path == "parties[0].red_lines[0].value"


def test_unknown_source(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 0, "red_lines", 0, "evidence", "source"], "nope"))
    assert "unknown source 'nope'; sources are: s" in str(e)


def test_missing_evidence_is_refused(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 0, "red_lines", 0, "evidence"], {"quote": "q"}))
    assert "evidence needs a source id and a quote, or 'assumption: true'" in str(e)


def test_negative_weight_and_capability(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 0, "preferences", "weights", "land"], -0.5))
    assert e.path == "parties[0].preferences.weights.land" and "greater than or equal to 0" in str(
        e
    )
    e = err(tmp_path, mutate(["parties", 0, "capability"], -1))
    assert e.path == "parties[0].capability" and "greater than or equal to 0" in str(e)


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.inf"])
def test_nan_and_inf_are_refused(tmp_path: Path, bad: str) -> None:
    text = yaml.safe_dump(BASE, sort_keys=False).replace("reservation_value: 0", "")
    text = text.replace("- id: y\n", f"- id: y\n  reservation_value: {bad}\n")
    e = err(tmp_path, text)
    assert e.path == "parties[1].reservation_value" and "finite number" in str(e)


def test_option_listed_twice(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["issues", 0, "options"], ["a", "b", "a"]))
    assert "option 'a' is listed twice" in str(e) and e.path == "issues[0].options[2]"


def test_issue_without_options(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["issues", 0, "options"], []))
    assert "the issue has no options" in str(e)


def test_numeric_range_rules(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["issues", 1, "min"], 10))
    assert "min (10) must be below max (10)" in str(e)
    e = err(tmp_path, mutate(["issues", 1, "step"], 3))
    assert "step 3 does not divide the range 0..10" in str(e) and e.path == "issues[1].step"


def test_all_zero_weights(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 1, "preferences", "weights"], {"land": 0}))
    assert "all weights are zero" in str(e)


def test_weights_not_summing_to_one_are_normalized_with_a_warning(tmp_path: Path) -> None:
    with pytest.warns(AccordWarning, match="sum to 2, not 1; normalized"):
        sc = load_scenario(
            write(tmp_path, mutate(["parties", 1, "preferences", "weights"], {"land": 2.0}))
        )
    assert sc.party("y").preference.weights == {"land": 1.0}


def test_value_table_must_cover_every_option(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 1, "preferences", "values", "land"], {"a": 0, "b": 1}))
    assert "has no value for option(s): c" in str(e)


def test_object_constructing_yaml_tags_are_refused(tmp_path: Path) -> None:
    text = "metadata: !!python/object/apply:os.system ['echo hacked']\n"
    e = err(tmp_path, text)
    assert "no tags that construct objects" in str(e) and e.line == 1


def test_duplicate_yaml_keys_are_refused(tmp_path: Path) -> None:
    text = yaml.safe_dump(BASE, sort_keys=False) + "metadata: {id: u, title: U}\n"
    e = err(tmp_path, text)
    assert "duplicate key 'metadata'" in str(e)


def test_unknown_key_is_named(tmp_path: Path) -> None:
    e = err(tmp_path, mutate(["parties", 0, "reservaton_value"], 0.2))
    assert "unknown key 'reservaton_value'" in str(e) and e.path == "parties[0].reservaton_value"


def test_line_numbers_point_at_the_value(tmp_path: Path) -> None:
    p = write(tmp_path, mutate(["parties", 0, "red_lines", 0, "issue"], "znpp"))
    lines = p.read_text().splitlines()
    with pytest.raises(ScenarioError) as info:
        load_scenario(p)
    assert info.value.line is not None
    assert "znpp" in lines[info.value.line - 1]


def test_oversized_file(tmp_path: Path) -> None:
    p = tmp_path / "big.yaml"
    p.write_text("# " + "x" * (MAX_FILE_BYTES + 10))
    with pytest.raises(ScenarioError, match="over the limit"):
        load_scenario(p)


def test_malformed_yaml_and_json(tmp_path: Path) -> None:
    e = err(tmp_path, "metadata: [unclosed\n")
    assert "malformed YAML" in str(e)
    p = tmp_path / "s.json"
    p.write_text('{"metadata": }')
    with pytest.raises(ScenarioError, match="malformed JSON") as info:
        load_scenario(p)
    assert info.value.line == 1


def test_json_nan_is_refused(tmp_path: Path) -> None:
    import json

    text = json.dumps(BASE).replace('"x", "preferences"', '"x", "capability": NaN, "preferences"')
    p = tmp_path / "s.json"
    p.write_text(text)
    with pytest.raises(ScenarioError):
        load_scenario(p)


def test_unknown_scenario_name_lists_bundled() -> None:
    with pytest.raises(ScenarioError, match=r"bundled scenarios are: .*geneva-2026"):
        load_scenario("no-such-talks")


def test_outcome_space_limit_unless_streaming(tmp_path: Path) -> None:
    from accord.analysis import analyze

    d = mutate(["issues", 1, "step"], 0.001)  # 10,001 money options x 3
    sc = load_scenario(write(tmp_path, d))
    with pytest.raises(SpaceTooLargeError, match="over the in-memory limit of 1,000"):
        analyze(sc, max_outcomes=1_000)
    streamed = analyze(sc, max_outcomes=1_000, stream=True, chunk=4096, partial=False)
    whole = analyze(sc, partial=False)
    assert streamed.zopa.size == whole.zopa.size
    assert streamed.to_dict()["pareto_frontier"] == whole.to_dict()["pareto_frontier"]
    assert streamed.to_dict()["solutions"] == whole.to_dict()["solutions"]


def test_no_warning_for_clean_document(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_scenario(write(tmp_path, BASE))


def test_forecast_section_is_validated_with_its_path(tmp_path: Path) -> None:
    d = copy.deepcopy(BASE)
    d["forecast"] = {"dimensions": "not a list"}
    e = err(tmp_path, d)
    assert e.path is not None and e.path.startswith("forecast")
    assert e.line is not None
