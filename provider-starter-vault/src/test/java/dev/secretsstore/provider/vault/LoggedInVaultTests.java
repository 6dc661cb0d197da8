package dev.secretsstore.provider.vault;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static dev.secretsstore.provider.vault.VaultTestSupport.CLIENT_TOKEN;
import static dev.secretsstore.provider.vault.VaultTestSupport.JWT;
import static dev.secretsstore.provider.vault.VaultTestSupport.stubLogin;

/**
 * What the read and error tests share: a fresh Vault double that accepts the pod's login
 * for an hour, and a provider pointed at it.
 */
abstract class LoggedInVaultTests {

	WireMockServer vault;

	VaultSecretProvider provider;

	@BeforeEach
	void startVault() {
		this.vault = VaultTestSupport.startVault();
		this.provider = new VaultSecretProvider(VaultTestSupport.properties(this.vault.baseUrl()));
		stubLogin(this.vault, "kubernetes", "shop-reader", JWT, CLIENT_TOKEN, 3600);
	}

	@AfterEach
	void stopVault() {
		this.vault.stop();
	}

}
