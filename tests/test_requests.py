"""``vlavirgem request apply`` on recorded issue bodies (tests/requests/*.md), offline.

Each body is a form as GitHub renders it.  A valid one must make exactly the change recorded in
``<name>.out`` (the diff), through the same edits as the commands; a wrong one must write nothing,
exit 1 and give exactly the Dutch comment recorded in ``<name>.out``.  The data is the golden
cases' base dataset with synthetic governments added (Proefdorp, Proefstad): no real government's
membership, software or plan is invented.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from vlavirgem.cli import app
from vlavirgem.core.dataset import load_dataset
from vlavirgem.editing.request_form import FORMS, NotAForm, parse, sections
from vlavirgem.editing.requests import LICENCE_NOT_GIVEN

from .conftest import REPO, base_tree

RECORDED = Path(__file__).parent / "requests"
TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"
runner = CliRunner()

SYNTHETIC_GOVERNMENTS = """  - id: ocmw-99001
    kind: ocmw
    nis: '99001'
    name: Proefdorp (synthetic)
    arrondissement: {nis: '99000', name: Proefarrondissement}
    sources: [statbel-refnis]
  - id: gemeente-99002
    kind: gemeente
    nis: '99002'
    name: Proefstad (synthetic)
    arrondissement: {nis: '99000', name: Proefarrondissement}
    sources: [statbel-refnis]
"""
SYNTHETIC_MEMBER = """  - government: gemeente-99002  # Proefstad (synthetic)
    from: 2021-03-12
