"""Failures in plain words: what went wrong, said so that an admin knows what to do next.

One place turns an exception (the clients' tree in integrations/client/errors.py, our database's
errors, a bug) into an `Explanation`: what happened, naming the system, and what to fix, with the
technical detail (exception, call, status, the system's answer) kept apart for the admin's
"technical detail" block. Events, runs, records and the failure e-mails all word it from here, each
with its own ending: an event says when it is tried again, a record says "then replay".

Flows write their own skip and failure messages in words; `with_next_step` adds what to do to the
ones an admin can act on (NEXT_STEPS, matched by their wording; tests pin each one).
"""

import json
import re
import traceback
from dataclasses import dataclass

from django.db import DatabaseError
from django.utils import timezone

from integrations.client.deadline import DeadlineExceeded
from integrations.client.errors import (
    BadRequest,
    ClientError,
    Conflict,
    ConnectionPaused,
    HostUnreachable,
    ListingTooLong,
    NotFound,
    PermanentError,
    RateLimited,
    TransientError,
    Unauthorized,
    Unprocessable,
)
from integrations.systems import System

QUOTE_CHARS = 200  # of a vendor's message inside a sentence; the whole answer is in the detail
DETAIL_CHARS = 1500  # of the system's answer kept in the detail


@dataclass(frozen=True)
class Explanation:
    """`what` happened; `fix`: what an admin does about it ("" when nothing, or when it passes by
    itself); `lasting`: what to check should a passing fault last; `transient`: tried again by itself."""

    what: str
    fix: str = ""
    lasting: str = ""
    detail: str = ""
    transient: bool = False

    @property
    def final(self) -> str:
        """For something that will not be tried again by itself (a failed record, a dead event)."""
        todo = self.fix or self.lasting
        return sentence(f"{self.what}: {todo}, then replay" if todo else self.what)


def sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def system_label(key: str) -> str:
    return System(key).label if key in System.values else key


def clock(when) -> str:
    """19:40 today, else 6 Jan 19:40, in the hub's time zone."""
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return f"{local.day} {local:%b %H:%M}"


def explain(exc: BaseException, *, system: str = "") -> Explanation:
    """What went wrong, in words; `system` names the system when the error does not say it."""
    label = system_label(getattr(exc, "system", "") or system)
    what, fix, lasting, transient = _words(
        exc, label or "the other system", f"the {label} connection" if label else "its connection"
    )
    return Explanation(what=what, fix=fix, lasting=lasting, detail=technical_detail(exc), transient=transient)


def _words(exc, s: str, connection: str) -> tuple[str, str, str, bool]:
    """(what, fix, lasting, transient) for each kind of error; the first that applies wins. `s` names
    the system, `connection` the hub's connection to it."""
    said = _quote(exc)
    status = getattr(exc, "status", None)
    if getattr(exc, "plain_words", False):  # a flow's own exception, already worded for an admin
        return str(exc), "", "", False
    if isinstance(exc, ConnectionPaused):
        paused = str(exc.args[0]).replace("calls to this connection are paused", f"calls to {s} are paused")
        return paused, "", f"check {s}'s status page", True
    if isinstance(exc, DeadlineExceeded):
        return f"{s} was too slow: the work ran out of time before its call to {exc.path}", "", _status_page(s), True
    if isinstance(exc, HostUnreachable):
        how = "did not answer in time" if "timeout" in str(exc.args[0]).lower() else "could not be reached"
        return f"{s} {how} ({exc.args[0]})", "", f"{_status_page(s)} and the connection's base URL", True
    if isinstance(exc, RateLimited):
        if status == 429:
            return f"{s} asked Crosswalk to slow down (429, its rate limit)", "", "", True
        return said, "", "", True  # a limit of our own (a daily call budget): the message says which
    if isinstance(exc, TransientError):
        if status:
            return f"{s} answered {status} (a fault on {s}'s side)", "", _status_page(s), True
        return f"{s} failed: {said}", "", _status_page(s), True
    if isinstance(exc, Unauthorized):
        if status == 403:
            return (
                f"{s} refused the call to {exc.path} (403): its API account lacks a permission",
                f"give that account the permission in {s}",
                "",
                False,
            )
        what = f"{s} refused the credentials (401)" if status == 401 else said
        return what, f"fix the credentials on {connection}", "", False
    if isinstance(exc, NotFound) and status:
        return (
            f"{s} has no such object ({exc.method} {exc.path}: 404)".replace("( ", "("),
            f"it was deleted, or Crosswalk holds a wrong id: check it in {s}",
            "",
            False,
        )
    if isinstance(exc, BadRequest | Unprocessable) and status:
        return f"{s} refused the data ({status}): “{said}”", "correct what it names", "", False
    if isinstance(exc, Conflict) and status:
        return (
            f"{s} refused the change: it clashes with the object's state (409): “{said}”",
            f"look at the object in {s}",
            "",
            False,
        )
    if isinstance(exc, ListingTooLong):
        return (
            f"{s}'s listing {exc.path} did not end after {exc.pages} pages, so Crosswalk stopped reading it",
            f"report it to {s}'s support (their paging never ends)",
            "",
            False,
        )
    if isinstance(exc, PermanentError):
        if status:
            return f"{s} refused the request ({status}): “{said}”", "correct what it names", "", False
        return said, "fix what it names", "", False  # raised by a client or flow, in words already
    if isinstance(exc, ClientError):
        return f"{s}: {said}", "", "", False
    if isinstance(exc, DatabaseError):
        return f"Crosswalk's database failed ({type(exc).__name__})", "", "check the database server", True
    return (
        f"an unexpected error in Crosswalk ({type(exc).__name__}: {_short(str(exc))})",
        "a bug, not the data: tell whoever maintains Crosswalk (the technical detail is on the page)",
        "",
        False,
    )


