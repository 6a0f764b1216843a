"""gunicorn settings read from the working directory (`gunicorn config.wsgi` in this folder).

The access-log line names the path without its query string and no user: some systems carry a
webhook token in the URL (`/hooks/<slug>/?token=...`) or a Basic username, and an access log is
read by more people than the admin. A proxy in front of the hub must be set the same way (nginx:
log `$uri`, not `$request` or `$request_uri`; see README "Running it for real").
"""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
