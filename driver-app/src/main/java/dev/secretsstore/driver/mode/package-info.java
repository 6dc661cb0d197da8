/**
 * The driver's mode, cluster or standalone ({@code --standalone}), read in one place:
 * configurations select themselves with
 * {@link dev.secretsstore.driver.mode.ConditionalOnClusterMode} or
 * {@link dev.secretsstore.driver.mode.ConditionalOnStandaloneMode}, code with
 * {@link dev.secretsstore.driver.mode.DriverMode}.
 */
package dev.secretsstore.driver.mode;
