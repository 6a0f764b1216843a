"""The 403 and 404 pages in the admin's look, with a way back (config/urls.py names them).

The 403 says what the person tried and which role may do it, read from the groups that hold the
permission the admin checks. The 500 page is Django's own view with templates/500.html, which
needs neither the database nor context processors.
"""

from dataclasses import dataclass

from django.contrib import admin
from django.db import DatabaseError
from django.shortcuts import render
from django.urls import Resolver404, resolve

from sync.permissions import ROLES, roles_with_permission

# Admin view (the end of its URL name) -> the permission Django checks, and the words for it.
ADMIN_VIEWS = {
    "add": ("add", "add"),
    "change": ("view", "open"),
    "delete": ("delete", "delete"),
    "changelist": ("view", "see"),
    "history": ("view", "see the history of"),
}


@dataclass(frozen=True)
class Denied:
    what: str  # "add connections"
    roles: list[str]  # the groups that may


def denied_action(path: str) -> Denied | None:
    """What an admin URL does and who may do it; None for a page that is not a model's admin page."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.namespace != admin.site.name or not match.url_name:
        return None
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if match.url_name.startswith(prefix):
            view = match.url_name.removeprefix(prefix)
            action, words = ADMIN_VIEWS.get(view, ("change", f"use the {view.replace('_', ' ')} page of"))
            return Denied(
                what=f"{words} {opts.verbose_name_plural}",
                roles=roles_with_permission(opts.app_label, f"{action}_{opts.model_name}"),
            )
    return None


def _admin_context(request) -> dict:
    try:
        return admin.site.each_context(request)
    except DatabaseError:  # the page still renders, without the sidebar and user tools
        return {}


def permission_denied(request, exception=None):
    user = getattr(request, "user", None)
    your_roles = list(user.groups.values_list("name", flat=True)) if user and user.is_authenticated else []
    context = {
        **_admin_context(request),
        "title": "You do not have permission for this page",
        "denied": denied_action(request.path_info),
        "your_roles": your_roles,
        "roles": ROLES,
        "detail": str(exception or ""),
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception=None):
    context = {**_admin_context(request), "title": "Page not found", "path": request.path}
    return render(request, "404.html", context, status=404)
