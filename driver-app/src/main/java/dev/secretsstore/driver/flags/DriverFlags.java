package dev.secretsstore.driver.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import static dev.secretsstore.driver.flags.Flag.Kind.BOOLEAN;
import static dev.secretsstore.driver.flags.Flag.Kind.DURATION;
import static dev.secretsstore.driver.flags.Flag.Kind.IGNORED;
import static dev.secretsstore.driver.flags.Flag.Kind.INTEGER;
import static dev.secretsstore.driver.flags.Flag.Kind.STRING;

/**
 * The driver's flags: the Go driver's, with its names and defaults, plus ours. A flag may
 * be written {@code --name=value}, {@code --name value}, {@code -name=value}, and a
 * boolean bare ({@code --name}), as Go's flag package accepts them. Only flags actually
 * given become properties, so the properties' own defaults (equal to the Go defaults,
 * which a test checks) apply otherwise. Arguments such as {@code --spring.x=y} or
 * {@code --secrets-store.x=y} pass straight to Spring.
 */
public final class DriverFlags {

	static final List<Flag> FLAGS = List.of(
			new Flag("endpoint", "secrets-store.csi.endpoint", STRING, "unix://tmp/csi.sock", "CSI endpoint"),
			new Flag("drivername", "secrets-store.csi.driver-name", STRING, "secrets-store.csi.k8s.io",
					"name of the driver"),
			new Flag("nodeid", "secrets-store.csi.node-id", STRING, "", "node id"),
			new Flag("log-format-json", "secrets-store.log.format-json", BOOLEAN, "false", "set log formatter to json"),
			new Flag("v", "secrets-store.log.verbosity", INTEGER, "0",
					"log verbosity: 5 and above log every CSI call (debug), 8 and above trace"),
			new Flag("provider-volume", "secrets-store.provider.volume", STRING, "/var/run/secrets-store-csi-providers",
					"folder of the provider plugin sockets"),
			new Flag("additional-provider-volume-paths", "secrets-store.provider.additional-volume-paths", STRING,
					"/etc/kubernetes/secrets-store-csi-providers",
					"comma-separated folders searched for provider sockets before -provider-volume"),
			new Flag("max-call-recv-msg-size", "secrets-store.provider.max-call-recv-msg-size", INTEGER, "4194304",
					"largest provider response accepted, in bytes"),
			new Flag("provider-health-check", "secrets-store.provider.health-check.enabled", BOOLEAN, "false",
					"check the provider plugins' health with Version calls"),
			new Flag("provider-health-check-interval", "secrets-store.provider.health-check.interval", DURATION, "2m",
					"interval between provider health checks"),
			new Flag("enable-secret-rotation", "secrets-store.rotation.enabled", BOOLEAN, "false",
					"enable auto rotation of mounted secrets"),
			new Flag("rotation-poll-interval", "secrets-store.rotation.poll-interval", DURATION, "2m",
					"interval between rotations of a mounted volume"),
			new Flag("rotation-trigger", "secrets-store.rotation.trigger", STRING, "both",
					"what starts rotations: scheduler, republish (kubelet's requiresRepublish) or both"),
			new Flag("enable-token-minting", "secrets-store.rotation.mint-tokens", BOOLEAN, "false",
					"mint service-account tokens for rotations when kubelet's have expired (cluster mode; needs RBAC "
							+ "to create serviceaccounts/token)"),
			new Flag("enable-volume-mount-group", "secrets-store.csi.volume-mount-group.enabled", BOOLEAN, "false",
					"advertise the CSI VOLUME_MOUNT_GROUP node capability: kubelet then passes each pod's fsGroup, "
							+ "and the volume's files belong to that group with g+r (set the CSIDriver's "
							+ "fsGroupPolicy: File with it)"),
			new Flag("metrics-addr", "secrets-store.metrics.addr", STRING, ":8095",
					"address of the metrics and Actuator server"),
			new Flag("metrics-backend", "secrets-store.metrics.backend", STRING, "Prometheus",
					"metrics backend; only Prometheus is supported"),
			new Flag("enable-pprof", "secrets-store.ignored.enable-pprof", IGNORED, "false",
					"accepted for compatibility; a JVM has no pprof (use Actuator's heapdump and threaddump)"),
			new Flag("pprof-port", "secrets-store.ignored.pprof-port", IGNORED, "6065", "accepted for compatibility"),
			new Flag("standalone", "secrets-store.standalone.enabled", BOOLEAN, "false",
					"run without Kubernetes: SecretProviderClasses from -spc-dir, mount status in -state-dir"),
			new Flag("spc-dir", "secrets-store.standalone.spc-dir", STRING, "/etc/secrets-store/secretproviderclasses",
					"standalone: folder of SecretProviderClass YAML files"),
			new Flag("state-dir", "secrets-store.standalone.state-dir", STRING, "/var/lib/secrets-store/state",
					"standalone: folder of SecretProviderClassPodStatus YAML files, one per mounted volume"),
			new Flag("mount-tmpfs", "secrets-store.mount.tmpfs", BOOLEAN, "true",
					"mount each volume as tmpfs (needs root); false writes plain folders on disk, standalone only"),
			new Flag("kubelet-root-dir", "secrets-store.mount.kubelet-root-dir", STRING, "/var/lib/kubelet",
					"kubelet's root folder; target paths must lie in <root>/pods"),
			new Flag("demo", "secrets-store.demo.enabled", BOOLEAN, "false",
					"run standalone with the demo SecretProviderClass and secrets in -demo-dir and mount one volume"),
			new Flag("demo-dir", "secrets-store.demo.dir", STRING, "demo-work", "folder the demo works in"));

