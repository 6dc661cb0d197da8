package dev.secretsstore.driver.flags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.plugin.GoFlagSet;

import static dev.secretsstore.driver.flags.Flag.Kind.BOOLEAN;
import static dev.secretsstore.driver.flags.Flag.Kind.DURATION;
import static dev.secretsstore.driver.flags.Flag.Kind.INTEGER;
import static dev.secretsstore.driver.flags.Flag.Kind.STRING;

/**
 * The driver's flags: the Go driver's, with its names and defaults, plus ours, read by
 * {@link GoFlagSet} as Go's flag package reads them: {@code --name=value},
 * {@code --name value}, {@code -name=value}, {@code -name value}, and a boolean bare
 * ({@code --name}) or with {@code =} ({@code --name=false}), never with its value in the
 * next argument. Only flags actually given become properties, so the properties' own
 * defaults (equal to the Go defaults, which a test checks) apply otherwise. Arguments
 * such as {@code --spring.x=y} or {@code --secrets-store.x=y} pass straight to Spring.
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
			new Flag("enable-pprof", "secrets-store.ignored.enable-pprof", BOOLEAN, "false",
					"accepted for compatibility; a JVM has no pprof (use Actuator's heapdump and threaddump)"),
			new Flag("pprof-port", "secrets-store.ignored.pprof-port", INTEGER, "6065", "accepted for compatibility"),
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

	private static final String PROGRAM = "java -jar driver-app.jar";

	private DriverFlags() {
	}

	/**
	 * Parses {@code args}.
	 * @throws IllegalArgumentException naming the flag or value at fault, in Go's words
	 */
	public static ParsedFlags parse(String... args) {
		Declared declared = declare();
		try {
			declared.flags.parse(args);
		}
		catch (GoFlagSet.FlagException ex) {
			if (ex.isHelp()) {
				return new ParsedFlags(Map.of(), List.of(), false, true);
			}
			throw ex;
		}
		Map<String, String> properties = new LinkedHashMap<>();
		for (int i = 0; i < FLAGS.size(); i++) {
			GoFlagSet.Flag<?> given = declared.values.get(i);
			if (given.isSet()) {
				properties.put(FLAGS.get(i).property(), String.valueOf(given.value()));
			}
		}
		return new ParsedFlags(properties, List.copyOf(declared.springArguments), declared.version.value(), false);
	}

	/**
	 * The usage text, listing every flag with its default, as Go's flag package lists
	 * them.
	 */
	public static String usage() {
		return "Secrets Store CSI driver: mounts secrets from external stores into pods and rotates them.\n"
				+ "Subcommand: 'kubelet' acts as kubelet against a running driver (" + PROGRAM + " kubelet --help).\n"
				+ declare().flags.usage();
	}

	/**
	 * A flag set of the driver's flags; one for each parse, as a flag set keeps what it
	 * read.
	 */
	private static Declared declare() {
		GoFlagSet flags = new GoFlagSet(PROGRAM);
		List<GoFlagSet.Flag<?>> values = FLAGS.stream().<GoFlagSet.Flag<?>>map((flag) -> flag.declare(flags)).toList();
		GoFlagSet.Flag<Boolean> version = flags.bool("version", false, "print the version and exit");
		List<String> springArguments = flags.passThrough(DriverFlags::isSpringProperty, "--<name.with.a.dot>=<value>",
				"any Spring property, such as --secrets-store.provider.local.root=/srv/secrets");
		return new Declared(flags, values, version, springArguments);
	}

	private static boolean isSpringProperty(String argument) {
		return argument.startsWith("--") && argument.substring(2).split("=", 2)[0].contains(".");
	}

	/**
	 * @param values the flags of {@link #FLAGS}, in its order
	 */
	private record Declared(GoFlagSet flags, List<GoFlagSet.Flag<?>> values, GoFlagSet.Flag<Boolean> version,
			List<String> springArguments) {
	}

	/**
	 * The outcome of parsing.
	 *
	 * @param properties the Spring properties set by the flags given
	 * @param springArguments arguments passed on to Spring unchanged
	 * @param version whether {@code --version} was given
	 * @param help whether {@code -h}, {@code -help} or {@code --help} was given: then
	 * nothing else is set
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
