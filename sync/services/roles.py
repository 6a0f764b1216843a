"""Writers of the two roles: their permissions, and who is in them (a member is made staff)."""

from django.contrib.auth.models import Group, Permission

from sync.permissions import INTEGRATION_ADMINS, MAPPING_EDITORS, ROLES, mirror_models, role_permissions


def roles_grant(*, using: str = "default") -> None:
    """Make sure both roles exist and hold their permissions; take any write on the mirror away from
    Mapping editors (earlier versions granted it). Other permissions an operator added are kept."""
    from django.contrib.contenttypes.models import ContentType

    for role in ROLES:
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.add(*role_permissions(role).using(using))
    editors = Group.objects.using(using).get(name=MAPPING_EDITORS)
    mirror = ContentType.objects.db_manager(using).get_for_models(*mirror_models()).values()
    editors.permissions.remove(
        *Permission.objects.using(using).filter(content_type__in=mirror).exclude(codename__startswith="view_")
    )


def user_roles_apply(*, user) -> bool:
    """A member of a role signs in to the admin, so is staff. Returns True when the user was just made staff."""
    if user.is_staff or not user.groups.filter(name__in=ROLES).exists():
        return False
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return True


def role_member_add(*, user, role: str) -> None:
    """Put a user in a role (Integration admins or Mapping editors); they become staff."""
    if role not in ROLES:
        raise ValueError(f"no role named {role!r}; the roles are {INTEGRATION_ADMINS!r} and {MAPPING_EDITORS!r}")
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    user_roles_apply(user=user)
