package dev.secretsstore.driver.actuator.http;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * A request to change something on the management port, as a {@link WriteAuthorizer} sees
 * it.
 *
 * @param verb the HTTP method in lower case ({@code post}, {@code delete}): the verb of a
 * SubjectAccessReview's {@code nonResourceAttributes}, as kube-rbac-proxy and the API
 * server itself name non-resource requests
 * @param path the request path without its query and without empty segments
 * ({@code /actuator/rotations})
 * @param client the address the request came from
 * @param bearerToken the token of an {@code Authorization: Bearer} header, or
 * {@code null} without one
 */
public record WriteRequest(String verb, String path, InetAddress client, @Nullable String bearerToken) {

	/** Without the token, so that logging a request never logs a credential. */
	@Override
	public String toString() {
		return this.verb + " " + this.path + " from " + this.client.getHostAddress()
				+ ((this.bearerToken != null) ? " with a bearer token" : " without credentials");
	}

}
