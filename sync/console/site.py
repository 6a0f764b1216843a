"""The console's part of the admin site (config/admin_site.py mixes it in): the home dashboard as
its index, and its own pages (Getting started, one setup checklist per integration). Every page is
staff-only, like the rest of the admin."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse

# The selectors read models: imported in the views, because this module is imported with the admin's
# app config, before the models are ready.


class ConsoleSiteMixin:
    """Put before AdminSite in the bases."""

    def index(self, request, extra_context=None):
        from sync.console.dashboard import dashboard

        context = {"dashboard": dashboard(user=request.user), **(extra_context or {})}
        return super().index(request, context)

    def get_urls(self):
        return [
            path("getting-started/", self.admin_view(self.getting_started), name="getting_started"),
            path("setup/<slug:integration>/", self.admin_view(self.setup_checklist), name="setup_checklist"),
            *super().get_urls(),
        ]

    def getting_started(self, request):
        from sync.console.checklists import CHECKLISTS
        from sync.console.evidence import Evidence

        evidence = Evidence()
        steps = []
        for key, module in CHECKLISTS.items():
            rows = module.rows(evidence)
            steps.append(
                {
                    "title": module.TITLE,
                    "summary": module.SUMMARY,
                    "url": reverse("admin:setup_checklist", args=[key]),
                    "done": sum(r.done for r in rows),
                    "total": len(rows),
                }
            )
        context = {**self.each_context(request), "title": "Getting started", "steps": steps}
        return TemplateResponse(request, "admin/console/getting_started.html", context)

    def setup_checklist(self, request, integration: str):
        from sync.console.checklists import CHECKLISTS
        from sync.console.evidence import Evidence

        module = CHECKLISTS.get(integration)
        if module is None:
            raise Http404("No such integration.")
        rows = module.rows(Evidence())
        context = {
            **self.each_context(request),
            "title": f"{module.TITLE}: setup checklist",
            "summary": module.SUMMARY,
            "steps": rows,
            "done": sum(r.done for r in rows),
        }
        return TemplateResponse(request, "admin/console/checklist.html", context)
