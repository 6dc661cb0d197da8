/**
 * The upstream v1alpha1 provider plugin protocol over a Unix socket: {@link PluginClient}
 * calls a remote plugin as a {@link dev.secretsstore.provider.SecretProvider}, and
 * {@link PluginServer} serves any {@link dev.secretsstore.provider.SecretProvider} to a
 * driver, so plugins and providers work with this driver and with the Go driver alike.
 * {@link PluginLauncher} is a plugin process's {@code main}, with Go's flag syntax
 * ({@link GoFlagSet}).
 */
package dev.secretsstore.provider.plugin;
