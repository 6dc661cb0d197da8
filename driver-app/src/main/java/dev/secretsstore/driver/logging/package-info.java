/**
 * Text from outside the driver made safe to quote: bounded in length, and in text logs
 * with its control characters escaped, so that no request, provider or file can forge a
 * log line.
 */
package dev.secretsstore.driver.logging;
