/**
 * Actuator endpoints of the driver: mounted volumes ({@code secretmounts}), rotation
 * events and rotation on demand ({@code rotations}), and providers
 * ({@code secretproviders}).
 */
package dev.secretsstore.driver.actuator;
