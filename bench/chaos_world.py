"""What the chaos benchmark drives and judges (bench/chaos.py): the demo as `seed_demo` leaves it,
learners who completed the demo's badge course, Docebo's deliveries for them, and the counts.

Runs in the bench's own process, configured with the hub's settings (same database). The Docebo
deliveries are sent by the bench itself, as Docebo would send them (HTTP Basic, one envelope per
completion), so that it decides which are repeated, which are concurrent and in what order; the
emulators' own webhooks are switched off for the same reason. Every Credly template allows
duplicate badges, so a badge issued twice by the hub shows up instead of being refused by the
emulator's guard.
"""

import base64
import functools
import html
import json
import re
import secrets
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import requests

DELIVERY_TRIES = 8  # a vendor sends a refused delivery again; Docebo retries for hours
PENDING = ("received", "processing", "retrying")


class World:
    def __init__(self, rig):
        self.rig = rig
        self.hook_url = f"{rig.hub_url}/hooks/docebo-sandbox/"
        self.admin_password = secrets.token_urlsafe(16)

    def prepare(self) -> None:
        """After seed_demo, before the workers start: the connections call the emulator server, the
        bench sends Docebo's deliveries, the emulator lets duplicates through, and an admin exists."""
        from django.contrib.auth.models import User

        from demo.badges import DEMO_BADGE, DEMO_COURSE
        from integrations.credly.sandbox.models import Organization
        from integrations.credly.sandbox.models import Template as CredlyTemplate
        from integrations.docebo.sandbox.models import Course, Webhook
        from integrations.models import Connection

        hub, emu = self.rig.hub_url, self.rig.emu_url
        for conn in Connection.objects.filter(base_url__startswith=f"{hub}/sandbox/"):
            Connection.objects.filter(pk=conn.pk).update(base_url=conn.base_url.replace(hub, emu, 1))
        hook = Webhook.objects.get()
        self.auth = "Basic " + base64.b64encode(f"{hook.username}:{hook.password}".encode()).decode()
        Webhook.objects.update(active=False)
        Organization.objects.update(webhook_url="")
        CredlyTemplate.objects.update(allow_duplicate_badges=True)
        self.course = Course.objects.get(code=DEMO_COURSE)
        self.badge_name = DEMO_BADGE
        User.objects.create_superuser("chaos-admin", "chaos-admin@localhost", self.admin_password)

    def wait_ready(self, timeout: float = 180) -> None:
        """The template sync and the Docebo field sync queued by seed_demo have run: the demo
        course's badge choice now names a template the hub knows."""
        from mappings.badges.models import BadgeTemplate
        from sync.models import Run

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            template = BadgeTemplate.objects.filter(name=self.badge_name).first()
            field_done = Run.objects.filter(flow__key="badges.field_to_docebo", status="succeeded").exists()
            if template is not None and template.dropdown_element_id and field_done:
                return
            time.sleep(0.5)
        raise RuntimeError("the demo's template and field syncs did not finish; see var/bench/chaos/*.log")

    # --- learners and deliveries --------------------------------------------------------------------
    def learners(self, tag: str, count: int) -> list:
        """`count` new Docebo learners who completed the demo course just now (no webhook fired)."""
        from django.utils import timezone

        from integrations.docebo.sandbox.models import Enrollment, EnrollmentStatus, User

        run = uuid.uuid4().hex[:6]
        emails = [f"chaos-{tag}-{run}-{i}@example.com" for i in range(count)]
        users = User.objects.bulk_create(
            [User(username=e, email=e, first_name="Chaos", last_name=f"{tag} {i}") for i, e in enumerate(emails)]
        )
        now = timezone.now()
        rows = [
            Enrollment(
                user=u,
                course=self.course,
                status=EnrollmentStatus.COMPLETED,
                created_at=now - timezone.timedelta(days=30),
                updated_at=now,
                completed_at=now,
            )
            for u in users
        ]
        Enrollment.objects.bulk_create(rows)
        return list(Enrollment.objects.filter(user__in=users).select_related("user", "course"))

    def delivery(self, enrollment) -> tuple[str, bytes]:
        """Docebo's delivery of one completion: (its message id, which is the dedupe key; the body)."""
        from integrations.docebo.sandbox.state import course_completion_item

        key = f"wh-chaos-{uuid.uuid4()}"
        body = {
            "webhook_id": 4,
            "original_domain": "127.0.0.1",
            "event": "course.enrollment.completed",
            "fired_by_batch_action": False,
            "message_id": key,
            "payload": course_completion_item(enrollment),
        }
        return key, json.dumps(body).encode()

    # --- the judge ----------------------------------------------------------------------------------
    def wait_finished(self, keys, timeout: float) -> bool:
        """True once every stored event of these keys is finished (none waiting or in progress)."""
        from sync.models import InboundEvent

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not InboundEvent.objects.filter(dedupe_key__in=list(keys), status__in=PENDING).exists():
                return True
            time.sleep(1)
        return False

    def tally(self, keys_acked, emails) -> dict:
        """processed: acknowledged keys whose event succeeded; lost: acknowledged keys with no inbox
        row or not succeeded; duplicated: keys with more than one row, plus learner/template pairs
        with more than one live badge in the Credly emulator."""
        from django.db.models import Count
        from django.db.models.functions import Lower

        from integrations.credly.sandbox.models import IssuedBadge
        from sync.models import InboundEvent

        keys = list(keys_acked)
        rows = InboundEvent.objects.filter(connection__slug="docebo-sandbox", dedupe_key__in=keys)
        statuses = Counter(rows.values_list("status", flat=True))
        processed = rows.filter(status="succeeded").values("dedupe_key").distinct().count()
        double_rows = rows.values("dedupe_key").annotate(n=Count("id")).filter(n__gt=1).count()
        live = IssuedBadge.objects.filter(
            recipient_email__in=list(emails), state__in=("pending", "accepted"), replacement__isnull=True
        )
        pairs = live.values("template_id", email=Lower("recipient_email")).annotate(n=Count("id"))
        double_badges = sum(1 for p in pairs if p["n"] > 1)
        extra = sum(p["n"] - 1 for p in pairs if p["n"] > 1)
        badged = {p["email"] for p in pairs}
        doubles = [(p["template_id"], p["email"]) for p in pairs if p["n"] > 1]
        return {
            "processed": processed,
            "lost": len(keys) - processed,
            "duplicated": double_rows + double_badges,
            "statuses": dict(statuses),
            "double_badges": double_badges,
            "extra_badges": extra,
            "double_rows": double_rows,
            "without_badge": len({e.lower() for e in emails} - badged),
            "evidence": [_writers(live, template, email) for template, email in doubles[:3]],
        }


