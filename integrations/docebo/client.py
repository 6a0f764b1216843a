"""Docebo API client: OAuth2 client credentials, Docebo's list envelope, and the calls flows make.

Contract and the status of each fact: ../shared/contracts/docebo.md. Calls are the budget
(1,000 per hour per source IP, §5), so lists always ask for the largest page (200) and the
token is cached across clients until shortly before it expires.
"""

from collections.abc import Iterator
from datetime import date

from integrations.client import ApiClient
from integrations.client.errors import NotFound, PermanentError
from integrations.client.oauth import ClientCredentials
from integrations.docebo.client_records import RecordsMixin
from integrations.docebo.payloads import as_int, course_field_value, field_options, parse_datetime

TOKEN_URL = "/oauth2/token"
USERS_URL = "/manage/v1/user"
USER_URL = "/manage/v1/user/{user_id}"
COURSES_URL = "/learn/v1/courses"
COURSE_URL = "/learn/v1/courses/{course_id}"
COURSE_ENROLLMENTS_URL = "/course/v1/courses/enrollments"
LEARNING_PLANS_URL = "/learn/v1/lp"
LP_ENROLLMENTS_URL = "/learningplan/v1/learningplans/enrollments"
COURSE_FIELDS_URL = "/learn/v1/courses/field"
COURSE_FIELD_URL = "/learn/v1/courses/field/{field_id}"

PAGE_SIZE = 200  # Docebo's cap (§2.2)
IDS_PER_CALL = 100  # array filters per request: keeps the URL well under common 8 KB limits
LP_EXTRA_FIELDS = ["enrollment_status", "enrollment_completion_date", "enrollment_completion_percentage"]


class FilterIgnored(PermanentError):
    """A Docebo listing answered items outside the filter it was sent (the tenant ignores that
    filter): stopped rather than followed through the whole platform (1,000 calls an hour, §5)."""


