package dev.secretsstore.provider.aws.objects;

import java.util.List;

/**
 * One entry of the {@code objects} parameter, validated; strings the SecretProviderClass
 * leaves out are empty.
 *
 * @param objectName the secret's or parameter's name, or its full ARN
 * @param objectType the store, from {@code objectType} or the ARN
 * @param objectAlias the file name before path translation, or empty for the object name
 * @param objectVersion the Secrets Manager {@code VersionId} or SSM version number to
 * pin, or empty
 * @param objectVersionLabel the Secrets Manager version stage or SSM label to pin, or
 * empty
 * @param filePermission the file's mode, or {@code null} for the driver's
 * @param jmesPath the JSON keys mounted as files of their own
 * @param failoverObject what to fetch in the failover region instead;
 * {@link FailoverObject#NONE} when not set
 * @param fileName the file's path in the volume: alias or name, path-translated; also the
 * object version id
 */
public record AwsObject(String objectName, ObjectType objectType, String objectAlias, String objectVersion,
		String objectVersionLabel, Integer filePermission, List<JmesPathEntry> jmesPath, FailoverObject failoverObject,
		String fileName) {

	public AwsObject {
		jmesPath = List.copyOf(jmesPath);
	}

	/**
	 * The name to ask for in the primary region, or in the failover region when
	 * {@code failover}.
	 */
	public String nameIn(boolean failover) {
		return (failover && !this.failoverObject.objectName().isEmpty()) ? this.failoverObject.objectName()
				: this.objectName;
	}

	/**
	 * The pinned version in the primary region, or in the failover region when
	 * {@code failover}; may be empty.
	 */
	public String versionIn(boolean failover) {
		return (failover && !this.failoverObject.objectVersion().isEmpty()) ? this.failoverObject.objectVersion()
				: this.objectVersion;
	}

	/**
	 * The pinned label in the primary region, or in the failover region when
	 * {@code failover}; may be empty.
	 */
	public String labelIn(boolean failover) {
		return (failover && !this.failoverObject.objectVersionLabel().isEmpty())
				? this.failoverObject.objectVersionLabel() : this.objectVersionLabel;
	}

}
