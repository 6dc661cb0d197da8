package dev.secretsstore.provider;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StoreChangeTests {

	private final SecretProvider vault = new SecretProvider() {
		@Override
		public String name() {
			return "vault";
		}

		@Override
		public MountResponse mount(MountRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public String store(Map<String, String> parameters) {
			return parameters.getOrDefault("vaultAddress", "https://vault:8200");
		}
	};

	private final Map<String, String> parameters = Map.of("roleName", "app", "objects",
			"- objectName: password\n  secretPath: secret/data/db\n  secretKey: password\n");

	@Test
	void byDefaultAVolumeReadsAnObjectItsParametersNameInTheStoreTheChangeNames() {
		assertThat(this.vault.reads(this.parameters, new StoreChange("vault", "", "secret/data/db"))).isTrue();
		assertThat(this.vault.reads(this.parameters, new StoreChange("vault", "https://vault:8200", "secret/data/db")))
			.isTrue();
		assertThat(this.vault.reads(this.parameters, new StoreChange("vault", "https://other:8200", "secret/data/db")))
			.as("another store")
			.isFalse();
		assertThat(this.vault.reads(this.parameters, new StoreChange("vault", "", "secret/data/api"))).isFalse();
	}

	@Test
	void aChangeNamesAnObject() {
		assertThatIllegalArgumentException().isThrownBy(() -> new StoreChange("vault", "", " "));
		assertThat(new StoreChange("vault", null, "x").store()).isEmpty();
	}

}
