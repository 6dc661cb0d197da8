/**
 * The Kubernetes side of the driver, the only package that uses client-java: cluster
 * mode's wiring to the API server, the SecretProviderClass watch, the watch of this
 * node's pods that Secret sync, reload hooks and restarts share ({@code NodePods}), the
 * SecretProviderClassPodStatus store, token minting and reviews, and under it
 * {@code events} and {@code sync}. Each implements a port the core owns
 * ({@code model.SecretProviderClasses}, {@code status.MountStatusStore},
 * {@code rotation.tokens.TokenMinter}, ...); the core never depends on it.
 */
package dev.secretsstore.driver.kubernetes;
