/**
 * The provider SPI: what an in-process secret provider implements. Plain Java, no
 * framework types, so a provider can be used by the driver, served as a remote plugin,
 * and tested without Spring.
 */
package dev.secretsstore.provider;
