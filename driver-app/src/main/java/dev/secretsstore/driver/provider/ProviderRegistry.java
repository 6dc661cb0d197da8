package dev.secretsstore.driver.provider;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.secretsstore.provider.ProviderNames;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.plugin.PluginClient;
import dev.secretsstore.provider.plugin.PluginClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds providers by name: an in-process {@link SecretProvider} bean first, else a remote
 * plugin listening on {@code
 *
<dir>
 * /<name>.sock}, searching the additional folders before the main one as the Go driver
 * does. One client per plugin is kept and reused; it is replaced when the plugin's socket
 * moves.
 */
public class ProviderRegistry implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ProviderRegistry.class);

	private final Map<String, SecretProvider> inProcess;

	private final List<Path> socketFolders;

	private final PluginClientOptions options;

	private final Map<String, PluginClient> plugins = new ConcurrentHashMap<>();

	/**
	 * @param inProcess the in-process providers; their names must be valid and unique
	 * @param socketFolders where plugin sockets are searched, in order
	 * @param options how plugins are called
	 */
	public ProviderRegistry(Collection<SecretProvider> inProcess, List<Path> socketFolders,
			PluginClientOptions options) {
		this.inProcess = inProcess.stream()
			.peek(ProviderRegistry::requireValidName)
			.collect(Collectors.toMap(SecretProvider::name, Function.identity(), (a, b) -> {
				throw new IllegalStateException("two in-process providers are named '" + a.name() + "'");
			}, LinkedHashMap::new));
		this.socketFolders = List.copyOf(socketFolders);
		this.options = options;
	}

	/**
	 * The provider named {@code name}.
	 * @throws ProviderLookupException when the name is invalid or no provider has it
	 */
	public SecretProvider get(String name) throws ProviderLookupException {
		if (!ProviderNames.isValid(name)) {
			throw new ProviderLookupException("invalid provider name \"" + name + "\": it must match "
					+ ProviderNames.PATTERN.pattern() + " and not be empty", true);
		}
		SecretProvider provider = this.inProcess.get(name);
		if (provider != null) {
			return provider;
		}
		Path socket = findSocket(name).orElseThrow(() -> new ProviderLookupException(
				"provider \"" + name + "\" is not installed: no in-process provider has that name and no socket " + name
						+ ".sock is in " + this.socketFolders,
				false));
		return this.plugins.compute(name, (key, existing) -> {
			if (existing != null && existing.socket().equals(socket)) {
				return existing;
			}
			if (existing != null) {
				existing.close();
			}
			logger.info("Using provider plugin {} at {}", name, socket);
			return new PluginClient(name, socket, this.options);
		});
	}

	/**
	 * The in-process providers, by name.
	 */
	public Map<String, SecretProvider> inProcessProviders() {
		return Map.copyOf(this.inProcess);
	}

	/**
	 * The names of the plugins whose sockets are in the socket folders now, sorted.
	 */
	public SortedSet<String> installedPlugins() {
		SortedSet<String> names = new TreeSet<>();
		for (Path folder : this.socketFolders) {
			if (!Files.isDirectory(folder)) {
				continue;
			}
			try (DirectoryStream<Path> sockets = Files.newDirectoryStream(folder, "*.sock")) {
				for (Path socket : sockets) {
					String name = socket.getFileName().toString().replaceFirst("\\.sock$", "");
					if (ProviderNames.isValid(name)) {
						names.add(name);
					}
				}
			}
			catch (IOException ex) {
				logger.warn("Cannot list provider sockets in {}: {}", folder, ex.getMessage());
			}
		}
		return names;
	}

	private Optional<Path> findSocket(String name) {
		return this.socketFolders.stream()
			.map((folder) -> folder.resolve(name + ".sock"))
			.filter(Files::exists)
			.findFirst();
	}

	private static void requireValidName(SecretProvider provider) {
		if (!ProviderNames.isValid(provider.name())) {
			throw new IllegalStateException("in-process provider " + provider.getClass().getName()
					+ " has an invalid name \"" + provider.name() + "\"");
		}
	}

	@Override
	public void close() {
		this.plugins.values().forEach(PluginClient::close);
		this.plugins.clear();
	}

}
