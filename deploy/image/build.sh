#!/usr/bin/env bash
# Builds the driver's image from the repository with podman, without a Docker engine and without a registry:
#   1. installs podman, runc and debootstrap when missing;
#   2. builds the base image (Debian trixie, minbase, with openjdk-25-jre-headless) from Debian's packages when podman
#      does not hold it yet: no base image can be pulled here;
#   3. packages the jar with Maven when it is missing, or with --rebuild-jar (arguments after -- go to Maven, e.g.
#      -Dprovider.azure=false -Dprovider.aws=false for a Vault-only driver);
#   4. builds deploy/Dockerfile with the base as BASE_IMAGE, and prints the image's size.
#
# usage: deploy/image/build.sh [--rebuild-jar] [--tag NAME:TAG] [-- MAVEN_ARGS...]
# env: IMAGE_NAME (default localhost/secrets-store-csi-driver-java:0.1.0, as --tag),
#      DEBIAN_MIRROR (default http://deb.debian.org/debian)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

rebuild_jar=
maven_args=()
while (($#)); do
	case $1 in
	--rebuild-jar) rebuild_jar=1 ;;
	--tag) IMAGE_NAME=$2; shift ;;
	--) shift; maven_args=("$@"); rebuild_jar=1; break ;;
	-h | --help) sed -n '2,13p' "$0"; exit 0 ;;
	*) die "unknown argument $1 (see --help)" ;;
	esac
	shift
done

DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
JAR=$IMAGE_REPO_ROOT/driver-app/target/driver-app.jar
started=$SECONDS
mkdir -p "$IMAGE_WORK"

# The base image: Debian trixie (the first Debian with a Java 25 runtime), minbase, plus the headless JRE; apt's
# lists and caches, docs, man pages and translations removed, and the JDK's default CDS archives for modes the
# driver never runs in (no compressed oops, compact object headers): the driver's own AOT cache replaces the default
# one anyway. The recipe's hash is in the tag, so a changed recipe builds a new base instead of reusing the old one.
build_base() {
	local base=$1 rootfs
	rootfs=$(mktemp -d /var/tmp/sscd-base.XXXXXX)
	base_rootfs=$rootfs
	log "debootstrap trixie (minbase + openjdk-25-jre-headless) from $DEBIAN_MIRROR into $rootfs"
	debootstrap --variant=minbase --include=openjdk-25-jre-headless trixie "$rootfs" "$DEBIAN_MIRROR" \
		>"$IMAGE_WORK/debootstrap.log" 2>&1 || die "debootstrap failed; see $IMAGE_WORK/debootstrap.log"
	rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
		"$rootfs"/var/log/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
		"$rootfs"/usr/share/locale/* "$rootfs"/usr/lib/jvm/java-25-openjdk-*/lib/server/classes_nocoops*.jsa \
		"$rootfs"/usr/lib/jvm/java-25-openjdk-*/lib/server/classes_coh.jsa
	local java_home
	java_home=$(cd "$rootfs" && echo usr/lib/jvm/java-25-openjdk-*)
	[[ -x $rootfs/$java_home/bin/java ]] || die "no Java 25 runtime in the base's rootfs ($java_home)"
	log "importing the rootfs as $base"
	# C.UTF-8 is built into glibc: without a UTF-8 locale, Java decodes file names as ASCII (sun.jnu.encoding)
	tar --numeric-owner -C "$rootfs" -cf - . |
		pm import --quiet --change "ENV LANG=C.UTF-8" --change "ENV JAVA_HOME=/$java_home" \
			--message "Debian trixie minbase + openjdk-25-jre-headless, built by deploy/image/build.sh" - "$base" \
			>/dev/null || die "podman import of the base failed"
	remove_base_rootfs
}

base_rootfs=
remove_base_rootfs() {
	[[ -n $base_rootfs && -d $base_rootfs ]] || return 0
	# debootstrap mounts /proc and /sys in the rootfs, and a failed run can leave them there: unmount, and never let
	# rm descend into another file system
	findmnt -R -n -l -o TARGET "$base_rootfs" | sort -r | xargs -r umount -l || true
	rm -rf --one-file-system "$base_rootfs"
}
trap remove_base_rootfs EXIT

