package dev.secretsstore.driver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.secretsstore.driver.DriverApplication;
import dev.secretsstore.driver.mount.MountTable;
import dev.secretsstore.driver.mount.TmpfsMounter;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole driver application in standalone mode over one folder ({@code spc},
 * {@code secrets}, {@code state}, {@code kubelet}, {@code csi.sock}), started as many
 * times as a test needs: a restart is a new application over the same folder. Actuator
 * listens on a free loopback port; volumes are tmpfs mounts when run as root.
 */
public final class StandaloneApplication {

	private StandaloneApplication() {
	}

	/**
	 * A new folder under /tmp (short, for the socket path) with empty {@code spc} and
	 * {@code secrets} folders.
	 */
	public static Path createRoot(String prefix) throws IOException {
		Path root = Files.createTempDirectory(Path.of("/tmp"), prefix);
		Files.createDirectories(root.resolve("spc"));
		Files.createDirectories(root.resolve("secrets"));
		return root;
	}

	/**
	 * Starts the application over {@code root}, with {@code extra} properties.
	 */
	public static ConfigurableApplicationContext start(Path root, Map<String, Object> extra) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("secrets-store.metrics.addr", "127.0.0.1:0");
		properties.put("secrets-store.standalone.enabled", "true");
		properties.put("secrets-store.standalone.spc-dir", root.resolve("spc").toString());
		properties.put("secrets-store.standalone.state-dir", root.resolve("state").toString());
		properties.put("secrets-store.provider.local.root", root.resolve("secrets").toString());
		properties.put("secrets-store.provider.volume", root.resolve("providers").toString());
		properties.put("secrets-store.provider.additional-volume-paths", "");
		properties.put("secrets-store.mount.kubelet-root-dir", root.resolve("kubelet").toString());
		properties.put("secrets-store.mount.tmpfs", String.valueOf(TestDriver.isRoot()));
		properties.put("secrets-store.csi.endpoint", "unix://" + root.resolve("csi.sock"));
		properties.put("secrets-store.csi.node-id", "node-1");
		properties.putAll(extra);
		return new SpringApplicationBuilder(DriverApplication.class).properties(properties).run();
	}

	/**
	 * Writes the SecretProviderClass {@code name} (namespace {@code default}) for the
	 * {@code local} provider, with one object per name in {@code objects}, each read from
	 * {@code secrets/<object>}.
	 */
	public static void writeLocalClass(Path root, String name, String... objects) throws IOException {
		StringBuilder yaml = new StringBuilder(
				"apiVersion: secrets-store.csi.x-k8s.io/v1\n" + "kind: SecretProviderClass\nmetadata: {name: " + name
						+ ", namespace: default}\nspec:\n" + "  provider: local\n  parameters:\n    objects: |\n");
		for (String object : objects) {
			yaml.append("      - objectName: ").append(object).append('\n');
		}
		Files.writeString(root.resolve("spc").resolve(name + ".yaml"), yaml.toString());
	}

	/**
	 * Unmounts every mount below {@code root} (deepest first), as a node would be left
	 * after the driver stops, then deletes {@code root}.
	 */
	public static void unmountAndDelete(Path root) throws IOException {
		for (Path point : new MountTable().mountPointsBelow(root.toRealPath())
			.stream()
			.sorted(java.util.Comparator.comparingInt(Path::getNameCount).reversed())
			.toList()) {
			new TmpfsMounter().unmount(point);
		}
		delete(root);
	}

	/**
	 * Deletes {@code root} and everything below it; unmount first.
	 */
	public static void delete(Path root) throws IOException {
		try (var paths = Files.walk(root)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

}