class DoceboClient(ClientCredentials, RecordsMixin, ApiClient):
    """OAuth2 client credentials (§1.2) through the shared token cache, then Docebo's envelope;
    external training and certification calls come from RecordsMixin (client_records.py)."""

    system = "docebo"
    token_url = TOKEN_URL
    token_scope = "api"

    # --- envelope and paging -----------------------------------------------------------------
    def _data(self, body) -> dict:
        return (body or {}).get("data") or {}

    def iter_pages(self, path: str, params: dict | None = None) -> Iterator[dict]:
        """Every item of a Docebo list, 200 a page, until `has_more_data` is false."""

        def fetch(page_params: dict):
            data = self._data(self.get_json(path, params=page_params))
            page = int(data.get("current_page") or page_params["page"])
            more = data.get("has_more_data") and page < int(data.get("total_page_count") or page + 1)
            return data.get("items") or [], ({**page_params, "page": page + 1} if more else None)

        return self.paginate(fetch, {**(params or {}), "page": 1, "page_size": PAGE_SIZE})

    def _chunked(self, path: str, key: str, ids: list, params: dict | None = None) -> Iterator[dict]:
        """A listing filtered by `key[]` (e.g. course_id[]) in chunks of ids, every item checked against
        the chunk: an item outside it means the tenant ignores the filter, and following that listing
        would page through the whole tenant, so it stops there (FilterIgnored)."""
        field = key.removesuffix("[]")
        for start in range(0, len(ids), IDS_PER_CALL):
            chunk = ids[start : start + IDS_PER_CALL]
            wanted = {as_int(i) for i in chunk}
            for item in self.iter_pages(path, {**(params or {}), key: chunk}):
                if as_int(item.get(field)) not in wanted:
                    raise FilterIgnored(
                        f"Docebo answered {field} {item.get(field)} to a listing filtered by {key}: the tenant "
                        "ignores that filter, so the listing was not followed through the whole platform",
                        path=path,
                    )
                yield item

    # --- users -------------------------------------------------------------------------------
    def find_user_by_email(self, email: str) -> dict | None:
        params = {"search_text": email, "match_type": "full"}
        # search_text also hits usernames and names: keep the exact e-mail only (§3.1)
        return next(
            (u for u in self.iter_pages(USERS_URL, params) if (u.get("email") or "").lower() == email.lower()), None
        )

    def get_user(self, user_id: int) -> dict:
        data = self._data(self.get_json(USER_URL.format(user_id=user_id)))
        return data.get("user_data") or data

    def iter_users(self, *, emails: list[str] | None = None) -> Iterator[dict]:
        if emails is None:
            yield from self.iter_pages(USERS_URL)
            return
        for email in emails:
            user = self.find_user_by_email(email)
            if user is not None:
                yield user

    # --- courses and enrollments ------------------------------------------------------------------
    def iter_courses(self, *, field_filters: dict | None = None) -> Iterator[dict]:
        """Courses, optionally only those whose additional fields hold these values (§2.2:
        `field_<id>=<value>`, a dropdown's value being the option id), 200 a page."""
        params = {f"field_{field_id}": value for field_id, value in (field_filters or {}).items()}
        return self.iter_pages(COURSES_URL, params)

    def iter_courses_with_option(self, field_id, element_id) -> Iterator[dict]:
        """Courses whose dropdown `field_id` has option `element_id` selected."""
        return self.iter_courses(field_filters={field_id: element_id})

    def get_course(self, course_id: int) -> dict:
        return self._data(self.get_json(COURSE_URL.format(course_id=course_id)))

    def iter_course_enrollments(
        self, *, course_ids: list[int], completed_since: date | None = None, status: str | None = "completed"
    ) -> Iterator[dict]:
        """Enrollments in these courses; server-side status/date filters are unconfirmed, so filter here."""
        since = parse_datetime(completed_since)
        for item in self._chunked(COURSE_ENROLLMENTS_URL, "course_id[]", list(course_ids)):
            if status is not None and item.get("enrollment_status") != status:
                continue
            if since is not None:
                completed = parse_datetime(item.get("enrollment_completion_date"))
                if completed is None or completed < since:
                    continue
            yield item

    def iter_user_completions(self, *, user_id: int, completed_since: date | None = None) -> Iterator[dict]:
        """One learner's completed course enrollments (`user_id[]`, observed §3.3, each item checked:
        a tenant ignoring the filter stops the listing instead of paging through every learner)."""
        since = parse_datetime(completed_since)
        for item in self._chunked(COURSE_ENROLLMENTS_URL, "user_id[]", [user_id]):
            completed = parse_datetime(item.get("enrollment_completion_date"))
            if item.get("enrollment_status") == "completed" and (since is None or (completed and completed >= since)):
                yield item

    def course_enrollment(self, *, course_id: int, user_id: int) -> dict | None:
        """One learner's enrollment in one course as Docebo holds it now (None: not enrolled). The
        user filter is checked too; where it is ignored the course's enrollments are read to the end."""
        params = {"user_id[]": [user_id]}
        items = self._chunked(COURSE_ENROLLMENTS_URL, "course_id[]", [course_id], params)
        return next((e for e in items if as_int(e.get("user_id")) == as_int(user_id)), None)

    def set_course_field_value(self, course_id: int, field_id, value) -> None:
        """Select a dropdown option (by id) for a course; None resets it to the default (no option)."""
        self.put_json(COURSE_URL.format(course_id=course_id), {"additional_fields": {str(field_id): value}})

    # --- learning plans ----------------------------------------------------------------------
    def iter_learning_plans(self, *, return_courses: bool = True) -> Iterator[dict]:
        return self.iter_pages(LEARNING_PLANS_URL, {"return_courses": "true" if return_courses else "false"})

    def iter_learning_plan_enrollments(
        self, *, learning_plan_ids: list[int], user_ids: list[int] | None = None
    ) -> Iterator[dict]:
        params = {"extra_fields[]": LP_EXTRA_FIELDS}
        if user_ids:
            params["user_id[]"] = list(user_ids)
        return self._chunked(LP_ENROLLMENTS_URL, "learning_plan_id[]", list(learning_plan_ids), params)

    def learning_plan_enrollment(self, *, learning_plan_id: int, user_id: int) -> dict | None:
        """One learner's enrollment in one learning plan as Docebo holds it now (None: not enrolled)."""
        items = self.iter_learning_plan_enrollments(learning_plan_ids=[learning_plan_id], user_ids=[user_id])
        return next((e for e in items if as_int(e.get("user_id")) == as_int(user_id)), None)

    # --- course additional fields (§3.5) ---------------------------------------------------------
    def list_course_fields(self) -> list[dict]:
        params = {"no_pagination": 1, "association": "course", "show_field": 1}
        return self._data(self.get_json(COURSE_FIELDS_URL, params=params)).get("items") or []

    def get_course_field(self, field_id) -> dict:
        found = next((f for f in self.list_course_fields() if str(f.get("id")) == str(field_id)), None)
        if found is None:
            raise NotFound(f"no course additional field {field_id}", status=404, path=COURSE_FIELDS_URL)
        return found

    def create_course_dropdown_field(self, *, name: str, options: list[str]) -> dict:
        body = {
            "type": "dropdown",
            "association": "course",
            "name": {"english": name},
            "options": [{"label": label} for label in options],
        }
        created = self._data(self.post_json(COURSE_FIELDS_URL, body))
        return self.get_course_field(created["id"])

    def add_course_field_option(self, field_id, label: str) -> str:
        """Add an option (Docebo wants the full option list) and return the id Docebo gave it."""
        before = field_options(self.get_course_field(field_id))
        self.set_course_field_options(field_id, [*before, {"label": label}])
        known = {str(o["id"]) for o in before}
        after = field_options(self.get_course_field(field_id))
        return next(str(o["id"]) for o in after if str(o["id"]) not in known and o["label"] == label)

    def remove_course_field_option(self, field_id, element_id) -> None:
        kept = [o for o in field_options(self.get_course_field(field_id)) if str(o["id"]) != str(element_id)]
        self.set_course_field_options(field_id, kept)

    def set_course_field_options(self, field_id, options: list[dict]) -> None:
        """Replace a dropdown's options: [{id, label}] keeps (and relabels) an option, [{label}] adds one,
        and any option left out is removed (courses that had it selected fall back to the default)."""
        self.put_json(COURSE_FIELD_URL.format(field_id=field_id), {"options": options})

    course_field_value = staticmethod(course_field_value)