ensure_podman
ensure_tools debootstrap:debootstrap mvn:maven jar:default-jdk-headless

base_hash=$(declare -f build_base | sha256sum | cut -c1-12)
BASE_IMAGE=localhost/secrets-store-csi-driver-base:trixie-jre25-$base_hash
if pm image exists "$BASE_IMAGE"; then
	log "base image $BASE_IMAGE is there; not rebuilt"
else
	base_started=$SECONDS
	build_base "$BASE_IMAGE"
	log "built the base image $BASE_IMAGE in $((SECONDS - base_started)) s"
fi
# what the driver needs from the base: Java 25, and the CA certificates Java trusts (stores' TLS endpoints)
pm run --rm --network none --entrypoint sh "$BASE_IMAGE" -c \
	'java -version 2>&1 | grep -q "version \"25" && test -s /etc/ssl/certs/java/cacerts' ||
	die "the base image $BASE_IMAGE has no Java 25 runtime or no Java CA certificates"

if [[ -n $rebuild_jar || ! -f $JAR ]]; then
	log "packaging the driver: mvn -DskipTests package ${maven_args[*]}"
	(cd "$IMAGE_REPO_ROOT" && mvn -B -q --no-transfer-progress -Dstyle.color=never -DskipTests -pl driver-app -am package "${maven_args[@]}") ||
		die "mvn package failed"
fi
[[ -f $JAR ]] || die "no $JAR after mvn package"

log "building $IMAGE_NAME from deploy/Dockerfile on $BASE_IMAGE"
build_started=$SECONDS
if ! pm build --build-arg BASE_IMAGE="$BASE_IMAGE" -f "$IMAGE_REPO_ROOT/deploy/Dockerfile" -t "$IMAGE_NAME" "$IMAGE_REPO_ROOT" \
	>"$IMAGE_WORK/podman-build.log" 2>&1; then
	tail -40 "$IMAGE_WORK/podman-build.log" >&2
	die "podman build failed; the whole log is in $IMAGE_WORK/podman-build.log"
fi
# the Dockerfile's training step fails the build when it writes no cache; this catches a Dockerfile that lost it
aot_bytes=$(pm run --rm --network none --entrypoint stat "$IMAGE_NAME" -c %s /application/app.aot) ||
	die "the image has no AOT cache at /application/app.aot"
log "AOT cache in the image: $((aot_bytes / 1000000)) MB"
log "podman build took $((SECONDS - build_started)) s"

echo
echo "jar: $(($(stat -c %s "$JAR") / 1000000)) MB, $(jar tf "$JAR" | grep -c '^BOOT-INF/lib/.*\.jar$') libraries; the biggest:"
# a Boot jar stores its libraries uncompressed, so the listed size is what they weigh in the image; sed, not head,
# reads to the end: head would end sort with SIGPIPE, and pipefail the script
jar tvf "$JAR" | awk '$NF ~ /^BOOT-INF\/lib\// { printf "  %6.1f MB  %s\n", $1 / 1e6, substr($NF, 14) }' | sort -rn | sed -n 1,10p
echo "base image $BASE_IMAGE: $(image_size_mb "$BASE_IMAGE") MB"
echo "image $IMAGE_NAME: $(image_size_mb "$IMAGE_NAME") MB"
pm history --format '  {{.Size}}\t{{.CreatedBy}}' "$IMAGE_NAME" | cut -c1-110 | grep -v '^  0 B' || true
echo "built in $((SECONDS - started)) s"
# podman keeps each build's intermediate images as its layer cache, and an image replaced by a rebuild stays untagged
dangling=$(pm images -q --filter dangling=true | wc -l)
((dangling == 0)) || echo "podman holds $dangling untagged images (layer cache, earlier builds): 'podman image prune' frees them"
