package dev.secretsstore.provider.aws.objects;

import dev.secretsstore.provider.ProviderException;

/**
 * The Go provider's rules tying an object's name, ARN and {@code objectType} together.
 */
final class ObjectNames {

	private ObjectNames() {
	}

	/**
	 * The store of a primary object: from {@code objectType}, else from its ARN, which
	 * must name {@code region}.
	 */
	static ObjectType check(String name, String objectType, String region, String where) throws ProviderException {
		AwsArn arn = arn(name, region, where);
		if (objectType.isEmpty()) {
			if (arn == null) {
				throw ObjectParser.invalid(where + ": Must use objectType when a full ARN is not specified");
			}
			ObjectType fromArn = ObjectType.fromArnService(arn.service());
			if (fromArn == null) {
				throw ObjectParser.invalid(where + ": Invalid service in ARN: " + arn.service());
			}
			return fromArn;
		}
		ObjectType type = ObjectType.fromObjectType(objectType);
		if (type == null) {
			throw ObjectParser
				.invalid(where + ": Invalid objectType: " + objectType + " (must be secretsmanager or ssmparameter)");
		}
		if (arn != null && ObjectType.fromArnService(arn.service()) != type) {
			throw ObjectParser.invalid(where + ": objectType does not match ARN");
		}
		return type;
	}

	/**
	 * A failover object's name: an ARN must name the failover region and the primary's
	 * store, and a plain name needs the primary's {@code objectType}.
	 */
	static void checkFailover(String name, String objectType, ObjectType type, String region, String where)
			throws ProviderException {
		AwsArn arn = arn(name, region, where);
		if (arn == null && objectType.isEmpty()) {
			throw ObjectParser.invalid(where + ": Must use objectType when a full ARN is not specified");
		}
		if (arn != null && ObjectType.fromArnService(arn.service()) != type) {
			throw ObjectParser.invalid(where + ": objectType does not match ARN " + name);
		}
	}

	private static AwsArn arn(String name, String region, String where) throws ProviderException {
		if (!AwsArn.isArn(name)) {
			return null;
		}
		AwsArn arn = AwsArn.parse(name);
		if (arn == null) {
			throw ObjectParser.invalid(where + ": Invalid ARN format in object name: " + name);
		}
		if (!arn.region().equals(region)) {
			throw ObjectParser.invalid(where + ": ARN region must match region " + region + ": " + name);
		}
		return arn;
	}

}
