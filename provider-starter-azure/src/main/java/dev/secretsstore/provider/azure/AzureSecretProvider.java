package dev.secretsstore.provider.azure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.azure.core.http.HttpClient;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.StoreChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure Key Vault provider, named {@code azure}, which reads the Go provider's
 * SecretProviderClass parameters, authenticates with workload identity or a service
 * principal, and returns one file per object, touching neither the network nor the disk
 * before the first mount.
 */
public class AzureSecretProvider implements SecretProvider {

	/** The provider name a SecretProviderClass selects. */
	public static final String NAME = "azure";

	private static final Logger log = LoggerFactory.getLogger(AzureSecretProvider.class);

	private static final String POM_PROPERTIES = "/META-INF/maven/dev.secretsstore/provider-starter-azure/pom.properties";

	private final AzureProviderProperties properties;

	private final VaultClientCache clients;

	private volatile HttpClient http;

	public AzureSecretProvider(AzureProviderProperties properties) {
		this.properties = properties;
		this.clients = new VaultClientCache(properties.clientCacheSize(), properties.clientCacheTtl(),
				Clock.systemUTC(), Ticker.systemTicker());
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean sharesResponsesAcrossPods() {
		// workload identity and service principals depend on the service account or
		// kubelet's secrets, not on the pod
		// (pod identity, which did, is refused)
		return true;
	}

	/**
	 * Whether the volume reads from the vault an Event Grid notification names (vault
	 * names are case-insensitive) an object of the changed name.
	 */
	@Override
	public boolean reads(Map<String, String> parameters, StoreChange change) {
		String vault = parameters.getOrDefault("keyvaultName", "").trim();
		return (change.store().isEmpty() || change.store().equalsIgnoreCase(vault)) && change.appearsIn(parameters);
	}

	/**
	 * The Key Vault: its request limit (4,000 secret reads per 10 s) is per vault.
	 */
	@Override
	public String store(Map<String, String> parameters) {
		String cloud = parameters.getOrDefault("cloudName", "");
		return parameters.getOrDefault("keyvaultName", "").trim() + (cloud.isBlank() ? "" : " (" + cloud.trim() + ")");
	}

	/**
	 * Fetches every object of the volume, or fails as a whole so a rotation never mounts
	 * half the objects; an object written to several files (say as PEM and as PFX)
	 * reports one version.
	 */
	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		AzureParameters parameters = AzureParameters.parse(request.attributes());
		AzureCredential credential = AzureCredential.of(parameters, request);
		String vaultUrl = this.properties.vaultUrl(parameters.keyvaultName(), parameters.cloud());
		String authorityHost = this.properties.authorityHost(parameters.cloud());
		VaultClients vault;
		try {
			vault = this.clients.get(vaultUrl, authorityHost, credential, () -> VaultClients.create(vaultUrl,
					authorityHost, credential, http(), this.properties.maxRetries()));
		}
		catch (IllegalStateException ex) {
			throw new ProviderException(ProviderException.Reason.FAILED, "InvalidConfiguration", ex.getMessage(), ex);
		}
		Map<String, String> versions = new LinkedHashMap<>();
		List<SecretFile> files = new ArrayList<>();
		for (AzureObject object : parameters.objects()) {
			KeyVaultReader.Fetched fetched;
			try {
				fetched = KeyVaultReader.fetch(vault, object);
			}
			catch (RuntimeException ex) {
				ProviderException failure = AzureErrors.of(ex, object, parameters.keyvaultName());
				log.debug("Fetching {} from {} failed: {}", object.describe(), vaultUrl, failure.getMessage());
				throw failure;
			}
			int mode = (object.filePermission() != 0) ? object.filePermission() : request.permission();
			files.add(new SecretFile(object.fileName(), mode, fetched.contents()));
			String earlier = versions.putIfAbsent(object.versionId(), fetched.version());
			if (earlier != null && !earlier.equals(fetched.version())) {
				throw new RetryableProviderException("ChangedDuringMount", object.describe() + " in vault '"
						+ parameters.keyvaultName() + "' changed version while it was mounted; mount again");
			}
		}
		List<ObjectVersion> objectVersions = new ArrayList<>();
		versions.forEach((id, version) -> objectVersions.add(new ObjectVersion(id, version)));
		return new MountResponse(objectVersions, files);
	}

	@Override
	public ProviderVersion version() {
		Properties pom = new Properties();
		try (InputStream in = AzureSecretProvider.class.getResourceAsStream(POM_PROPERTIES)) {
			if (in != null) {
				pom.load(in);
			}
		}
		catch (IOException ex) {
			// the version only serves health checks
		}
		return new ProviderVersion("azure-csi-provider-java", pom.getProperty("version", "unknown"));
	}

	/**
	 * How many (vault, credential) clients are cached now.
	 */
	int cachedClients() {
		return this.clients.size();
	}

	@Override
	public String toString() {
		return "AzureSecretProvider[" + this.properties + "]";
	}

	private HttpClient http() {
		HttpClient client = this.http;
		if (client == null) {
			synchronized (this) {
				if (this.http == null) {
					this.http = AzureHttpClients.create(this.properties);
				}
				client = this.http;
			}
		}
		return client;
	}

}