def _writers(live, template_id, email: str) -> str:
    """Which runs issued the badges of one doubled pair, from their records."""
    from sync.models import Record

    pks = live.filter(template_id=template_id, recipient_email__iexact=email).values_list("pk", flat=True)
    ids = [str(pk) for pk in pks]
    made = Record.objects.filter(target_ref__in=ids, action="issue_badge").select_related("run")
    who = [f"run #{r.run_id} ({r.run.trigger}) {r.outcome} at {r.created_at:%H:%M:%S.%f}" for r in made]
    return f"{email}: badges {', '.join(i[:8] for i in ids)} by {'; '.join(who) or 'no record'}"


class Sender:
    """Sends deliveries as Docebo would, retrying one that is not acknowledged; counts everything."""

    def __init__(self, url: str, auth: str):
        self.url, self.auth = url, auth
        self.sent = self.acked = self.not_json = 0
        self.answers: Counter = Counter()
        self.keys_acked: set[str] = set()
        self.keys_sent: set[str] = set()
        self._lock = threading.Lock()
        self._local = threading.local()

    def _session(self) -> requests.Session:
        if not hasattr(self._local, "session"):
            self._local.session = requests.Session()
        return self._local.session

    def deliver(self, key: str, body: bytes) -> bool:
        headers = {"Authorization": self.auth, "Content-Type": "application/json"}
        for _ in range(DELIVERY_TRIES):
            wait = 2.0
            try:
                response = self._session().post(self.url, data=body, headers=headers, timeout=30)
                answer = response.status_code
                wait = float(response.headers.get("Retry-After") or wait)
                if answer >= 400 and "json" not in response.headers.get("Content-Type", ""):
                    self.not_json += 1  # an error answer a vendor cannot read
            except requests.RequestException as exc:
                answer = type(exc).__name__
            ok = isinstance(answer, int) and 200 <= answer < 300
            with self._lock:
                self.sent += 1
                self.answers[answer] += 1
                self.keys_sent.add(key)
                if ok:
                    self.acked += 1
                    self.keys_acked.add(key)
            if ok:
                return True
            time.sleep(min(wait, 10.0))
        return False

    def jobs(self, deliveries: list[tuple[str, bytes]]) -> list:
        """One job (a callable for `paced`) per delivery."""
        return [functools.partial(self.deliver, key, body) for key, body in deliveries]

    def deliver_together(self, key: str, body: bytes, copies: int = 2) -> None:
        """The same delivery `copies` times at the same instant (a re-delivery racing its original)."""
        barrier = threading.Barrier(copies)

        def one():
            barrier.wait()
            self.deliver(key, body)

        threads = [threading.Thread(target=one) for _ in range(copies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    def paced(self, jobs: list, seconds: float, threads: int = 8) -> None:
        """Run `jobs` (callables) spread evenly over `seconds`, at most `threads` at once."""
        start = time.monotonic()
        step = seconds / max(len(jobs), 1)

        def at(i, job):
            time.sleep(max(0.0, start + i * step - time.monotonic()))
            job()

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda pair: at(*pair), enumerate(jobs)))


class Admin:
    """A superuser in the real admin, over HTTP, with its session and CSRF token."""

    def __init__(self, base: str, username: str, password: str):
        self.base, self.session = base, requests.Session()
        self.session.get(f"{base}/admin/login/", timeout=30)
        answer = self.session.post(
            f"{base}/admin/login/?next=/admin/",
            data={"username": username, "password": password, "next": "/admin/", **self._csrf()},
            timeout=30,
        )
        if "sessionid" not in self.session.cookies:
            raise RuntimeError(f"admin login failed: {answer.status_code}")

    def _csrf(self) -> dict:
        return {"csrfmiddlewaretoken": self.session.cookies["csrftoken"]}

    def open(self, path: str) -> None:
        self.session.get(self.base + path, timeout=30)

    def action(self, path: str, action: str, ids: list[int]) -> tuple[int, list[str]]:
        """Post a changelist action (the page must have been opened); (status, messages shown next)."""
        data = {"action": action, "index": "0", "_selected_action": [str(i) for i in ids], **self._csrf()}
        answer = self.session.post(self.base + path, data=data, timeout=60, allow_redirects=False)
        page = self.session.get(self.base + path, timeout=30).text
        shown = re.search(r'<ul class="messagelist">(.*?)</ul>', page, re.S)
        lines = re.findall(r"<li[^>]*>(.*?)</li>", shown.group(1), re.S) if shown else []
        return answer.status_code, [html.unescape(re.sub(r"<[^>]+>", "", line)).strip() for line in lines]
