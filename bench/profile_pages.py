"""Profile the benchmarked pages in-process: queries (count, time, the slowest and most repeated) and
where the Python time goes (cProfile). Uses the benchmark settings and database.

    PYTHONPATH=src:bench DJANGO_SETTINGS_MODULE=bench_settings DATABASE_URL=postgres://... \\
        .venv/bin/python bench/profile_pages.py [--page network_list] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def normalise(sql: str) -> str:
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return re.sub(r"\(\?(, \?)+\)", "(…)", sql)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--page",
        default="",
        help=(
            "Only this page (minimal, overview, hub_public, network_list, network_search, inbox, grant_list, "
            "budget, monitoring, monitoring_hub, monitoring_uncached)."
        ),
    )
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import json
    import subprocess

    session = json.loads(subprocess.check_output([sys.executable, str(ROOT / "bench" / "bench_session.py")]))
    hub = session["hub"]
    cookies = {True: session["cookie"].split("=", 1), "office": session["office_cookie"].split("=", 1)}
    pages = {
        "minimal": ("/__bench__/minimal/", False),
        "overview": ("/", False),
        "hub_public": (f"/hubs/{hub}/", False),
        "network_list": (f"/netwerk/{hub}/organisaties/", True),
        "network_search": (f"/netwerk/{hub}/organisaties/?q=zorg", True),
        "inbox": (f"/inbox/{hub}/", True),
        "grant_list": ("/subsidies/beheer/toekenningen/", "office"),
        "budget": ("/subsidies/beheer/begroting/", "office"),
        "monitoring": ("/monitoring/", "office"),
        "monitoring_hub": (f"/monitoring/hub/{hub}/", "office"),
        "monitoring_uncached": ("/monitoring/?n={n}", "office"),
    }
    counter = iter(range(10**9))
    for page, (path, logged_in) in pages.items():
        if args.page and page != args.page:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        if logged_in:
            name, value = cookies[logged_in]
            client.cookies[name] = value

        def fresh(path=path):  # "{n}": a new number every request, so the page cache never answers
            return path.replace("{n}", str(next(counter)))

        response = client.get(fresh())  # warm
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(fresh())
            timings.append((time.perf_counter() - started) * 1000)
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"\n=== {page} {path}: HTTP {response.status_code}, {len(response.content)} bytes, "
            f"best {min(timings):.1f} ms, {len(queries)} queries, {sql_ms:.1f} ms in SQL"
        )
        repeated = Counter(normalise(q["sql"]) for q in queries.captured_queries)
        for sql, n in repeated.most_common(5):
            if n > 1:
                print(f"  {n}x  {sql[:300]}")
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:5]:
            print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:400]}")
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(fresh())
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])


if __name__ == "__main__":
    main()
