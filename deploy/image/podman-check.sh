#!/usr/bin/env bash
# Can this machine run containers? Installs podman and runc when missing, then starts one container that needs no
# image. Exits 0 if it ran; exits 3 with the reason when podman cannot be installed or cannot start a container, the
# one answer on which .ci/run skips the image checks (loudly). Any other exit is a failure of this script.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$IMAGE_WORK"
# in a subshell: ensure_tools exits on failure, and that is an answer here, not the end of the check
if ! (ensure_podman); then
	echo "podman or runc could not be installed"
	exit 3
fi
if ! podman_smoke_test; then
	echo "podman could not start a container (podman --runtime runc run, CONTAINERS_CONF=$CONTAINERS_CONF)"
	exit 3
fi
echo "podman $(podman --version | awk '{print $3}') with runc starts containers here"
