"""Locust users for the load test (bench/README.md): each logs in once as its own bench
user, then works through the main pages with a think time between clicks.

Run by bench/load/run.py; alone:
    BENCH_TARGETS=targets.json BENCH_PASSWORD=… locust -f bench/load/locustfile.py \
        --headless -u 50 -r 2 -t 205s --reset-stats -H http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from urllib.parse import quote

import gevent
from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser

TARGETS = json.load(open(os.environ["BENCH_TARGETS"], encoding="utf-8"))  # noqa: SIM115
PASSWORD = os.environ["BENCH_PASSWORD"]
THINK = tuple(float(x) for x in os.environ.get("BENCH_THINK", "1,5").split(","))
_usernames = itertools.cycle(TARGETS["users"])
# Seconds after the start at which the statistics are reset: every user has logged in
# (logins cost ~0.5 s of CPU each, by design) and the queue they made has drained.
RESET_AFTER = float(os.environ.get("BENCH_RESET_AFTER", "0"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Officer(FastHttpUser):
    """A compensation officer at work: households first, then the map and the plans."""

    wait_time = between(*THINK)

    def on_start(self) -> None:
        username = next(_usernames)
        page = self.client.get("/accounts/login/", name="login (GET)")
        token = CSRF.search(page.text or "")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {username} failed: {response.status_code}")

    def get(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/login/" in (response.url or ""):
                response.failure("sent to the login page")

    @task(1)
    def project_list(self) -> None:
        self.get("/projects/", "project list")

    @task(2)
    def project_page(self) -> None:
        self.get(f"/projects/{random.choice(TARGETS['projects'])}/", "project page")

    @task(1)
    def household_list(self) -> None:
        project = random.choice(TARGETS["projects"])
        page = random.randint(1, 5)
        self.get(f"/households/?project={project}&page={page}", "household list")

    @task(2)
    def household_search(self) -> None:
        term = random.choice(TARGETS["searches"])
        self.get(f"/households/?q={quote(term)}", "household search")

    @task(4)
    def household_page(self) -> None:
        self.get(f"/households/{random.choice(TARGETS['households'])}/", "household page")

    @task(3)
    def map_features(self) -> None:
        self.get(random.choice(TARGETS["maps"]), "map features JSON")

    @task(1)
    def census_round(self) -> None:
        self.get(f"/census/rounds/{random.choice(TARGETS['rounds'])}/", "census round page")

    @task(2)
    def plan_version(self) -> None:
        self.get(f"/plans/versions/{random.choice(TARGETS['versions'])}/", "plan version page")


@events.test_start.add_listener
def _measure_after_logins(environment, **_kwargs) -> None:
    if RESET_AFTER > 0:
        gevent.spawn_later(RESET_AFTER, environment.runner.stats.reset_all)
