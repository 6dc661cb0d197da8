# Sourced by the image scripts (build.sh, run-e2e.sh, podman-check.sh): where things are, podman as the project's
# machines need it, and installing the tools when a fresh machine lacks them.

IMAGE_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# build outputs and logs; under target/ so that git ignores them and `mvn clean` removes them
IMAGE_WORK=${IMAGE_WORK:-$IMAGE_REPO_ROOT/target/image}
# the chart's image name (values.yaml linux.image); podman stores local images under localhost/
IMAGE_NAME=${IMAGE_NAME:-localhost/secrets-store-csi-driver-java:0.1.0}
# podman's default ulimits are refused here (setrlimit not permitted): containers.conf sets none
export CONTAINERS_CONF=$IMAGE_REPO_ROOT/deploy/image/containers.conf

log() {
	printf '==> %s\n' "$*" >&2
}

die() {
	printf '\nFAILED: %s\n' "$*" >&2
	exit 1
}

# podman with runc: crun, Debian 12's default, fails on these machines ("cgroups in hybrid mode not supported")
pm() {
	podman --runtime runc "$@"
}

_apt_updated=

# ensure_tools COMMAND:PACKAGE...: installs the packages of the commands that are missing, with one apt-get update.
ensure_tools() {
	local missing=() entry
	for entry in "$@"; do
		command -v "${entry%%:*}" >/dev/null 2>&1 || missing+=("${entry#*:}")
	done
	((${#missing[@]} == 0)) && return 0
	[[ $(id -u) == 0 ]] || die "missing ${missing[*]}, and installing them needs root: apt-get install -y ${missing[*]}"
	command -v apt-get >/dev/null || die "missing ${missing[*]}, and this is not a Debian-like system (no apt-get)"
	log "installing ${missing[*]}"
	if [[ -z $_apt_updated ]]; then
		apt-get update -qq >&2 || die "apt-get update failed"
		_apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2 || die "apt-get install ${missing[*]} failed"
}

# the commands the image scripts use, with the Debian packages that provide them
ensure_podman() {
	ensure_tools podman:podman runc:runc newuidmap:uidmap
}

# A container that needs no image: /bin/true and its libraries as the root file system. Proves that podman, runc,
# the cgroups and containers.conf work here, before anything slow is built. Prints why not on failure.
podman_smoke_test() {
	local rootfs=$IMAGE_WORK/smoke-rootfs lib out
	rm -rf "$rootfs" && mkdir -p "$rootfs/bin"
	cp /bin/true "$rootfs/bin/true"
	for lib in $(ldd /bin/true | grep -o '/[^ ]*'); do
		mkdir -p "$rootfs$(dirname "$lib")" && cp -L "$lib" "$rootfs$lib"
	done
	if ! out=$(pm run --rm --network none --rootfs "$rootfs" /bin/true 2>&1); then
		printf '%s\n' "$out"
		return 1
	fi
	rm -rf "$rootfs"
}

# image_size_mb IMAGE: the image's size as podman counts it (all layers, uncompressed), in MB
image_size_mb() {
	echo $(($(pm image inspect --format '{{.Size}}' "$1") / 1000000))
}
