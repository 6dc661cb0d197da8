package dev.secretsstore.driver.standalone.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of the {@code objects} parameter of a SecretProviderClass for the
 * {@code local} provider.
 *
 * @param objectName the file's path relative to the provider's root
 * @param objectAlias the file name in the volume, {@code objectName} when empty
 * @param filePermission the file mode in octal, such as {@code "0640"}; the request's
 * default when empty
 */
@JsonIgnoreProperties(ignoreUnknown = false)
record LocalObject(String objectName, String objectAlias, String filePermission) {

	String fileName() {
		return (this.objectAlias != null && !this.objectAlias.isEmpty()) ? this.objectAlias : this.objectName;
	}

}
