package dev.secretsstore.provider.aws.objects;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.secretsstore.provider.ProviderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SecretProviderClass parameters of the Go AWS provider, parsed and validated once at
 * the boundary.
 *
 * @param region the primary region
 * @param failoverRegion the failover region, or empty
 * @param pathTranslation what replaces '/' in file names, or {@code null} when
 * {@code pathTranslation: "False"}
 * @param usePodIdentity EKS Pod Identity when true, IRSA otherwise
 * @param preferredAddressType which Pod Identity Agent address to use
 * @param objects the objects to mount, in declaration order, at least one
 */
public record AwsParameters(String region, String failoverRegion, String pathTranslation, boolean usePodIdentity,
		AddressType preferredAddressType, List<AwsObject> objects) {

	/** Parameter names, as SecretProviderClasses of the Go provider spell them. */
	public static final String OBJECTS = "objects", REGION = "region", FAILOVER_REGION = "failoverRegion",
			PATH_TRANSLATION = "pathTranslation", USE_POD_IDENTITY = "usePodIdentity",
			PREFERRED_ADDRESS_TYPE = "preferredAddressType";

	private static final Logger log = LoggerFactory.getLogger(AwsParameters.class);

	/** Regions become host names: letters, digits and inner dashes only. */
	private static final Pattern REGION_NAME = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

	public AwsParameters {
		objects = List.copyOf(objects);
	}

	/**
	 * Parses the parameters of one mount.
	 * @param attributes the mount's attributes: SecretProviderClass parameters and volume
	 * context
	 * @param defaultRegion the region when the parameters set none, or {@code null}
	 * @throws ProviderException INVALID_PARAMETERS naming the parameter at fault
	 */
	public static AwsParameters parse(Map<String, String> attributes, String defaultRegion) throws ProviderException {
		String region = attributes.getOrDefault(REGION, "");
		if (region.isEmpty()) {
			region = (defaultRegion != null) ? defaultRegion : "";
		}
		if (region.isEmpty()) {
			throw ObjectParser.invalid("region is not set: set the SecretProviderClass parameter region, the property "
					+ "secrets-store.provider.aws.region or the environment variable AWS_REGION");
		}
		checkRegion(region, REGION);
		String failoverRegion = attributes.getOrDefault(FAILOVER_REGION, "");
		List<String> regions = new ArrayList<>(List.of(region));
		if (!failoverRegion.isEmpty()) {
			checkRegion(failoverRegion, FAILOVER_REGION);
			if (failoverRegion.equals(region)) {
				throw ObjectParser.invalid(
						region + ": failover region cannot be the same as the primary region " + "(failoverRegion)");
			}
			regions.add(failoverRegion);
		}
		boolean usePodIdentity = parseBool(attributes.getOrDefault(USE_POD_IDENTITY, ""));
		AddressType addressType = AddressType.parse(attributes.getOrDefault(PREFERRED_ADDRESS_TYPE, ""));
		String translation = translation(attributes.getOrDefault(PATH_TRANSLATION, ""));
		ObjectParser parser = new ObjectParser(regions, translation);
		DuplicateRules duplicates = new DuplicateRules();
		List<AwsObject> objects = new ArrayList<>();
		List<Map<String, Object>> maps = ObjectsYaml.read(attributes.getOrDefault(OBJECTS, ""));
		for (int i = 0; i < maps.size(); i++) {
			AwsObject object = parser.parse(maps.get(i), OBJECTS + "[" + i + "]");
			duplicates.add(object, OBJECTS + "[" + i + "] (" + object.objectName() + ")");
			objects.add(object);
		}
		if (objects.isEmpty()) {
			throw ObjectParser.invalid("objects is empty: list at least one object to mount");
		}
		return new AwsParameters(region, failoverRegion, translation, usePodIdentity, addressType, objects);
	}

	/**
	 * The regions to try, primary first.
	 */
	public List<String> regions() {
		return this.failoverRegion.isEmpty() ? List.of(this.region) : List.of(this.region, this.failoverRegion);
	}

	private static void checkRegion(String region, String parameter) throws ProviderException {
		if (region.length() > 63 || !REGION_NAME.matcher(region).matches()) {
			throw ObjectParser.invalid(parameter + " '" + region + "' is not a region name such as us-east-1");
		}
	}

	/** Go's strconv.ParseBool, which the Go provider uses; empty means IRSA. */
	private static boolean parseBool(String value) throws ProviderException {
		return switch (value) {
			case "", "0", "f", "F", "false", "FALSE", "False" -> false;
			case "1", "t", "T", "true", "TRUE", "True" -> true;
			default ->
				throw ObjectParser.invalid("failed to parse usePodIdentity value '" + value + "': use true or false");
		};
	}

	private static String translation(String value) throws ProviderException {
		if (value.isEmpty()) {
			return "_";
		}
		if (value.toLowerCase(Locale.ROOT).equals("false")) {
			return null;
		}
		if (value.getBytes(StandardCharsets.UTF_8).length != 1) {
			throw ObjectParser.invalid("pathTranslation must be either 'False' or a single character string");
		}
		return value;
	}

	/**
	 * Which address of the EKS Pod Identity Agent to call.
	 */
	public enum AddressType {

		/** IPv4, then IPv6 when IPv4 cannot be reached. */
		AUTO,

		/** IPv4 only. */
		IPV4,

		/** IPv6 only. */
		IPV6;

		/** Case-insensitive; like the Go provider, an unknown value means AUTO. */
		static AddressType parse(String value) {
			return switch (value.toLowerCase(Locale.ROOT)) {
				case "ipv4" -> IPV4;
				case "ipv6" -> IPV6;
				case "", "auto" -> AUTO;
				default -> {
					log.warn("Unknown preferredAddressType '{}': trying IPv4, then IPv6", value);
					yield AUTO;
				}
			};
		}

	}

}
