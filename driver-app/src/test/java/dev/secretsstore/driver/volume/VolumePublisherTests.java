package dev.secretsstore.driver.volume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.secretsstore.driver.mount.FolderMounter;
import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.standalone.FolderSecretProviderClasses;
import dev.secretsstore.driver.status.FolderMountStatusStore;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.testing.ProviderResilience;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.volume.VolumePublisher.PublishOutcome;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Publish over what is already on the node: a volume restored without a volume context,
 * and a mount the driver has no record of.
 */
class VolumePublisherTests {

	private static final String UID = "0b7c6c3e-1c1f-4d2a-9c0e-5d6f7a8b9c0d";

	@TempDir
	Path root;

	private final RecordingProvider provider = new RecordingProvider("fake");

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private FolderMountStatusStore store;

	private MountedVolumes volumes;

	private VolumePublisher publisher;

	private Path target;

	@BeforeEach
	void start() throws Exception {
		Files.createDirectories(this.root.resolve("spc"));
		Files.writeString(this.root.resolve("spc/app.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app, namespace: default}
				spec: {provider: fake, parameters: {objects: all}}
				""");
		this.store = new FolderMountStatusStore(this.root.resolve("state"), new PodStatusDocuments("node-a"));
		this.target = this.root.resolve("kubelet/pods/" + UID + "/volumes/kubernetes.io~csi/secrets/mount");
	}

	@AfterEach
	void stop() {
		this.workers.shutdownNow();
	}

	@Test
	void aVolumeRestoredWithoutVolumeContextTakesKubeletsAtTheNextRepublish() throws Exception {
		// what the Go driver leaves: a pod status without our volume-context annotation,
		// and the files
		MountedVolume restored = new MountedVolume("csi-1", this.target, new PodRef("default", "web-0", UID), "app",
				"fake", Map.of(), List.of(new ObjectVersion("foo", "v1")));
		this.store.save(restored);
		writeFiles("secret");
		wire();

		PublishOutcome outcome = this.publisher.publish(request());

		assertThat(outcome.alreadyMounted()).isTrue();
		assertThat(outcome.volume().volumeContext()).containsEntry(MountRequest.SERVICE_ACCOUNT_NAME, "web")
			.doesNotContainKey(MountRequest.SERVICE_ACCOUNT_TOKENS);
		assertThat(this.volumes.get(this.target).orElseThrow().volumeContext())
			.isEqualTo(outcome.volume().volumeContext());
		assertThat(this.store.loadAll()).singleElement()
			.satisfies((saved) -> assertThat(saved.volumeContext()).containsEntry(MountRequest.POD_NAME, "web-0"));
		assertThat(this.provider.calls).hasValue(0);
	}

	@Test
	void aFailedPublishOverAMountWithoutRecordLeavesWhatThePodSees() throws Exception {
		writeFiles("what the pod reads");
		wire();
		this.provider.failure = new ProviderException(ProviderException.Reason.FAILED, "", "store down");

		assertThatExceptionOfType(VolumeException.class).isThrownBy(() -> this.publisher.publish(request()));

		assertThat(this.target.resolve("foo")).hasContent("what the pod reads");
	}

	private void wire() throws Exception {
		this.volumes = new MountedVolumes(this.store, new FolderMounter());
		this.volumes.restore();
		ProviderCalls calls = new ProviderCalls(ProviderResilience.breakers(),
				ProviderResilience.retries(1, Duration.ofMillis(10)),
				ProviderResilience.deadlines(Duration.ofSeconds(5)), this.workers, ProviderResilience.budgets(),
				new SimpleMeterRegistry());
		this.publisher = VolumeConfiguration
			.create(this.root.resolve("kubelet"), new FolderSecretProviderClasses(this.root.resolve("spc")),
					new ProviderRegistry(List.of(this.provider), List.of(), PluginClientOptions.defaults()), calls,
					new FolderMounter(), this.volumes, List.of())
			.publisher();
	}

	private void writeFiles(String content) throws Exception {
		Files.createDirectories(this.target);
		new AtomicWriter(this.target)
			.write(List.of(new SecretFile("foo", 0644, content.getBytes(StandardCharsets.UTF_8))));
	}

	private PublishRequest request() {
		Map<String, String> context = new HashMap<>();
		context.put(MountRequest.POD_NAME, "web-0");
		context.put(MountRequest.POD_NAMESPACE, "default");
		context.put(MountRequest.POD_UID, UID);
		context.put(MountRequest.SERVICE_ACCOUNT_NAME, "web");
		context.put(MountRequest.SERVICE_ACCOUNT_TOKENS, "{\"aud\":{\"token\":\"jwt\"}}");
		context.put(VolumeContext.SECRET_PROVIDER_CLASS, "app");
		return new PublishRequest("csi-1", this.target.toString(), context, Map.of());
	}

}
