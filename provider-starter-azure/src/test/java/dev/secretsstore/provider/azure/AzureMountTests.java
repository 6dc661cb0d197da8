package dev.secretsstore.provider.azure;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.secretsstore.provider.azure.AzureTestSupport.AAD_TOKEN;
import static dev.secretsstore.provider.azure.AzureTestSupport.SA_JWT;
import static dev.secretsstore.provider.azure.AzureTestSupport.TENANT;
import static dev.secretsstore.provider.azure.AzureTestSupport.VERSION_1;
import static dev.secretsstore.provider.azure.AzureTestSupport.VERSION_2;
import static dev.secretsstore.provider.azure.AzureTestSupport.okJson;
import static dev.secretsstore.provider.azure.AzureTestSupport.parameters;
import static dev.secretsstore.provider.azure.AzureTestSupport.resource;
import static dev.secretsstore.provider.azure.AzureTestSupport.secretJson;
import static dev.secretsstore.provider.azure.AzureTestSupport.stubGet;
import static dev.secretsstore.provider.azure.AzureTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Mounts over real HTTPS against a WireMock Key Vault and Entra ID: both identities,
 * every object type, rotation.
 */
class AzureMountTests {

	private WireMockServer server;

	private AzureSecretProvider provider;

	@BeforeEach
	void start() {
		this.server = AzureTestSupport.startServer();
		AzureTestSupport.stubChallenge(this.server);
		this.provider = new AzureSecretProvider(AzureTestSupport.properties(this.server, 3));
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	@Test
	void mountsASecretWithWorkloadIdentity() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN,
				okJson(secretJson(this.server, "db-password", VERSION_1, "s3cr3t")));
		MountResponse response = this.provider
			.mount(AzureTestSupport.workloadIdentityRequest(parameters("objectName: db-password\nobjectType: secret")));
		assertThat(response.files()).containsExactly(new SecretFile("db-password", 0644, "s3cr3t".getBytes()));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("secret/db-password", VERSION_1));
		this.server.verify(1, postRequestedFor(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
	}

	@Test
	void mountsASecretWithAServicePrincipalUnderItsAliasAndMode() throws Exception {
		AzureTestSupport.stubServicePrincipalToken(this.server, AAD_TOKEN);
		stubGet(this.server, "secrets", "db-password", VERSION_1, AAD_TOKEN,
				okJson(secretJson(this.server, "db-password", VERSION_1, "s3cr3t")));
		MountResponse response = this.provider.mount(AzureTestSupport
			.servicePrincipalRequest(parameters("objectName: db-password\nobjectType: secret\nobjectVersion: "
					+ VERSION_1 + "\nobjectAlias: DB_PASSWORD\nfilePermission: 0600")));
		assertThat(response.files()).containsExactly(new SecretFile("DB_PASSWORD", 0600, "s3cr3t".getBytes()));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("secret/db-password", VERSION_1));
	}

	@Test
	void reusesTheTokenAcrossMountsAndSeesARotation() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN,
				okJson(secretJson(this.server, "db-password", VERSION_1, "first")));
		MountRequest request = AzureTestSupport
			.workloadIdentityRequest(parameters("objectName: db-password\nobjectType: secret"));
		MountResponse first = this.provider.mount(request);
		stubGet(this.server, "secrets", "db-password", "", AAD_TOKEN,
				okJson(secretJson(this.server, "db-password", VERSION_2, "second")));
		MountResponse second = this.provider.mount(request);
		assertThat(text(first.files().get(0).contents())).isEqualTo("first");
		assertThat(text(second.files().get(0).contents())).isEqualTo("second");
		assertThat(second.objectVersions()).containsExactly(new ObjectVersion("secret/db-password", VERSION_2));
		this.server.verify(1, postRequestedFor(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
		assertThat(this.provider.cachedClients()).isEqualTo(1);
	}

	@Test
	void decodesABase64Secret() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		String encoded = Base64.getEncoder().encodeToString(new byte[] { 0, 1, 2, (byte) 0xff });
		stubGet(this.server, "secrets", "blob", "", AAD_TOKEN,
				okJson(secretJson(this.server, "blob", VERSION_1, encoded)));
		MountResponse response = this.provider.mount(AzureTestSupport
			.workloadIdentityRequest(parameters("objectName: blob\nobjectType: secret\nobjectEncoding: base64")));
		assertThat(response.files().get(0).contents()).containsExactly(0, 1, 2, 0xff);
	}

	@Test
	void writesAKeyAsItsPublicKeyPem() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		RSAPublicKey publicKey = AzureTestSupport.rsaPublicKey();
		stubGet(this.server, "keys", "signing", "", AAD_TOKEN,
				okJson(AzureTestSupport.rsaKeyJson(this.server, "signing", VERSION_1, publicKey)));
		MountResponse response = this.provider
			.mount(AzureTestSupport.workloadIdentityRequest(parameters("objectName: signing\nobjectType: key")));
		assertThat(text(response.files().get(0).contents())).isEqualTo(Pem.block("PUBLIC KEY", publicKey.getEncoded()))
			.startsWith("-----BEGIN PUBLIC KEY-----\n");
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("key/signing", VERSION_1));
	}

	@Test
	void writesAnEcKeyAsItsPublicKeyPem() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(new ECGenParameterSpec("secp256r1"));
		ECPublicKey publicKey = (ECPublicKey) generator.generateKeyPair().getPublic();
		Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
		String body = "{\"key\":{\"kid\":\"" + AzureTestSupport.baseUrl(this.server) + "/keys/ec/" + VERSION_1
				+ "\",\"kty\":\"EC-HSM\",\"crv\":\"P-256\",\"x\":\""
				+ url.encodeToString(fixed(publicKey.getW().getAffineX())) + "\",\"y\":\""
				+ url.encodeToString(fixed(publicKey.getW().getAffineY())) + "\"},\"attributes\":{\"enabled\":true}}";
		stubGet(this.server, "keys", "ec", "", AAD_TOKEN, okJson(body));
		MountResponse response = this.provider
			.mount(AzureTestSupport.workloadIdentityRequest(parameters("objectName: ec\nobjectType: key")));
		assertThat(text(response.files().get(0).contents())).isEqualTo(Pem.block("PUBLIC KEY", publicKey.getEncoded()));
	}

	@Test
	void passesAPemCertificateBackedSecretThrough() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		String pem = resource("keyvault/app-cert.pem");
		String base = AzureTestSupport.baseUrl(this.server);
		String body = "{\"value\":\"" + pem.replace("\n", "\\n") + "\",\"id\":\"" + base + "/secrets/app/" + VERSION_1
				+ "\",\"contentType\":\"application/x-pem-file\",\"kid\":\"" + base + "/keys/app/" + VERSION_1
				+ "\",\"managed\":true,\"attributes\":{\"enabled\":true}}";
		stubGet(this.server, "secrets", "app", "", AAD_TOKEN, okJson(body));
		MountResponse response = this.provider
			.mount(AzureTestSupport.workloadIdentityRequest(parameters("objectName: app\nobjectType: secret")));
		assertThat(text(response.files().get(0).contents())).isEqualTo(pem);
	}

	@Test
	void writesACertAsItsCertificatePem() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		stubGet(this.server, "certificates", "app", "", AAD_TOKEN,
				okJson(AzureTestSupport.certificateJson(this.server, "app", VERSION_1)));
		MountResponse response = this.provider
			.mount(AzureTestSupport.workloadIdentityRequest(parameters("objectName: app\nobjectType: cert")));
		assertThat(text(response.files().get(0).contents())).isEqualTo(resource("keyvault/app-cert.pem"));
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("cert/app", VERSION_1));
	}

	@Test
	void writesACertificateBackedSecretAsKeyAndChainPemOrAsPfx() throws Exception {
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		String pfx = resource("keyvault/app-cert.pfx.b64").strip();
		String base = AzureTestSupport.baseUrl(this.server);
		String body = "{\"value\":\"" + pfx + "\",\"id\":\"" + base + "/secrets/app/" + VERSION_1
				+ "\",\"contentType\":\"application/x-pkcs12\",\"kid\":\"" + base + "/keys/app/" + VERSION_1
				+ "\",\"managed\":true,\"attributes\":{\"enabled\":true,\"created\":1764288000}}";
		stubGet(this.server, "secrets", "app", "", AAD_TOKEN, okJson(body));
		MountResponse response = this.provider.mount(AzureTestSupport
			.workloadIdentityRequest(parameters("objectName: app\nobjectType: secret\nobjectAlias: tls.pem",
					"objectName: app\nobjectType: secret\nobjectAlias: tls.pfx\nobjectFormat: pfx")));
		String pem = text(response.files().get(0).contents());
		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith(resource("keyvault/app-cert.pem"));
		assertThat(text(response.files().get(1).contents())).isEqualTo(pfx);
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("secret/app", VERSION_1));
		this.server.verify(2, getRequestedFor(urlPathMatching("/secrets/app/?")).withHeader("Authorization",
				equalTo("Bearer " + AAD_TOKEN)));
	}

	@Test
	void mountsTheDocumentedServicePrincipalExample() throws Exception {
		Map<String, String> spc = AzureTestSupport.spcParameters("spc/service-principal.yaml");
		AzureTestSupport.stubServicePrincipalToken(this.server, AAD_TOKEN);
		stubGet(this.server, "secrets", "secret1", "", AAD_TOKEN,
				okJson(secretJson(this.server, "secret1", VERSION_1, "one")));
		RSAPublicKey publicKey = AzureTestSupport.rsaPublicKey();
		stubGet(this.server, "keys", "key1", "", AAD_TOKEN,
				okJson(AzureTestSupport.rsaKeyJson(this.server, "key1", VERSION_2, publicKey)));
		stubGet(this.server, "certificates", "cert1", "", AAD_TOKEN,
				okJson(AzureTestSupport.certificateJson(this.server, "cert1", VERSION_1)));
		MountResponse response = this.provider.mount(AzureTestSupport.servicePrincipalRequest(spc));
		assertThat(response.files()).extracting(SecretFile::path).containsExactly("SECRET_1", "key1", "cert1");
		assertThat(response.objectVersions()).containsExactly(new ObjectVersion("secret/secret1", VERSION_1),
				new ObjectVersion("key/key1", VERSION_2), new ObjectVersion("cert/cert1", VERSION_1));
		this.server.verify(1, postRequestedFor(urlEqualTo("/" + TENANT + "/oauth2/v2.0/token")));
	}

	@Test
	void mountsTheDocumentedWorkloadIdentityExample() throws Exception {
		Map<String, String> attributes = new HashMap<>(AzureTestSupport.spcParameters("spc/workload-identity.yaml"));
		attributes.putAll(AzureTestSupport.podContext(SA_JWT));
		AzureTestSupport.stubWorkloadIdentityToken(this.server, SA_JWT, AAD_TOKEN);
		stubGet(this.server, "secrets", "secret1", "", AAD_TOKEN,
				okJson(secretJson(this.server, "secret1", VERSION_1, "one")));
		stubGet(this.server, "keys", "key1", "", AAD_TOKEN,
				okJson(AzureTestSupport.rsaKeyJson(this.server, "key1", VERSION_2, AzureTestSupport.rsaPublicKey())));
		MountResponse response = this.provider
			.mount(new MountRequest(attributes, Map.of(), "/target", 0640, List.of()));
		assertThat(response.files()).extracting(SecretFile::path, SecretFile::mode)
			.containsExactly(tuple("secret1", 0640), tuple("key1", 0640));
		assertThat(response.objectVersions()).extracting(ObjectVersion::id)
			.containsExactly("secret/secret1", "key/key1");
	}

	private static byte[] fixed(BigInteger coordinate) {
		byte[] bytes = coordinate.toByteArray();
		byte[] fixed = new byte[32];
		int length = Math.min(bytes.length, 32);
		System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
		return fixed;
	}

}
