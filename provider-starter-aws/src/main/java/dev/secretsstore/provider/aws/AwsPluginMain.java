package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import dev.secretsstore.provider.plugin.GoFlagSet;
import dev.secretsstore.provider.plugin.GoFlagSet.Flag;
import dev.secretsstore.provider.plugin.PluginLauncher;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Serves the {@code aws} provider as a remote provider plugin on a Unix socket, for the
 * Go driver or ours, taking the Go provider's flags and
 * {@code secrets-store.provider.aws.*} settings from arguments, system properties or the
 * environment.
 */
public final class AwsPluginMain {

	/**
	 * The Go provider's default {@code --provider-volume}, where the driver looks for
	 * {@code aws.sock}.
	 */
	public static final String DEFAULT_PROVIDER_VOLUME = "/var/run/secrets-store-csi-providers";

	private static final String PREFIX = "secrets-store.provider.aws.";

	private static final String IGNORED = "accepted for compatibility with the Go provider; no effect";

	private static final String LOGBACK_CONFIGURATION = "logback.configurationFile";

	private final PluginLauncher launcher = new PluginLauncher("AwsPluginMain", "",
			"socket to serve on instead of <provider-volume>/aws.sock");

	private final GoFlagSet flags = this.launcher.flags();

	private final Flag<String> providerVolume = this.flags.string("provider-volume", DEFAULT_PROVIDER_VOLUME,
			"folder to serve aws.sock in");

	private final Flag<String> podIdentityTimeout = this.flags.string("pod-identity-http-timeout", "",
			"time for one Pod Identity Agent request, such as 250ms (" + PREFIX + "pod-identity-timeout)");

	private final Map<String, String> properties = this.flags.prefixed(PREFIX,
			"a provider setting, such as " + PREFIX + "role-arn; also from system properties and the environment");

	private final ConfigurableEnvironment environment;

	/**
	 * @param environment system properties and environment variables, under the arguments
	 */
	AwsPluginMain(ConfigurableEnvironment environment) {
		this.environment = environment;
		this.launcher.socket(() -> this.launcher.endpoint()
			.orElseGet(() -> Path.of(this.providerVolume.value(), AwsSecretProvider.NAME + ".sock")));
		// the provider always returns the files, as the Go provider does with
		// --driver-writes-secrets=true
		this.flags.bool("driver-writes-secrets", false, IGNORED);
		this.flags.string("qps", "", IGNORED);
		this.flags.string("burst", "", IGNORED);
		this.flags.string("eks-addon-version", "", IGNORED);
	}

	public static void main(String[] args) throws InterruptedException {
		if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
			// logback's built-in default is DEBUG, which floods a plugin's log with SDK
			// internals
			System.setProperty(LOGBACK_CONFIGURATION, "dev/secretsstore/provider/aws/plugin-logback.xml");
		}
		AwsPluginMain main = new AwsPluginMain(new StandardEnvironment());
		main.launcher.main(args, main::provider);
	}

	/**
	 * Parses {@code args} and serves the provider, as {@link #main} does without waiting.
	 */
	PluginLauncher.Plugin start(String... args) throws IOException {
		return this.launcher.start(args, this::provider);
	}

	/**
	 * Binds the settings: the {@code secrets-store.provider.aws.*} arguments first, then
	 * {@code --pod-identity-http-timeout}, then the environment.
	 */
	private AwsSecretProvider provider() {
		this.environment.getPropertySources().addFirst(new MapPropertySource("arguments", Map.copyOf(this.properties)));
		if (!this.podIdentityTimeout.value().isEmpty()) {
			this.environment.getPropertySources()
				.addAfter("arguments", new MapPropertySource("go-flags",
						Map.of(PREFIX + "pod-identity-timeout", this.podIdentityTimeout.value())));
		}
		return new AwsSecretProvider(
				Binder.get(this.environment).bindOrCreate("secrets-store.provider.aws", AwsProviderProperties.class));
	}

}
