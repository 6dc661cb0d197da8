/**
 * Where mounted volumes are recorded so that nothing mounted is forgotten across restarts:
 * SecretProviderClassPodStatus objects in cluster mode, the same documents as YAML files in standalone mode.
 */
package dev.secretsstore.driver.status;
