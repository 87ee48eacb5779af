#!/usr/bin/env bash
# docker-compose.yml is valid (Debian's docker-compose renders it without a daemon) and agrees
# with the Makefile: same default ports, the same variables move them, DATA_DIR is persisted,
# every service has a healthcheck. Images cannot be pulled here, so nothing is started.
set -euo pipefail
cd "$(dirname "$0")/.."

make_default() { sed -nE "s/^$1 \\?= (.*)$/\\1/p" Makefile; }
api_port=$(make_default API_PORT)
web_port=$(make_default WEB_PORT)
[[ -n $api_port && -n $web_port && -n $(make_default DATA_DIR) ]] || {
  echo "test-compose: could not read API_PORT/WEB_PORT/DATA_DIR defaults from the Makefile" >&2
  exit 1
}

render() { env -u API_PORT -u WEB_PORT -u DATA_DIR "$@" docker-compose -f docker-compose.yml config; }
env -u API_PORT -u WEB_PORT -u DATA_DIR docker-compose -f docker-compose.yml config -q
render >/tmp/docstream-compose-defaults.$$.yml
render API_PORT=18001 WEB_PORT=13001 >/tmp/docstream-compose-moved.$$.yml
trap 'rm -f /tmp/docstream-compose-*.$$.yml' EXIT

# Debian's python3 has PyYAML (docker-compose itself depends on it).
/usr/bin/python3 - "$api_port" "$web_port" /tmp/docstream-compose-defaults.$$.yml /tmp/docstream-compose-moved.$$.yml <<'PY'
import sys
import yaml

api_port, web_port, defaults_path, moved_path = sys.argv[1:]
failures = []
checks = 0

def check(ok, message):
    global checks
    checks += 1
    if not ok:
        failures.append(message)

def port(p):
    """(host_ip, published, target) from the long form or the "ip:published:target/proto" form."""
    if isinstance(p, dict):
        return p.get("host_ip"), int(p["published"]), int(p["target"])
    parts = str(p).split("/")[0].split(":")
    return (parts[0] if len(parts) == 3 else None), int(parts[-2]), int(parts[-1])

def verify(path, api, web):
    spec = yaml.safe_load(open(path))
    services = spec["services"]
    check(set(services) >= {"db", "api", "web"}, "services db, api and web exist")
    for name, service in services.items():
        check("healthcheck" in service, f"{name} has a healthcheck")
    check(str(services["db"].get("image", "")).startswith("postgres:"), "db runs PostgreSQL")

    api_svc, web_svc = services["api"], services["web"]
    published = [port(p)[1:] for p in api_svc.get("ports", [])]
    check((api, api) in published, f"api publishes {api}:{api} (got {published})")
    check(str(api_svc["environment"].get("API_PORT")) == str(api), f"api listens on API_PORT={api}")
    check(api_svc["environment"].get("API_HOST") == "0.0.0.0", "api listens on all interfaces")
    check("@db:" in api_svc["environment"].get("DATABASE_URL", ""), "api uses the db service")
    data_dir = api_svc["environment"].get("DATA_DIR")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in api_svc.get("volumes", []) if isinstance(v, str)}
    check(bool(data_dir) and data_dir in mounts, f"api DATA_DIR ({data_dir}) is a mounted volume")
    check(mounts.get(data_dir) in (spec.get("volumes") or {}), "api DATA_DIR is a named volume")

    for name in ("api", "web"):
        for p in services[name].get("ports", []):
            check(port(p)[0] == "127.0.0.1", f"{name} publishes on 127.0.0.1 only (got {p})")
    published = [port(p)[1:] for p in web_svc.get("ports", [])]
    check((web, web) in published, f"web publishes {web}:{web} (got {published})")
    check(str(web_svc["environment"].get("PORT")) == str(web), f"web listens on WEB_PORT={web}")
    api_url = web_svc["build"]["args"].get("NEXT_PUBLIC_API_URL")
    check(api_url == f"http://localhost:{api}", f"web calls the API at http://localhost:{api} (got {api_url})")

verify(defaults_path, int(api_port), int(web_port))
verify(moved_path, 18001, 13001)
for failure in failures:
    print(f"FAIL: {failure}")
print(f"compose: {checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
PY
