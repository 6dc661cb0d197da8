package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.mount.TmpfsMounter;
import dev.secretsstore.driver.testing.TestDriver;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A target path whose folders below the kubelet root include a symbolic link leading out
 * of it, one case per folder: publish, unpublish and the cleanup after a failed publish
 * must refuse, and files (and a tmpfs mount) outside the root must survive untouched.
 * Real links, real tmpfs mounts when run as root.
 */
class LinkedAncestorTests {

	private static final String SPC = """
			apiVersion: secrets-store.csi.x-k8s.io/v1
			kind: SecretProviderClass
			metadata: {name: app, namespace: default}
			spec: {provider: hook, parameters: {objects: all}}
			""";

	private final PodVolume volume = PodVolume.of("default", "web-0", "secrets", "app");

	private final HookProvider provider = new HookProvider();

	private TestDriver driver;

	private KubeletClient kubelet;

	private Path outside;

	@BeforeEach
	void start() throws Exception {
		this.driver = new TestDriver(this.provider);
		this.driver.writeSecretProviderClass("app", SPC);
		this.kubelet = new KubeletClient(this.driver.socket, this.driver.kubeletRoot);
		this.outside = Files.createDirectories(this.driver.root.resolve("outside"));
		Files.createDirectories(this.driver.kubeletRoot);
	}

	@AfterEach
	void stop() throws Exception {
		this.kubelet.close();
		unmountEverythingBelow(this.driver.root.toRealPath());
		this.driver.close();
	}

	@ParameterizedTest
	@EnumSource(Ancestor.class)
	void publishRefusesALinkOutOfTheRoot(Ancestor ancestor) throws Exception {
		Path baitMount = linkOut(ancestor);
		writeBait(baitMount);
		Map<String, String> before = snapshot();

		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.kubelet.publish(this.volume, Map.of()));

