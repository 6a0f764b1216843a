"""Reads of the badge lookup tables that flows share."""

from mappings.badges.models import BadgeMapping, BadgeTemplate


def active_templates() -> list[BadgeTemplate]:
    return list(BadgeTemplate.objects.filter(is_active=True).order_by("name", "pk"))


def templates_with_option() -> list[BadgeTemplate]:
    """Templates holding an option in Docebo's course field, active or not: an inactive one keeps its
    option until the field sync removes it, and a course may still have it chosen meanwhile."""
    return list(BadgeTemplate.objects.exclude(dropdown_element_id="").order_by("name", "pk"))


def template_by_element(element_id: str) -> BadgeTemplate | None:
    if not element_id:
        return None
    return BadgeTemplate.objects.filter(dropdown_element_id=str(element_id)).first()


def template_by_id(credly_id: str) -> BadgeTemplate | None:
    return BadgeTemplate.objects.filter(credly_id=credly_id).first()


def lp_mappings() -> dict[int, list[BadgeMapping]]:
    """Active mappings of learning plans, by learning plan id."""
    out: dict[int, list[BadgeMapping]] = {}
    for m in BadgeMapping.objects.filter(is_active=True).exclude(learning_plan_id=""):
        out.setdefault(int(m.learning_plan_id), []).append(m)
    return out


def mappings_for_certification(code: str) -> list[BadgeMapping]:
    return list(BadgeMapping.objects.filter(is_active=True, certification_code=code)) if code else []


def certification_codes() -> list[str]:
    """The certification codes of active mappings, each once."""
    codes = BadgeMapping.objects.filter(is_active=True).exclude(certification_code="")
    return sorted(set(codes.values_list("certification_code", flat=True)))


def inbound_mappings(template_id: str) -> list[BadgeMapping]:
    """Active mappings that bring a Credly badge of this template into Docebo."""
    return [
        m
        for m in BadgeMapping.objects.filter(is_active=True, badge_template_id=template_id)
        if m.import_as_external_training or m.certification_code
    ]


def inbound_template_ids() -> list[str]:
    ids = []
    for m in BadgeMapping.objects.filter(is_active=True).order_by("pk"):
        if (m.import_as_external_training or m.certification_code) and m.badge_template_id not in ids:
            ids.append(m.badge_template_id)
    return ids
