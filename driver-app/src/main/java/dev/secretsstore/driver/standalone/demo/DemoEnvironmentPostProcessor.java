package dev.secretsstore.driver.standalone.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.flags.FrameworkPropertiesPostProcessor;
import dev.secretsstore.driver.mode.DriverMode;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code --demo}: prepares the demo folder (a SecretProviderClass and two secrets,
 * copied once so the newcomer's edits survive restarts) and points standalone mode at it.
 * Flags given explicitly still win. Without root, volumes are plain folders instead of
 * tmpfs, which the driver announces loudly.
 */
public class DemoEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final List<String> DEMO_FILES = List.of("secretproviderclasses/demo-secrets.yaml", "secrets/db-password",
			"secrets/api/token");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("secrets-store.demo.enabled", Boolean.class, false)) {
			return;
		}
		Path folder = Path.of(environment.getProperty("secrets-store.demo.dir", "demo-work")).toAbsolutePath();
		copyDemoFiles(folder);
		Map<String, Object> defaults = new HashMap<>();
		defaults.put(DriverMode.PROPERTY, true);
		defaults.put("secrets-store.standalone.spc-dir", folder.resolve("secretproviderclasses").toString());
		defaults.put("secrets-store.standalone.state-dir", folder.resolve("state").toString());
		defaults.put("secrets-store.provider.local.root", folder.resolve("secrets").toString());
		defaults.put("secrets-store.provider.volume", folder.resolve("providers").toString());
		defaults.put("secrets-store.provider.additional-volume-paths", "");
		defaults.put("secrets-store.mount.kubelet-root-dir", folder.resolve("kubelet").toString());
		defaults.put("secrets-store.mount.tmpfs", isRoot());
		defaults.put("secrets-store.csi.endpoint", "unix://" + folder.resolve("csi.sock"));
		defaults.put("secrets-store.csi.node-id", "demo-node");
		defaults.put("secrets-store.rotation.enabled", true);
		defaults.put("secrets-store.rotation.poll-interval", "10s");
		environment.getPropertySources().addLast(new MapPropertySource("secretsStoreDemo", defaults));
	}

	private static void copyDemoFiles(Path folder) {
		for (String name : DEMO_FILES) {
			Path file = folder.resolve(name);
			if (Files.exists(file)) {
				continue;
			}
			try (InputStream content = DemoEnvironmentPostProcessor.class.getResourceAsStream("/demo/" + name)) {
				Files.createDirectories(file.getParent());
				Files.copy(content, file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot prepare the demo folder " + folder, ex);
			}
		}
	}

	private static boolean isRoot() {
		return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
	}

	@Override
	public int getOrder() {
		return FrameworkPropertiesPostProcessor.ORDER - 1;
	}

}
