/**
 * Reading the standalone SecretProviderClass folder safely: which entries may be opened,
 * how big they may be, and how each YAML document of a file is parsed on its own.
 */
package dev.secretsstore.driver.standalone.folder;
