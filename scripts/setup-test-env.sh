#!/usr/bin/env bash
# Prepares a Debian machine for ReproBundle's tests: installs the Docker engine, Chromium and
# debootstrap when missing, starts dockerd when no engine answers, builds the offline Python
# base image when it is absent, and serves Podman's Docker-compatible API on a socket of its own
# with the base image loaded (the engine-portability tests). Idempotent: every step checks first
# and says what it did.
#
# Environment:
#   REPROBUNDLE_BASE_IMAGE   tag of the offline base image (default reprobundle-local/python:3.11)
#   REPROBUNDLE_DEBIAN_MIRROR  Debian mirror for debootstrap (default: the one apt already uses)
#   REPROBUNDLE_DOCKERD_LOG  where dockerd writes its log (default /var/log/reprobundle-dockerd.log)
#   REPROBUNDLE_PODMAN_SOCKET  where Podman's API listens (default /run/reprobundle-podman.sock)
set -euo pipefail

BASE_IMAGE="${REPROBUNDLE_BASE_IMAGE:-reprobundle-local/python:3.11}"
SUITE="bookworm"
DOCKERD_LOG="${REPROBUNDLE_DOCKERD_LOG:-/var/log/reprobundle-dockerd.log}"
PODMAN_SOCKET="${REPROBUNDLE_PODMAN_SOCKET:-/run/reprobundle-podman.sock}"
# This VM refuses Podman's default nofile/nproc rlimits: a containers.conf without them.
PODMAN_CONF="/etc/reprobundle/podman-containers.conf"

say() { printf '[setup-test-env] %s\n' "$*"; }
die() { printf '[setup-test-env] error: %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "run as root or install sudo: installing packages and starting dockerd need root"
  SUDO="sudo"
fi

# --- packages ---------------------------------------------------------------------------------
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
# Bundle tests check our archives with the standard tools (unzip, openssl, sha256sum); the
# benchmark compares with zip.
command -v zip >/dev/null 2>&1 || missing+=(zip)
command -v unzip >/dev/null 2>&1 || missing+=(unzip)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v podman >/dev/null 2>&1 || missing+=(podman)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# `evaluate --engine slurm` runs against a real one-node Slurm cluster.
command -v slurmctld >/dev/null 2>&1 || missing+=(slurm-wlm)
command -v munged >/dev/null 2>&1 || missing+=(munge)
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} with apt-get"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "installed ${missing[*]}"
else
  say "docker.io, chromium, debootstrap, zip, unzip, openssl and podman already installed"
fi

# --- Docker engine ----------------------------------------------------------------------------
# Several `docker` clients may be on PATH (a static one in /usr/local/bin, Debian's in /usr/bin);
# any of them talks to the same socket, so the first one found is fine.
engine_up() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if engine_up; then
  say "Docker engine already answering (server $(docker version --format '{{.Server.Version}}'))"
else
  # No bridge network exists on these machines: containers run with network "none".
  say "starting dockerd (log: $DOCKERD_LOG)"
  $SUDO sh -c "nohup dockerd --bridge=none --iptables=false --ip-masq=false >>'$DOCKERD_LOG' 2>&1 &"
  for _ in $(seq 1 60); do
    engine_up && break
    sleep 1
  done
  engine_up || { tail -n 30 "$DOCKERD_LOG" >&2 || true; die "dockerd did not answer within 60 s; see $DOCKERD_LOG"; }
  say "Docker engine up (server $(docker version --format '{{.Server.Version}}'))"
fi

# --- offline base image -----------------------------------------------------------------------
# The mirror apt already uses: no registry host is written into this repository.
debian_mirror() {
  if [ -n "${REPROBUNDLE_DEBIAN_MIRROR:-}" ]; then echo "$REPROBUNDLE_DEBIAN_MIRROR"; return; fi
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    # deb822 format: the first URIs line whose stanza is not the security archive.
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' /etc/apt/sources.list)
  fi
  [ -n "$uri" ] || die "cannot find a Debian mirror in apt's sources; set REPROBUNDLE_DEBIAN_MIRROR"
  echo "$uri"
}

if docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  say "base image $BASE_IMAGE already present"
else
  mirror=$(debian_mirror)
  rootfs=$(mktemp -d /tmp/reprobundle-rootfs.XXXXXX)
  trap '$SUDO rm -rf "$rootfs"' EXIT
  say "building base image $BASE_IMAGE with debootstrap ($SUITE from $mirror); about a minute"
  $SUDO debootstrap --variant=minbase \
    --include=python3,python3-pip,python3-venv,python3-numpy,python3-yaml \
    "$SUITE" "$rootfs" "$mirror" >/tmp/reprobundle-debootstrap.log 2>&1 \
    || { tail -n 30 /tmp/reprobundle-debootstrap.log >&2; die "debootstrap failed; full log in /tmp/reprobundle-debootstrap.log"; }
  # Shrink the image: package lists and caches are not needed to run Python.
  $SUDO rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
  $SUDO tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["python3"]' \
    - "$BASE_IMAGE" >/dev/null
  say "base image $BASE_IMAGE built ($(docker image inspect --format '{{.Size}}' "$BASE_IMAGE") bytes)"
fi

# --- Podman's Docker-compatible API -------------------------------------------------------------
$SUDO mkdir -p "$(dirname "$PODMAN_CONF")"
printf '[containers]\ndefault_ulimits = []\n' | $SUDO tee "$PODMAN_CONF" >/dev/null
export CONTAINERS_CONF="$PODMAN_CONF"
podman_up() { curl -sf --unix-socket "$PODMAN_SOCKET" http://d/_ping >/dev/null 2>&1; }
if podman_up; then
  say "Podman API already answering on $PODMAN_SOCKET"
else
  say "starting podman system service on $PODMAN_SOCKET"
  $SUDO rm -f "$PODMAN_SOCKET"
  $SUDO env CONTAINERS_CONF="$PODMAN_CONF" sh -c "nohup podman system service --time=0 'unix://$PODMAN_SOCKET' >>/var/log/reprobundle-podman.log 2>&1 &"
  for _ in $(seq 1 30); do
    podman_up && break
    sleep 1
  done
  podman_up || { tail -n 30 /var/log/reprobundle-podman.log >&2 || true; die "Podman's API did not answer within 30 s"; }
fi
if $SUDO env CONTAINERS_CONF="$PODMAN_CONF" podman image exists "$BASE_IMAGE"; then
  say "base image $BASE_IMAGE already in Podman"
else
  docker save "$BASE_IMAGE" | $SUDO env CONTAINERS_CONF="$PODMAN_CONF" podman load >/dev/null
  say "base image $BASE_IMAGE loaded into Podman"
fi

# --- a one-node Slurm cluster (this machine), for evaluate --engine slurm -----------------------
slurm_up() { sinfo -h -o %T 2>/dev/null | grep -Eq 'idle|mixed|allocated'; }
if slurm_up; then
  say "Slurm already answering"
else
  say "starting a one-node Slurm cluster"
  SLURM_HOST=$(hostname -s)
  $SUDO mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
  $SUDO tee /etc/slurm/slurm.conf >/dev/null <<CONF
ClusterName=reprobundle
SlurmctldHost=$SLURM_HOST
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
ReturnToService=2
SlurmUser=root
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmdSpoolDir=/var/spool/slurmd
StateSaveLocation=/var/spool/slurmctld
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MinJobAge=600
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
NodeName=$SLURM_HOST CPUs=$(nproc) State=UNKNOWN
PartitionName=debug Nodes=$SLURM_HOST Default=YES MaxTime=INFINITE State=UP
CONF
  [ -f /etc/munge/munge.key ] || $SUDO mungekey -c
  $SUDO chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
  pgrep -x munged >/dev/null || $SUDO runuser -u munge -- /usr/sbin/munged
  pgrep -x slurmctld >/dev/null || $SUDO slurmctld
  pgrep -x slurmd >/dev/null || $SUDO slurmd
  for _ in $(seq 1 30); do
    slurm_up && break
    sleep 1
  done
  slurm_up || { tail -n 30 /var/log/slurm/slurmctld.log >&2 || true; die "Slurm did not come up within 30 s"; }
fi

say "ready: docker $(docker version --format '{{.Server.Version}}'), podman $(podman --version | awk '{print $3}') on $PODMAN_SOCKET, slurm $(sinfo --version | awk '{print $2}'), $(/usr/bin/chromium --version 2>/dev/null || echo 'chromium ?'), base image $BASE_IMAGE"
