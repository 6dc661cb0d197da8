package dev.secretsstore.driver.mount;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link TargetPath}.
 */
class TargetPathTests {

	private static final Path KUBELET = Path.of("/var/lib/kubelet");

	private static final String UID = "7c3e2f1a-52b1-4c2f-9f0e-0d1b2c3d4e5f";

	private static final String VALID = "/var/lib/kubelet/pods/" + UID + "/volumes/kubernetes.io~csi/secrets/mount";

	@Test
	void acceptsTheKubeletShape() {
		TargetPath target = TargetPath.parse(KUBELET, VALID);

		assertThat(target.path()).isEqualTo(Path.of(VALID));
		assertThat(target.podUid()).isEqualTo(UID);
		assertThat(target.volumeName()).isEqualTo("secrets");
	}

	@Test
	void normalizesRedundantSlashesAndDots() {
		TargetPath target = TargetPath.parse(KUBELET,
				"/var/lib//kubelet/./pods/" + UID + "/volumes/kubernetes.io~csi/secrets/mount/");

		assertThat(target.path()).isEqualTo(Path.of(VALID));
	}

	@Test
	void acceptsAnotherKubeletRoot() {
		TargetPath target = TargetPath.parse(Path.of("/data/kubelet/"),
				"/data/kubelet/pods/abc/volumes/kubernetes.io~csi/v/mount");

		assertThat(target.podUid()).isEqualTo("abc");
		assertThat(target.volumeName()).isEqualTo("v");
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/v/mount",
			"/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/x/../v/mount",
			"/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/v/mount/..",
			"/var/lib/kubelet/../kubelet/pods/u/volumes/kubernetes.io~csi/v/mount",
			"/etc/pods/u/volumes/kubernetes.io~csi/v/mount",
			"/var/lib/kubelet-other/pods/u/volumes/kubernetes.io~csi/v/mount",
			"/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/v/mount/extra",
			"/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/mount",
			"/var/lib/kubelet/pods/u/volumes/kubernetes.io~empty-dir/v/mount",
			"/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/v/mnt",
			"/var/lib/kubelet/pods/u/volume/kubernetes.io~csi/v/mount",
			"/var/lib/kubelet/plugins/u/volumes/kubernetes.io~csi/v/mount", "/var/lib/kubelet", "/",
			"/var/lib/kubelet/pods/u\u0000/volumes/kubernetes.io~csi/v/mount" })
	void refusesAnythingElse(String raw) {
		assertThatIllegalArgumentException().isThrownBy(() -> TargetPath.parse(KUBELET, raw))
			.withMessageContaining("target path '" + raw + "'")
			.withMessageContaining("/var/lib/kubelet/pods/<pod-uid>/volumes/kubernetes.io~csi/<volume-name>/mount");
	}

	@Test
	void refusesARelativeKubeletRoot() {
		assertThatIllegalArgumentException().isThrownBy(() -> TargetPath.parse(Path.of("kubelet"), VALID))
			.withMessageContaining("kubelet root");
	}

	@Test
	void podUidMustMatchTheVolumeContext() {
		TargetPath target = TargetPath.parse(KUBELET, VALID);

		target.requirePodUid(UID);

		assertThatIllegalArgumentException().isThrownBy(() -> target.requirePodUid("other"))
			.withMessageContaining(UID)
			.withMessageContaining("other");
		assertThatIllegalArgumentException().isThrownBy(() -> target.requirePodUid(null));
	}

}
