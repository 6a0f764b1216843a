"""State of the Docebo sandbox emulator (not the hub's data): what a Docebo platform would hold.

Only the emulator reads and writes these tables; the hub reaches them over HTTP like a real
tenant. Shapes follow ../shared/contracts/docebo.md.
"""

from django.db import models


class OAuthApp(models.Model):
    """An OAuth2 app made by a Superadmin (Admin Menu > API and SSO > API Credentials)."""

    name = models.CharField(max_length=100)
    client_id = models.CharField(max_length=100, unique=True)
    client_secret = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class AccessToken(models.Model):
    app = models.ForeignKey(OAuthApp, on_delete=models.CASCADE, related_name="tokens")
    token = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"token of {self.app} until {self.expires_at:%Y-%m-%d %H:%M}"


class User(models.Model):
    username = models.CharField(max_length=255, unique=True)
    email = models.EmailField(db_index=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.email

    @property
    def fullname(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Course(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=50, unique=True)
    course_type = models.CharField(max_length=20, default="elearning")
    credits = models.DecimalField(max_digits=6, decimal_places=2, default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CourseField(models.Model):
    """A course additional field; the hub uses a dropdown one to map courses to badge templates."""

    name = models.CharField(max_length=200)
    field_type = models.CharField(max_length=20, default="dropdown")
    association = models.CharField(max_length=20, default="course")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class CourseFieldOption(models.Model):
    field = models.ForeignKey(CourseField, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=255)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label


class CourseFieldValue(models.Model):
    """The option (or text) a course has selected for one additional field."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="field_values")
    field = models.ForeignKey(CourseField, on_delete=models.CASCADE, related_name="values")
    option = models.ForeignKey(CourseFieldOption, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["course", "field"], name="docebo_one_value_per_course_field")]

    def __str__(self) -> str:
        return f"{self.course}: {self.field} = {self.option or self.text}"


class LearningPlan(models.Model):
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=50, unique=True)
    courses = models.ManyToManyField(Course, related_name="learning_plans")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EnrollmentStatus(models.TextChoices):
    SUBSCRIBED = "subscribed", "Enrolled, not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Enrollment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.SUBSCRIBED)
    level = models.PositiveSmallIntegerField(default=3)  # 3 = learner
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="docebo_one_enrollment_per_course")]

    def __str__(self) -> str:
        return f"{self.user} in {self.course}: {self.status}"


class PlanEnrollment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="plan_enrollments")
    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="enrollments")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["user", "plan"], name="docebo_one_enrollment_per_plan")]

    def __str__(self) -> str:
        return f"{self.user} in {self.plan}"


class ExternalTraining(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_training")
    course_name = models.CharField(max_length=255)
    course_type = models.CharField(max_length=100, blank=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField()
    expiration_date = models.DateField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    credits = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    training_institute = models.CharField(max_length=255, blank=True)
    certificate = models.URLField(max_length=500, blank=True)
    status = models.CharField(max_length=20, default="approved")
    additional_fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.course_name} ({self.user})"


class Certification(models.Model):
    code = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    validity_days = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CertificationAward(models.Model):
    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="awards")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="certification_awards")
    issued_on = models.DateField()
    expire_on = models.DateField(null=True, blank=True)
    # the manual award's "Association Type": internal, or an external certification with its Source
    # and the external link a learner follows from My Activities > Certifications (contract §3.7)
    association_type = models.CharField(max_length=10, default="internal")
    source = models.CharField(max_length=100, blank=True)
    external_link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["certification", "user"], name="docebo_one_award_per_user")]

    def __str__(self) -> str:
        return f"{self.certification} held by {self.user}"


class PlatformSettings(models.Model):
    """Platform-wide settings of the emulator (one row): the hourly API call limit."""

    calls_per_hour = models.PositiveIntegerField(
        default=0, help_text="API calls allowed per hour per caller address (Docebo: 1,000); 0 means no limit."
    )

    def __str__(self) -> str:
        return "Docebo sandbox platform settings"

    @classmethod
    def load(cls) -> "PlatformSettings":
        return cls.objects.get_or_create(pk=1)[0]


class Webhook(models.Model):
    """A webhook of the Webhooks app (Admin Menu > Webhooks): Docebo keeps several, each with its
    payload URL, Basic credentials, subscribed events (at most 8) and grouping option (§4.1)."""

    name = models.CharField(max_length=100, unique=True, help_text="The webhook's name in Docebo.")
    payload_url = models.URLField(max_length=500, help_text="Where Docebo POSTs the events.")
    username = models.CharField(max_length=100, blank=True, help_text="HTTP Basic username sent with each call.")
    password = models.CharField(max_length=200, blank=True, help_text="HTTP Basic password sent with each call.")
    events = models.JSONField(default=list, blank=True, help_text="Event names this webhook is subscribed to.")
    group_payloads = models.BooleanField(
        default=False, help_text="Allow the platform to group payloads (at most 25 a message)."
    )
    active = models.BooleanField(default=True, help_text="Off: the webhook sends nothing.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} -> {self.payload_url}"


class ApiUsage(models.Model):
    """API calls counted per caller address and clock hour, for the emulated hourly limit."""

    ip = models.CharField(max_length=64)
    hour = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ip", "hour"], name="docebo_usage_per_ip_hour")]

    def __str__(self) -> str:
        return f"{self.ip} {self.hour:%Y-%m-%d %H}:00 {self.calls} calls"
