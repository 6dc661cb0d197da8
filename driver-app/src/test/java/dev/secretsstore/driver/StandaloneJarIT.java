package dev.secretsstore.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.MountTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar, run as a newcomer runs it: the demo in standalone mode, the kubelet
 * command against it, a crash and a restart that forgets nothing, and a clean stop.
 */
class StandaloneJarIT {

	private static final Path JAR = Path.of("target/driver-app.jar").toAbsolutePath();

	private Path work;

	private Path demo;

	private final List<Process> processes = new ArrayList<>();

	@BeforeEach
	void setUp() throws IOException {
		this.work = Files.createTempDirectory(Path.of("/tmp"), "it");
		this.demo = this.work.resolve("demo");
	}

	@AfterEach
	void tearDown() throws Exception {
		for (Process process : this.processes) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		for (MountTable.Mount mount : new MountTable().mounts()) {
			if (mount.mountPoint().startsWith(this.work)) {
				new ProcessBuilder("umount", mount.mountPoint().toString()).start().waitFor(10, TimeUnit.SECONDS);
			}
		}
		try (var paths = Files.walk(this.work)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	@Test
	void demoMountsSurvivesACrashRotatesAndCleansUpOnStop() throws Exception {
		Path log = this.work.resolve("driver.log");
		Process driver = startDriver(log);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> Files.readString(log).contains("Secrets Store CSI driver demo"));

		Path kubeletRoot = this.demo.resolve("kubelet");
		Path target = PodVolume.of("default", "demo-app", "secrets-store", "demo-secrets").targetPath(kubeletRoot);
		assertThat(target.resolve("db-password")).hasContent("correct-horse-battery-staple");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("api-token"))))
			.isEqualTo("r--r-----");
		assertThat(Files.readString(log)).contains("cat " + target.resolve("db-password"));

		String endpoint = "--endpoint=unix://" + this.demo.resolve("csi.sock");
		String root = "--kubelet-root-dir=" + kubeletRoot;
		Result published = runJar("kubelet", "publish", endpoint, root, "--pod=my-app", "--spc=demo-secrets");
		assertThat(published.exitCode()).as(published.output()).isZero();
		assertThat(published.output()).contains("published default/my-app", "db-password", "api-token");
		Path myApp = PodVolume.of("default", "my-app", "secrets-store", "demo-secrets").targetPath(kubeletRoot);
		assertThat(myApp.resolve("db-password")).exists();

		driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		Path restartLog = this.work.resolve("restart.log");
		Process restarted = startDriver(restartLog);
		await().atMost(Duration.ofSeconds(90))
			.until(() -> Files.readString(restartLog).contains("Secrets Store CSI driver demo"));
		assertThat(Files.readString(restartLog)).contains("Restored 2 mounted volume(s)");
		assertThat(myApp.resolve("db-password")).hasContent("correct-horse-battery-staple");

		Result unpublished = runJar("kubelet", "unpublish", endpoint, root, "--pod=my-app");
		assertThat(unpublished.exitCode()).as(unpublished.output()).isZero();
		assertThat(myApp).doesNotExist();

		// rotation resumes after the restart: the demo checks every 10 s
		Files.writeString(this.demo.resolve("secrets/db-password"), "rotated-after-restart");
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> Files.readString(target.resolve("db-password")).equals("rotated-after-restart"));

		restarted.destroy();
		assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(target).as("the demo volume is unpublished on stop").doesNotExist();
		// no mount record is left; the local provider's version key stays for the next
		// start
		try (var left = Files.list(this.demo.resolve("state"))) {
			assertThat(left).extracting((path) -> path.getFileName().toString()).containsExactly("local-provider.key");
		}
	}

	@Test
	void badFlagsAndClusterModeStopWithAMessage() throws Exception {
		Result unknown = runJar("--bogus");
		assertThat(unknown.exitCode()).isEqualTo(2);
		assertThat(unknown.output()).contains("flag provided but not defined: -bogus");

		Result help = runJar("--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.output()).contains("  -enable-secret-rotation\n", "(default 2m)",
				"  -provider-volume string\n");

		Result cluster = runJar("--endpoint=unix://" + this.work.resolve("c.sock"), "--metrics-addr=127.0.0.1:0");
		assertThat(cluster.exitCode()).isNotZero();
		assertThat(cluster.output()).contains("no Kubernetes API", "--standalone");
	}

	private Process startDriver(Path log) throws IOException {
		Process process = new ProcessBuilder(
				javaCommand("--demo", "--demo-dir=" + this.demo, "--metrics-addr=127.0.0.1:0"))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		this.processes.add(process);
		return process;
	}

	private Result runJar(String... args) throws Exception {
		Path output = Files.createTempFile(this.work, "run", ".log");
		List<String> command = javaCommand(args);
		// no cluster to be found from here, whatever this machine's own configuration
		command.add(1, "-Duser.home=" + this.work);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
		builder.environment().keySet().removeAll(List.of("KUBECONFIG", "KUBERNETES_SERVICE_HOST"));
		Process process = builder.start();
		this.processes.add(process);
		assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("jar run %s finishes", List.of(args)).isTrue();
		return new Result(process.exitValue(), Files.readString(output));
	}

	private static List<String> javaCommand(String... args) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-jar", JAR.toString()));
		command.addAll(List.of(args));
		return command;
	}

	private record Result(int exitCode, String output) {
	}

}
