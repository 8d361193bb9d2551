"""Load generator for the page benchmark: N concurrent clients on loopback, standard library only.

For every page: one check request (200, and for logged-in pages no redirect to the log-in),
a warm-up, then a bounded number of requests (with a time cap) from ``--clients`` threads.
Prints a table for people and then, last, one JSON line per page:
``{"page": ..., "p50_ms": ..., "p95_ms": ..., "ratio_p95": ...}`` (ratio: page p95 / minimal p95).
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: Targets from the brief: p95 at most 5x the minimal view, and under 150 ms, with 16 clients.
TARGET_RATIO = 5.0
TARGET_P95_MS = 150.0


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= p <= 100:
        raise ValueError("p must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low, high = math.floor(rank), math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class Page:
    name: str
    path: str
    logged_in: bool = False
    #: Whose session: the hub's coordinator ("coordinator") or the programme office ("office").
    as_user: str = "coordinator"
    #: What the client asks for (the open data API answers JSON only).
    accept: str = "text/html"


@dataclass
class Result:
    page: Page
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    check: str = "ok"
    elapsed_s: float = 0.0
    capped: bool = False

    @property
    def ok(self) -> bool:
        return self.check == "ok" and bool(self.latencies_ms)


class Client:
    """One simulated client: reuses its connection when the server keeps it open."""

    def __init__(self, host: str, port: int, cookie: str | None, timeout: float = 30.0):
        self.host, self.port, self.cookie, self.timeout = host, port, cookie, timeout
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str, *, with_cookie: bool, accept: str = "text/html") -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": self.host, "Accept": accept, "Accept-Language": "nl"}
        if with_cookie and self.cookie:
            headers["Cookie"] = self.cookie
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", path, headers=headers)
                response = self.conn.getresponse()
                body = response.read()
                response_headers = {k.lower(): v for k, v in response.getheaders()}
                if response.will_close:
                    self.close()
                return response.status, response_headers, body
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def check_page(client: Client, page: Page) -> str:
    """'ok', or why the page cannot be measured (wrong status, a redirect to the log-in)."""
    try:
        status, headers, body = client.get(page.path, with_cookie=page.logged_in, accept=page.accept)
    except OSError as exc:
        return f"no answer ({exc})"
    if status in (301, 302, 303, 307, 308):
        location = headers.get("location", "")
        if "login" in location or "account" in location:
            return f"redirect to log-in ({location})"
        return f"redirect {status} to {location}"
    if status != 200:
        return f"HTTP {status}"
    return "ok"


def run_page(
    host: str, port: int, cookie: str | None, page: Page, *, clients: int, requests: int, warmup: int, time_cap: float
) -> Result:
    result = Result(page=page)
    result.check = check_page(Client(host, port, cookie), page)
    if result.check != "ok":
        return result
    lock = threading.Lock()
    counter = {"next": 0}
    total = warmup + requests
    deadline = [0.0]

    def worker() -> None:
        client = Client(host, port, cookie)
        while True:
            with lock:
                n = counter["next"]
                if n >= total or (n >= warmup and time.perf_counter() > deadline[0]):
                    if n < total and n >= warmup:
                        result.capped = True
                    break
                counter["next"] += 1
            started = time.perf_counter()
            try:
                # "{n}" in a path makes every request unique: the page is built each time (no cache hit).
                status, _, _ = client.get(
                    page.path.replace("{n}", str(n)), with_cookie=page.logged_in, accept=page.accept
                )
            except OSError:
                status = 0
            ms = (time.perf_counter() - started) * 1000
            if n < warmup:
                continue
            with lock:
                if status == 200:
                    result.latencies_ms.append(ms)
                else:
                    result.errors += 1
        client.close()

    started = time.perf_counter()
    deadline[0] = started + time_cap
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.elapsed_s = time.perf_counter() - started
    return result


def summarise(results: list[Result]) -> list[dict]:
    baseline = next((r for r in results if r.page.name == "minimal" and r.ok), None)
    base_p95 = percentile(baseline.latencies_ms, 95) if baseline else None
    rows = []
    for r in results:
        row: dict = {"page": r.page.name, "path": r.page.path}
        if r.ok:
            p50, p95 = percentile(r.latencies_ms, 50), percentile(r.latencies_ms, 95)
            row.update(
                p50_ms=round(p50, 1),
                p95_ms=round(p95, 1),
                ratio_p95=round(p95 / base_p95, 2) if base_p95 else None,
                requests=len(r.latencies_ms),
                errors=r.errors,
                rps=round(len(r.latencies_ms) / r.elapsed_s, 1) if r.elapsed_s else None,
                capped=r.capped,
            )
            row["meets_target"] = (
                bool(
                    r.page.name == "minimal"
                    or (row["ratio_p95"] is not None and row["ratio_p95"] <= TARGET_RATIO and p95 < TARGET_P95_MS)
                )
                and r.errors == 0
            )
        else:
            row.update(
                p50_ms=None, p95_ms=None, ratio_p95=None, requests=0, errors=r.errors, error=r.check, meets_target=False
            )
        rows.append(row)
    return rows


def print_table(rows: list[dict], clients: int) -> None:
    print(
        f"\nPagina's, {clients} gelijktijdige clients (doel: p95 <= {TARGET_RATIO:g}x minimaal en < {TARGET_P95_MS:g} ms)"
    )
    header = (
        f"{'pagina':<24} {'p50 ms':>8} {'p95 ms':>8} {'x min.':>7} {'req/s':>7} {'aantal':>7} {'fout':>5}  doel  pad"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if row["p95_ms"] is None:
            print(
                f"{row['page']:<24} {'–':>8} {'–':>8} {'–':>7} {'–':>7} {0:>7} {row['errors']:>5}  nee   {row['path']}  ({row['error']})"
            )
            continue
        ratio = f"{row['ratio_p95']:.2f}" if row["ratio_p95"] is not None else "–"
        capped = " (tijdslimiet)" if row.get("capped") else ""
        print(
            f"{row['page']:<24} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} {ratio:>7} {row['rps']:>7} "
            f"{row['requests']:>7} {row['errors']:>5}  {'ja ' if row['meets_target'] else 'nee'}   {row['path']}{capped}"
        )
    print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765", help="Server address.")
    parser.add_argument("--hub", required=True, help="Slug of the hub whose pages are measured.")
    parser.add_argument("--cookie", default="", help="Session cookie (name=value) of a coordinator of that hub.")
    parser.add_argument(
        "--office-cookie", default="", help="Session cookie (name=value) of the programme office (grants, budget)."
    )
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=400, help="Measured requests per page.")
    parser.add_argument("--warmup", type=int, default=32, help="Warm-up requests per page (not measured).")
    parser.add_argument("--time-cap", type=float, default=60.0, help="Seconds per page at most.")
    parser.add_argument(
        "--question", type=int, default=0, help="Pk of a public question with a full chain (for question_page)."
    )
    parser.add_argument("--pages", default="", help="Comma-separated page names to run (default: all).")
    args = parser.parse_args(argv)

    url = urlsplit(args.base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    pages = [
        Page("minimal", "/__bench__/minimal/"),
        Page("overview", "/"),
        Page("hub_public", f"/hubs/{args.hub}/"),
        Page("network_list", f"/netwerk/{args.hub}/organisaties/", logged_in=True),
        Page("network_search", f"/netwerk/{args.hub}/organisaties/?q=zorg", logged_in=True),
        # The same pages with a unique query string per request: what a page costs when it is not cached.
        Page("network_list_uncached", f"/netwerk/{args.hub}/organisaties/?n={{n}}", logged_in=True),
        Page("network_search_uncached", f"/netwerk/{args.hub}/organisaties/?q=zorg&n={{n}}", logged_in=True),
        # Policy questions: the public list, a search, one question with its whole chain, the hub's inbox.
        Page("question_list", "/vraagstukken/"),
        Page("question_list_search", "/vraagstukken/?q=zorg"),
        *([Page("question_page", f"/vraagstukken/{args.question}/")] if args.question else []),
        Page("inbox", f"/inbox/{args.hub}/", logged_in=True),
        # Funding: the office's grant list (with what needs attention) and the budget dashboard.
        *(
            [
                Page("grant_list", "/subsidies/beheer/toekenningen/", logged_in=True, as_user="office"),
                Page("budget", "/subsidies/beheer/begroting/", logged_in=True, as_user="office"),
                # Monitoring: the national dashboard (cached, and with a unique query string: uncached) and
                # the bench hub's dashboard.
                Page("monitoring", "/monitoring/", logged_in=True, as_user="office"),
                Page("monitoring_uncached", "/monitoring/?n={n}", logged_in=True, as_user="office"),
                Page("monitoring_hub", f"/monitoring/hub/{args.hub}/", logged_in=True, as_user="office"),
            ]
            if args.office_cookie
            else []
        ),
        # The open data API (docs/api.md): its lists, cached and (unique query string) built every time.
        *[
            Page(name, path, accept="application/json")
            for name, path in (
                ("api_hubs", "/api/v1/hubs"),
                ("api_gemeenten", "/api/v1/gemeenten?pageSize=100"),
                ("api_vragen", "/api/v1/vragen"),
                ("api_vragen_uncached", "/api/v1/vragen?n={n}"),
                ("api_indicatoren", "/api/v1/indicatoren"),
                ("api_indicatoren_uncached", "/api/v1/indicatoren?n={n}"),
                ("api_subsidies", "/api/v1/subsidies"),
                ("api_subsidies_uncached", "/api/v1/subsidies?n={n}"),
                ("api_hubs_uncached", "/api/v1/hubs?n={n}"),
                ("api_gemeenten_uncached", "/api/v1/gemeenten?pageSize=100&n={n}"),
                ("api_lessen_uncached", "/api/v1/lessen?n={n}"),
                ("api_selectieverslagen_uncached", "/api/v1/selectieverslagen?n={n}"),
            )
        ],
    ]
    if args.pages:
        wanted = {p.strip() for p in args.pages.split(",")}
        pages = [p for p in pages if p.name in wanted or p.name == "minimal"]
    load_before = os.getloadavg()[0]
    results = []
    for page in pages:
        result = run_page(
            host,
            port,
            (args.office_cookie if page.as_user == "office" else args.cookie) or None,
            page,
            clients=args.clients,
            requests=args.requests,
            warmup=args.warmup,
            time_cap=args.time_cap,
        )
        results.append(result)
    rows = summarise(results)
    print_table(rows, args.clients)
    cores = os.cpu_count() or 1
    load_after = os.getloadavg()[0]
    print(
        f"Belasting van de machine (load average, 1 min): {load_before:.1f} voor de meting, "
        f"{load_after:.1f} erna (inclusief de meting zelf); {cores} cores."
    )
    if load_before > cores / 2:
        print("Let op: de machine was al met ander werk bezig; de cijfers zijn dan hoger dan op een rustige machine.")
    print()
    for row in rows:
        print(json.dumps({k: row[k] for k in ("page", "p50_ms", "p95_ms", "ratio_p95")}))
    return 0 if all(row["p95_ms"] is not None for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
