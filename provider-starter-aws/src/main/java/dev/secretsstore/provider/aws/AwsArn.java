package dev.secretsstore.provider.aws;

/**
 * The parts of an ARN ({@code arn:partition:service:region:account:resource}) that object validation needs.
 *
 * @param service such as {@code secretsmanager} or {@code ssm}
 * @param region the region the ARN names, possibly empty
 */
record AwsArn(String service, String region) {

	private static final int SECTIONS = 6;

	/**
	 * Whether {@code name} is meant as an ARN, as the Go provider decides: by its prefix.
	 */
	static boolean isArn(String name) {
		return name.startsWith("arn:");
	}

	/**
	 * The ARN's service and region, or {@code null} when it has fewer than six sections.
	 */
	static AwsArn parse(String name) {
		String[] sections = name.split(":", SECTIONS);
		return (sections.length < SECTIONS) ? null : new AwsArn(sections[2], sections[3]);
	}

}
