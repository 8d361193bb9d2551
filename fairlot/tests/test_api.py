"""The public API: what __all__ names, the README's examples, the CSV and JSON input, the command
line and the published format."""

import hashlib
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import fairlot
import pytest
from fairlot import FORMAT, Instance, InvalidInstance, Issue, Quota, SelectionError, check, select, verify
from fairlot.__main__ import main
from fairlot.draw import panels_fingerprint
from fairlot.io import read_instance

HERE = Path(__file__).resolve().parents[1]  # fairlot/
README = (HERE / "README.md").read_text(encoding="utf-8")
EXAMPLES = HERE / "examples"


def test_all_is_the_api_and_importable():
    assert len(set(fairlot.__all__)) == len(fairlot.__all__)
    for name in fairlot.__all__:
        assert hasattr(fairlot, name), name
    for name in ("Instance", "Quota", "select", "round_to_uniform", "draw", "verify", "publish", "check"):
        assert name in fairlot.__all__


def test_readme_python_examples_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert "Proposal: " in capsys.readouterr().out


def test_readme_command_line_examples_run(tmp_path):
    lines = [line[2:] for line in re.findall(r"^\$ python -m fairlot .*$", README, re.M)]
    assert len(lines) == 2
    (tmp_path / "examples").symlink_to(EXAMPLES)
    for line in lines:
        args = shlex.split(line)
        assert args[0] == "python"
        proc = subprocess.run([sys.executable, *args[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    panel = proc.stdout.split()
    assert len(panel) == 12
    published = json.loads((tmp_path / "lottery.json").read_text(encoding="utf-8"))
    assert published["format"] == FORMAT and published["m"] == 1000
    assert panel == verify(published, "2025-06-01 Lotto 4 8 15 16 23 42")


def test_command_line_probabilities_and_refusals(tmp_path, capsys):
    people, quotas = str(EXAMPLES / "people.csv"), str(EXAMPLES / "quotas.csv")
    assert main(["select", people, quotas, "--size", "12"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "id,probability" and len(rows) == 61
    assert sum(float(r.split(",")[1]) for r in rows[1:]) == pytest.approx(12, abs=1e-4)
    assert main(["select", people, quotas, "--size", "40"]) == 1
    err = capsys.readouterr().err
    assert "[infeasible.no_panel]" in err and "[infeasible.proposal]" in err
    assert main(["select", people, str(tmp_path / "missing.csv"), "--size", "12"]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"panels": [["a"]], "panels_sha256": "0"}', encoding="utf-8")
    assert main(["verify", str(bad), "--seed", "1"]) == 1
    assert "[draw.fingerprint_differs]" in capsys.readouterr().err


def test_read_instance_and_dict_form_give_the_same_lottery():
    inst = read_instance(EXAMPLES / "people.csv", EXAMPLES / "quotas.csv", 12)
    again = Instance.from_dict(json.loads(json.dumps(inst.to_dict())))
    assert again.people == inst.people and list(again.quotas) == list(inst.quotas) and again.panel_size == 12
    assert select(again).probabilities == pytest.approx(select(inst).probabilities, abs=1e-9)
    for broken, field in [({}, "people"), ({"people": {}}, "quotas"), ({"people": {}, "quotas": []}, "panel_size")]:
        with pytest.raises(InvalidInstance) as exc:
            Instance.from_dict(broken)
        assert exc.value.issues == [Issue("input.field_invalid", field=field)]


def test_csv_problems_are_codes(tmp_path):
    (tmp_path / "people.csv").write_text("nr,g\n1,a\n", encoding="utf-8")
    (tmp_path / "quotas.csv").write_text("feature,value,min,max\ng,a,x,1\n", encoding="utf-8")
    with pytest.raises(InvalidInstance) as exc:
        read_instance(tmp_path / "people.csv", tmp_path / "quotas.csv", 1)
    assert exc.value.issues == [Issue("file.quota_row_invalid", line=2, file="quotas.csv")]
    (tmp_path / "quotas.csv").write_text("feature,value,min,max\ng,a,0,1\n", encoding="utf-8")
    with pytest.raises(InvalidInstance) as exc:
        read_instance(tmp_path / "people.csv", tmp_path / "quotas.csv", 1)
    assert exc.value.codes == ["file.column_missing"]
    assert read_instance(tmp_path / "people.csv", tmp_path / "quotas.csv", 1, id_column="nr").people == {
        "1": {"g": "a"}
    }


def test_check_is_the_feasibility_part_of_select():
    people = {f"p{i}": {"g": "ab"[i % 2]} for i in range(6)}
    check(Instance(people, [Quota("g", "a", 1, 2), Quota("g", "b", 1, 2)], 3))
    with pytest.raises(fairlot.InfeasibleQuotas) as exc:
        check(Instance(people, [Quota("g", "a", 3, 3), Quota("g", "b", 1, 2)], 3))
    assert exc.value.codes[-1] == "infeasible.proposal"
    check(Instance(people, [Quota("g", "a", 1, 1), Quota("g", "b", 1, 1)], 2), seated=["p0", "p1"])


# A lottery published by Participatiehub before the engine became a package: it must keep verifying.
PUBLISHED_BEFORE = {
    "format": "participatiehub-selection/1",
    "m": 3,
    "panels": [["P-01", "P-02"], ["P-01", "P-03"], ["P-02", "P-03"]],
    "panels_sha256": "",
    "engine_version": "1.4.0",
    "algorithm": "leximin",
    "draw_procedure": "index = int(sha256(utf8(seed)), big-endian) mod m; panels numbered 0..m-1",
}
PUBLISHED_BEFORE["panels_sha256"] = hashlib.sha256(b'[["P-01","P-02"],["P-01","P-03"],["P-02","P-03"]]').hexdigest()


def test_the_published_format_of_earlier_lotteries_still_verifies():
    assert FORMAT == "participatiehub-selection/1" and FORMAT in fairlot.FORMATS
    assert panels_fingerprint(PUBLISHED_BEFORE["panels"]) == PUBLISHED_BEFORE["panels_sha256"]
    index = int(hashlib.sha256(b"Lotto 7").hexdigest(), 16) % 3
    assert verify(PUBLISHED_BEFORE, "Lotto 7") == PUBLISHED_BEFORE["panels"][index]
    assert verify({k: v for k, v in PUBLISHED_BEFORE.items() if k != "format"}, "Lotto 7")
    with pytest.raises(SelectionError) as exc:
        verify(dict(PUBLISHED_BEFORE, format="someone-else/2"), "Lotto 7")
    assert exc.value.issues == [Issue("draw.format_unknown", format="someone-else/2", known=FORMAT)]


SMALL_PEOPLE = {f"p{i}": {"g": "ab"[i % 2]} for i in range(6)}


@pytest.mark.parametrize("bad", ["x", None, 1.5, 2.0, True, "2"])
def test_a_quota_that_is_not_a_whole_number_is_refused_with_a_code(bad):
    inst = Instance(SMALL_PEOPLE, [Quota("g", "a", bad, 2), Quota("g", "b", 1, 2)], 3)
    for call in (select, check, lambda i: check(i, seated=["p0"]), lambda i: select(i, seated=["p0"])):
        with pytest.raises(InvalidInstance) as exc:
            call(inst)
        assert exc.value.issues == [Issue("input.quota_not_whole", feature="g", value="a", min=str(bad), max="2")]
    with pytest.raises(InvalidInstance) as exc:
        Instance.from_dict(
            {"people": SMALL_PEOPLE, "quotas": [{"feature": "g", "value": "a", "min": bad, "max": 2}], "panel_size": 3}
        )
    assert exc.value.codes == ["input.field_invalid"]


@pytest.mark.parametrize("bad", [2.5, "3", None, "x", False, 3.0])
def test_a_panel_size_that_is_not_a_whole_number_is_refused_with_a_code(bad):
    inst = Instance(SMALL_PEOPLE, [Quota("g", "a", 1, 2), Quota("g", "b", 1, 2)], bad)
    for call in (select, check, lambda i: check(i, seated=["p0"])):
        with pytest.raises(InvalidInstance) as exc:
            call(inst)
        assert exc.value.issues == [Issue("input.panel_size_not_whole", seats=str(bad))]
    with pytest.raises(InvalidInstance) as exc:
        Instance.from_dict({"people": SMALL_PEOPLE, "quotas": [], "panel_size": bad})
    assert exc.value.issues == [Issue("input.field_invalid", field="panel_size")]


def test_numpy_integers_are_whole_numbers():
    import numpy as np

    inst = Instance(SMALL_PEOPLE, [Quota("g", "a", np.int64(1), 2), Quota("g", "b", 1, np.int32(2))], np.int64(3))
    assert sum(select(inst).probabilities.values()) == pytest.approx(3)


@pytest.mark.parametrize("bad", [2.5, "10", None, 0, -1])
def test_the_number_of_panels_is_checked(bad):
    result = select(Instance(SMALL_PEOPLE, [Quota("g", "a", 1, 2), Quota("g", "b", 1, 2)], 3))
    with pytest.raises(SelectionError) as exc:
        fairlot.round_to_uniform(result, m=bad)
    expected = "input.panel_count_not_positive" if isinstance(bad, int) else "input.panel_count_not_whole"
    assert exc.value.codes == [expected]


def test_verify_refuses_published_data_without_its_fingerprint():
    for missing in (
        {k: v for k, v in PUBLISHED_BEFORE.items() if k != "panels_sha256"},
        dict(PUBLISHED_BEFORE, panels_sha256=None),
        dict(PUBLISHED_BEFORE, panels_sha256=""),
    ):
        with pytest.raises(SelectionError) as exc:
            verify(missing, "Lotto 7")
        assert exc.value.codes == ["draw.fingerprint_missing"]
    for m in ("3", 3.0, 4):
        with pytest.raises(SelectionError) as exc:
            verify(dict(PUBLISHED_BEFORE, m=m), "Lotto 7")
        assert exc.value.codes == ["draw.published_count_differs"]
