/**
 * The built-in {@code local} provider: secrets read from files under one root folder.
 */
package dev.secretsstore.driver.standalone.local;
