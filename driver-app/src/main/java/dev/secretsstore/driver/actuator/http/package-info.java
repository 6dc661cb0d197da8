/**
 * Actuator's web endpoints served on the JDK's HTTP server, without a servlet container or Spring MVC.
 */
package dev.secretsstore.driver.actuator.http;
