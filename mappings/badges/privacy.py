""" "Forget this person" for the badges connector: a learner's Docebo user id, found in the inbox.

Docebo's events carry the learner's e-mail and user id; the badge links are keyed by that id
("<user>:<kind>:<object>:<template>"), so the engine finds and erases them, and through them the
person's Credly badges and the events and records naming those badges.
"""

from sync.models import InboundEvent
from sync.services.erasure import Person, register_person_finder

SCANNED = 1000  # events of one person read for their user id: one is enough, a few guard against gaps


def find_learner(person: Person) -> None:
    payloads = InboundEvent.objects.filter(connection__system="docebo", email__iexact=person.email).values_list(
        "payload", flat=True
    )
    for payload in payloads[:SCANNED]:
        user_id = payload.get("user_id") if isinstance(payload, dict) else None
        if user_id not in (None, ""):
            person.refs.add(("docebo", str(user_id)))


def register() -> None:
    register_person_finder(find_learner)
