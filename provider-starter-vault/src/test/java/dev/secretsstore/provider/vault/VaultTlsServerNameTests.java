package dev.secretsstore.provider.vault;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.vault.tls.VaultTls;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.POD_UID;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.podContext;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubRead;
import static dev.secretsstore.provider.vault.VaultTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code vaultTLSServerName} over real TLS: Vaults whose certificates do not carry the
 * host they are reached at.
 */
class VaultTlsServerNameTests {

	private static final String OBJECTS = "- objectName: pw\n  secretPath: secret/data/shop/db\n  secretKey: password";

	@TempDir
	static Path folder;

	private static String caPem;

	private static String otherCaDirectory;

	/** Certificate for vault.internal only. */
	private static WireMockServer internal;

	/** Certificate for *.internal only. */
	private static WireMockServer wildcard;

	/** Certificate for the IP address 192.0.2.10 only. */
	private static WireMockServer byAddress;

	/** Certificate for vault.internal from a CA that nothing trusts. */
	private static WireMockServer untrusted;

	@BeforeAll
	static void startVaults() throws Exception {
		TestCertificates ca = TestCertificates.ca("Server Name Test CA");
		TestCertificates otherCa = TestCertificates.ca("Other Test CA");
		caPem = ca.writePem(folder.resolve("ca.pem")).toString();
		otherCaDirectory = otherCa.writePem(Files.createDirectories(folder.resolve("other-cas")).resolve("ca.pem"))
			.getParent()
			.toString();
		// the common name is a name the tests ask for: it must never count
		internal = start(ca.writeServerKeyStore(folder.resolve("internal.p12"), "127.0.0.1", "DNS:vault.internal"));
		wildcard = start(ca.writeServerKeyStore(folder.resolve("wildcard.p12"), "a.b.internal", "DNS:*.internal"));
		byAddress = start(ca.writeServerKeyStore(folder.resolve("address.p12"), "vault.internal", "IP:192.0.2.10"));
		untrusted = start(otherCa.writeServerKeyStore(folder.resolve("untrusted.p12"), "x", "DNS:vault.internal"));
	}

	@AfterAll
	static void stopVaults() {
		internal.stop();
		wildcard.stop();
		byAddress.stop();
		untrusted.stop();
	}

