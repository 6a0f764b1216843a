"""The read-only "Course badges" page: Docebo's courses with the badge template their course
field names. The choice is made in Docebo; the page says so and how (mappings/badges/course_badges.py)."""

from urllib.parse import urlencode

from django.contrib import admin
from django.template.response import TemplateResponse

from mappings.badges.conf import badge_settings
from mappings.badges.course_badges import PAGE_SIZE, course_badges
from mappings.badges.models import CourseBadge

BADGE_FILTER = [("", "All"), ("yes", "With a badge"), ("no", "Without a badge")]


@admin.register(CourseBadge)
class CourseBadgeAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        search = request.GET.get("q", "").strip()
        badge = request.GET.get("badge", "") if request.GET.get("badge", "") in ("yes", "no") else ""
        page = int(request.GET["p"]) if request.GET.get("p", "").isdigit() and int(request.GET["p"]) > 0 else 1
        found = course_badges(search=search, badge=badge, page=page)
        pages = max(1, -(-found.total // PAGE_SIZE))

        def link(**changes) -> str:
            query = {k: v for k, v in {"q": search, "badge": badge, "p": page, **changes}.items() if v not in ("", 1)}
            return "?" + urlencode(query) if query else "?"

        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Course badges",
            "found": found,
            "search": search,
            "filters": [(label, link(badge=value, p=1), value == badge) for value, label in BADGE_FILTER],
            "page": page,
            "pages": pages,
            "previous": link(p=page - 1) if page > 1 else "",
            "next": link(p=page + 1) if page < pages else "",
            "field": badge_settings().course_additional_field,
        }
        return TemplateResponse(request, "admin/badges/course_badges.html", context)
