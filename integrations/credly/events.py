"""Every event type Credly delivers (contract §5.2), and nowhere else.

Credly POSTs a thin envelope naming one of these; `fixtures/<type>.json` holds one sample each
and `fixtures/event_detail/<type>.json` its detail from `GET /events/{id}`.
"""

BADGE_CREATED = "badge.created"
BADGE_DELETED = "badge.deleted"
BADGE_STATE_CHANGED = "badge.state.changed"  # accepted, rejected, revoked, or replaced
BADGE_PRIVACY_CHANGED = "badge.privacy.changed"
BADGE_TEMPLATE_CREATED = "badge_template.created"
BADGE_TEMPLATE_CHANGED = "badge_template.changed"
BADGE_TEMPLATE_DELETED = "badge_template.deleted"
PENDING_BADGE_NOTIFICATION_SENT = "pending_badge_notification.sent"
PENDING_BADGE_NOTIFICATION_NO_USER_SENT = "pending_badge_notification.no_user.sent"
PENDING_BADGE_NOTIFICATION_UNCONFIRMED_EMAIL_SENT = "pending_badge_notification.unconfirmed_email.sent"

EVENT_TYPES = (
    BADGE_CREATED,
    BADGE_DELETED,
    BADGE_STATE_CHANGED,
    BADGE_PRIVACY_CHANGED,
    BADGE_TEMPLATE_CREATED,
    BADGE_TEMPLATE_CHANGED,
    BADGE_TEMPLATE_DELETED,
    PENDING_BADGE_NOTIFICATION_SENT,
    PENDING_BADGE_NOTIFICATION_NO_USER_SENT,
    PENDING_BADGE_NOTIFICATION_UNCONFIRMED_EMAIL_SENT,
)