def _status_page(s: str) -> str:
    return f"check {s}'s status page"


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(exc) -> str:
    """The system's own message (the client's reading of its error body), without our prefixes."""
    return _short(str(exc.args[0]) if exc.args else type(exc).__name__)


def technical_detail(exc: BaseException) -> str:
    """Exception, call, status and the system's answer; the traceback of anything not a client error."""
    lines = [f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"]
    if isinstance(exc, ClientError):
        lines += [f"system: {exc.system}"] if exc.system else []
        lines += [f"call: {exc.method} {exc.path}".rstrip()] if exc.method or exc.path else []
        lines += [f"status: {exc.status}"] if exc.status else []
        if isinstance(exc, RateLimited):
            lines.append(f"retry after: {exc.retry_after:.0f} s")
        if exc.body not in (None, "", {}, []):
            body = exc.body if isinstance(exc.body, str) else json.dumps(exc.body, sort_keys=True, default=str)
            lines.append(f"answer: {body[:DETAIL_CHARS]}{'…' if len(body) > DETAIL_CHARS else ''}")
    elif exc.__traceback__ is not None:
        lines.append("".join(traceback.format_exception(exc, limit=-6)).rstrip())
    return "\n".join(lines)


# --- the events', runs' and e-mails' endings -------------------------------------------------------
def event_retrying(ex: Explanation, *, next_try: int, max_tries: int, at) -> str:
    fix = f": {ex.fix}" if ex.fix else ""
    return sentence(f"{ex.what}{fix}; trying again at {clock(at)} (try {next_try} of {max_tries})")


def event_waiting(ex: Explanation, *, at) -> str:
    """An outage waited out: the try is not counted."""
    return sentence(f"{ex.what}; trying again at {clock(at)} (not counted as a try)")


def event_dead(ex: Explanation, *, tries: int) -> str:
    todo = ex.fix or ex.lasting or "look at the technical detail"
    return sentence(f"{ex.what}; failed for good after {tries} tries: {todo}, then replay")


PAUSED = "Paused: "  # a paused run's message starts so; "Paused earlier: " once it goes on


def run_paused(ex: Explanation, *, until) -> str:
    return f"{PAUSED}{ex.what}; it goes on by itself at {clock(until)}"


def run_stopped(ex: Explanation, *, not_finished: int | None) -> str:
    fix = f": {ex.fix or ex.lasting}" if ex.fix or ex.lasting else ""
    left = f"; not finished: {not_finished}" if not_finished else ""
    return f"Stopped: {ex.what}{fix}{left}; run the flow again once it is fixed"


# --- flows' own messages ------------------------------------------------------------------------
# A skipped record is not replayed (only failed ones are): its fix is taken up by the next sync of
# the person, or by replaying the event that brought it.
AGAIN = "the next sync, or a replay of its event, picks it up"
NEXT_STEPS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^no Docebo user has the e-mail"), f"create the user in Docebo or correct the e-mail; {AGAIN}"),
    (re.compile(r"^Docebo user \S+ not found or has no e-mail"), f"give the user an e-mail in Docebo; {AGAIN}"),
    (
        re.compile(r"^no certification with code .* in Docebo"),
        "create it in Docebo or correct the code in the badge mapping, then replay",
    ),
    (
        re.compile(r"points at (a )?(deleted or inactive )?badge template"),
        "choose an active template in the badge mapping, then replay",
    ),
    (
        re.compile(r"is not an active badge template"),
        f"choose another badge in the course's field in Docebo, or reactivate the template; {AGAIN}",
    ),
    (re.compile(r"^no active mapping for"), f"add a badge mapping if it should sync; {AGAIN}"),
    (
        re.compile(r"^no screening settings for this iCIMS connection"),
        "add Screening settings for it if it should order background checks",
    ),
    (
        re.compile(r"^Credly does not know this event"),
        "nothing to replay; if it repeats, rotate the Credly connection's webhook credentials",
    ),
]


def with_next_step(message: str) -> str:
    """A flow's skip or failure message, with what to do added when an admin can act on it."""
    for pattern, step in NEXT_STEPS:
        if pattern.search(message) and step not in message:
            return f"{message}: {step}"
    return message
