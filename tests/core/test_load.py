"""The benchmark's load generator: percentiles, summary and one run against a tiny local server."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

LOAD_PATH = Path(__file__).resolve().parents[2] / "bench" / "load.py"
spec = importlib.util.spec_from_file_location("bench_load", LOAD_PATH)
load = importlib.util.module_from_spec(spec)
sys.modules["bench_load"] = load
spec.loader.exec_module(load)


def test_percentile_known_values():
    assert load.percentile([5], 95) == 5
    assert load.percentile([1, 2, 3, 4], 50) == 2.5
    assert load.percentile([4, 1, 3, 2], 0) == 1
    assert load.percentile([4, 1, 3, 2], 100) == 4
    assert load.percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert load.percentile([10, 20], 25) == pytest.approx(12.5)
    with pytest.raises(ValueError):
        load.percentile([], 50)
    with pytest.raises(ValueError):
        load.percentile([1], 101)


def test_percentile_matches_numpy():
    numpy = pytest.importorskip("numpy")
    rng = random.Random(7)
    for size in (1, 2, 3, 10, 399, 400):
        values = [rng.expovariate(0.1) for _ in range(size)]
        for p in (50, 90, 95, 99):
            assert load.percentile(values, p) == pytest.approx(float(numpy.percentile(values, p)))


def test_summary_ratio_and_targets():
    minimal = load.Result(page=load.Page("minimal", "/m/"), latencies_ms=[1.0] * 19 + [10.0], elapsed_s=1)
    fast = load.Result(page=load.Page("fast", "/f/"), latencies_ms=[2.0] * 19 + [20.0], elapsed_s=1)
    slow = load.Result(page=load.Page("slow", "/s/"), latencies_ms=[200.0] * 20, elapsed_s=1)
    broken = load.Result(page=load.Page("broken", "/b/"), check="redirect to log-in (/account/login/)")
    rows = {r["page"]: r for r in load.summarise([minimal, fast, slow, broken])}
    assert rows["minimal"]["ratio_p95"] == 1.0
    assert rows["fast"]["ratio_p95"] == pytest.approx(2.0)
    assert rows["fast"]["meets_target"] is True
    assert rows["slow"]["meets_target"] is False
    assert rows["broken"]["p95_ms"] is None and rows["broken"]["meets_target"] is False


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path.startswith("/private/") and "sessionid=ok" not in self.headers.get("Cookie", ""):
            self.send_response(302)
            self.send_header("Location", "/account/login/?next=/private/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_run_page_measures_and_detects_login_redirects(server):
    ok = load.run_page(
        "127.0.0.1",
        server,
        "sessionid=ok",
        load.Page("private", "/private/", logged_in=True),
        clients=4,
        requests=40,
        warmup=4,
        time_cap=10,
    )
    assert ok.check == "ok" and len(ok.latencies_ms) == 40 and ok.errors == 0
    refused = load.run_page(
        "127.0.0.1",
        server,
        "sessionid=bad",
        load.Page("private", "/private/", logged_in=True),
        clients=4,
        requests=40,
        warmup=4,
        time_cap=10,
    )
    assert refused.check.startswith("redirect to log-in")
    assert refused.latencies_ms == []


def test_main_prints_json_lines_last(server, capsys):
    load.main(
        [
            "--base",
            f"http://127.0.0.1:{server}",
            "--hub",
            "h",
            "--cookie",
            "sessionid=ok",
            "--clients",
            "2",
            "--requests",
            "10",
            "--warmup",
            "2",
            "--pages",
            "overview",
        ]
    )
    lines = capsys.readouterr().out.strip().splitlines()
    last = [json.loads(line) for line in lines[-2:]]
    assert [row["page"] for row in last] == ["minimal", "overview"]
    assert set(last[0]) == {"page", "p50_ms", "p95_ms", "ratio_p95"}
    assert last[0]["ratio_p95"] == 1.0


def test_question_pages_are_measured(server, capsys):
    load.main(
        [
            "--base",
            f"http://127.0.0.1:{server}",
            "--hub",
            "h",
            "--cookie",
            "sessionid=ok",
            "--question",
            "42",
            "--clients",
            "2",
            "--requests",
            "4",
            "--warmup",
            "1",
            "--pages",
            "question_list,question_list_search,question_page,inbox",
        ]
    )
    out = capsys.readouterr().out
    rows = [json.loads(line) for line in out.strip().splitlines()[-5:]]
    assert [r["page"] for r in rows] == ["minimal", "question_list", "question_list_search", "question_page", "inbox"]
    assert "/vraagstukken/42/" in out and "/inbox/h/" in out and "/vraagstukken/?q=zorg" in out


def test_question_page_needs_a_question(server, capsys):
    load.main(["--base", f"http://127.0.0.1:{server}", "--hub", "h", "--requests", "2", "--warmup", "0"])
    assert "question_page" not in capsys.readouterr().out
