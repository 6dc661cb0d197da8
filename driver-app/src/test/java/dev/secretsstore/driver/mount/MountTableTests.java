package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MountTable} reading a sample mountinfo.
 */
class MountTableTests {

	private static final String SAMPLE = """
			21 26 0:20 / /proc rw,relatime - proc proc rw
			26 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
			100 26 0:50 / /var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/my\\040vol/mount rw shared:5 - tmpfs none rw
			101 26 0:51 / /mnt/tab\\011name rw shared:6 master:2 - tmpfs tmpfs rw
			102 26 0:52 /export /mnt/back\\134slash rw - nfs server:/export\\040dir rw
			103 26 8:17 / /mnt/stacked rw - ext4 /dev/sdb1 rw
			104 103 0:54 / /mnt/stacked rw - tmpfs tmpfs rw
			105 26 0:55 / /mnt/caf\\303\\251 rw - tmpfs tmpfs rw
			truncated line
			""";

	@TempDir
	Path dir;

	private MountTable table;

	@BeforeEach
	void writeSample() throws IOException {
		this.table = new MountTable(Files.writeString(this.dir.resolve("mountinfo"), SAMPLE, StandardCharsets.UTF_8));
	}

	@Test
	void decodesOctalEscapesInMountPoints() throws IOException {
		Path volume = Path.of("/var/lib/kubelet/pods/u/volumes/kubernetes.io~csi/my vol/mount");

		assertThat(this.table.fsType(volume)).hasValue("tmpfs");
		assertThat(this.table.isMountPoint(Path.of("/mnt/tab\tname"))).isTrue();
		assertThat(this.table.isMountPoint(Path.of("/mnt/back\\slash"))).isTrue();
		assertThat(this.table.isMountPoint(Path.of("/mnt/café"))).isTrue();
	}

	@Test
	void readsTypeAndSourceAfterTheOptionalFields() throws IOException {
		assertThat(this.table.mounts()).hasSize(8)
			.contains(new MountTable.Mount(Path.of("/mnt/back\\slash"), "nfs", "server:/export dir"),
					new MountTable.Mount(Path.of("/"), "ext4", "/dev/sda1"));
	}

	@Test
	void onlyTheMountPointItselfIsMounted() throws IOException {
		assertThat(this.table.isMountPoint(Path.of("/var/lib/kubelet"))).isFalse();
		assertThat(this.table.isMountPoint(Path.of("/proc/self"))).isFalse();
		assertThat(this.table.isMountPoint(Path.of("/mnt/stacked/"))).isTrue();
		assertThat(this.table.isMountPoint(Path.of("/mnt/./x/../stacked"))).isTrue();
	}

	@Test
	void topOfStackedMountsWins() throws IOException {
		assertThat(this.table.fsType(Path.of("/mnt/stacked"))).hasValue("tmpfs");
	}

	@Test
	void listsMountPointsBelowAFolder() throws IOException {
		assertThat(this.table.mountPointsBelow(Path.of("/mnt"))).containsExactlyInAnyOrder(Path.of("/mnt/tab\tname"),
				Path.of("/mnt/back\\slash"), Path.of("/mnt/stacked"), Path.of("/mnt/café"));
		assertThat(this.table.mountPointsBelow(Path.of("/mnt/stacked"))).isEmpty();
	}

	@Test
	void readsThisProcessesTable() throws IOException {
		assertThat(new MountTable().mounts()).isNotEmpty();
	}

}
