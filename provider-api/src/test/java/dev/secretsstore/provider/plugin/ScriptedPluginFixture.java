package dev.secretsstore.provider.plugin;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@link ScriptedPlugin} served on a fresh socket with a {@link PluginClient} connected
 * to it; closing it stops both and deletes the folder.
 */
final class ScriptedPluginFixture implements AutoCloseable {

	final Path directory = PluginTestSupport.socketDirectory();

	final Path socket = this.directory.resolve("p.sock");

	final ScriptedPlugin plugin = new ScriptedPlugin();

	final PluginServer server;

	final PluginClient client;

	ScriptedPluginFixture() throws IOException {
		this.server = new PluginServer(this.socket, this.plugin.definition(), "scripted").start();
		this.client = client(PluginTestSupport.fastOptions());
	}

	/**
	 * Another client of the plugin; the caller closes it.
	 */
	PluginClient client(PluginClientOptions options) {
		return new PluginClient("scripted", this.socket, options);
	}

	@Override
	public void close() throws IOException {
		this.client.close();
		this.server.close();
		PluginTestSupport.delete(this.directory);
	}

}
