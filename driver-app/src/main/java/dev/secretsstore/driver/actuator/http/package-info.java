/**
 * Actuator's web endpoints served on the JDK's HTTP server, without a servlet container
 * or Spring MVC. Reads are open; a request that changes something runs only with a
 * {@link dev.secretsstore.driver.actuator.http.WriteAuthorizer WriteAuthorizer}'s
 * consent.
 */
package dev.secretsstore.driver.actuator.http;
