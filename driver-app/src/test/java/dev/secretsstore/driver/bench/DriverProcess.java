package dev.secretsstore.driver.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.kubelet.KubeletClient;

/**
 * The packaged driver as a benchmark runs it: its own process, the JVM options we ship
 * ({@code deploy/jvm-options}) in a simulated 200 MiB container, and readings of its CPU
 * time and resident memory from {@code /proc}.
 */
final class DriverProcess implements AutoCloseable {

	private final Process process;

	/**
	 * The driver's JVM, which is not {@link #process} when the driver runs in a
	 * container.
	 */
	private volatile long pid;

	/** The container the driver runs in, or {@code null}. */
	private final String container;

	/**
	 * The benchmark's folder, made a shared mount point for the container's mounts, or
	 * {@code null}.
	 */
	private final Path sharedRoot;

	private DriverProcess(Process process, String container, Path sharedRoot) {
		this.process = process;
		this.pid = (container != null) ? 0 : process.pid();
		this.container = container;
		this.sharedRoot = sharedRoot;
	}

	/**
	 * Starts {@code target/driver-app.jar} with {@code flags}, logging to {@code log}.
	 */
	static DriverProcess start(Path log, String... flags) throws IOException {
		return start(log, Map.of(), flags);
	}

	/**
	 * Starts {@code target/driver-app.jar} with {@code flags} and the extra environment
	 * variables {@code env}, logging to {@code log}.
	 */
	static DriverProcess start(Path log, Map<String, String> env, String... flags) throws IOException {
		String image = System.getProperty("bench.image");
		if (image != null) {
			return startInImage(image, log, env, flags);
		}
		// -Dbench.java=<java home>: another runtime than the one running the benchmark
		// (the image ships Java 25)
		String javaHome = System.getProperty("bench.java", System.getProperty("java.home"));
		List<String> command = new ArrayList<>(List.of(Path.of(javaHome, "bin", "java").toString(), "-XX:MaxRAM=200m"));
		Path options = Path.of(System.getProperty("user.dir")).resolveSibling("deploy/jvm-options");
		command.addAll(Files.readAllLines(options).stream().filter((line) -> !line.isBlank()).toList());
		// -Dbench.jvm-args="...": options to try beside the shipped ones (they come
		// after, so they win)
		String extra = System.getProperty("bench.jvm-args", "");
		if (!extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		// -Dbench.extracted=<folder>: run the extracted jar with its AOT cache (app.aot),
		// as the image does
		String extracted = System.getProperty("bench.extracted");
		if (extracted != null) {
			command.addAll(List.of("-XX:AOTCache=" + Path.of(extracted, "app.aot"), "-jar",
					Path.of(extracted, "driver-app.jar").toString()));
		}
		else {
			command.addAll(List.of("-jar", "target/driver-app.jar"));
		}
		command.addAll(List.of(flags));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().putAll(env);
		return new DriverProcess(builder.start(), null, null);
	}

	/**
	 * -Dbench.image=IMAGE: the driver as the chart's DaemonSet runs it
	 * (deploy/image/run-e2e.sh), with podman: the image's runtime and AOT cache, the
	 * chart's JVM options in JAVA_TOOL_OPTIONS, a memory limit of {@code -Dbench.memory}
	 * (200m by default, the Go chart's), privileged, on the host's network, with the
	 * benchmark's folder (sockets, kubelet's folder, kubeconfig) at the same path with
	 * shared propagation. The JVM's figures are read from its process on the host.
	 */
	private static DriverProcess startInImage(String image, Path log, Map<String, String> env, String... flags)
			throws IOException {
		Path root = log.getParent();
		Path repository = Path.of(System.getProperty("user.dir")).getParent();
		String options = String.join(" ",
				Files.readAllLines(repository.resolve("deploy/jvm-options"))
					.stream()
					.filter((line) -> !line.isBlank())
					.toList())
				+ " " + System.getProperty("bench.jvm-args", "");
		run("mount", "--bind", root.toString(), root.toString());
		run("mount", "--make-rshared", root.toString());
		String container = "bench-driver-" + ProcessHandle.current().pid();
		List<String> command = new ArrayList<>(List.of("podman", "--runtime", "runc", "run", "--rm", "--name",
				container, "--privileged", "--network", "host", "--memory", System.getProperty("bench.memory", "200m"),
				"-e", "JAVA_TOOL_OPTIONS=" + options.trim(), "-v", root + ":" + root + ":rshared"));
		env.forEach((name, value) -> command.addAll(List.of("-e", name + "=" + value)));
		command.add(image);
		command.addAll(List.of(flags));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put("CONTAINERS_CONF", repository.resolve("deploy/image/containers.conf").toString());
		DriverProcess driver = new DriverProcess(builder.start(), container, root);
		Thread pidReader = new Thread(driver::awaitContainerPid, "container-pid");
		pidReader.setDaemon(true);
		pidReader.start();
		return driver;
	}

	private void awaitContainerPid() {
		for (int i = 0; i < 6000 && this.pid == 0 && this.process.isAlive(); i++) {
			try {
				String out = run("podman", "--runtime", "runc", "inspect", "--format", "{{.State.Pid}}",
						this.container);
				this.pid = out.isBlank() ? 0 : Long.parseLong(out.trim());
				TimeUnit.MILLISECONDS.sleep(20);
			}
			catch (IOException | NumberFormatException notYet) {
				// not created yet
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	private static String run(String... command) throws IOException {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes());
			if (process.waitFor() != 0) {
				throw new IOException(String.join(" ", command) + " failed: " + out);
			}
			return out;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/**
	 * Waits until the driver answers Probe on {@code socket}, and returns how long that
	 * took from {@code startedNanos}. Each attempt uses a new connection, so gRPC's
	 * reconnect backoff does not inflate it.
	 */
	static long awaitReady(Path socket, long startedNanos) throws InterruptedException {
		for (int i = 0; i < 60_000; i++) {
			if (Files.exists(socket)) {
				try (KubeletClient probe = new KubeletClient(socket, socket.getParent())) {
					if (probe.probe()) {
						return (System.nanoTime() - startedNanos) / 1_000_000;
					}
				}
				catch (RuntimeException notYet) {
					// bound but not serving yet
				}
			}
			TimeUnit.MILLISECONDS.sleep(1);
		}
		throw new IllegalStateException("the driver did not become ready in a minute");
	}

	long rssMiB() throws IOException {
		return Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"))
			.stream()
			.filter((line) -> line.startsWith("VmRSS:"))
			.map((line) -> Long.parseLong(line.replaceAll("\\D", "")) / 1024)
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The number of threads the process runs.
	 */
	long threads() throws IOException {
		return Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "status"))
			.stream()
			.filter((line) -> line.startsWith("Threads:"))
			.map((line) -> Long.parseLong(line.replaceAll("\\D", "")))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * The heap in use after a full collection, in MiB: what the driver really keeps (run
	 * it after reading RSS, which the collection changes).
	 */
	long liveHeapMiB() throws IOException, InterruptedException {
		if (this.container != null) {
			return -1;
		}
		jcmd("GC.run");
		String info = jcmd("GC.heap_info");
		return info.lines()
			.filter((line) -> line.contains("generation") || line.startsWith("DefNew") || line.startsWith("Tenured")
					|| line.contains("region"))
			.map(java.util.regex.Pattern.compile("used (\\d+)K")::matcher)
			.filter(java.util.regex.Matcher::find)
			.mapToLong((used) -> Long.parseLong(used.group(1)))
			.sum() / 1024;
	}

	/**
	 * The {@code top} classes by bytes on the heap.
	 */
	String heapHistogram(int top) throws IOException, InterruptedException {
		return jcmd("GC.class_histogram").lines()
			.limit(top + 3)
			.map((line) -> "  " + line + "\n")
			.reduce("", String::concat);
	}

	/**
	 * What the container's memory cgroup is charged, in MiB: in all, and the part that is
	 * tmpfs (the mounted secrets, charged to the driver that wrote them); empty outside a
	 * container.
	 */
	String cgroupMemory() throws IOException {
		if (this.container == null) {
			return "";
		}
		String line = Files.readAllLines(Path.of("/proc", Long.toString(this.pid), "cgroup"))
			.stream()
			.filter((entry) -> entry.matches("\\d+:memory:.*"))
			.findFirst()
			.orElse(null);
		if (line == null) {
			return "(no memory cgroup v1)";
		}
		Path group = Path.of("/sys/fs/cgroup/memory" + line.substring(line.indexOf(":memory:") + 8));
		long usage = Long.parseLong(Files.readString(group.resolve("memory.usage_in_bytes")).trim());
		long shmem = Files.readAllLines(group.resolve("memory.stat"))
			.stream()
			.filter((stat) -> stat.startsWith("shmem "))
			.mapToLong((stat) -> Long.parseLong(stat.substring(6).trim()))
			.findFirst()
			.orElse(-1);
		return String.format("cgroup charged %d MiB, of which tmpfs %d MiB", usage >> 20, shmem >> 20);
	}

	/**
	 * The process's threads by name, digits folded: which pools hold how many.
	 */
	String threadNames() throws IOException {
		java.util.Map<String, Long> names = new java.util.TreeMap<>();
		try (var tasks = Files.list(Path.of("/proc", Long.toString(this.pid), "task"))) {
			for (Path task : tasks.toList()) {
				String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d+", "#");
				names.merge(name, 1L, Long::sum);
			}
		}
		return names.toString();
	}

	/**
	 * The number of classes loaded, as the JVM counts them.
	 */
	String loadedClasses() throws IOException, InterruptedException {
		String counters = jcmd("PerfCounter.print");
		return counters.lines()
			.filter((line) -> line.startsWith("java.cls.loadedClasses=")
					|| line.startsWith("java.cls.sharedLoadedClasses="))
			.map((line) -> line.replace("java.cls.", ""))
			.reduce((a, b) -> a + " " + b)
			.orElse("?");
	}

	/**
	 * The JVM's Native Memory Tracking summary, committed sizes by category, when the
	 * driver runs with it on.
	 */
	String nativeMemory() throws IOException, InterruptedException {
		StringBuilder summary = new StringBuilder();
		for (String line : jcmd("VM.native_memory", "summary", "scale=MB").lines().toList()) {
			if (line.startsWith("Total:") || line.startsWith("-")) {
				summary.append("  ").append(line.replaceAll("\\s+", " ").trim()).append('\n');
			}
		}
		return summary.toString();
	}

	private String jcmd(String... command) throws IOException, InterruptedException {
		if (this.container != null) {
			// the image has a JRE without jcmd
			return "";
		}
		String javaHome = System.getProperty("bench.java", System.getProperty("java.home"));
		List<String> line = new ArrayList<>(
				List.of(Path.of(javaHome, "bin", "jcmd").toString(), Long.toString(this.pid)));
		line.addAll(List.of(command));
		Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
		String out = new String(jcmd.getInputStream().readAllBytes());
		jcmd.waitFor(30, TimeUnit.SECONDS);
		return out;
	}

	/**
	 * User plus system CPU time so far, in milliseconds (clock ticks of 10 ms).
	 */
	long cpuMillis() throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(this.pid), "stat"));
		String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
	}

	@Override
	public void close() throws InterruptedException, IOException {
		if (this.container != null) {
			run("podman", "--runtime", "runc", "stop", "-t", "30", this.container);
		}
		this.process.destroy();
		this.process.waitFor(60, TimeUnit.SECONDS);
		if (this.sharedRoot != null) {
			run("umount", "-R", this.sharedRoot.toString());
		}
	}

	/**
	 * Deletes a benchmark's temp folder.
	 */
	static void delete(Path root) throws IOException {
		try (var paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
