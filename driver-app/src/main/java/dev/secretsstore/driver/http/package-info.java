/**
 * The driver's own small HTTP ports (the management port, the change webhook) on the
 * JDK's HTTP server, without a web stack (ADR 5): a bounded server and its query
 * parameters. Depends on nothing else of the driver.
 */
@NullMarked
package dev.secretsstore.driver.http;

import org.jspecify.annotations.NullMarked;
