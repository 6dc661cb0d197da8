package dev.secretsstore.provider.vault;

import java.util.HashMap;
import java.util.Map;

import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretFile;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.POD_UID;
import static dev.secretsstore.provider.vault.VaultTestSupport.kv2;
import static dev.secretsstore.provider.vault.VaultTestSupport.login;
import static dev.secretsstore.provider.vault.VaultTestSupport.mountRequest;
import static dev.secretsstore.provider.vault.VaultTestSupport.okJson;
import static dev.secretsstore.provider.vault.VaultTestSupport.podContext;
import static dev.secretsstore.provider.vault.VaultTestSupport.resource;
import static dev.secretsstore.provider.vault.VaultTestSupport.spcParameters;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubRead;
import static dev.secretsstore.provider.vault.VaultTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

class VaultReadTests extends LoggedInVaultTests {

	@Test
	void writesKv2KeysAsFilesWithTheirModesAndReadsThePathOnce() throws ProviderException {
		stubRead(this.vault, "/v1/secret/data/shop/db", CLIENT_TOKEN, kv2("s3cr3t"));
		MountResponse response = this.provider.mount(mountRequest(this.vault.baseUrl(), """
				- objectName: db-password
				  secretPath: secret/data/shop/db
				  secretKey: password
				  filePermission: 0600
				- objectName: port
				  secretPath: v1/secret/data/shop/db
				  secretKey: port
				- objectName: options
				  secretPath: /v1/secret/data/shop/db
				  secretKey: options
				"""));
		assertThat(response.files()).containsExactly(new SecretFile("db-password", 0600, "s3cr3t".getBytes()),
				new SecretFile("port", 0644, "5432".getBytes()),
				new SecretFile("options", 0644, "{\"pool\":[1,2],\"ssl\":true}".getBytes()));
		assertThat(response.objectVersions()).extracting("id").containsExactly("db-password", "port", "options");
		this.vault.verify(1, getRequestedFor(urlEqualTo("/v1/secret/data/shop/db")));
	}

	@Test
	void writesTheWholeAnswerInTheGoProvidersShapeWithoutASecretKey() throws ProviderException {
		stubRead(this.vault, "/v1/secret/web-legacy", CLIENT_TOKEN, resource("vault/kv1.json"));
		MountResponse response = this.provider.mount(mountRequest(this.vault.baseUrl(), """
				- objectName: legacy
				  secretPath: secret/web-legacy
				- objectName: user
				  secretPath: secret/web-legacy
				  secretKey: user
				"""));
		assertThat(text(response.files().get(0).contents())).isEqualTo("{\"request_id\":\"c0ffee00-1b2d-4e5f-8a9b-"
				+ "0c1d2e3f4a5b\",\"lease_id\":\"\",\"lease_duration\":2764800,\"renewable\":false,\"data\":{\"token\":"
				+ "\"legacy-token\",\"user\":\"legacy-user\"},\"warnings\":null,\"mount_type\":\"kv\"}");
		assertThat(text(response.files().get(1).contents())).isEqualTo("legacy-user");
	}

	@Test
	void readsADynamicCredentialOnceSoUsernameAndPasswordBelongTogether() throws ProviderException {
		this.vault.stubFor(
				get(urlEqualTo("/v1/database/creds/shop-app")).willReturn(okJson(resource("vault/db-creds.json"))));
		Map<String, String> parameters = new HashMap<>(spcParameters("spc/all.yaml"));
		parameters.put("vaultAddress", this.vault.baseUrl());
		parameters.put("roleName", "shop-reader");
		parameters.keySet().removeIf((name) -> name.startsWith("vaultTLS") || name.startsWith("vaultCA"));
		parameters.put("objects", parameters.get("objects").lines().limit(6).reduce("", (a, b) -> a + b + "\n"));
		MountResponse response = this.provider.mount(mountRequest(parameters, podContext(POD_UID, "vault", JWT)));
		assertThat(response.files()).extracting((file) -> text(file.contents()))
			.containsExactly("v-kubernet-shop-app-x1y2z3", "A1a-7hJ2kq9PZx");
		this.vault.verify(1, getRequestedFor(urlEqualTo("/v1/database/creds/shop-app")));
	}

