package dev.secretsstore.driver.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.status.MountedVolume.PodRef;
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

		Path file = this.folder.resolve("web-0-apps-db.yaml");
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

}
