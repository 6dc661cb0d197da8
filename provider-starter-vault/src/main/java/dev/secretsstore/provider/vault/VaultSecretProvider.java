package dev.secretsstore.provider.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.SharedKeys;
import dev.secretsstore.provider.vault.client.VaultHttpClients;
import dev.secretsstore.provider.vault.client.VaultSession;
import dev.secretsstore.provider.vault.client.VaultSessionKey;
import dev.secretsstore.provider.vault.client.VaultSessions;
import dev.secretsstore.provider.vault.lease.LeaseRenewal;
import dev.secretsstore.provider.vault.lease.Leases;
import dev.secretsstore.provider.vault.lease.VolumeLeases;
import dev.secretsstore.provider.vault.objects.VaultParameters;
import dev.secretsstore.provider.vault.version.VersionKey;

/**
 * The HashiCorp Vault provider, named {@code vault}: reads the Go provider's
 * SecretProviderClass parameters, logs in with the pod's service-account token, and
 * returns one file per object. Creating it touches neither the network nor the disk;
 * clients are made on the first mount that needs them.
 */
public class VaultSecretProvider implements SecretProvider {

	/** The provider name a SecretProviderClass selects. */
	public static final String NAME = "vault";

	private static final String POM_PROPERTIES = "/META-INF/maven/dev.secretsstore/provider-starter-vault/pom.properties";

	private final VaultProviderProperties properties;

	private final VaultSessions sessions;

	private final VersionKey versionKey;

	private final Clock clock;

	private final Leases leases;

	private final LeaseRenewal leaseRenewal;

	private final KvMetadataChecks kvChecks;

	/**
	 * A provider without a cluster to keep a version key in: objects get empty versions
	 * unless {@code version-key} is set.
	 */
	public VaultSecretProvider(VaultProviderProperties properties) {
		this(properties, SharedKeys.NONE);
	}

	/**
	 * @param sharedKeys where the Go provider's HMAC key is got or created
	 * ({@link SharedKeys#NONE} for nowhere)
	 */
	public VaultSecretProvider(VaultProviderProperties properties, SharedKeys sharedKeys) {
		this(properties, sharedKeys, Clock.systemUTC());
	}

	/**
	 * @param clock decides when cached Vault tokens expire
	 */
	VaultSecretProvider(VaultProviderProperties properties, SharedKeys sharedKeys, Clock clock) {
		this.properties = properties;
		this.clock = clock;
		this.sessions = new VaultSessions(properties.clientCacheSize(),
				new VaultHttpClients(properties.connectTimeout(), properties.readTimeout()), clock);
		this.versionKey = new VersionKey(properties.versionKey(), sharedKeys, properties.hmacSecretName());
		this.leases = new Leases(Leases.MAX_SIZE, clock);
		this.leaseRenewal = new LeaseRenewal(clock);
		this.kvChecks = properties.kvMetadataChecks() ? new KvMetadataChecks(true, Ticker.systemTicker())
				: KvMetadataChecks.OFF;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean sharesResponsesAcrossPods() {
		// Vault sees the pod only through its service-account token: pods of one service
		// account log in with the same
		// role and get the same policies, and no parameter names the pod. A dynamic
		// secret is the exception, known only
		// once read (its lease_id): those answers are marked per pod, and the driver does
		// not share them
		return true;
	}

	/**
	 * The Vault server: a volume's {@code vaultAddress}, else the configured address.
	 */
	@Override
	public String store(Map<String, String> parameters) {
		String address = parameters.getOrDefault("vaultAddress", "").trim();
		return address.isEmpty() ? this.properties.address() : address;
	}

	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		VaultParameters parameters = VaultParameters.parse(withTokens(request));
		String audience = parameters.audience().isEmpty() ? this.properties.audience() : parameters.audience();
		String jwt = parameters.token(audience).orElseThrow(() -> missingToken(audience));
		VaultSessionKey key = sessionKey(parameters, audience, jwt);
		VaultSession session;
		try {
			session = this.sessions.get(key);
		}
		catch (IllegalArgumentException ex) {
			throw new ProviderException(Reason.INVALID_PARAMETERS, VaultParameters.INVALID, ex.getMessage(), ex);
		}
		// once per mount, as the Go provider gets its key
		return new VaultMount(session, jwt, this.versionKey.get(), this.clock, volumeLeases(parameters, request, key),
				this.kvChecks)
			.fetch(parameters.objects(), request);
	}

	/**
	 * How many dynamic secrets the provider holds for volumes now; for tests.
	 */
	int leaseCount() {
		return this.leases.size();
	}

	private VolumeLeases volumeLeases(VaultParameters parameters, MountRequest request, VaultSessionKey key) {
		String uid = parameters.pod().uid();
		Leases.Volume volume = uid.isEmpty() ? null : new Leases.Volume(uid, request.targetPath());
		return new VolumeLeases(this.leases, this.leaseRenewal, volume, key, this.clock);
	}

	/**
	 * This module's version, from the Maven metadata in its jar.
	 */
	@Override
	public ProviderVersion version() {
		Properties pom = new Properties();
		try (InputStream in = VaultSecretProvider.class.getResourceAsStream(POM_PROPERTIES)) {
			if (in != null) {
				pom.load(in);
			}
		}
		catch (IOException ex) {
			// the version only serves health checks
		}
		return new ProviderVersion("vault-csi-provider-java", pom.getProperty("version", "unknown"));
	}

	@Override
	public String toString() {
		return "VaultSecretProvider[" + this.properties + "]";
	}

	/**
	 * Newer kubelets can pass the tokens with the secrets instead of the volume context.
	 */
	private static Map<String, String> withTokens(MountRequest request) {
		String tokens = request.secrets().get(MountRequest.SERVICE_ACCOUNT_TOKENS);
		if (tokens == null || request.attributes().containsKey(MountRequest.SERVICE_ACCOUNT_TOKENS)) {
			return request.attributes();
		}
		Map<String, String> attributes = new HashMap<>(request.attributes());
		attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens);
		return attributes;
	}

	private VaultSessionKey sessionKey(VaultParameters parameters, String audience, String jwt) {
		String address = parameters.vaultAddress().isEmpty() ? this.properties.address() : parameters.vaultAddress();
		String namespace = parameters.vaultNamespace().isEmpty() ? this.properties.namespace()
				: parameters.vaultNamespace();
		String mount = parameters.authMountPath().isEmpty() ? this.properties.authMountPath()
				: parameters.authMountPath();
		String identity = parameters.pod().uid().isEmpty() ? "token:" + digest(jwt) : parameters.pod().uid();
		return new VaultSessionKey(address, namespace, mount, parameters.roleName(), audience,
				parameters.tls().over(this.properties.tls().toVaultTls()), parameters.pod().namespace(),
				parameters.pod().name(), identity);
	}

	private static String digest(String jwt) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(jwt.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private static ProviderException missingToken(String audience) {
		return new ProviderException(Reason.INVALID_PARAMETERS, "MissingServiceAccountToken",
				"no service-account token for audience '" + audience + "' in the volume context ("
						+ MountRequest.SERVICE_ACCOUNT_TOKENS + "): add {audience: " + audience
						+ "} to spec.tokenRequests of the CSIDriver secrets-store.csi.k8s.io, or set 'audience' to one "
						+ "it requests; this provider does not create tokens itself");
	}

}
