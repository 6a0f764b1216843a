"""The operator's console in the admin: the home dashboard, the setup checklists and the
"Getting started" page. Selectors read (dashboard.py, evidence.py, checklists/); the views and the
admin site only render what they return."""
