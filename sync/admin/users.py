"""The admin's user page, with the roles explained: putting someone in a role makes them staff."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from sync.permissions import ROLES
from sync.services.roles import user_roles_apply

ROLES_HELP = (
    "Put the person in a role (group) to let them sign in to this admin: "
    + "; ".join(f"{name}: {what}" for name, what in ROLES.items())
    + ". A member of a role is made staff when saved."
)


class CrosswalkUserAdmin(UserAdmin):
    fieldsets = [
        (name, {**options, "description": ROLES_HELP}) if "groups" in options["fields"] else (name, options)
        for name, options in UserAdmin.fieldsets
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)  # the groups are saved here
        if user_roles_apply(user=form.instance):
            messages.info(request, f"{form.instance} is in a role, so was made staff: they can sign in here now.")


admin.site.unregister(User)
admin.site.register(User, CrosswalkUserAdmin)
