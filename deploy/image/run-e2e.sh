#!/usr/bin/env bash
# End-to-end check of the driver's image, run as the chart's DaemonSet runs it: privileged, host network, kubelet's
# pods folder with bidirectional (rshared) propagation, the CSI socket folder at /csi, the providers' folder,
# JAVA_TOOL_OPTIONS from deploy/jvm-options and the chart's memory limit. Then, from outside the container, as kubelet
# would, against the socket on the host: publish a volume, see its files on the host through the propagated tmpfs,
# change the secret, rotate (POST /actuator/rotations; in cluster mode refused without a token, then with the operator's
# token), see the new content on the host, unpublish, see the mount go.
# Once in standalone mode (the built-in local provider), once in cluster mode against the API server double with the
# Go driver's e2e provider as a remote plugin on the host. Also checks that the JVM uses the image's AOT cache and
# picks up JAVA_TOOL_OPTIONS, and measures start to ready (Probe answers) and resident memory.
#
# usage: deploy/image/run-e2e.sh [standalone|cluster]...   (default: both; build the image first with build.sh)
# env: IMAGE_NAME (default localhost/secrets-store-csi-driver-java:0.1.0)
# Needs root (mounts, privileged containers). Every check that fails stops the script with a message naming it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

modes=("$@")
((${#modes[@]})) || modes=(standalone cluster)
for mode in "${modes[@]}"; do
	[[ $mode == standalone || $mode == cluster ]] || die "unknown mode $mode (standalone or cluster)"
done
[[ $(id -u) == 0 ]] || die "run-e2e.sh needs root: it mounts, and runs a privileged container"
ensure_podman
ensure_tools curl:curl findmnt:util-linux java:default-jre-headless mvn:maven
pm image exists "$IMAGE_NAME" || die "no image $IMAGE_NAME: build it with deploy/image/build.sh"
JAR=$IMAGE_REPO_ROOT/driver-app/target/driver-app.jar
[[ -f $JAR ]] || die "no $JAR (the kubelet client on the host): build with deploy/image/build.sh"

# what the chart gives the driver's container (deploy/helm/secrets-store-csi-driver)
JVM_OPTIONS=$(grep -v '^[[:space:]]*$' "$IMAGE_REPO_ROOT/deploy/jvm-options" | tr '\n' ' ' | sed 's/ *$//')
VALUES=$IMAGE_REPO_ROOT/deploy/helm/secrets-store-csi-driver/values.yaml
# linux.driver.resources.limits.memory, e.g. 320Mi; podman's m and g are binary units too
MEMORY_LIMIT=$(awk '/^  driver:/ { d = 1 } d && /limits:/ { l = 1 } l && /memory:/ { print $2; exit }' "$VALUES")
[[ $MEMORY_LIMIT =~ ^[0-9]+(Mi|Gi)$ ]] || die "could not read linux.driver.resources.limits.memory from $VALUES"
PODMAN_MEMORY=${MEMORY_LIMIT%i}
PODMAN_MEMORY=${PODMAN_MEMORY,,}
PROVIDERS_DIR=/var/run/secrets-store-csi-providers
NODE=image-e2e-node

WORK=$(mktemp -d /tmp/sscd-e2e.XXXXXX)
KUBELET=$WORK/kubelet
CONTAINER=sscd-e2e-$$
helper_pids=()

cleanup() {
	local status=$?
	set +e
	pm rm -f -t 5 "$CONTAINER" >/dev/null 2>&1
	for pid in "${helper_pids[@]}"; do
		kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done
	# mounts left by a failed run (volumes the driver mounted, then our shared bind), deepest first
	findmnt -R -n -l -o TARGET "$KUBELET/pods" 2>/dev/null | sort -r | xargs -r umount -l
	rm -rf --one-file-system "$WORK"
	exit $status
}
trap cleanup EXIT

# the container's log, to show what the driver said when a check fails
fail() {
	if pm container exists "$CONTAINER" 2>/dev/null; then
		echo "--- last lines of the driver's log ---" >&2
		pm logs --tail 40 "$CONTAINER" >&2 || true
	fi
	die "$*"
}

free_port() {
	local port
	for port in $(seq 18095 18195); do
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			echo "$port"
			return
		fi
	done
	die "no free port in 18095-18195 for the driver's metrics"
}

# expect_content FILE EXPECTED WHAT: the file's content, compared without printing secrets
expect_content() {
	[[ -f $1 ]] || fail "$3: $1 is missing"
	local actual
	actual=$(cat "$1")
	[[ $actual == "$2" ]] ||
		fail "$3: $1 has ${#actual} bytes (sha256 $(printf %s "$actual" | sha256sum | cut -c1-12)), expected ${#2} bytes (sha256 $(printf %s "$2" | sha256sum | cut -c1-12))"
}

rss_mib() {
	local kb
	kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$1/status") || fail "cannot read /proc/$1/status"
	echo $((kb / 1024))
}

kubelet() {
	java -jar "$JAR" kubelet "$@" --endpoint="unix://$WORK/plugin/csi.sock" --kubelet-root-dir="$KUBELET"
}

# The classes and classpath of the test sources: the API server double and the Probe poller run on the host.
log "compiling the test helpers and resolving their classpath (mvn test-compile)"
(cd "$IMAGE_REPO_ROOT" && mvn -B -q --no-transfer-progress -Dstyle.color=never -pl driver-app -am test-compile dependency:build-classpath \
	-Dmdep.includeScope=test -Dmdep.outputFile="$WORK/classpath") >"$WORK/mvn.log" 2>&1 ||
	{ tail -30 "$WORK/mvn.log" >&2; die "mvn test-compile failed"; }
HELPER_CP=$IMAGE_REPO_ROOT/driver-app/target/test-classes:$IMAGE_REPO_ROOT/driver-app/target/classes:$(cat "$WORK/classpath")
HELPER=dev.secretsstore.driver.testing.ImageE2eCluster

# kubelet's folder: pods/ is a shared mount point, as kubelet's is on a node; podman accepts :rshared on a folder that
# is not one, but then the driver's mounts never reach the host
mkdir -p "$KUBELET/pods" "$WORK/plugin"
mount --bind "$KUBELET/pods" "$KUBELET/pods"
mount --make-rshared "$KUBELET/pods"

# --- the AOT cache and JAVA_TOOL_OPTIONS, in a short run that stops once started ---------------------------------
log "AOT cache: a start with -XX:AOTMode=on (fails if the cache cannot be used) and -Xlog:class+load"
aot_log=$WORK/aot-check.log
timeout 180 podman --runtime runc run --rm --network none --memory="$PODMAN_MEMORY" \
	-e JAVA_TOOL_OPTIONS="$JVM_OPTIONS -XX:AOTMode=on -Xlog:class+load=info -Dspring.context.exit=onRefresh" \
	"$IMAGE_NAME" --standalone --spc-dir=/tmp --state-dir=/tmp/state --secrets-store.provider.local.root=/tmp \
	--endpoint=unix:///tmp/csi.sock --kubelet-root-dir=/tmp/kubelet --metrics-addr=127.0.0.1:0 --nodeid=aot-check \
	>"$aot_log" 2>&1 || { tail -20 "$aot_log" >&2; die "the image did not start with -XX:AOTMode=on: the AOT cache is unusable"; }
grep -qF "Picked up JAVA_TOOL_OPTIONS: $JVM_OPTIONS" "$aot_log" || die "the JVM did not pick up JAVA_TOOL_OPTIONS"
classes=$(grep -c '\[class,load\]' "$aot_log" || true)
cached=$(grep -c '\[class,load\].*source: shared objects file' "$aot_log" || true)
((classes > 1000)) || die "-Xlog:class+load logged only $classes classes: the check itself is broken"
((cached * 100 / classes >= 75)) || die "only $cached of $classes classes came from the AOT cache (75% expected)"
log "AOT cache: $cached of $classes classes loaded from it"
AOT_SUMMARY="$cached of $classes classes from the AOT cache"

declare -A RESULT
cluster_pid=

run_mode() {
	local mode=$1 port container_env=() volumes=() driver_args=() spc pod uid volume secret_file expected rotated
	port=$(free_port)
	log "[$mode] starting"
	if [[ $mode == standalone ]]; then
		mkdir -p "$WORK/spc" "$WORK/state" "$WORK/secrets/api" "$WORK/providers"
		# secrets made up for this run; never printed
		expected=$(head -c 24 /dev/urandom | base64)
		printf %s "$expected" >"$WORK/secrets/db-password"
		printf %s "token-$RANDOM" >"$WORK/secrets/api/token"
		cat >"$WORK/spc/image-e2e.yaml" <<-'EOF'
			apiVersion: secrets-store.csi.x-k8s.io/v1
			kind: SecretProviderClass
			metadata: {name: image-e2e}
			spec:
			  provider: local
			  parameters:
			    objects: |
			      - objectName: db-password
			      - objectName: api/token
			        objectAlias: api-token
		EOF
		volumes=(-v "$WORK/spc:/etc/secrets-store/secretproviderclasses:ro" -v "$WORK/state:/var/lib/secrets-store/state"
			-v "$WORK/secrets:/srv/secrets:ro" -v "$WORK/providers:$PROVIDERS_DIR")
		driver_args=(--standalone --spc-dir=/etc/secrets-store/secretproviderclasses
			--state-dir=/var/lib/secrets-store/state --secrets-store.provider.local.root=/srv/secrets)
		spc=image-e2e pod=image-e2e volume=secrets-store uid= secret_file=db-password
	else
		java -cp "$HELPER_CP" "$HELPER" "$WORK/cluster" "$NODE" >"$WORK/cluster.log" 2>&1 &
		cluster_pid=$!
		helper_pids+=($cluster_pid)
		for _ in $(seq 600); do
			[[ -f $WORK/cluster/ready ]] && break
			kill -0 "$cluster_pid" 2>/dev/null || { cat "$WORK/cluster.log" >&2; die "the API server double exited"; }
			sleep 0.1
		done
		[[ -f $WORK/cluster/ready ]] || die "the API server double was not up within 60 s"
		# not in a pod (no KUBERNETES_SERVICE_HOST), so the driver finds its API server through KUBECONFIG
		volumes=(-v "$WORK/cluster/kubeconfig:/etc/kubernetes/kubeconfig:ro" -v "$WORK/cluster/providers:$PROVIDERS_DIR")
		container_env=(-e KUBECONFIG=/etc/kubernetes/kubeconfig)
		spc=e2e-provider pod=image-e2e volume=secrets-store-inline-0 uid=$(cat "$WORK/cluster/pod-uid") secret_file=foo
	fi

	# the Probe poller, warm before the clock starts
	java -cp "$HELPER_CP" "$HELPER" await-probe "$WORK/plugin/csi.sock" 120 \
		>"$WORK/ready-at" 2>"$WORK/poller.log" &
	local poller=$!
	helper_pids+=($poller)
	for _ in $(seq 1200); do
		grep -q polling "$WORK/poller.log" 2>/dev/null && break
		kill -0 "$poller" 2>/dev/null || break
		sleep 0.1
	done
	grep -q polling "$WORK/poller.log" ||
		die "the Probe poller did not start within 120 s ($(kill -0 "$poller" 2>/dev/null && echo still running || echo exited)): $(cat "$WORK/poller.log")"

	local started_ms
	started_ms=$(date +%s%3N)
	# the DaemonSet's container (templates/daemonset.yaml): privileged, host network, its mounts and environment;
	# metrics on 127.0.0.1 rather than the chart's :8095, so as not to expose the actuator on the machine's network;
	# rotation polls every hour, so only the POST below can change the mounted content
	pm run -d --name "$CONTAINER" --privileged --network host --memory="$PODMAN_MEMORY" \
		-e CSI_ENDPOINT=unix:///csi/csi.sock -e KUBE_NODE_NAME="$NODE" -e JAVA_TOOL_OPTIONS="$JVM_OPTIONS" \
		"${container_env[@]}" \
		-v "$WORK/plugin:/csi" -v "$KUBELET/pods:$KUBELET/pods:rshared" --tmpfs /tmp "${volumes[@]}" \
		"$IMAGE_NAME" --endpoint=unix:///csi/csi.sock --nodeid="$NODE" --provider-volume="$PROVIDERS_DIR" \
		--additional-provider-volume-paths= --kubelet-root-dir="$KUBELET" --metrics-addr="127.0.0.1:$port" \
		--enable-secret-rotation --rotation-trigger=both --rotation-poll-interval=1h "${driver_args[@]}" >/dev/null ||
		die "[$mode] podman run failed"
	wait "$poller" || fail "[$mode] the driver did not answer Probe within 120 s"
	local ready_ms=$(($(cat "$WORK/ready-at") - started_ms))
	log "[$mode] Probe answered ready $ready_ms ms after podman run"

	local pid logs
	pid=$(pm inspect --format '{{.State.Pid}}' "$CONTAINER")
	[[ $(cat "/proc/$pid/comm" 2>/dev/null) == java ]] || fail "[$mode] the container's process $pid is not java"
	grep -q '/application/app.aot' "/proc/$pid/maps" || fail "[$mode] the driver has not mapped /application/app.aot"
	logs=$(pm logs "$CONTAINER" 2>&1)
	grep -qF "Picked up JAVA_TOOL_OPTIONS: $JVM_OPTIONS" <<<"$logs" || fail "[$mode] the JVM did not pick up JAVA_TOOL_OPTIONS"
	local started_line
	started_line=$(grep -o 'Started DriverApplication in .*' <<<"$logs" || true)
	# idle: a moment after start, nothing mounted yet
	sleep 10
	local rss_idle
	rss_idle=$(rss_mib "$pid")

	log "[$mode] publish (kubelet client on the host)"
	local out target
	out=$(kubelet publish --namespace=default --pod="$pod" ${uid:+--uid=$uid} --volume="$volume" --spc="$spc" 2>&1) ||
		fail "[$mode] publish failed: $out"
	target=$(sed -n 's/^published .* at //p' <<<"$out")
	[[ $target == "$KUBELET"/pods/*/mount ]] || fail "[$mode] publish named no target under $KUBELET/pods: $out"
	[[ $(findmnt -n -o FSTYPE --mountpoint "$target") == tmpfs ]] ||
		fail "[$mode] no tmpfs at $target on the host: the mount did not propagate out of the container"
	if [[ $mode == standalone ]]; then
		expect_content "$target/db-password" "$expected" "[$mode] published db-password"
		expect_content "$target/api-token" "$(cat "$WORK/secrets/api/token")" "[$mode] published api-token (alias)"
	else
		expect_content "$target/foo" secret "[$mode] published foo"
		[[ $(head -1 "$target/fookey") == "-----BEGIN PUBLIC KEY-----" ]] || fail "[$mode] fookey is not the e2e provider's key"
		[[ $(pod_status) == mounted ]] || fail "[$mode] no SecretProviderClassPodStatus with mounted: true in the API server"
	fi
	local rss_published
	rss_published=$(rss_mib "$pid")

	log "[$mode] change the secret, rotate (POST /actuator/rotations)"
	if [[ $mode == standalone ]]; then
		rotated=$(head -c 24 /dev/urandom | base64)
		printf %s "$rotated" >"$WORK/secrets/db-password"
	else
		touch "$WORK/cluster/rotate"
		sleep 0.3 # the double looks for the switch every 100 ms
		rotated=rotated
	fi
	# standalone takes writes from loopback; cluster mode wants a token that the API server authenticates and that RBAC
	# lets post /actuator/rotations (the double's operator token), and refuses the request without one
	local body credentials=()
	if [[ $mode == cluster ]]; then
		local refused
		refused=$(curl -sS -o /dev/null -w '%{http_code}' -m 60 -X POST -H 'Content-Type: application/json' -d '{}' \
			"http://127.0.0.1:$port/actuator/rotations" 2>&1) || true
		[[ $refused == 401 ]] || fail "[$mode] POST /actuator/rotations without a token answered $refused, not 401"
		credentials=(-H "Authorization: Bearer $(cat "$WORK/cluster/operator-token")")
	fi
	body=$(curl -sS --fail-with-body -m 60 -X POST -H 'Content-Type: application/json' "${credentials[@]}" -d '{}' \
		"http://127.0.0.1:$port/actuator/rotations" 2>&1) || fail "[$mode] POST /actuator/rotations failed: $body"
	grep -q '"outcome":"ROTATED"' <<<"$body" || fail "[$mode] the rotation pass rotated nothing: $body"
	if [[ $mode == standalone ]]; then
		expect_content "$target/db-password" "$rotated" "[$mode] db-password after rotation, seen from the host"
	else
		expect_content "$target/foo" "$rotated" "[$mode] foo after rotation, seen from the host"
	fi

	log "[$mode] unpublish"
	out=$(kubelet unpublish --namespace=default --pod="$pod" ${uid:+--uid=$uid} --volume="$volume" 2>&1) ||
		fail "[$mode] unpublish failed: $out"
	if findmnt --mountpoint "$target" >/dev/null; then
		fail "[$mode] $target is still mounted on the host after unpublish"
	fi
	[[ ! -e $target/$secret_file ]] || fail "[$mode] $target/$secret_file is still there after unpublish"
	if [[ $mode == cluster ]]; then
		local status
		for _ in $(seq 50); do
			status=$(pod_status)
			[[ $status == gone ]] && break
			sleep 0.2
		done
		[[ $status == gone ]] || fail "[$mode] the SecretProviderClassPodStatus is not deleted after unpublish ($status)"
	fi

	# kubelet stops the container with SIGTERM and a grace period: the driver must go within it
	local stop_out exit_code
	stop_out=$(pm stop -t 30 "$CONTAINER" 2>&1) || fail "[$mode] podman stop failed: $stop_out"
	exit_code=$(pm inspect --format '{{.State.ExitCode}}' "$CONTAINER")
	[[ $stop_out != *SIGKILL* && $exit_code != 137 ]] || fail "[$mode] the driver did not stop on SIGTERM within 30 s"
	pm rm "$CONTAINER" >/dev/null
	if [[ $mode == cluster ]]; then
		kill "$cluster_pid" 2>/dev/null || true
	fi

	RESULT[$mode]=$(printf '%-10s  start to Probe ready %5d ms   RSS idle %3d MiB, after publish %3d MiB   (%s)' \
		"$mode" "$ready_ms" "$rss_idle" "$rss_published" "${started_line:-no Started line}")
	log "[$mode] passed"
}

# pod_status: the volume's SecretProviderClassPodStatus in the API double, as the driver records it (named
# <pod>-<namespace>-<spc>): "mounted", "gone" (404), or what else the API server answered
pod_status() {
	local answer
	answer=$(curl -s -m 10 -w '\n%{http_code}' \
		"$(cat "$WORK/cluster/api-url")/apis/secrets-store.csi.x-k8s.io/v1/namespaces/default/secretproviderclasspodstatuses/image-e2e-default-e2e-provider") ||
		{ echo "no answer from the API server double"; return; }
	case $answer in
	*$'\n'404) echo gone ;;
	*'"kind":"SecretProviderClassPodStatus"'*'"mounted":true'*$'\n'200) echo mounted ;;
	*) echo "HTTP ${answer##*$'\n'}" ;;
	esac
}

for mode in "${modes[@]}"; do
	run_mode "$mode"
done

echo
echo "image $IMAGE_NAME ($(image_size_mb "$IMAGE_NAME") MB), memory limit $MEMORY_LIMIT, JAVA_TOOL_OPTIONS: $JVM_OPTIONS"
echo "AOT: $AOT_SUMMARY"
for mode in "${modes[@]}"; do
	echo "${RESULT[$mode]}"
done
echo "image e2e: PASSED (${modes[*]})"
