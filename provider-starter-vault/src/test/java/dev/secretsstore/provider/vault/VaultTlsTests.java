package dev.secretsstore.provider.vault;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

class VaultTlsTests {

	private static final String OBJECTS = "- objectName: pw\n  secretPath: secret/data/shop/db\n  secretKey: password";

	private static WireMockServer https;

	private static WireMockServer mutual;

	@BeforeAll
	static void startVaults() {
		https = start(serverOptions());
		mutual = start(serverOptions().needClientAuth(true)
			.trustStorePath(tls("ca-truststore.p12"))
			.trustStorePassword("changeit")
			.trustStoreType("PKCS12"));
	}

	@AfterAll
	static void stopVaults() {
		https.stop();
		mutual.stop();
	}

	@Test
	void trustsTheCaFileOfTheClass() throws ProviderException {
		assertThat(mount(https, Map.of("vaultCACertPath", tls("ca.pem")))).isEqualTo("s3cr3t");
	}

	@Test
	void trustsTheCertificatesOfAFolderSkippingOtherFiles() throws ProviderException {
		assertThat(mount(https, Map.of("vaultCADirectory", Path.of(tls("ca.pem")).getParent().toString())))
			.isEqualTo("s3cr3t");
	}

	@Test
	void skipsVerificationWhenAsked() throws ProviderException {
		assertThat(mount(https, Map.of("vaultSkipTLSVerify", "true"))).isEqualTo("s3cr3t");
	}

	@Test
	void refusesAnUntrustedServerAsAFailureThatWillNotHealByItself() {
		ProviderException ex = catchThrowableOfType(ProviderException.class, () -> mount(https, Map.of()));
		assertThat(ex.isRetryable()).isFalse();
		assertThat(ex.errorCode()).isEqualTo("VaultTlsError");
		assertThat(ex.getMessage()).contains("vaultCACertPath");
	}

	@ParameterizedTest
	@ValueSource(strings = { "client-key.pem", "client-key-pkcs1.pem" })
	void provesItsIdentityWithAClientCertificate(String key) throws ProviderException {
		assertThat(mount(mutual, Map.of("vaultCACertPath", tls("ca.pem"), "vaultTLSClientCertPath", tls("client.pem"),
				"vaultTLSClientKeyPath", tls(key))))
			.isEqualTo("s3cr3t");
	}

	@Test
	void failsMutualTlsWithoutAClientCertificate() {
		assertThat(catchThrowableOfType(ProviderException.class,
				() -> mount(mutual, Map.of("vaultCACertPath", tls("ca.pem")))))
			.isNotNull();
	}

	@Test
	void takesTlsDefaultsFromThePropertiesWhenTheClassHasNone() throws ProviderException {
		VaultProviderProperties properties = new VaultProviderProperties(true, null, null, null, null, null, null, 1000,
				new VaultProviderProperties.Tls(tls("ca.pem"), null, null, null, null, false), null, null);
		assertThat(mount(new VaultSecretProvider(properties), https, Map.of())).isEqualTo("s3cr3t");
	}

	@Test
	void namesTheParameterOfAnUnreadableFile() {
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> mount(https, Map.of("vaultCACertPath", "/nonexistent/ca.pem")));
		assertThat(ex.reason()).isEqualTo(Reason.INVALID_PARAMETERS);
		assertThat(ex.getMessage()).contains("'vaultCACertPath' /nonexistent/ca.pem cannot be read");
	}

	private static String mount(WireMockServer vault, Map<String, String> tlsParameters) throws ProviderException {
		return mount(new VaultSecretProvider(VaultProviderProperties.defaults()), vault, tlsParameters);
	}

	private static String mount(VaultSecretProvider provider, WireMockServer vault, Map<String, String> tlsParameters)
			throws ProviderException {
		Map<String, String> parameters = new HashMap<>(tlsParameters);
		parameters.putAll(Map.of("roleName", "shop-reader", "objects", OBJECTS, "vaultAddress",
				"https://localhost:" + vault.httpsPort()));
		return text(provider.mount(VaultTestSupport.mountRequest(parameters, podContext(POD_UID, "vault", JWT)))
			.files()
			.get(0)
			.contents());
	}

	private static WireMockConfiguration serverOptions() {
		return options().dynamicPort()
			.dynamicHttpsPort()
			.keystorePath(tls("server.p12"))
			.keystorePassword("changeit")
			.keyManagerPassword("changeit")
			.keystoreType("PKCS12");
	}

	private static WireMockServer start(WireMockConfiguration options) {
		WireMockServer server = new WireMockServer(options);
		server.start();
		stubLogin(server, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
		stubRead(server, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("s3cr3t"));
		return server;
	}

	private static String tls(String name) {
		try {
			return Path.of(VaultTlsTests.class.getResource("/tls/" + name).toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
