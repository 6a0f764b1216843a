"""Every iCIMS event type (contract §3), here and nowhere else.

iCIMS names the type in each notification's `eventType`. Only the status change starts a flow;
the receiver stores the others under their own type, and the inbox marks them unsupported.
"""

# A recruiter moved a candidate's recruiting workflow into a trigger status (§3.2).
STATUS_CHANGE_EVENT = "WorkFlowStatusChangeEvent"
# A candidate completed an application (assessment); the vendor answers with a 303 redirect (§3.2).
ASSESSMENT_EVENT = "AssessmentEvent"
# Job posting events (§3.2).
JOB_POST_TO_WEB_EVENT = "JobPostToWebEvent"
JOB_UNPOST_TO_WEB_EVENT = "JobUnpostToWebEvent"
VIEW_JOB_WEB_POST_EVENT = "ViewJobWebPostEvent"

EVENT_TYPES = (
    STATUS_CHANGE_EVENT,
    ASSESSMENT_EVENT,
    JOB_POST_TO_WEB_EVENT,
    JOB_UNPOST_TO_WEB_EVENT,
    VIEW_JOB_WEB_POST_EVENT,
)
