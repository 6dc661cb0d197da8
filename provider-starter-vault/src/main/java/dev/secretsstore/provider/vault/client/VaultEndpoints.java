package dev.secretsstore.provider.vault.client;

import java.net.URI;

import org.springframework.vault.client.VaultEndpoint;

/**
 * Makes Spring Vault endpoints from Vault addresses the way Go's Vault client reads them:
 * a path in the address is a prefix in front of {@code /v1}, and a missing port is the
 * scheme's default.
 */
final class VaultEndpoints {

	private VaultEndpoints() {
	}

	static VaultEndpoint of(String address) {
		URI uri = URI.create(address);
		VaultEndpoint endpoint = new VaultEndpoint();
		endpoint.setScheme(uri.getScheme());
		endpoint.setHost(uri.getHost());
		endpoint.setPort((uri.getPort() != -1) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80));
		String prefix = (uri.getRawPath() != null) ? uri.getRawPath().replaceAll("^/+|/+$", "") : "";
		endpoint.setPath(prefix.isEmpty() ? "v1" : prefix + "/v1");
		return endpoint;
	}

}
