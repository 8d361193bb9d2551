"""Every message the engine gives is a code with a template, and its params match the template."""

import ast
import re
from pathlib import Path

import fairlot
import pytest
from fairlot import Issue, Progress, Relaxation
from fairlot.messages import TEMPLATES, Message, placeholders

PACKAGE = Path(fairlot.__file__).resolve().parent
README = Path(__file__).resolve().parents[1] / "README.md"
MESSAGE_CLASSES = {"Issue", "Progress", "Message"}


def message_calls():
    """(file:line, code, param names or None when they cannot be read) of every Issue(...) /
    Progress(...) with a literal code in the engine's source."""
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in MESSAGE_CLASSES or not node.args:
                continue
            where = f"{path.name}:{node.lineno}"
            first = node.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), f"{where}: code is not a literal"
            names = {kw.arg for kw in node.keywords}
            readable = None not in names and len(node.args) == 1
            yield where, first.value, names if readable else None


def test_every_code_raised_has_a_template_and_matching_params():
    calls = list(message_calls())
    assert len(calls) > 40
    for where, code, names in calls:
        assert code in TEMPLATES, f"{where}: no template for {code!r}"
        if names is not None:
            assert names == set(placeholders(code)), f"{where}: params {names} do not match the template of {code!r}"
    used = {code for _, code, _ in calls} | {"relaxation.lower_min", "relaxation.raise_max"}
    assert set(TEMPLATES) == used, f"templates nobody uses: {set(TEMPLATES) - used}"


def test_the_relaxation_codes_are_the_ones_it_uses():
    lower = Relaxation("g", "w", "min", 4, 3, feature_label="Gender", value_label="Woman")
    assert lower.code == "relaxation.lower_min" and set(lower.params) == set(placeholders(lower.code))
    assert lower.message == "lower the minimum for Gender=Woman from 4 to 3"
    raise_ = Relaxation("g", "w", "max", 4, 5)
    assert raise_.code == "relaxation.raise_max" and raise_.message == "raise the maximum for g=w from 4 to 5"


def test_placeholders_are_names_and_specs_are_fixed_point():
    for code, template in TEMPLATES.items():
        assert re.fullmatch(r"[a-z]+\.[a-z_]+", code), code
        for name, spec in placeholders(code).items():
            assert name.isidentifier(), (code, name)
            assert spec in ("", ".1f", ".4f"), (code, spec)
        template.format(**dict.fromkeys(placeholders(code), 0.5))


def test_messages_check_their_params_and_render_english():
    with pytest.raises(ValueError):
        Issue("no.such_code")
    with pytest.raises(ValueError):
        Issue("infeasible.pool_too_small", volunteers=3)
    issue = Issue("infeasible.pool_too_small", {"volunteers": 3}, seats=6)
    assert str(issue) == ("There are only 3 volunteer(s), but the panel has 6 seats. So there are too few volunteers.")
    assert issue == Issue("infeasible.pool_too_small", volunteers=3, seats=6) != Progress("progress.done")
    assert str(Progress("progress.spreading_within_reached", tolerance=0.001, percent=97.25)) == (
        "Spreading the chances to within 0.0010: 97.2% of the goal reached"
    )
    changes = (Relaxation("g", "w", "min", 4, 3), Relaxation("a", "y", "max", 1, 2))
    proposal = Issue("infeasible.proposal", changes=changes)
    assert str(proposal) == "Proposal: lower the minimum for g=w from 4 to 3 and raise the maximum for a=y from 1 to 2."
    assert proposal.as_dict()["params"]["changes"][0]["code"] == "relaxation.lower_min"
    assert isinstance(issue, Message) and repr(issue).startswith("Issue('infeasible.pool_too_small'")


def test_the_readme_documents_every_code():
    table = re.findall(r"^\| `([a-z_.]+)` \| ([^|]*) \|", README.read_text(encoding="utf-8"), re.M)
    documented = {code: params.strip() for code, params in table}
    assert set(documented) == set(TEMPLATES)
    for code, params in documented.items():
        names = set() if params == "–" else {p.strip() for p in params.split(",")}
        assert names == set(placeholders(code)), code
