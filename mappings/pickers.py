"""Pickers: what another system has (learning plans, iCIMS fields and statuses, Certn packages,
Credentially roles...), for the lookup-table fields that name one of those things.

A *source* reads one kind of thing through the system's client and is cached per connection for
`PICKER_CACHE_SECONDS` (a few minutes), so a form, its autocomplete and its save cost one listing.
`check_value` is what a save runs: a value the system lacks is refused with the nearest matches
(difflib); a system that cannot be read does not block the save, it only adds a warning, because
an admin must be able to fix a table while a vendor is down, and a wrong value is still caught
later by the connection check and by the run that meets it.

The sources themselves are declared in `mappings.picker_sources`.
"""

import difflib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from integrations.client.errors import ClientError, NotFound, TransientError, Unauthorized

logger = logging.getLogger("crosswalk.mappings")
PICKER_TIMEOUT = 10.0  # seconds per call: an admin is waiting for the page
NEAREST = 3


@dataclass(frozen=True)
class Choice:
    value: str
    label: str = ""

    @property
    def text(self) -> str:
        return f"{self.value} ({self.label})" if self.label and self.label != self.value else self.value


@dataclass(frozen=True)
class Target:
    """The connections a value is checked against; none, with the reason, when it cannot be told."""

    connections: list = field(default_factory=list)
    problem: str = ""


@dataclass(frozen=True)
class Source:
    name: str  # as in the JSON view's URL: /admin/pickers/<name>/
    system: str
    noun: str  # "learning plan"
    plural: str
    read: Callable  # client -> list[Choice]
    target: Callable  # dict of request parameters or form values -> Target
    perms: tuple[str, ...]  # any one of these lets a user read the picker
    where: str = ""  # where an admin finds or makes one in the system, for the error message


@dataclass(frozen=True)
class Listing:
    choices: tuple[Choice, ...] | None  # None: the system could not be read
    problem: str = ""


@dataclass
class Verdict:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.name] = source
    return source


def _cache_key(source: Source, connection) -> str:
    # the connection's last change is in the key: new credentials or base URL read afresh
    stamp = connection.updated_at.timestamp() if connection.updated_at else 0
    return f"picker:{source.name}:{connection.pk}:{stamp}"


def listing(source: Source, connection) -> Listing:
    """Everything `source` lists on `connection`, from the cache or read through the client."""
    system = connection.get_system_display()
    if not connection.enabled:
        return Listing(None, f"the connection {connection.name} is switched off, so {system} was not asked")
    key = _cache_key(source, connection)
    cached = cache.get(key)
    if cached is not None:
        return Listing(tuple(Choice(*pair) for pair in cached))
    client = connection.client()
    client.max_retries, client.read_timeout = 1, PICKER_TIMEOUT
    try:
        choices = source.read(client)
    except ClientError as exc:
        logger.info("picker_unreadable source=%s connection=%s error=%s", source.name, connection.pk, exc)
        return Listing(None, _problem(source, connection, exc))
    cache.set(key, [(c.value, c.label) for c in choices], settings.PICKER_CACHE_SECONDS)
    return Listing(tuple(choices))


def _problem(source: Source, connection, exc: ClientError) -> str:
    system = connection.get_system_display()
    if isinstance(exc, Unauthorized):
        return f"{system} refused the credentials of {connection.name} (fix them under Connections)"
    if isinstance(exc, NotFound):
        return f"{system} does not list its {source.plural} for {connection.name}"
    if isinstance(exc, TransientError):
        return f"{system} could not be reached ({exc.__class__.__name__}: {exc})"
    return f"{system} refused to list its {source.plural} ({exc})"


def nearest(value: str, choices: Iterable[Choice], n: int = NEAREST) -> list[Choice]:
    """The choices whose value or label is closest to `value` (difflib), best first."""
    by_text: dict[str, Choice] = {}
    for choice in choices:
        by_text.setdefault(choice.value.lower(), choice)
        if choice.label:
            by_text.setdefault(choice.label.lower(), choice)
    out: list[Choice] = []
    for text in difflib.get_close_matches(value.lower(), list(by_text), n=n * 2, cutoff=0.5):
        if by_text[text] not in out:
            out.append(by_text[text])
    return out[:n]


def missing_message(source: Source, connection, value: str, choices: tuple[Choice, ...]) -> str:
    system = connection.get_system_display()
    same_but_case = next((c for c in choices if c.value.lower() == value.lower()), None)
    if same_but_case is not None:
        return f"{system} writes it {same_but_case.value!r}: use exactly that (capitals matter)."
    close = nearest(value, choices)
    if close:
        hint = "Nearest: " + ", ".join(c.text for c in close) + "."
    elif choices:
        hint = f"{system} has {len(choices)}, e.g. " + ", ".join(c.text for c in choices[:NEAREST]) + "."
    else:
        hint = f"{system} lists none yet."
    where = f" {source.where}" if source.where else ""
    return f"{system} ({connection.name}) has no {source.noun} {value!r}. {hint} Pick one from the list.{where}"


def check_value(source: Source, target: Target, value: str) -> Verdict:
    """Refuse a value no connection of the target lists; warn (and let it be saved) when unreadable."""
    verdict = Verdict()
    value = (value or "").strip()
    if not value:
        return verdict
    if not target.connections:
        if target.problem:
            verdict.warnings.append(f"{source.noun.capitalize()} {value!r} saved unchecked: {target.problem}.")
        return verdict
    for connection in target.connections:
        found = listing(source, connection)
        if found.choices is None:
            verdict.warnings.append(
                f"{source.noun.capitalize()} {value!r} saved unchecked: {found.problem}. "
                "Check it once the system answers (the connection check does)."
            )
        elif value not in {c.value for c in found.choices}:
            verdict.errors.append(missing_message(source, connection, value, found.choices))
    return verdict
