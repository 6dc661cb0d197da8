/**
 * The demo a newcomer runs with one command: the driver standalone, a SecretProviderClass
 * for the {@code local} provider, a folder of secrets, and one published volume to look
 * at.
 */
package dev.secretsstore.driver.standalone.demo;
