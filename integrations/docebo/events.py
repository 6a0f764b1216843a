"""Docebo webhook event names, in one place.

Learning-plan and certification names are unconfirmed (contract §4.3): check them in the
tenant's webhook event picker and change them here only; the receiver, the payload table and
the flows all read these constants.
"""

COURSE_COMPLETED = "course.enrollment.completed"
COURSE_ENROLLMENT_UPDATED = "course.enrollment.updated"
LEARNING_PLAN_COMPLETED = "learningplan.enrollment.completed"
CERTIFICATION_ASSIGNED = "certification.user.assigned"
CERTIFICATION_UPDATED = "certification.user.updated"
CERTIFICATION_UNASSIGNED = "certification.user.unassigned"
CERTIFICATION_EXPIRED = "certification.user.expired"

CERTIFICATION_EVENTS = (CERTIFICATION_ASSIGNED, CERTIFICATION_UPDATED, CERTIFICATION_UNASSIGNED, CERTIFICATION_EXPIRED)
# the certification events after which the learner no longer holds the certification
CERTIFICATION_LOST = (CERTIFICATION_UNASSIGNED, CERTIFICATION_EXPIRED)

GROUP_LIMIT = 25  # Docebo groups at most 25 payloads of one event type per message (§4.2)
