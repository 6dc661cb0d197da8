package dev.secretsstore.driver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.csi.ControllerService;
import dev.secretsstore.driver.csi.CsiCallLogger;
import dev.secretsstore.driver.csi.IdentityService;
import dev.secretsstore.driver.csi.NodeService;
import dev.secretsstore.driver.metrics.DriverMetrics;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.mount.FolderMounter;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.mount.Mounter;
import dev.secretsstore.driver.mount.TmpfsMounter;
import dev.secretsstore.driver.provider.BudgetProperties;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.driver.rotation.refresh.RefreshConfiguration;
import dev.secretsstore.driver.rotation.refresh.VolumeRefresher;
import dev.secretsstore.driver.standalone.FolderSecretProviderClasses;
import dev.secretsstore.driver.standalone.local.LocalSecretProvider;
import dev.secretsstore.driver.status.FolderMountStatusStore;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.status.PodStatusDocuments;
import dev.secretsstore.driver.volume.MountedContentListener;
import dev.secretsstore.driver.volume.MountedVolumes;
import dev.secretsstore.driver.volume.VolumeConfiguration;
import dev.secretsstore.driver.volume.VolumeConfiguration.Volumes;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;

/**
 * The driver's CSI services, wired by hand without Spring and served on a real Unix
 * socket in a short temp folder: the same classes the application wires, with tmpfs
 * mounts when the tests run as root, the given in-process providers and the {@code local}
 * provider reading {@link #secretsDir}.
 */
public final class TestDriver implements AutoCloseable {

	public final Path root;

	public final Path kubeletRoot;

	public final Path spcDir;

	public final Path stateDir;

	public final Path providerDir;

	public final Path secretsDir;

	public final Path socket;

	public final Mounter mounter;

	public final MountedVolumes volumes;

	public final FolderSecretProviderClasses secretProviderClasses;

	public final VolumeRefresher refresher;

	public final List<MountedVolume> republished = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** Every volume whose content was fetched, as content listeners hear it. */
	public final List<MountedVolume> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();

	/** Every volume content listeners heard was unpublished. */
	public final List<MountedVolume> removed = new java.util.concurrent.CopyOnWriteArrayList<>();

	public final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	public final CircuitBreakerRegistry breakers = ProviderResilience.breakers();

	/** The request budgets' clock: it stands still until a test advances it. */
	public final MutableClock budgetClock = new MutableClock();

	/**
	 * Request budgets: none for every provider but one named {@code budgeted}, whose
	 * store has 1 request a second and a burst of 2.
	 */
	public final StoreBudgets budgets = new StoreBudgets(
			new BudgetProperties(true, 0, 1, Map.of("budgeted", new BudgetProperties.Limit(1.0, 2.0))),
			this.budgetClock, this.meters);

	public final ProviderCalls providerCalls;

	private final ExecutorService workers = Executors.newCachedThreadPool();

	private final ProviderRegistry registry;

	private final Server server;

	private final MultiThreadIoEventLoopGroup group;

	public TestDriver(SecretProvider... inProcess) throws IOException {
		this(false, inProcess);
	}

	/**
	 * A driver that advertises {@code VOLUME_MOUNT_GROUP}, as
	 * {@code --enable-volume-mount-group} makes it.
	 */
	public static TestDriver withVolumeMountGroup(SecretProvider... inProcess) throws IOException {
		return new TestDriver(true, inProcess);
	}

	private TestDriver(boolean volumeMountGroup, SecretProvider... inProcess) throws IOException {
		this.root = Files.createTempDirectory(Path.of("/tmp"), "csi");
		this.kubeletRoot = this.root.resolve("kubelet");
		this.spcDir = Files.createDirectories(this.root.resolve("spc"));
		this.stateDir = this.root.resolve("state");
		this.providerDir = Files.createDirectories(this.root.resolve("providers"));
		this.secretsDir = Files.createDirectories(this.root.resolve("secrets"));
		this.socket = this.root.resolve("csi.sock");
		this.mounter = isRoot() ? new TmpfsMounter(new MountTable()) : new FolderMounter();
		List<SecretProvider> providers = new ArrayList<>(List.of(inProcess));
		providers.add(new LocalSecretProvider(this.secretsDir));
		this.registry = new ProviderRegistry(providers, List.of(this.providerDir), PluginClientOptions.defaults());
		this.volumes = new MountedVolumes(
				new FolderMountStatusStore(this.stateDir, new PodStatusDocuments("test-node")), this.mounter);
		this.volumes.restore();
		this.secretProviderClasses = new FolderSecretProviderClasses(this.spcDir);
		this.providerCalls = new ProviderCalls(this.breakers, ProviderResilience.retries(3, Duration.ofMillis(10)),
				ProviderResilience.deadlines(Duration.ofSeconds(5)), this.workers, this.budgets, this.meters);
		Volumes wired = VolumeConfiguration.create(this.kubeletRoot, this.secretProviderClasses, this.registry,
				this.providerCalls, this.mounter, this.volumes, List.of(new MountedContentListener() {
					@Override
					public void contentFetched(MountedVolume volume, SecretProviderClass spc, boolean changed) {
						TestDriver.this.fetched.add(volume);
					}

					@Override
					public void volumeRemoved(MountedVolume volume) {
						TestDriver.this.removed.add(volume);
					}
				}));
		this.refresher = RefreshConfiguration.create(wired);
		this.group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
		this.server = NettyServerBuilder.forAddress(new DomainSocketAddress(this.socket.toString()))
			.channelType(EpollServerDomainSocketChannel.class)
			.bossEventLoopGroup(this.group)
			.workerEventLoopGroup(this.group)
			.addService(new IdentityService("secrets-store.csi.k8s.io", "1.2.3"))
			.addService(new NodeService("test-node", wired.publisher(), this.republished::add,
					new DriverMetrics(this.meters), volumeMountGroup))
			.addService(new ControllerService())
			.intercept(new CsiCallLogger())
			.build()
			.start();
	}

	public static boolean isRoot() {
		return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
	}

	public void writeSecretProviderClass(String name, String yaml) throws IOException {
		Files.writeString(this.spcDir.resolve(name + ".yaml"), yaml);
		this.secretProviderClasses.rescan();
	}

	@Override
	public void close() throws Exception {
		this.server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
		this.registry.close();
		this.secretProviderClasses.close();
		this.workers.shutdownNow();
		List<Path> mounted = new ArrayList<>();
		try (var paths = Files.walk(this.kubeletRoot.getParent())) {
			paths.filter((path) -> path.getFileName().toString().equals("mount")).forEach(mounted::add);
		}
		for (Path path : mounted) {
			this.mounter.unmount(path);
		}
		try (var paths = Files.walk(this.root)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