		assertThat(refused).as("publish must be refused").isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getStatus().getDescription()).contains("symbolic link",
				this.driver.kubeletRoot.resolve(ancestor.relative(this.volume)).toString());
		assertThat(this.provider.calls).hasValue(0);
		assertThat(new MountTable().mountPointsBelow(this.outside)).as("nothing mounted outside the root").isEmpty();
		assertThat(snapshot()).as("nothing written outside the root").isEqualTo(before);
	}

	@ParameterizedTest
	@EnumSource(Ancestor.class)
	void unpublishRefusesALinkOutOfTheRoot(Ancestor ancestor) throws Exception {
		Path baitMount = linkOut(ancestor);
		if (TestDriver.isRoot()) {
			// someone else's volume, which unpublish must neither clear nor unmount
			new TmpfsMounter().mount(baitMount);
		}
		writeBait(baitMount);
		Map<String, String> before = snapshot();

		StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.kubelet.unpublish(this.volume));

		assertThat(refused).as("unpublish must be refused").isNotNull();
		assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getStatus().getDescription()).contains("symbolic link");
		assertThat(snapshot()).as("nothing deleted outside the root").isEqualTo(before);
		if (TestDriver.isRoot()) {
			assertThat(new MountTable().isMountPoint(baitMount.toRealPath())).as("still mounted").isTrue();
		}
	}

	/**
	 * The provider call is the window: a folder swapped for a link while it runs must not
	 * redirect the cleanup. The target folder itself cannot be swapped while it is a
	 * mount point, so it has no case here.
	 */
	@ParameterizedTest
	@EnumSource(value = Ancestor.class, names = "MOUNT", mode = EnumSource.Mode.EXCLUDE)
	void cleanupAfterAFailedPublishRefusesALinkSwappedInMeanwhile(Ancestor ancestor) throws Exception {
		Path baitMount = this.outside.resolve(ancestor.below(this.volume));
		Files.createDirectories(baitMount);
		writeBait(baitMount);
		Map<String, String> before = snapshot();
		Path swapped = this.driver.kubeletRoot.resolve(ancestor.relative(this.volume));
		this.provider.duringCall = () -> {
			Files.move(swapped, swapped.resolveSibling(swapped.getFileName() + ".moved"));
			Files.createSymbolicLink(swapped, this.outside.resolve(swapped.getFileName()));
		};

		StatusRuntimeException failed = catchThrowableOfType(StatusRuntimeException.class,
				() -> this.kubelet.publish(this.volume, Map.of()));

		assertThat(failed).as("publish must fail").isNotNull();
		assertThat(failed.getStatus().getDescription()).as("the provider's failure is what kubelet hears")
			.contains("store down");
		assertThat(this.provider.calls).hasValue(1);
		assertThat(new MountTable().mountPointsBelow(this.outside)).isEmpty();
		assertThat(snapshot()).as("nothing deleted outside the root").isEqualTo(before);
	}

	/**
	 * Makes the folder of {@code ancestor} a link to a folder outside the kubelet root
	 * that holds the rest of the target path.
	 * @return where the target path leads to outside the root
	 */
	private Path linkOut(Ancestor ancestor) throws IOException {
		Path link = this.driver.kubeletRoot.resolve(ancestor.relative(this.volume));
		Files.createDirectories(link.getParent());
		Path baitMount = this.outside.resolve(ancestor.below(this.volume));
		Files.createDirectories(baitMount);
		Files.createSymbolicLink(link, this.outside.resolve(link.getFileName()));
		assertThat(this.volume.targetPath(this.driver.kubeletRoot).toRealPath()).isEqualTo(baitMount.toRealPath());
		return baitMount;
	}

	private void writeBait(Path baitMount) throws IOException {
		for (int i = 1; i <= 4; i++) {
			Files.writeString(baitMount.resolve("bait-" + i), "bait " + i);
		}
		Files.writeString(this.outside.resolve("bait-top"), "bait top");
	}

	/**
	 * Every path below {@link #outside} with the content of each file.
	 */
	private Map<String, String> snapshot() throws IOException {
		Map<String, String> entries = new TreeMap<>();
		try (var paths = Files.walk(this.outside)) {
			for (Path path : paths.toList()) {
				entries.put(this.outside.relativize(path).toString(),
						Files.isRegularFile(path) ? Files.readString(path) : "(folder)");
			}
		}
		return entries;
	}

	private static void unmountEverythingBelow(Path root) throws IOException {
		List<Path> points = new MountTable().mountPointsBelow(root)
			.stream()
			.sorted(Comparator.comparingInt(Path::getNameCount).reversed())
			.toList();
		for (Path point : points) {
			new TmpfsMounter().unmount(point);
		}
	}

	/**
	 * The folders of a target path below the kubelet root,
	 * {@code pods/<uid>/volumes/kubernetes.io~csi/<vol>/mount}, each of which is made a
	 * link in turn.
	 */
	enum Ancestor {

		PODS(1), POD(2), VOLUMES(3), PLUGIN(4), VOLUME(5), MOUNT(6);

		private final int depth;

		Ancestor(int depth) {
			this.depth = depth;
		}

		/** This folder relative to the kubelet root, such as {@code pods/<uid>}. */
		Path relative(PodVolume volume) {
			return all(volume).subpath(0, this.depth);
		}

		/**
		 * This folder and the rest of the target path, such as
		 * {@code <uid>/volumes/.../mount}.
		 */
		Path below(PodVolume volume) {
			return all(volume).subpath(this.depth - 1, 6);
		}

		private static Path all(PodVolume volume) {
			Path root = Path.of("/kubelet");
			return root.relativize(volume.targetPath(root));
		}

	}

	/**
	 * Runs a hook during the call, then fails as a store that is down; answers when there
	 * is no hook.
	 */
	static final class HookProvider implements SecretProvider {

		final AtomicInteger calls = new AtomicInteger();

		final AtomicBoolean hookRan = new AtomicBoolean();

		volatile IoAction duringCall;

		@Override
		public String name() {
			return "hook";
		}

		@Override
		public MountResponse mount(MountRequest request) throws ProviderException {
			this.calls.incrementAndGet();
			if (this.duringCall == null) {
				return new MountResponse(List.of(new ObjectVersion("foo", "v1")),
						List.of(new SecretFile("foo", 0644, "secret".getBytes(StandardCharsets.UTF_8))));
			}
			if (this.hookRan.compareAndSet(false, true)) {
				try {
					this.duringCall.run();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}
			throw new ProviderException(ProviderException.Reason.FAILED, "", "store down");
		}

	}

	@FunctionalInterface
	interface IoAction {

		void run() throws IOException;

	}

}
