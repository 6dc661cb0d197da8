package dev.secretsstore.driver.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.StateFiles;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ObjectVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FolderMountStatusStoreTests {

	@TempDir
	Path folder;

	private final MountedVolume volume = new MountedVolume("csi-1", Path.of("/var/lib/kubelet/pods/u/mount"),
			new PodRef("apps", "web-0", "uid-1"), "db", "vault",
			Map.of("secretProviderClass", "db", MountRequest.SERVICE_ACCOUNT_TOKENS, "{\"aud\":{\"token\":\"jwt\"}}"),
			List.of(new ObjectVersion("z", "2"), new ObjectVersion("a", "1")));

	@Test
	void savesOneUpstreamShapedDocumentPerVolumeAndReadsItBack() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume);

		Path file = StateFiles.only(this.folder);
		assertThat(file.getFileName().toString()).matches("volume-[0-9a-f]{32}\\.yaml");
		assertThat(file).content()
			.startsWith("apiVersion: secrets-store.csi.x-k8s.io/v1\nkind: SecretProviderClassPodStatus")
			.contains("internal.secrets-store.csi.k8s.io/node-name: node-a", "kind: Pod", "uid: uid-1")
			.doesNotContain("jwt");
		assertThat(Files.readString(file).indexOf("id: a")).isLessThan(Files.readString(file).indexOf("id: z"));
		MountedVolume read = store.loadAll().get(0);
		assertThat(read.volumeContext()).doesNotContainKey(MountRequest.SERVICE_ACCOUNT_TOKENS);
		assertThat(read).isEqualTo(this.volume);
	}

	@Test
	void theGroupOfTheFilesIsRecordedSoThatARestartKeepsIt() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		MountedVolume grouped = this.volume.withFileGroup(FileGroup.of(4321));
		store.save(grouped);

		assertThat(StateFiles.only(this.folder)).content().containsPattern("csi.secrets-store.dev/fs-group: \"?4321");
		assertThat(store.loadAll()).containsExactly(grouped);
		MountedVolume rotated = grouped.withProviderAndVersions("vault", List.of(new ObjectVersion("a", "2")));
		store.update(rotated);
		assertThat(store.loadAll()).singleElement()
			.satisfies((read) -> assertThat(read.fileGroup()).isEqualTo(FileGroup.of(4321)));
	}

	@Test
	void aDocumentWithAGroupThatIsNotAGroupIdIsSkipped() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume.withFileGroup(FileGroup.of(4321)));
		Path file = StateFiles.only(this.folder);
		Files.writeString(file, Files.readString(file).replaceAll("fs-group: \"?4321\"?", "fs-group: \"-1\""));

		assertThat(store.loadAll()).isEmpty();
	}

	@Test
	void deleteRemovesTheDocumentAndIgnoresOneThatIsGone() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume);
		store.delete(this.volume);
		store.delete(this.volume);
		assertThat(store.loadAll()).isEmpty();
		assertThat(this.folder).isEmptyDirectory();
	}

	@Test
	void aDamagedDocumentIsSkipped() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume);
		Files.writeString(this.folder.resolve("broken.yaml"), "status: [");
		assertThat(store.loadAll()).containsExactly(this.volume);
	}

	@Test
	void twoVolumesOfOnePodThatUseOneClassAreTwoRecords() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		MountedVolume other = otherVolumeOfTheSamePod();
		store.save(this.volume);
		store.save(other);

		assertThat(store.loadAll()).containsExactlyInAnyOrder(this.volume, other);
		store.delete(this.volume);
		assertThat(store.loadAll()).containsExactly(other);
	}

	@Test
	void aFileOfTheEarlierLayoutIsReadAndRenamed() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume);
		Path current = StateFiles.only(this.folder);
		Files.move(current, this.folder.resolve("web-0-apps-db.yaml"));

		assertThat(store.loadAll()).containsExactly(this.volume);
		assertThat(StateFiles.all(this.folder)).containsExactly(current);
	}

	@Test
	void aFileOfTheEarlierLayoutNextToTheCurrentOneIsDeleted() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume);
		Path current = StateFiles.only(this.folder);
		Files.copy(current, this.folder.resolve("web-0-apps-db.yaml"));
		MountedVolume rotated = this.volume.withProviderAndVersions("vault", List.of(new ObjectVersion("a", "9")));
		store.update(rotated);

		assertThat(store.loadAll()).as("the current file wins").containsExactly(rotated);
		assertThat(StateFiles.all(this.folder)).containsExactly(current);
	}

	@Test
	void deleteAlsoRemovesAFileOfTheEarlierLayoutOfTheSameVolume() throws Exception {
		FolderMountStatusStore store = new FolderMountStatusStore(this.folder, new PodStatusDocuments("node-a"));
		store.save(this.volume);
		Files.move(StateFiles.only(this.folder), this.folder.resolve("web-0-apps-db.yaml"));
		MountedVolume other = otherVolumeOfTheSamePod();

		store.delete(other);
		assertThat(this.folder.resolve("web-0-apps-db.yaml")).as("another volume's").exists();
		store.delete(this.volume);
		assertThat(this.folder).isEmptyDirectory();
	}

	private MountedVolume otherVolumeOfTheSamePod() {
		return new MountedVolume("csi-2", Path.of("/var/lib/kubelet/pods/u/other/mount"), this.volume.pod(), "db",
				"vault", Map.of(), List.of(new ObjectVersion("a", "1")));
	}

}
