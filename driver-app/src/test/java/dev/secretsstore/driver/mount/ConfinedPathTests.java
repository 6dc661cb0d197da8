package dev.secretsstore.driver.mount;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ConfinedPath}; the links out of the root, through publish and
 * unpublish, are in {@code LinkedAncestorTests}.
 */
class ConfinedPathTests {

	private static final String RELATIVE = "pods/uid/volumes/kubernetes.io~csi/secrets/mount";

	@TempDir
	Path dir;

	@Test
	void aKubeletRootThatIsItselfALinkIsTheOperatorsChoice() throws Exception {
		Path real = Files.createDirectories(this.dir.resolve("data/kubelet"));
		Path root = Files.createSymbolicLink(this.dir.resolve("kubelet"), real);
		Files.createDirectories(root.resolve(RELATIVE));

		assertThatNoException().isThrownBy(() -> ConfinedPath.check(root, root.resolve(RELATIVE)));
	}

	@Test
	void foldersNotCreatedYetAreFine() throws Exception {
		Path root = Files.createDirectories(this.dir.resolve("kubelet/pods/uid"));

		assertThatNoException().isThrownBy(
				() -> ConfinedPath.check(root.getParent().getParent(), root.getParent().getParent().resolve(RELATIVE)));
	}

	@Test
	void aLinkInsideTheRootIsRefusedToo() throws Exception {
		Path root = Files.createDirectories(this.dir.resolve("kubelet"));
		Files.createDirectories(root.resolve("pods/other"));
		Files.createSymbolicLink(root.resolve("pods/uid"), root.resolve("pods/other"));

		assertThatIllegalArgumentException().isThrownBy(() -> ConfinedPath.check(root, root.resolve(RELATIVE)))
			.withMessageContaining(root.resolve("pods/uid") + " is a symbolic link (to " + root.resolve("pods/other"));
	}

	@Test
	void aFileWhereAFolderBelongsIsRefused() throws Exception {
		Path root = Files.createDirectories(this.dir.resolve("kubelet/pods"));
		Files.writeString(root.resolve("uid"), "");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> ConfinedPath.check(root.getParent(), root.getParent().resolve(RELATIVE)))
			.withMessageContaining("is not a folder");
	}

	@Test
	void aPathNotBelowTheRootIsRefused() {
		Path root = this.dir.resolve("kubelet");

		assertThatIllegalArgumentException().isThrownBy(() -> ConfinedPath.check(root, Path.of("/etc")))
			.withMessageContaining("is not below the kubelet root");
		assertThatIllegalArgumentException().isThrownBy(() -> ConfinedPath.check(root, root))
			.withMessageContaining("is not below the kubelet root");
	}

}