	@Test
	void sendsSecretArgsAsTheJsonBodyWithTheMethodAndKeepsCallsWithOtherArgsApart() throws ProviderException {
		this.vault.stubFor(
				put(urlEqualTo("/v1/pki/issue/shop-dot-example")).withHeader("X-Vault-Token", equalTo(CLIENT_TOKEN))
					.withRequestBody(equalToJson("{\"common_name\":\"shop.example.com\",\"ttl\":\"24h\","
							+ "\"exclude_cn_from_sans\":true,\"max_path_length\":2}"))
					.willReturn(okJson(resource("vault/pki-issue.json"))));
		this.vault.stubFor(put(urlEqualTo("/v1/pki/issue/shop-dot-example"))
			.withRequestBody(equalToJson("{\"common_name\":\"internal.example.com\"}"))
			.willReturn(okJson(resource("vault/pki-issue.json").replace("test-certificate", "internal-certificate"))));
		MountResponse response = this.provider.mount(mountRequest(this.vault.baseUrl(), """
				- objectName: cert
				  secretPath: pki/issue/shop-dot-example
				  method: PUT
				  secretKey: certificate
				  secretArgs: {common_name: shop.example.com, ttl: 24h, exclude_cn_from_sans: true, max_path_length: 2}
				- objectName: internal
				  secretPath: pki/issue/shop-dot-example
				  method: PUT
				  secretKey: certificate
				  secretArgs: {common_name: internal.example.com}
				"""));
		assertThat(text(response.files().get(0).contents())).contains("MIIB-test-certificate");
		assertThat(text(response.files().get(1).contents())).contains("MIIB-internal-certificate");
		this.vault.verify(2, putRequestedFor(urlEqualTo("/v1/pki/issue/shop-dot-example")));
	}

	@Test
	void pinsVersionsAndDecodesValues() throws ProviderException {
		String encoded = resource("vault/encoded.json");
		stubRead(this.vault, "/v1/secret/data/sync1", CLIENT_TOKEN, encoded);
		stubRead(this.vault, "/v1/secret/data/sync2?version=3", CLIENT_TOKEN, encoded);
		stubRead(this.vault, "/v1/secret/data/sync3", CLIENT_TOKEN, encoded);
		stubRead(this.vault, "/v1/secret/data/sync4", CLIENT_TOKEN, encoded);
		Map<String, String> parameters = new HashMap<>(spcParameters("spc/sync.yaml"));
		parameters.put("vaultAddress", this.vault.baseUrl());
		parameters.put("roleName", "shop-reader");
		MountResponse response = this.provider.mount(mountRequest(parameters, podContext(POD_UID, "vault", JWT)));
		assertThat(response.files()).extracting((file) -> text(file.contents()))
			.containsExactly("plain", "pinned", "hello base64", "hex world");
		assertThat(response.files().get(3).mode()).isEqualTo(420);
	}

	@Test
	void sendsTheNamespaceAndUsesTheNestedMountAndAudienceOfTheClass() throws ProviderException {
		this.vault
			.stubFor(post(urlEqualTo("/v1/auth/clusters/east/login")).withHeader("X-Vault-Namespace", equalTo("team-a"))
				.withRequestBody(equalToJson("{\"jwt\":\"team-jwt\",\"role\":\"team-reader\"}"))
				.willReturn(okJson(login("hvs.team-token", 600))));
		this.vault.stubFor(get(urlEqualTo("/v1/secret/data/team")).withHeader("X-Vault-Namespace", equalTo("team-a"))
			.withHeader("X-Vault-Token", equalTo("hvs.team-token"))
			.willReturn(okJson(resource("vault/encoded.json").replace("\"a\"", "\"value\""))));
		Map<String, String> parameters = new HashMap<>(spcParameters("spc/namespace-audience.yaml"));
		parameters.put("vaultAddress", this.vault.baseUrl());
		MountResponse response = this.provider
			.mount(mountRequest(parameters, podContext(POD_UID, "team-a-vault", "team-jwt")));
		assertThat(text(response.files().get(0).contents())).isEqualTo("plain");
		this.vault.verify(0, postRequestedFor(urlEqualTo("/v1/auth/kubernetes/login")));
	}

	@Test
	void startsWithoutConfigurationAndWithoutCallingAnything() {
		VaultSecretProvider idle = new VaultSecretProvider(VaultProviderProperties.defaults());
		assertThat(idle.name()).isEqualTo("vault");
		assertThat(idle.version().runtimeName()).isEqualTo("vault-csi-provider-java");
		assertThat(this.vault.getAllServeEvents()).isEmpty();
	}

}
