package dev.secretsstore.provider.vault.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VaultRequestTests {

	@Test
	void encodesPathsAndQueriesForTheUri() {
		VaultRequest request = VaultRequest.of("v1/secret/data/my app?version=3&tag=a+b&x=%26", "", null);
		assertThat(request.query())
			.isEqualTo(Map.of("version", List.of("3"), "tag", List.of("a b"), "x", List.of("&")));
		assertThat(request.encodedPathAndQuery()).isEqualTo("secret/data/my%20app?tag=a+b&version=3&x=%26");
	}

}
