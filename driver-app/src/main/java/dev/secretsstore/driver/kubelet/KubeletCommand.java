package dev.secretsstore.driver.kubelet;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import dev.secretsstore.driver.flags.Endpoint;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar driver-app.jar kubelet publish|unpublish|list|probe}: acts as kubelet
 * against a running driver.
 */
@Command(name = "kubelet", mixinStandardHelpOptions = true,
		description = "Acts as kubelet against a running driver's CSI socket.",
		subcommands = { KubeletCommand.Publish.class, KubeletCommand.Unpublish.class, KubeletCommand.ListVolumes.class,
				KubeletCommand.Probe.class })
public final class KubeletCommand {

	/**
	 * Runs the command line {@code args} and returns the exit code.
	 */
	public static int run(String... args) {
		return new CommandLine(new KubeletCommand()).setExecutionExceptionHandler((ex, line, result) -> {
			String message = (ex instanceof StatusRuntimeException status)
					? status.getStatus().getCode() + ": " + status.getStatus().getDescription() : ex.toString();
			line.getErr().println(line.getCommandName() + " failed: " + message);
			return 1;
		}).execute(args);
	}

	/** Options every subcommand shares. */
	static class Connection {

		@Option(names = "--endpoint", defaultValue = "unix://tmp/csi.sock", description = "driver's CSI endpoint")
		String endpoint;

		@Option(names = "--kubelet-root-dir", defaultValue = "/var/lib/kubelet", description = "kubelet's root folder")
		Path kubeletRoot;

		KubeletClient client() {
			return new KubeletClient(Endpoint.socketPath(this.endpoint), this.kubeletRoot);
		}

	}

	/** Options naming one pod volume. */
	static class VolumeOptions {

		@Option(names = "--namespace", defaultValue = "default", description = "pod namespace")
		String namespace;

		@Option(names = "--pod", required = true, description = "pod name")
		String pod;

		@Option(names = "--uid", description = "pod UID (default: derived from namespace and name)")
		String uid;

		@Option(names = "--volume", defaultValue = "secrets-store", description = "volume name in the pod")
		String volume;

		PodVolume toPodVolume(String spc, String serviceAccount, Map<String, String> attributes) {
			String podUid = (this.uid != null) ? this.uid : PodVolume.derivedUid(this.namespace, this.pod);
			return new PodVolume(this.namespace, this.pod, podUid, this.volume, spc, serviceAccount, attributes);
		}

	}

	@Command(name = "publish", mixinStandardHelpOptions = true, description = "NodePublishVolume for a pod volume.")
	static class Publish implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Mixin
		VolumeOptions volume;

		@Option(names = "--spc", required = true, description = "SecretProviderClass name")
		String spc;

		@Option(names = "--service-account", defaultValue = "default", description = "pod service account")
		String serviceAccount;

		@Option(names = "--attribute", description = "extra volumeAttributes, key=value")
		Map<String, String> attributes = new HashMap<>();

		@Option(names = "--secret", description = "nodePublishSecretRef data, key=value")
		Map<String, String> secrets = new HashMap<>();

		@Option(names = "--fs-group", description = "the pod's fsGroup, passed as volume_mount_group when the driver "
				+ "advertises VOLUME_MOUNT_GROUP")
		Long fsGroup;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() throws IOException {
			PodVolume podVolume = this.volume.toPodVolume(this.spc, this.serviceAccount, this.attributes);
			try (KubeletClient client = this.connection.client()) {
				Path target = client.publish(podVolume, this.secrets, this.fsGroup);
				PrintWriter out = this.spec.commandLine().getOut();
				out.println("published " + podVolume.namespace() + "/" + podVolume.podName() + " volume "
						+ podVolume.volumeName() + " at " + target);
				printFiles(out, target);
			}
			return 0;
		}

	}

	@Command(name = "unpublish", mixinStandardHelpOptions = true, description = "NodeUnpublishVolume for a pod volume.")
	static class Unpublish implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Mixin
		VolumeOptions volume;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			PodVolume podVolume = this.volume.toPodVolume("", "default", Map.of());
			try (KubeletClient client = this.connection.client()) {
				client.unpublish(podVolume);
			}
			this.spec.commandLine()
				.getOut()
				.println("unpublished " + podVolume.targetPath(this.connection.kubeletRoot));
			return 0;
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true,
			description = "Lists the secrets volumes under kubelet's root folder and their files (never contents).")
	static class ListVolumes implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() throws IOException {
			PrintWriter out = this.spec.commandLine().getOut();
			Path pods = this.connection.kubeletRoot.resolve("pods");
			if (!Files.isDirectory(pods)) {
				out.println("no volumes under " + pods);
				return 0;
			}
			try (Stream<Path> mounts = Files.find(pods, 5, (path, attributes) -> path.endsWith("mount")
					&& path.getParent().getParent().getFileName().toString().equals("kubernetes.io~csi"))) {
				for (Path mount : mounts.sorted().toList()) {
					out.println(mount);
					printFiles(out, mount);
				}
			}
			return 0;
		}

	}

	@Command(name = "probe", mixinStandardHelpOptions = true, description = "GetPluginInfo and Probe.")
	static class Probe implements Callable<Integer> {

		@Mixin
		Connection connection;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			try (KubeletClient client = this.connection.client()) {
				var info = client.pluginInfo();
				boolean ready = client.probe();
				this.spec.commandLine()
					.getOut()
					.println(info.getName() + " " + info.getVendorVersion() + (ready ? " ready" : " not ready"));
				return ready ? 0 : 1;
			}
		}

	}

	private static void printFiles(PrintWriter out, Path target) throws IOException {
		try (Stream<Path> entries = Files.list(target)) {
			List<Path> visible = entries.filter((path) -> !path.getFileName().toString().startsWith(".."))
				.sorted()
				.toList();
			for (Path entry : visible) {
				out.println("  " + target.relativize(entry));
			}
		}
	}

}
