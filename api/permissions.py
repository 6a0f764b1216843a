"""Who may use the API: a token (or session) whose user holds the model's view/change permission."""

from rest_framework.permissions import BasePermission


class MirrorPermission(BasePermission):
    """Reads need `view_<model>`, writes `change_<model>`, of the view's model (admin groups grant them)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        opts = view.queryset.model._meta
        action = "view" if request.method in ("GET", "HEAD", "OPTIONS") else "change"
        return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")
