"""Render a configuration file of ``deploy/`` for one installation.

    set -a; . /etc/koinotita/deploy.env; set +a
    python3 deploy/render.py deploy/nginx/koinotita.conf > /etc/nginx/sites-available/koinotita

The files name what differs between installations as ``${KOINOTITA_...}`` placeholders, read
from the environment; every other ``$name`` (nginx's and systemd's own variables) is left as
it is. A line whose value is a comma-separated list is written once per item, so
``server ${KOINOTITA_UPSTREAMS} ...;`` becomes one ``server`` line per web machine. A
placeholder with neither a value nor a default stops the rendering with its name: a
half-configured file is never written. Standard library only, so it runs before the
virtualenv exists.
"""

import os
import re
import sys
from collections.abc import Mapping

PLACEHOLDER = re.compile(r"\$\{(KOINOTITA_[A-Z0-9_]+)\}")

# Placeholders every installation must set, with an example of each.
REQUIRED = {
    "KOINOTITA_SERVER_NAME": "portal.example.gr",
    "KOINOTITA_UPSTREAMS": "10.0.0.11:8000,10.0.0.12:8000",
    "KOINOTITA_TLS_CERTIFICATE": "/etc/letsencrypt/live/portal.example.gr/fullchain.pem",
    "KOINOTITA_TLS_CERTIFICATE_KEY": "/etc/letsencrypt/live/portal.example.gr/privkey.pem",
}
# The others, with their defaults ({NAME} is another placeholder's value).
DEFAULTS = {
    "KOINOTITA_ROOT": "/srv/koinotita",
    "KOINOTITA_USER": "koinotita",
    "KOINOTITA_ENV_FILE": "/etc/koinotita/env",
    "KOINOTITA_STATIC_ROOT": "{KOINOTITA_ROOT}/staticfiles",
    "KOINOTITA_MEDIA_ROOT": "{KOINOTITA_ROOT}/media",
    "KOINOTITA_HTTP_LISTEN": "80,[::]:80",
    "KOINOTITA_HTTPS_LISTEN": "443,[::]:443",
    "KOINOTITA_PURGE_LISTEN": "127.0.0.1:8080",
    "KOINOTITA_PURGE_ALLOW": "127.0.0.1",
    "KOINOTITA_CACHE_DIR": "/var/cache/nginx/koinotita",
    "KOINOTITA_LOG_DIR": "/var/log/nginx",
}


class RenderError(Exception):
    pass


def value_of(name: str, environ: Mapping[str, str]) -> str:
    value = (environ.get(name) or "").strip()
    if value:
        return value
    if name in DEFAULTS:
        default = DEFAULTS[name]
        others = re.findall(r"\{([A-Z0-9_]+)\}", default)
        return default.format_map({other: value_of(other, environ) for other in others})
    example = REQUIRED.get(name, "")
    raise RenderError(f"{name} is not set" + (f" (for example: {example})" if example else ""))


def render_line(line: str, environ: Mapping[str, str]) -> list[str]:
    names = PLACEHOLDER.findall(line)
    values = {name: value_of(name, environ) for name in names}
    listed = [name for name, value in values.items() if "," in value]
    if len(listed) > 1:
        raise RenderError(f"one line cannot repeat over two lists: {', '.join(listed)}")
    items = (
        [item.strip() for item in values[listed[0]].split(",") if item.strip()] if listed else [""]
    )
    lines = []
    for item in items:
        current = {**values, **({listed[0]: item} if listed else {})}
        lines.append(PLACEHOLDER.sub(lambda match, v=current: v[match.group(1)], line))
    return lines


def render(text: str, environ: Mapping[str, str] = os.environ) -> str:
    """The file with every placeholder replaced; raises ``RenderError`` naming each gap."""
    out, missing = [], []
    for line in text.splitlines(keepends=True):
        try:
            out.extend(render_line(line, environ))
        except RenderError as error:
            missing.append(str(error))
    if missing:
        raise RenderError("; ".join(dict.fromkeys(missing)))
    return "".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as source:
            sys.stdout.write(render(source.read()))
    except RenderError as error:
        print(f"{argv[1]}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
