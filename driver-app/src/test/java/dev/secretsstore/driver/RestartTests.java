package dev.secretsstore.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.actuator.RotationsEndpoint;
import dev.secretsstore.driver.actuator.SecretMountsEndpoint;
import dev.secretsstore.driver.actuator.SecretMountsEndpoint.Mount;
import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.mount.TmpfsMounter;
import dev.secretsstore.driver.rotation.RotationEvent;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.testing.StandaloneApplication;
import dev.secretsstore.driver.testing.StateFiles;
import dev.secretsstore.driver.testing.TestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A restart in standalone mode: a new application over the same state folder and mount
 * table (the mounts stay, as after {@code kill -9}) restores every volume that is still
 * mounted.
 */
class RestartTests {

	private static final Map<String, Object> ROTATION = Map.of("secrets-store.rotation.enabled", "true",
			"secrets-store.rotation.poll-interval", "1h");

	private final PodVolume first = PodVolume.of("default", "web-0", "secrets", "app");

	private final PodVolume second = PodVolume.of("default", "web-0", "more-secrets", "app");

	private Path root;

	private ConfigurableApplicationContext application;

	@BeforeEach
	void createRoot() throws IOException {
		this.root = StandaloneApplication.createRoot("restart");
		Files.writeString(this.root.resolve("secrets/password"), "p4ss");
		StandaloneApplication.writeLocalClass(this.root, "app", "password");
	}

	@AfterEach
	void stop() throws IOException {
		if (this.application != null) {
			this.application.close();
		}
		List<Path> mounted = new MountTable().mountPointsBelow(this.root.toRealPath())
			.stream()
			.sorted(Comparator.comparingInt(Path::getNameCount).reversed())
			.toList();
		for (Path point : mounted) {
			new TmpfsMounter().unmount(point);
		}
		StandaloneApplication.delete(this.root);
	}

	@Test
	void twoVolumesOfOnePodThatUseOneClassAreBothRestoredListedAndRotated() throws Exception {
		this.application = StandaloneApplication.start(this.root, ROTATION);
		try (KubeletClient kubelet = kubelet()) {
			kubelet.publish(this.first, Map.of());
			kubelet.publish(this.second, Map.of());
		}
		assertThat(StateFiles.all(this.root.resolve("state"))).hasSize(2);
		this.application.close();

		this.application = StandaloneApplication.start(this.root, ROTATION);

		assertThat(this.application.getBean(SecretMountsEndpoint.class).mounts()).extracting(Mount::targetPath)
			.containsExactlyInAnyOrder(target(this.first), target(this.second));
		Files.writeString(this.root.resolve("secrets/password"), "n3w");
		List<RotationEvent> rotated = this.application.getBean(RotationsEndpoint.class).rotateNow(null, null, null);
		assertThat(rotated).extracting(RotationEvent::targetPath, RotationEvent::outcome)
			.containsExactlyInAnyOrder(tuple(target(this.first), Outcome.ROTATED),
					tuple(target(this.second), Outcome.ROTATED));
		try (KubeletClient kubelet = kubelet()) {
			kubelet.unpublish(this.first);
			kubelet.unpublish(this.second);
		}
		assertThat(StateFiles.all(this.root.resolve("state"))).isEmpty();
	}

	@Test
	void theFsGroupOfAVolumeOwnsItsRotatedFilesAfterARestart() throws Exception {
		assumeThat(TestDriver.isRoot()).as("running as root").isTrue();
		Map<String, Object> properties = new HashMap<>(ROTATION);
		properties.put("secrets-store.csi.volume-mount-group.enabled", "true");
		Files.writeString(this.root.resolve("spc/private.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: private, namespace: default}
				spec:
				  provider: local
				  parameters:
				    objects: |
				      - objectName: password
				        filePermission: "0600"
				""");
		this.application = StandaloneApplication.start(this.root, properties);
		Path target;
		try (KubeletClient kubelet = kubelet()) {
			target = kubelet.publish(PodVolume.of("default", "web-0", "secrets", "private"), Map.of(), 4321L);
		}
		assertGroupReadable(target.resolve("password"));
		this.application.close();

		this.application = StandaloneApplication.start(this.root, properties);
		Files.writeString(this.root.resolve("secrets/password"), "n3w");
		Path before = Files.readSymbolicLink(target.resolve("..data"));
		List<RotationEvent> rotated = this.application.getBean(RotationsEndpoint.class).rotateNow(null, null, null);

		assertThat(rotated).extracting(RotationEvent::outcome).containsExactly(Outcome.ROTATED);
		assertThat(Files.readSymbolicLink(target.resolve("..data"))).isNotEqualTo(before);
		assertThat(target.resolve("password")).hasContent("n3w");
		assertGroupReadable(target.resolve("password"));
		assertThat(Files.getAttribute(target.resolve("..data").toRealPath(), "unix:gid")).isEqualTo(4321);
	}

	private static void assertGroupReadable(Path file) throws IOException {
		Path real = file.toRealPath();
		assertThat(Files.getAttribute(real, "unix:gid")).isEqualTo(4321);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real)))
			.as("0600 from the class, g+r from the fsGroup")
			.isEqualTo("rw-r-----");
	}

	private KubeletClient kubelet() {
		return new KubeletClient(this.root.resolve("csi.sock"), this.root.resolve("kubelet"));
	}

	private String target(PodVolume volume) {
		return volume.targetPath(this.root.resolve("kubelet")).toString();
	}

}
