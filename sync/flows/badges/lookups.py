"""Reads a handler needs about learners and badges, in two strategies behind one interface.

- `LiveLookups` (real time): one look-up per question, as a single event concerns one learner.
- `BulkLookups` (batch): every user read once, and each template's live badges read once, in
  pages of the largest size (not at all for a template Credly has never issued); answers come
  from memory. This is what keeps the batch near one
  API call per badge issued ("never one look-up per learner").

`learner_or_skip` and `course_option_template` are the look-ups the Docebo -> Credly webhooks
and batch share; when they find nothing usable they record why on the run.
"""

from dataclasses import dataclass

from integrations.client.errors import NotFound
from integrations.credly.payloads import LIVE_BADGE_STATES
from mappings.badges import selectors


@dataclass(frozen=True)
class Learner:
    user_id: int
    email: str
    first_name: str
    last_name: str

    @classmethod
    def from_docebo(cls, user: dict) -> "Learner":
        return cls(
            user_id=int(user["user_id"]),
            email=(user.get("email") or "").strip(),
            first_name=user.get("first_name") or "",
            last_name=user.get("last_name") or "",
        )


class LiveLookups:
    def __init__(self, clients):
        self.clients = clients

    def learner(self, user_id) -> Learner | None:
        try:
            user = self.clients.docebo.get_user(user_id)
        except NotFound:  # deleted in Docebo since the event: the learner is missing, not the API broken
            return None
        return Learner.from_docebo(user) if user and user.get("email") else None

    def learner_by_email(self, email: str) -> Learner | None:
        user = self.clients.docebo.find_user_by_email(email)
        return Learner.from_docebo(user) if user else None

    def held_badge(self, template_id: str, email: str) -> dict | None:
        """The learner's live badge of this template in Credly, if any."""
        badges = self.clients.credly.list_badges(
            template_id=template_id, recipient_email=email, state=LIVE_BADGE_STATES
        )
        return next(iter(badges), None)

    def note_issued(self, template_id: str, email: str, badge: dict) -> None:
        """Nothing to remember: every question goes to the API."""


class BulkLookups(LiveLookups):
    def __init__(self, clients):
        super().__init__(clients)
        self._users: dict[int, Learner] | None = None
        self._by_email: dict[str, Learner] = {}
        self._held: dict[str, dict[str, str]] = {}  # template id -> email -> badge id
        self._badge_counts: dict[str, int] | None = None  # template id -> badges_count, read once

    def _load_users(self) -> None:
        self._users = {}
        for user in self.clients.docebo.iter_users():
            if user.get("email"):
                learner = Learner.from_docebo(user)
                self._users[learner.user_id] = learner
                self._by_email[learner.email.lower()] = learner

    def learner(self, user_id) -> Learner | None:
        if self._users is None:
            self._load_users()
        return self._users.get(int(user_id))

    def learner_by_email(self, email: str) -> Learner | None:
        if self._users is None:
            self._load_users()
        return self._by_email.get(email.lower())

    def _never_issued(self, template_id: str) -> bool:
        """True when Credly has never issued this template (its `badges_count` is 0): one read of the
        template list replaces a badge read per template, which on a first batch is most of them."""
        if self._badge_counts is None:
            self._badge_counts = {t["id"]: t.get("badges_count") for t in self.clients.credly.list_badge_templates()}
        return self._badge_counts.get(template_id) == 0

    def held_badge(self, template_id: str, email: str) -> dict | None:
        if template_id not in self._held and self._never_issued(template_id):
            self._held[template_id] = {}
        if template_id not in self._held:
            self._held[template_id] = {
                (b.get("recipient_email") or "").lower(): b["id"]
                for b in self.clients.credly.list_badges(template_id=template_id, state=LIVE_BADGE_STATES)
            }
        badge_id = self._held[template_id].get(email.lower())
        return {"id": badge_id} if badge_id else None

    def note_issued(self, template_id: str, email: str, badge: dict) -> None:
        if template_id in self._held:
            self._held[template_id][email.lower()] = badge["id"]


def learner_or_skip(ctx, lookups: LiveLookups, user_id, *, what: str = "") -> Learner | None:
    """The Docebo user as a learner, or None: recorded as skipped and e-mailed to NOTIFICATION_MAIL_ID
    (seed: a missing user is an error the integration's address hears about), once per run."""
    learner = lookups.learner(user_id)
    if learner is None:
        message = f"Docebo user {user_id} was not found or has no e-mail address, so no badge was issued" + (
            f" for {what}" if what else ""
        )
        ctx.skip(message, source_ref=f"user:{user_id}", action="find_learner")
        tell_missing(
            ctx,
            lookups,
            f"docebo:{user_id}",
            f"{message}. Give the user an e-mail address in Docebo (Admin Menu > Users), then run "
            f"'{ctx.definition.name}' again (or resync this learner from the flow's page).",
        )
    return learner


def tell_missing(ctx, lookups: LiveLookups, key: str, line: str) -> None:
    """E-mail a missing user once per run (a batch meets the same learner in every course)."""
    told = lookups.__dict__.setdefault("_missing_told", set())
    if key not in told:
        told.add(key)
        ctx.notify(line, subject=f"Crosswalk: learner missing in {ctx.definition.name}")


def course_option_template(ctx, course_id: int, element: str | None):
    """The active badge template behind the option chosen in a course's badge field, or None:
    no option chosen (nothing to say), or one that is not an active template (recorded as skipped)."""
    if not element:
        return None
    template = selectors.template_by_element(element)
    if template is None or not template.is_active:
        what = (
            f"{template.name!r} (option {element}), an inactive badge template"
            if template
            else (f"option {element}, which is no badge template")
        )
        ctx.skip(
            f"the course's badge choice is {what}: no badge is issued for this course. Turn the template on "
            "under Credly badge templates, or choose another badge in the course's field in Docebo",
            source_ref=f"course:{course_id}",
            action="read_course_badge",
        )
        return None
    return template