"""


def request_tree(target: Path) -> Path:
    data = base_tree(target)
    province = data / "governments" / "proefprovincie.yaml"
    province.write_text(province.read_text(encoding="utf-8") + SYNTHETIC_GOVERNMENTS, encoding="utf-8")
    region = data / "regions" / "regio-antwerpen.yaml"
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace("cycle:\n", SYNTHETIC_MEMBER + "cycle:\n"), encoding="utf-8")
    return data


@pytest.fixture
def request_data(tmp_path: Path) -> Path:
    return request_tree(tmp_path)


def _digest(data: Path) -> dict[str, str]:
    return {str(path.relative_to(data)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(data.rglob("*")) if path.is_file()}


def _apply(data: Path, body: Path, *options: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--data", str(data), "request", "apply", str(body), *options])


BODIES = sorted(RECORDED.glob("*.md"))


@pytest.mark.parametrize("body", BODIES, ids=[body.stem for body in BODIES])
def test_a_recorded_request_gives_its_recorded_diff_or_comment(request_data: Path, tmp_path: Path, body: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(request_data.parent)  # the diff's paths are data/...
    expected = (RECORDED / f"{body.stem}.out").read_text(encoding="utf-8")
    before = _digest(request_data)
    comment = tmp_path / "comment.md"
    result = _apply(request_data, body, "--dry-run", "--comment", str(comment))
    if body.stem.startswith("fout-"):
        assert result.exit_code == 1, result.output
        assert comment.read_text(encoding="utf-8") == expected
        assert result.stdout == ""
    else:
        assert result.exit_code == 0, result.output
        assert not comment.exists()
        assert result.stdout == expected
    assert _digest(request_data) == before, "a dry run or a refused request writes nothing"


def test_the_issue_templates_carry_exactly_the_labels_the_parser_reads() -> None:
    templates = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in TEMPLATES.glob("*.yml")}
    assert set(templates) == {form.name for form in FORMS}
    for form in FORMS:
        template = templates[form.name]
        fields = [item for item in template["body"] if item["type"] != "markdown"]
        assert [item["attributes"]["label"] for item in fields] == [field.label for field in form.fields], form.name
        required = [bool(item.get("validations", {}).get("required")) for item in fields]
        assert required == [field.required for field in form.fields], form.name
        assert "aanvraag" in template["labels"], "the workflow runs on issues labelled aanvraag"


def test_every_form_has_a_recorded_valid_request() -> None:
    valid = {parse(body.read_text(encoding="utf-8")).form.name for body in BODIES if not body.stem.startswith("fout-")}
    assert valid == {form.name for form in FORMS}


def test_a_body_is_read_as_github_renders_it() -> None:
    body = ("### Bestuur\r\n\r\nDeinze\r\n\r\n### Status van het informatieveiligheidsplan\r\n\r\n"
            "goedgekeurd door de raad (adopted)\r\n\r\n### Vanaf\r\n\r\n<!-- hint -->2026-01-01\r\n\r\n"
            "### Bewijs\r\n\r\n_No response_\r\n")
    answers = parse(body)
    assert answers.form.name == "informatieveiligheid"
    assert answers.values["government"] == "Deinze"
    assert answers.values["date"] == "2026-01-01"
    assert answers.values["evidence"] is None and answers.values["note"] is None
    assert sections("### A\n\n- [ ] x\n\n### B\n\n- [X] y\n- [x] z\n") == {"A": "- [ ] x", "B": "- [X] y\n- [x] z"}


def test_a_body_of_no_known_form_is_refused_in_dutch() -> None:
    with pytest.raises(NotAForm, match="geen formulier"):
        parse("### Iets anders\n\nwaarde\n")
    with pytest.raises(NotAForm, match="geen velden"):
        parse("Graag Proefdorp toevoegen.")


def test_an_applied_request_writes_the_same_yaml_as_the_command(request_data: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(request_data.parent)
    twin = request_tree(tmp_path / "twin")
    summary = tmp_path / "summary.md"
    result = _apply(request_data, RECORDED / "lidmaatschap-toetreden.md", "--summary", str(summary))
    assert result.exit_code == 0, result.output
    command = runner.invoke(app, ["--data", str(twin), "join", "gemeente-99001", "waasland", "--from", "2026-01-01",
                                  "--source", "refreg", "--note", "Synthetisch testgeval."])
    assert command.exit_code == 0, command.output
    region = "regions/waasland.yaml"
    assert (request_data / region).read_bytes() == (twin / region).read_bytes()
    members = yaml.safe_load((request_data / region).read_text(encoding="utf-8"))["members"]
    assert [(m["government"], str(m["from"]), m["sources"]) for m in members if "99001" in m["government"]] == [
        ("gemeente-99001", "2026-01-01", ["refreg"]), ("ocmw-99001", "2026-01-01", ["refreg"])]
    assert "joins waasland from 2026-01-01" in summary.read_text(encoding="utf-8")
    again = _apply(request_data, RECORDED / "lidmaatschap-toetreden.md")  # the edited issue, run again
    assert again.exit_code == 0 and "already a member" in again.stdout


def test_a_new_source_is_added_once_and_the_data_validates(request_data: Path) -> None:
    result = _apply(request_data, RECORDED / "lidmaatschap-verlaten.md")
    assert result.exit_code == 0, result.output
    sources = yaml.safe_load((request_data / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    new = {key: value for key, value in sources.items() if key.startswith("gemeenteraadsbesluit")}
    assert list(new.values()) == [{"title": "Gemeenteraadsbesluit van Proefstad over de kenniskring (synthetisch)",
                                   "url": "https://proefstad.example/besluiten/2026-kenniskring",
                                   "publisher": "Gemeente Proefstad (synthetisch)",
                                   "licence": LICENCE_NOT_GIVEN}]
    keys = list(sources)
    place = keys.index(next(iter(new)))
    assert all(key < keys[place] for key in keys[:place]) and keys[place] < keys[place + 1], "inserted in order"
    check = runner.invoke(app, ["--data", str(request_data), "validate"])
    assert check.exit_code == 0, check.output
    dataset, _ = load_dataset(request_data)
    assert dataset.regions["regio-antwerpen"].members[-1].interval.end.isoformat() == "2026-06-30"


def test_a_refused_request_prints_the_comment_on_stderr_and_reads_stdin(request_data: Path) -> None:
    body = (RECORDED / "fout-alles-tegelijk.md").read_text(encoding="utf-8")
    result = runner.invoke(app, ["--data", str(request_data), "request", "apply", "-"], input=body)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (RECORDED / "fout-alles-tegelijk.out").read_text(encoding="utf-8")


def test_a_missing_body_file_is_a_usage_error(request_data: Path, tmp_path: Path) -> None:
    result = _apply(request_data, tmp_path / "nothing.md")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
