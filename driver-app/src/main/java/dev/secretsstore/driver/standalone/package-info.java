/**
 * Running without a cluster: SecretProviderClasses from a folder, mount status in a
 * folder, the built-in {@code local} provider and the demo.
 */
package dev.secretsstore.driver.standalone;
