"""The child processes of test_sqlite_concurrency: kept apart so they import no URLconf before set-up."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path


def main(mode: str, *args: str) -> None:
    """Entry point of the child processes: ``setup COUNT`` or ``signup CODES_JSON GO_FILE``."""
    import django

    django.setup()
    if mode == "setup":
        from participatiehub.participants import services
        from tests.factories import HubFactory, coordinator

        hub = HubFactory(slug="druk", name="Participatiehub Druk")
        batch = services.invitation_batch_create(hub=hub, actor=coordinator(hub), name="Brieven", size=int(args[0]))
        print(json.dumps(list(batch.codes.values_list("code", flat=True))))
        return

    from django.db import connection
    from django.test import Client

    codes, go_file = json.loads(args[0]), Path(args[1])
    results: list[str] = []

    def sign_up(code: str) -> None:
        try:
            client = Client()
            step1 = client.post("/aanmelden/", {"code": code})
            step2 = client.post(
                "/aanmelden/gegevens/",
                {"email": f"{code.lower()}@example.nl", "display_name": "Inwoner", "consent_panel": "on"},
            )
            results.append("ok" if (step1.status_code, step2.status_code) == (302, 302) else f"status {step2}")
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the parent
            results.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(code,)) for code in codes]
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.005)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results), flush=True)
