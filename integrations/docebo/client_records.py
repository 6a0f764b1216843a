"""The Docebo client's calls on learner records: external training (§3.6) and certification awards (§3.7).

A mixin of `DoceboClient` (client.py), which brings the envelope, paging and URL base. The
external-training list's user filter is unconfirmed: the look-up of one user's records checks
each item, and where the tenant ignores the filter it stops after one page instead of paging
through every learner's records (1,000 calls per hour per IP, §5).
"""

from collections.abc import Iterator
from dataclasses import dataclass

from integrations.docebo.payloads import as_int, award_body, training_body

EXTERNAL_TRAININGS_URL = "/learn/v1/external_training"
EXTERNAL_TRAINING_URL = "/learn/v1/external_training/{training_id}"
CERTIFICATIONS_URL = "/learn/v1/certification"
CERTIFICATION_USERS_URL = "/certification/v1/certifications/{certification_id}/users"
CERTIFICATION_USER_URL = "/certification/v1/certifications/{certification_id}/users/{user_id}"
CERTIFICATION_AWARDS_URL = "/certification/v1/certifications/users"

RECENT_TRAINING_PAGES = 1  # where the user filter is ignored: the newest records read instead, ...
RECENT_PAGE_SIZE = 200  # ... at Docebo's largest page (§2.2)


@dataclass(frozen=True)
class UserTrainings:
    """One user's external training records as Docebo answered.

    `complete` is False when the tenant ignored the user filter: `items` are then the user's
    records among the tenant's newest ones only, so an absence proves nothing (the hub keeps
    its own links to the records it created for that reason)."""

    items: list[dict]
    complete: bool


class RecordsMixin:
    # --- external training (§3.6) ------------------------------------------------------------
    def create_external_training(
        self,
        *,
        user_id,
        course_name: str,
        institute: str,
        date,
        expiration_date=None,
        certificate_url=None,
        credits=None,
        course_type: str = "Credly badge",
        additional_fields: dict | None = None,
    ) -> dict:
        body = training_body(
            user_id=as_int(user_id),
            course_name=course_name,
            institute=institute,
            date=date,
            expiration_date=expiration_date,
            certificate_url=certificate_url,
            credits=credits,
            course_type=course_type,
            additional_fields=additional_fields,
        )
        created = self._data(self.post_json(EXTERNAL_TRAININGS_URL, body))
        return {**body, **created}

    def update_external_training(self, training_id, **fields) -> dict:
        body = training_body(**fields)
        data = self._data(self.put_json(EXTERNAL_TRAINING_URL.format(training_id=training_id), body))
        return {**body, **{k: v for k, v in data.items() if k != "success"}, "id": as_int(training_id)}

    def delete_external_training(self, training_id) -> None:
        self.delete(EXTERNAL_TRAINING_URL.format(training_id=training_id))

    def external_training_of(self, user_id) -> UserTrainings:
        """The user's records, asked with `user_id[]` and each item checked. An item of another user
        proves the filter ignored: paging stops on that page, and the newest records of the tenant
        (RECENT_TRAINING_PAGES pages, by id descending) are searched instead. No per-user
        external-training endpoint is documented publicly (checked 2026-11-30), so a lookup is
        bounded rather than complete there."""
        wanted, items = as_int(user_id), []
        for item in self.iter_pages(EXTERNAL_TRAININGS_URL, {"user_id[]": [wanted]}):
            if as_int(item.get("user_id")) != wanted:
                return UserTrainings(self._recent_trainings_of(wanted, items), complete=False)
            items.append(item)
        return UserTrainings(items, complete=True)

    def _recent_trainings_of(self, user_id: int, seen: list[dict]) -> list[dict]:
        found = {item.get("id"): item for item in seen}
        for number in range(1, RECENT_TRAINING_PAGES + 1):
            params = {"sort_attr": "id", "sort_dir": "desc", "page": number, "page_size": RECENT_PAGE_SIZE}
            data = self._data(self.get_json(EXTERNAL_TRAININGS_URL, params=params))
            for item in data.get("items") or []:
                if as_int(item.get("user_id")) == user_id:
                    found.setdefault(item.get("id"), item)
            if not data.get("has_more_data"):
                break
        return list(found.values())

    def iter_external_training(self, *, user_id=None) -> Iterator[dict]:
        """Every record of the tenant, or one user's (as far as `external_training_of` can tell)."""
        if user_id is None:
            return self.iter_pages(EXTERNAL_TRAININGS_URL)
        return iter(self.external_training_of(user_id).items)

    # --- certifications (§3.7) -----------------------------------------------------------------
    def iter_certifications(self) -> Iterator[dict]:
        return self.iter_pages(CERTIFICATIONS_URL)

    def find_certification_by_code(self, code: str) -> dict | None:
        return next((c for c in self.iter_certifications() if (c.get("code") or "") == code), None)

    def iter_certification_awards(
        self, *, user_ids: list[int] | None = None, certification_ids: list[int] | None = None
    ) -> Iterator[dict]:
        params = {"user_id[]": list(user_ids)} if user_ids else {}
        if certification_ids:  # each item checked against the certifications asked for (see `_chunked`)
            return self._chunked(CERTIFICATION_AWARDS_URL, "id_cert[]", list(certification_ids), params)
        return self.iter_pages(CERTIFICATION_AWARDS_URL, params)

    def award_certification(
        self, *, certification_id, user_id, issued_on, expires_on=None, source: str = "", external_link: str = ""
    ) -> dict:
        body = {"user_id": as_int(user_id), **award_body(issued_on, expires_on, source, external_link)}
        data = self._data(self.post_json(CERTIFICATION_USERS_URL.format(certification_id=certification_id), body))
        return {**body, "id_cert": as_int(certification_id), **data}

    def update_certification_award(
        self, *, certification_id, user_id, issued_on, expires_on=None, source: str = "", external_link: str = ""
    ) -> dict:
        path = CERTIFICATION_USER_URL.format(certification_id=certification_id, user_id=user_id)
        body = award_body(issued_on, expires_on, source, external_link)
        data = self._data(self.put_json(path, body))
        return {
            **body,
            "id_cert": as_int(certification_id),
            "user_id": as_int(user_id),
            **{k: v for k, v in data.items() if k != "success"},
        }

    def revoke_certification(self, *, certification_id, user_id) -> None:
        self.delete(CERTIFICATION_USER_URL.format(certification_id=certification_id, user_id=user_id))
