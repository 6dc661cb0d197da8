/**
 * The driver's command line: the Go driver's flags with its defaults, translated into
 * Spring properties.
 */
package dev.secretsstore.driver.flags;