	private DriverFlags() {
	}

	/**
	 * Parses {@code args}.
	 * @throws IllegalArgumentException naming the flag or value at fault
	 */
	public static ParsedFlags parse(String... args) {
		CommandSpec spec = spec();
		ParseResult result;
		try {
			result = new CommandLine(spec).parseArgs(args);
		}
		catch (CommandLine.ParameterException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (Flag flag : FLAGS) {
			OptionSpec option = result.matchedOption("--" + flag.name());
			if (option != null) {
				properties.put(flag.property(), flag.convert(option.getValue()));
			}
		}
		List<String> springArguments = new ArrayList<>();
		for (String unmatched : result.unmatched()) {
			if (!isSpringProperty(unmatched)) {
				throw new IllegalArgumentException("flag provided but not defined: " + unmatched);
			}
			springArguments.add(unmatched);
		}
		return new ParsedFlags(properties, springArguments, result.hasMatchedOption("--version"),
				result.hasMatchedOption("--help"));
	}

	/**
	 * The usage text, listing every flag with its default.
	 */
	public static String usage() {
		return new CommandLine(spec()).getUsageMessage();
	}

	private static boolean isSpringProperty(String argument) {
		return argument.startsWith("--") && argument.substring(2).split("=", 2)[0].contains(".");
	}

	private static CommandSpec spec() {
		CommandSpec spec = CommandSpec.create().name("java -jar driver-app.jar");
		spec.usageMessage()
			.width(220)
			.description("Secrets Store CSI driver: mounts secrets from external stores into pods and rotates them.",
					"Subcommand: 'kubelet' acts as kubelet against a running driver (java -jar driver-app.jar "
							+ "kubelet --help).");
		spec.parser().unmatchedArgumentsAllowed(true).unmatchedOptionsArePositionalParams(false);
		for (Flag flag : FLAGS) {
			String label = switch (flag.kind()) {
				case BOOLEAN -> "BOOL";
				case DURATION -> "DURATION";
				case INTEGER -> "INT";
				case STRING, IGNORED -> "VALUE";
			};
			OptionSpec.Builder option = OptionSpec.builder("--" + flag.name(), "-" + flag.name())
				.type(String.class)
				.paramLabel(label)
				.description(flag.description() + " (default: " + flag.defaultValue() + ")");
			if (flag.kind() == BOOLEAN) {
				option.arity("0..1").fallbackValue("true");
			}
			spec.addOption(option.build());
		}
		spec.addOption(OptionSpec.builder("--version", "-version").description("print the version and exit").build());
		spec.addOption(
				OptionSpec.builder("--help", "-help", "-h").usageHelp(true).description("print this help").build());
		return spec;
	}

	/**
	 * The outcome of parsing.
	 *
	 * @param properties the Spring properties set by the flags given
	 * @param springArguments arguments passed on to Spring unchanged
	 * @param version whether {@code --version} was given
	 * @param help whether {@code --help} was given
	 */
	public record ParsedFlags(Map<String, String> properties, List<String> springArguments, boolean version,
			boolean help) {

		/**
		 * The arguments to start Spring with: each property as {@code --key=value}, then
		 * the pass-through ones.
		 */
		public String[] toSpringArguments() {
			List<String> arguments = new ArrayList<>();
			this.properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
			arguments.addAll(this.springArguments);
			return arguments.toArray(String[]::new);
		}

	}

}
