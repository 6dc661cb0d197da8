package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.secretsstore.driver.mount.TestFiles.gid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link FileGroup}: what kubelet's {@code volume_mount_group} may hold, the
 * modes a group adds, and ownership changed on a link itself, never on what it points to.
 */
class FileGroupTests {

	@TempDir
	Path dir;

	@Test
	void parsesDecimalGroupIdsInKubernetesRange() {
		assertThat(FileGroup.parse("")).isSameAs(FileGroup.NONE);
		assertThat(FileGroup.parse("0").gid()).isZero();
		assertThat(FileGroup.parse("1000").gid()).isEqualTo(1000);
		assertThat(FileGroup.parse("2147483647").gid()).isEqualTo(Integer.MAX_VALUE);
		assertThat(FileGroup.parse("1000")).isEqualTo(FileGroup.of(1000)).isNotEqualTo(FileGroup.NONE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "abc", "2147483648", "99999999999", " 1", "1 ", "+1", "1.5", "0x10", "１" })
	void refusesAnythingElseNamingTheValue(String value) {
		assertThatIllegalArgumentException().isThrownBy(() -> FileGroup.parse(value))
			.withMessage("\"" + value + "\" is not a group id from 0 to 2147483647");
	}

	@Test
	void aNegativeGroupIdIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> FileGroup.of(-1)).withMessageContaining("negative");
		assertThatIllegalStateException().isThrownBy(FileGroup.NONE::gid);
	}

	@Test
	void aGroupAddsGroupReadToFilesAndGroupReadAndSearchToFolders() {
		FileGroup group = FileGroup.of(4321);
		assertThat(group.fileMode(0600)).isEqualTo(0640);
		assertThat(group.fileMode(0400)).isEqualTo(0440);
		assertThat(group.fileMode(0644)).isEqualTo(0644);
		assertThat(group.folderMode(0700)).isEqualTo(0750);
		assertThat(group.folderMode(0755)).isEqualTo(0755);
		assertThat(FileGroup.NONE.fileMode(0600)).isEqualTo(0600);
		assertThat(FileGroup.NONE.folderMode(0700)).isEqualTo(0700);
	}

	@Test
	void ownChangesALinkNotItsTarget() throws IOException {
		TestFiles.assumeRoot();
		Path outside = Files.writeString(this.dir.resolve("outside"), "x");
		Path link = Files.createSymbolicLink(this.dir.resolve("link"), outside);
		int before = gid(outside);
		FileGroup group = FileGroup.of(before + 4321);

		group.own(link);

		assertThat(gid(link)).isEqualTo(before + 4321);
		assertThat(gid(outside)).isEqualTo(before);
		assertThat(group.owns(link)).isTrue();
		assertThat(group.owns(outside)).isFalse();
	}

	@Test
	void noGroupChangesNothingAndClaimsNothing() throws IOException {
		Path file = Files.writeString(this.dir.resolve("file"), "x");
		int before = gid(file);

		FileGroup.NONE.own(file);

		assertThat(gid(file)).isEqualTo(before);
		assertThat(FileGroup.NONE.owns(file)).isTrue();
	}

}
