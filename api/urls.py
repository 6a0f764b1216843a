"""REST API routes; the compliance connector adds its viewsets here."""

urlpatterns: list = []
