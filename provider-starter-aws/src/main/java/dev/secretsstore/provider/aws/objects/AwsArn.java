package dev.secretsstore.provider.aws.objects;

/**
 * The parts of an ARN ({@code arn:partition:service:region:account:resource}) that object
 * validation needs.
 *
 * @param service such as {@code secretsmanager} or {@code ssm}
 * @param region the region the ARN names, possibly empty
 */
public record AwsArn(String service, String region) {

	private static final int SECTIONS = 6;

	/**
	 * Whether {@code name} is meant as an ARN, as the Go provider decides: by its prefix.
	 */
	static boolean isArn(String name) {
		return name.startsWith("arn:");
	}

	/**
	 * The secret name a Secrets Manager ARN or name refers to: an ARN's resource without
	 * {@code secret:} and without the six characters Secrets Manager appends
	 * ({@code arn:...:secret:db-AbCdEf} is {@code db}); a name as it is.
	 */
	public static String secretName(String nameOrArn) {
		if (!isArn(nameOrArn)) {
			return nameOrArn;
		}
		String[] sections = nameOrArn.split(":", SECTIONS + 1);
		if (sections.length < SECTIONS + 1 || !sections[5].equals("secret")) {
			return nameOrArn;
		}
		String resource = sections[6];
		int suffix = resource.length() - 7;
		return (suffix > 0 && resource.charAt(suffix) == '-') ? resource.substring(0, suffix) : resource;
	}

	/**
	 * The ARN's service and region, or {@code null} when it has fewer than six sections.
	 */
	static AwsArn parse(String name) {
		String[] sections = name.split(":", SECTIONS);
		return (sections.length < SECTIONS) ? null : new AwsArn(sections[2], sections[3]);
	}

}
