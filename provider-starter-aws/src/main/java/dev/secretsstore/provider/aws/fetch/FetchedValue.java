package dev.secretsstore.provider.aws.fetch;

/**
 * The value of one object and the store's version of it.
 *
 * @param version the Secrets Manager VersionId or the SSM version number
 * @param value the secret's bytes
 */
record FetchedValue(String version, byte[] value) {

	@Override
	public String toString() {
		return "FetchedValue[version=" + this.version + ", size=" + this.value.length + "]";
	}

}
