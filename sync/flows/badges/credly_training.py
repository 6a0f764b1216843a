"""Credly -> Docebo, external training: a badge issued creates it, replaced by the same template
updates it, replaced by another template or revoked deletes it (seed: "Create/Update/Delete
external training for user"). Link: object "external_training", Credly badge id -> Docebo
training id, origin credly."""

import contextlib

from integrations.client.errors import NotFound
from integrations.docebo.payloads import date_text
from mappings.badges.conf import badge_settings
from sync.models import Outcome
from sync.services.links import claimed_write, link_delete, link_get, link_save

TRAINING = "external_training"


def _training_fields(badge: dict) -> dict:
    return {
        "course_name": (badge.get("badge_template") or {}).get("name") or "Credly badge",
        "date": date_text(badge.get("issued_at_date") or badge.get("issued_at")),
        "expiration_date": date_text(badge.get("expires_at_date") or badge.get("expires_at")),
        "certificate_url": badge.get("badge_url"),
    }


def sync_training(ctx, clients, learner, badge: dict, action: str, wanted: bool) -> None:
    ref, badge_id = f"badge:{badge['id']}", badge["id"]
    if action == "replaced":
        old = moved_link(TRAINING, badge)
        if old is not None:
            if wanted and old.data.get("template_id") == (badge.get("badge_template") or {}).get("id"):
                fields = _training_fields(badge)
                clients.docebo.update_external_training(old.target_id, **fields)
                save_link(ctx, TRAINING, badge, old.target_id)
                return ctx.record(
                    source_ref=ref,
                    action="update_external_training",
                    outcome=Outcome.UPDATED,
                    target_ref=old.target_id,
                    message="badge replaced by the same template",
                )
            _delete_training(ctx, clients, ref, old, "badge replaced by another template")
        action = "issued"
    link = link_get(object_type=TRAINING, source_system="credly", source_id=badge_id, target_system="docebo")
    if action == "revoked":
        if link is not None:
            _delete_training(ctx, clients, ref, link, "badge revoked in Credly")
        return None
    if not wanted:
        return None
    if link is not None:
        return ctx.record(
            source_ref=ref,
            action="create_external_training",
            outcome=Outcome.UNCHANGED,
            target_ref=link.target_id,
            message="already imported",
        )
    claim_key = {"object_type": TRAINING, "source_system": "credly", "source_id": badge_id, "target_system": "docebo"}
    with claimed_write(ctx, **claim_key, ref=ref, action="create_external_training") as claim:
        if claim is None:
            return None
        fields = _training_fields(badge)
        found = _training_written(clients, learner, fields) if claim.uncertain else None
        created = found or clients.docebo.create_external_training(
            user_id=learner.user_id, institute=badge_settings().institute_name, **fields
        )
        save_link(ctx, TRAINING, badge, str(created["id"]))
    return ctx.record(
        source_ref=ref,
        action="create_external_training",
        outcome=Outcome.UPDATED if found else Outcome.CREATED,
        target_ref=str(created["id"]),
        message=f"for {learner.email}" + (" (found in Docebo after an unanswered attempt)" if found else ""),
    )


def _training_written(clients, learner, fields: dict) -> dict | None:
    """The training an earlier, unanswered attempt may have created: same learner, name and date."""
    for item in clients.docebo.external_training_of(learner.user_id).items:
        if item.get("course_name") == fields["course_name"] and str(item.get("date", "")).startswith(
            str(fields["date"] or "")
        ):
            return item
    return None


def _delete_training(ctx, clients, ref, link, why: str) -> None:
    with contextlib.suppress(NotFound):  # already gone in Docebo: the goal is reached
        clients.docebo.delete_external_training(link.target_id)
    link_delete(object_type=TRAINING, source_system="credly", source_id=link.source_id, target_system="docebo")
    ctx.record(
        source_ref=ref,
        action="delete_external_training",
        outcome=Outcome.DELETED,
        target_ref=link.target_id,
        message=why,
    )


def moved_link(object_type: str, badge: dict):
    """The link of the badge this one replaces (moved to the new badge by the caller)."""
    old_id = badge.get("replaces_badge_id")
    return old_id and link_get(
        object_type=object_type, source_system="credly", source_id=old_id, target_system="docebo"
    )


def save_link(ctx, object_type: str, badge: dict, target_id: str) -> None:
    old_id = badge.get("replaces_badge_id")
    if old_id:
        link_delete(object_type=object_type, source_system="credly", source_id=old_id, target_system="docebo")
    link_save(
        flow_key=ctx.definition.key,
        object_type=object_type,
        source_system="credly",
        source_id=badge["id"],
        target_system="docebo",
        target_id=target_id,
        origin="credly",
        data={"template_id": (badge.get("badge_template") or {}).get("id")},
    )
