#!/usr/bin/env bash
# What the tests need from the machine: headless Chromium and its driver, PostgreSQL and Redis on
# 127.0.0.1. Installs or starts each one only when it is missing.
set -uo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "==> Installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium chromium-driver >/dev/null \
    || echo "!! could not install chromium; browser tests will be skipped"
fi

# A CJK font, so screenshots of Chinese pages show characters rather than empty boxes.
if ! fc-list 2>/dev/null | grep -qi "wenquanyi\|noto sans cjk"; then
  echo "==> Installing a CJK font for the browser screenshots"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq fonts-wqy-microhei >/dev/null \
    || echo "!! could not install fonts-wqy-microhei; Chinese text in screenshots will show as boxes"
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "==> Starting PostgreSQL"
  if ! command -v pg_ctlcluster >/dev/null; then
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
  fi
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "==> Starting Redis"
  if ! command -v redis-server >/dev/null; then
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >/dev/null
  fi
  mkdir -p /tmp/redis-ci
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no --dir /tmp/redis-ci \
    --logfile /tmp/redis-ci/redis.log
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
exit 0