	@Test
	void aServerNameAloneNeedsItsOwnClient() {
		assertThat(new VaultTls("", "", "vault.internal", "", "", null).isCustom()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "localhost" })
	void refusesACertificateForAnotherNameWithoutTheServerName(String host) {
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> mount(internal, host, Map.of("vaultCACertPath", caPem)));
		assertThat(ex.errorCode()).isEqualTo("VaultTlsError");
		// the JDK's own check, against the host of the address
		assertThat(ex.getMessage()).contains("No subject alternative").contains("matching").contains(host);
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "localhost" })
	void acceptsTheCertificateOfTheServerName(String host) throws ProviderException {
		assertThat(mount(internal, host, Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "vault.internal")))
			.isEqualTo("s3cr3t");
	}

	@Test
	void comparesNamesWithoutCaseAndATrailingDot() throws ProviderException {
		assertThat(
				mount(internal, "127.0.0.1", Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "Vault.Internal.")))
			.isEqualTo("s3cr3t");
	}

	@Test
	void refusesAWrongServerNameNamingWhatItExpectedAndWhatTheCertificateHas() {
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> mount(internal, "127.0.0.1",
				Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "other.internal")));
		assertThat(ex.errorCode()).isEqualTo("VaultTlsError");
		assertThat(ex.isRetryable()).isFalse();
		assertThat(ex.getMessage())
			.contains("Vault's certificate is not valid for other.internal (vaultTLSServerName): it is valid for "
					+ "vault.internal");
	}

	@Test
	void matchesAWildcardForTheLeftMostLabel() throws ProviderException {
		assertThat(
				mount(wildcard, "127.0.0.1", Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "vault.internal")))
			.isEqualTo("s3cr3t");
	}

	@ParameterizedTest
	@ValueSource(strings = { "a.b.internal", "internal" })
	void doesNotMatchAWildcardForMoreOrFewerLabels(String serverName) {
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> mount(wildcard, "127.0.0.1", Map.of("vaultCACertPath", caPem, "vaultTLSServerName", serverName)));
		assertThat(ex.getMessage()).contains("not valid for " + serverName + " (vaultTLSServerName)")
			.contains("valid for *.internal");
	}

	@Test
	void matchesAnAddressAgainstTheIpAddressesOfTheCertificate() throws ProviderException {
		assertThat(mount(byAddress, "localhost", Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "192.0.2.10")))
			.isEqualTo("s3cr3t");
	}

	@Test
	void neverMatchesTheCommonName() {
		// the certificate's common name is vault.internal, its only subjectAltName an IP
		// address
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> mount(byAddress, "localhost",
				Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "vault.internal")));
		assertThat(ex.getMessage())
			.contains("not valid for vault.internal (vaultTLSServerName): it is valid for " + "192.0.2.10");
	}

	@Test
	void stillChecksTheChain() {
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> mount(untrusted, "127.0.0.1",
				Map.of("vaultCACertPath", caPem, "vaultTLSServerName", "vault.internal")));
		assertThat(ex.errorCode()).isEqualTo("VaultTlsError");
		assertThat(ex.getMessage()).contains("unable to find valid certification path").doesNotContain("not valid for");
	}

	@Test
	void checksTheChainAgainstTheJvmTrustStoreWithoutCaParameters() {
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> mount(internal, "127.0.0.1", Map.of("vaultTLSServerName", "vault.internal")));
		assertThat(ex.errorCode()).isEqualTo("VaultTlsError");
		assertThat(ex.getMessage()).contains("unable to find valid certification path").doesNotContain("not valid for");
	}

	@Test
	void trustsTheCaDirectoryWithTheServerName() throws ProviderException {
		assertThat(mount(untrusted, "127.0.0.1",
				Map.of("vaultCADirectory", otherCaDirectory, "vaultTLSServerName", "vault.internal")))
			.isEqualTo("s3cr3t");
	}

	@Test
	void skipsEveryCheckWhenAskedEvenWithAWrongServerName() throws ProviderException {
		assertThat(mount(untrusted, "127.0.0.1",
				Map.of("vaultSkipTLSVerify", "true", "vaultTLSServerName", "other.internal")))
			.isEqualTo("s3cr3t");
	}

	@Test
	void takesTheServerNameFromThePropertiesWhenTheClassHasNone() throws ProviderException {
		VaultProviderProperties properties = new VaultProviderProperties(true, null, null, null, null, null, null, 1000,
				new VaultProviderProperties.Tls(caPem, null, "vault.internal", null, null, false), null, null);
		assertThat(mount(new VaultSecretProvider(properties), internal, "127.0.0.1", Map.of())).isEqualTo("s3cr3t");
	}

	@Test
	void letsTheClassOverrideTheServerNameOfTheProperties() {
		VaultProviderProperties properties = new VaultProviderProperties(true, null, null, null, null, null, null, 1000,
				new VaultProviderProperties.Tls(caPem, null, "vault.internal", null, null, false), null, null);
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> mount(new VaultSecretProvider(properties), internal, "127.0.0.1",
						Map.of("vaultTLSServerName", "other.internal")));
		assertThat(ex.getMessage()).contains("not valid for other.internal");
	}

	private static String mount(WireMockServer vault, String host, Map<String, String> tlsParameters)
			throws ProviderException {
		return mount(new VaultSecretProvider(VaultProviderProperties.defaults()), vault, host, tlsParameters);
	}

	private static String mount(VaultSecretProvider provider, WireMockServer vault, String host,
			Map<String, String> tlsParameters) throws ProviderException {
		Map<String, String> parameters = new HashMap<>(tlsParameters);
		parameters.putAll(Map.of("roleName", "shop-reader", "objects", OBJECTS, "vaultAddress",
				"https://" + host + ":" + vault.httpsPort()));
		return text(provider.mount(VaultTestSupport.mountRequest(parameters, podContext(POD_UID, "vault", JWT)))
			.files()
			.get(0)
			.contents());
	}

	private static WireMockServer start(Path keyStore) {
		WireMockServer server = new WireMockServer(options().dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(keyStore.toString())
			.keystorePassword(TestCertificates.PASSWORD)
			.keyManagerPassword(TestCertificates.PASSWORD)
			.keystoreType("PKCS12"));
		server.start();
		stubLogin(server, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
		stubRead(server, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("s3cr3t"));
		return server;
	}

}
