package dev.secretsstore.driver.rotation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.metrics.DriverMetrics;
import dev.secretsstore.driver.mount.FolderMounter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.rotation.RotationEvent.Outcome;
import dev.secretsstore.driver.rotation.refresh.RefreshConfiguration;
import dev.secretsstore.driver.standalone.FolderSecretProviderClasses;
import dev.secretsstore.driver.status.FolderMountStatusStore;
import dev.secretsstore.driver.status.MountStatusStore;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.driver.testing.ProviderResilience;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.volume.PublishRequest;
import dev.secretsstore.driver.volume.VolumeConfiguration;
import dev.secretsstore.driver.volume.VolumeConfiguration.Volumes;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rotation that swapped in new files and then could not record them (a full state
 * folder): the event and the log say the new content is mounted and its record is not,
 * memory keeps what is mounted, and the record is written at the next rotation that can.
 */
@ExtendWith(OutputCaptureExtension.class)
class RecordFailureTests {

	private final PodVolume pod = PodVolume.of("default", "web-0", "secrets", "app");

	private final RecordingProvider provider = new RecordingProvider("fake");

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	@TempDir
	Path root;

	private FullDisk store;

	private MountedVolumes volumes;

	private RotationReconciler reconciler;

	private Path target;

	@BeforeEach
	void publish() throws Exception {
		Files.createDirectories(this.root.resolve("spc"));
		Files.writeString(this.root.resolve("spc/app.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app, namespace: default}
				spec: {provider: fake, parameters: {objects: all}}
				""");
		this.store = new FullDisk(
				new FolderMountStatusStore(this.root.resolve("state"), new PodStatusDocuments("node-a")));
		this.volumes = new MountedVolumes(this.store, new FolderMounter());
		ProviderCalls calls = new ProviderCalls(ProviderResilience.breakers(),
				ProviderResilience.retries(1, Duration.ofMillis(10)),
				ProviderResilience.deadlines(Duration.ofSeconds(5)), this.workers, ProviderResilience.budgets(),
				this.meters);
		Volumes wired = VolumeConfiguration.create(this.root.resolve("kubelet"),
				new FolderSecretProviderClasses(this.root.resolve("spc")),
				new ProviderRegistry(List.of(this.provider), List.of(), PluginClientOptions.defaults()), calls,
				new FolderMounter(), this.volumes, List.of());
		this.reconciler = new RotationReconciler(RefreshConfiguration.create(wired), Duration.ofMinutes(2),
				List.of(new DriverMetrics(this.meters)), new MutableClock());
		this.provider.response = response("v1", "old");
		this.target = this.pod.targetPath(this.root.resolve("kubelet"));
		wired.publisher()
			.publish(new PublishRequest(this.pod.volumeId(), this.target.toString(), this.pod.volumeContext(),
					Map.of()));
	}

	@AfterEach
	void stop() {
		this.workers.shutdownNow();
	}

	@Test
	void theNewContentStaysMountedAndIsSaidToAndItsRecordIsRetried(CapturedOutput output) throws Exception {
		this.store.full = true;
		this.provider.response = response("v2", "new");

		RotationEvent rotated = rotateNow();

		assertThat(this.target.resolve("password")).hasContent("new");
		assertThat(rotated.outcome()).isEqualTo(Outcome.ROTATED);
		assertThat(rotated.errorType()).isEqualTo("FailedToRecordStatus");
		assertThat(rotated.error()).contains("the new content is mounted, but its record was not updated",
				"No space left on device");
		assertThat(output.getOut()).contains("the new content is mounted, but its record was not updated")
			.doesNotContain("last good content stays mounted");
		assertThat(this.meters.get("rotation_reconcile_error")
			.tag("error_type", "FailedToRecordStatus")
			.tag("rotated", "true")
			.counter()
			.count()).isOne();
		assertThat(this.volumes.get(this.target).orElseThrow().objectVersions()).as("memory says what is mounted")
			.containsExactly(new ObjectVersion("password", "v2"));
		assertThat(recordedVersions()).as("the record is older").containsExactly(new ObjectVersion("password", "v1"));

		RotationEvent stillFull = rotateNow();
		assertThat(stillFull.outcome()).isEqualTo(Outcome.UNCHANGED);
		assertThat(stillFull.error()).contains("its record is still not updated");
		assertThat(this.provider.lastRequest.currentObjectVersions()).as("asked with what is mounted")
			.containsExactly(new ObjectVersion("password", "v2"));

		this.store.full = false;
		RotationEvent recorded = rotateNow();
		assertThat(recorded.outcome()).isEqualTo(Outcome.UNCHANGED);
		assertThat(recorded.errorType()).isNull();
		assertThat(recordedVersions()).containsExactly(new ObjectVersion("password", "v2"));
	}

	private RotationEvent rotateNow() {
		MountedVolume volume = this.volumes.get(this.target).orElseThrow();
		return this.reconciler.reconcile(volume, Optional.empty(), RotationTrigger.ON_DEMAND).event().orElseThrow();
	}

	private List<ObjectVersion> recordedVersions() throws IOException {
		return this.store.delegate.loadAll().get(0).objectVersions();
	}

	private static MountResponse response(String version, String content) {
		return new MountResponse(List.of(new ObjectVersion("password", version)),
				List.of(new SecretFile("password", 0644, content.getBytes(StandardCharsets.UTF_8))));
	}

	/**
	 * A status store whose writes fail, as a full state folder's, while {@link #full}.
	 */
	static final class FullDisk implements MountStatusStore {

		final MountStatusStore delegate;

		volatile boolean full;

		FullDisk(MountStatusStore delegate) {
			this.delegate = delegate;
		}

		@Override
		public void save(MountedVolume volume) throws IOException {
			check();
			this.delegate.save(volume);
		}

		@Override
		public void update(MountedVolume volume) throws IOException {
			check();
			this.delegate.update(volume);
		}

		@Override
		public void delete(MountedVolume volume) throws IOException {
			this.delegate.delete(volume);
		}

		@Override
		public List<MountedVolume> loadAll() throws IOException {
			return this.delegate.loadAll();
		}

		private void check() throws IOException {
			if (this.full) {
				throw new IOException("/state/.1234.tmp: No space left on device");
			}
		}

	}

}
