"""The screening connector's personal data under the hub's privacy rules (registered in apps.py).

"Forget this person": the background checks know the candidate's name, e-mail, iCIMS person and
workflow ids and Certn case ids, so the engine finds the events, records and links keyed by them;
their rows (and the requests about them, with the reasons admins gave) are erased.
"""

from django.db.models import QuerySet

from mappings.screening.models import BackgroundCheck
from sync.services.erasure import Person, register_person_eraser, register_person_finder


def _checks_of(person: Person) -> QuerySet:
    return BackgroundCheck.objects.filter(email__iexact=person.email).select_related("icims_connection")


def find_person(person: Person) -> None:
    for check in _checks_of(person):
        if check.candidate_name:
            person.names.add(check.candidate_name)
        person.refs |= {("icims", ref) for ref in (check.person_id, check.workflow_id) if ref}
        person.refs.add(("certn", check.case_id))


def erase_person(person: Person) -> dict[str, int]:
    deleted = _checks_of(person).delete()[1]
    return {
        "background_checks": deleted.get(BackgroundCheck._meta.label, 0),
        "check_requests": deleted.get("screening.CaseRequest", 0),
    }


def register() -> None:
    register_person_finder(find_person)
    register_person_eraser("screening", erase_person)
