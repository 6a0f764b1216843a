"""The pickers' JSON view: what a system lists, for the autocomplete of a lookup-table field.

GET /admin/pickers/<source>/?q=<typed text>&connection=<pk>|region=<code> answers
{"results": [{"id", "text"}], "count", "problem"}: at most MAX_RESULTS matches of the typed text
(in the value or the label), from the cached listing. Only signed-in staff who may see a table
that uses the picker get an answer (`Source.perms`).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse

from mappings import picker_sources  # noqa: F401  (registers the sources)
from mappings.pickers import SOURCES, listing

MAX_RESULTS = 100


def picker_view(request, name: str):
    source = SOURCES.get(name)
    if source is None:
        raise Http404(f"no picker {name}")
    if not any(request.user.has_perm(perm) for perm in source.perms):
        raise PermissionDenied(f"reading the {source.plural} needs access to a table that uses them")
    typed = request.GET.get("q", "").strip().lower()
    target = source.target(request.GET.dict())
    seen, results, problems = set(), [], []
    total = 0
    for connection in target.connections:
        found = listing(source, connection)
        if found.choices is None:
            problems.append(found.problem)
            continue
        for choice in found.choices:
            if choice.value in seen:
                continue
            seen.add(choice.value)
            total += 1
            if typed in choice.value.lower() or typed in choice.label.lower():
                results.append({"id": choice.value, "text": choice.text})
    if not target.connections and target.problem:
        problems.append(target.problem)
    return JsonResponse(
        {
            "results": results[:MAX_RESULTS],
            "count": total,
            "more": len(results) > MAX_RESULTS,
            "noun": source.plural,
            "problem": "; ".join(problems),
        }
    )


picker = admin.site.admin_view(picker_view)
