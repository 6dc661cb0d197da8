package dev.secretsstore.driver.rotation.refresh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.model.ObjectMeta;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.mount.FolderMounter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.rotation.tokens.TokenMinter;
import dev.secretsstore.driver.status.FolderMountStatusStore;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.driver.testing.ProviderResilience;
import dev.secretsstore.driver.testing.RecordingProvider;
import dev.secretsstore.driver.testing.StateFiles;
import dev.secretsstore.driver.testing.TestTokens;
import dev.secretsstore.driver.volume.ErrorTypes;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.volume.PublishRequest;
import dev.secretsstore.driver.volume.VolumeConfiguration;
import dev.secretsstore.driver.volume.VolumeConfiguration.Volumes;
import dev.secretsstore.driver.volume.VolumeException;
import dev.secretsstore.driver.volume.VolumePublisher;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ServiceAccountTokens;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A refresh after kubelet's service-account token has expired, as with rotation trigger
 * {@code scheduler} or without {@code requiresRepublish}: with a minter the provider gets
 * a minted token, without one it is not called.
 */
class VolumeRefresherTokenTests {

	private static final Instant PUBLISHED = Instant.parse("2026-11-28T00:00:00Z");

	private static final PodVolume POD = new PodVolume("default", "web-0", "5b1e7c9a-2d4f-4e8a-9c3b-7f6d5e4c3b2a",
			"secrets", "app", "app-sa", Map.of());

	private static final SecretProviderClass SPC = new SecretProviderClass("secrets-store.csi.x-k8s.io/v1",
			SecretProviderClass.KIND, ObjectMeta.of("default", "app"),
			new SecretProviderClass.Spec("fake", Map.of("objects", "foo"), null));

	@TempDir
	Path root;

	private final MutableClock clock = new MutableClock(PUBLISHED);

	private final RecordingProvider provider = new RecordingProvider("fake");

	private final List<String> mintedFor = new CopyOnWriteArrayList<>();

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private ProviderRegistry registry;

	@AfterEach
	void stop() {
		this.registry.close();
		this.workers.shutdownNow();
	}

	@Test
	void anExpiredKubeletTokenIsReplacedByAMintedOneBeforeTheProviderIsCalled() throws Exception {
		TokenMinter minter = (pod, serviceAccount, audience, lifetime) -> {
			this.mintedFor.add(pod + " " + pod.uid() + " " + serviceAccount + " " + audience + " " + lifetime);
			Instant now = this.clock.instant();
			return new ServiceAccountToken(TestTokens.jwt("minted", now, now.plus(lifetime)), now.plus(lifetime));
		};
		Wired volumes = wire(minter);
		Path target = publish(volumes);
		this.clock.advance(Duration.ofMinutes(61));

		volumes.refresher().refresh(target, SPC);
		volumes.refresher().refresh(target, SPC);

		assertThat(this.mintedFor).as("minted once, then reused")
			.containsExactly("default/web-0 " + POD.podUid() + " app-sa vault PT1H");
		Map<String, ServiceAccountToken> sent = ServiceAccountTokens.of(this.provider.lastRequest);
		assertThat(sent.get("vault").expiresAt()).isEqualTo(PUBLISHED.plus(Duration.ofMinutes(121)));
		assertThat(sent.get("vault").jwt()).isEqualTo(TestTokens.jwt("minted", PUBLISHED.plus(Duration.ofMinutes(61)),
				PUBLISHED.plus(Duration.ofMinutes(121))));
		assertThat(Files.readString(StateFiles.only(this.root.resolve("state"))))
			.as("minted tokens never reach the disk")
			.doesNotContain(sent.get("vault").jwt());
	}

	@Test
	void withoutMintingTheRefreshFailsClearlyAndTheProviderIsNotCalled() throws Exception {
		Wired volumes = wire(null);
		Path target = publish(volumes);
		this.clock.advance(Duration.ofMinutes(61));

		assertThatExceptionOfType(VolumeException.class).isThrownBy(() -> volumes.refresher().refresh(target, SPC))
			.satisfies((ex) -> assertThat(ex.errorType()).isEqualTo(ErrorTypes.SERVICE_ACCOUNT_TOKEN_EXPIRED))
			.withMessageContaining("audience \"vault\" of pod default/web-0 expired at 2026-11-28T01:00:00Z")
			.withMessageContaining("--enable-token-minting")
			.withMessageContaining("requiresRepublish");
		assertThat(this.provider.calls).as("only the publish").hasValue(1);
		assertThat(target.resolve("foo")).as("the last good content stays").hasContent("secret");
	}

	private Wired wire(TokenMinter minter) throws Exception {
		FolderMounter mounter = new FolderMounter();
		MountedVolumes mounted = new MountedVolumes(
				new FolderMountStatusStore(this.root.resolve("state"), new PodStatusDocuments("node-a")), mounter);
		mounted.restore();
		this.registry = new ProviderRegistry(List.of(this.provider),
				List.of(Files.createDirectories(this.root.resolve("providers"))), PluginClientOptions.defaults());
		ProviderCalls calls = new ProviderCalls(ProviderResilience.breakers(),
				ProviderResilience.retries(1, Duration.ofMillis(10)),
				ProviderResilience.deadlines(Duration.ofSeconds(5)), this.workers, ProviderResilience.budgets(),
				new SimpleMeterRegistry());
		Volumes volumes = VolumeConfiguration.create(this.root.resolve("kubelet"),
				(namespace, name) -> Optional.of(SPC), this.registry, calls, mounter, mounted, List.of());
		return new Wired(volumes.publisher(), RefreshConfiguration.create(volumes, minter, this.clock));
	}

	/**
	 * Publishes as kubelet does with a {@code tokenRequests} audience {@code vault}: a
	 * token valid for an hour.
	 */
	private Path publish(Wired volumes) {
		Map<String, String> context = new HashMap<>(POD.volumeContext());
		context.put(MountRequest.SERVICE_ACCOUNT_TOKENS, TestTokens.kubeletJson("vault",
				TestTokens.jwt("kubelet", PUBLISHED, PUBLISHED.plusSeconds(3600)), PUBLISHED.plusSeconds(3600)));
		Path target = POD.targetPath(this.root.resolve("kubelet"));
		volumes.publisher().publish(new PublishRequest(POD.volumeId(), target.toString(), context, Map.of()));
		return target;
	}

	private record Wired(VolumePublisher publisher, VolumeRefresher refresher) {
	}

}
