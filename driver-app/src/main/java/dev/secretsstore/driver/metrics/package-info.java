/**
 * Metrics with the Go driver's names as Prometheus scrapes them, served at
 * {@code /metrics} on the metrics address.
 */
package dev.secretsstore.driver.metrics;
