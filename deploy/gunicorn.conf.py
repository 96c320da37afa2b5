"""gunicorn for Koinotita: ``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``.

Used the same way by ``make serve-prod`` on this machine and by
deploy/systemd/koinotita-web.service on a web machine; everything that differs between the
two comes from the environment:

- ``GUNICORN_BIND``: address(es) to listen on, comma-separated (default ``127.0.0.1:8000``;
  a web machine behind a separate nginx listens on its private address);
- ``WEB_CONCURRENCY``: worker processes (default: two per CPU this process may use, plus one);
- ``GUNICORN_THREADS``: threads per worker (default 2);
- ``TRUSTED_PROXIES``: the proxies whose X-Forwarded-* headers are believed, as in Django's
  settings (portal/settings/deployment.py); none when unset.

Graceful restart: ``kill -HUP`` (``systemctl reload koinotita-web``) starts workers on the
new code and lets the old ones finish their requests; the application is not preloaded, so
that reload picks up a deploy.
"""

import os

_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()

bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (_cpus or 1) + 1)
# Threaded workers keep nginx's upstream connections open between requests (sync workers
# close every one) and overlap a request's database waits.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
# Longer than nginx's upstream keepalive_timeout (60 s), so nginx, not gunicorn, closes an
# idle connection and never sends a request down one that is being closed.
keepalive = 75
timeout = 30  # a request still running after 30 s is stuck: its worker is replaced
graceful_timeout = 30  # on reload or stop, what workers may take to finish
# Replace each worker after a couple of thousand requests (spread out by the jitter) so that
# slow memory growth never accumulates.
max_requests = 2000
max_requests_jitter = 200
preload_app = False

# None unless named, as in Django (portal/settings/deployment.py): a client that reaches this
# port directly never chooses its own scheme.
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "")

# The heartbeat files on memory, not disk: a busy disk must not look like a hung worker.
if os.path.isdir("/dev/shm"):  # noqa: S108 - a folder gunicorn only stats, as its docs advise
    worker_tmp_dir = "/dev/shm"  # noqa: S108

# No control socket (this gunicorn opens one in $HOME by default): nothing here uses it, and
# several servers on one machine would fight over the same path.
control_socket_disable = True

proc_name = "koinotita"
accesslog = "-"
errorlog = "-"
# No visitor address, no query string (privacy): the time, the method and path, the
# outcome, the duration, and nginx's request id to join the line to nginx's own log.
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms %({x-request-id}i)s'
