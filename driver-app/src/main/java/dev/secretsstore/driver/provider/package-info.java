/**
 * Finding the provider a SecretProviderClass names: an in-process {@code SecretProvider}
 * bean first, else a remote plugin's socket {@code
 *
<dir>
 * /<name>.sock}.
 */
package dev.secretsstore.driver.provider;
