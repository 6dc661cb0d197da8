package dev.secretsstore.provider.aws.objects;

/**
 * The AWS store an object comes from, named as the SecretProviderClass names it in
 * {@code objectType}.
 */
public enum ObjectType {

	/**
	 * AWS Secrets Manager: {@code objectType: secretsmanager}, or an ARN of service
	 * {@code secretsmanager}.
	 */
	SECRETS_MANAGER("secretsmanager"),

	/**
	 * SSM Parameter Store: {@code objectType: ssmparameter}, or an ARN of service
	 * {@code ssm}.
	 */
	SSM_PARAMETER("ssmparameter");

	private final String parameterValue;

	ObjectType(String parameterValue) {
		this.parameterValue = parameterValue;
	}

	/**
	 * The value of {@code objectType} that selects this store.
	 */
	public String parameterValue() {
		return this.parameterValue;
	}

	/**
	 * The store an {@code objectType} value names; only the two documented values, as the
	 * Go provider accepts them.
	 */
	static ObjectType fromObjectType(String value) {
		for (ObjectType type : values()) {
			if (type.parameterValue.equals(value)) {
				return type;
			}
		}
		return null;
	}

	/**
	 * The store an ARN's service names, where the Go provider also accepts {@code ssm}.
	 */
	static ObjectType fromArnService(String service) {
		return "ssm".equals(service) ? SSM_PARAMETER : fromObjectType(service);
	}

}
