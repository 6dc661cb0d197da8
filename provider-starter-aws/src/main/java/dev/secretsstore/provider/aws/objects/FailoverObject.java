package dev.secretsstore.provider.aws.objects;

/**
 * What to fetch instead in the failover region ({@code failoverObject}); empty fields
 * fall back to the primary's.
 *
 * @param objectName the secret or parameter in the failover region, a name or an ARN of
 * that region
 * @param objectVersion must equal the primary's {@code objectVersion}
 * @param objectVersionLabel the version stage or parameter label in the failover region
 */
public record FailoverObject(String objectName, String objectVersion, String objectVersionLabel) {

	/**
	 * No failover object: the primary's name, version and label are used in both regions.
	 */
	public static final FailoverObject NONE = new FailoverObject("", "", "");

}
