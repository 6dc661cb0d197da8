package dev.secretsstore.provider.aws.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.RetryableProviderException;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The EKS Pod Identity Agent on the node: {@code GET /v1/credentials} with the pod's
 * token as {@code Authorization} answers the credentials of the pod's association.
 */
public final class PodIdentityAgent {

	private static final Logger log = LoggerFactory.getLogger(PodIdentityAgent.class);

	private static final String PATH = "/v1/credentials";

	private final URI ipv4Endpoint;

	private final URI ipv6Endpoint;

	private final Duration connectTimeout;

	private final Duration timeout;

	private HttpClient http;

	/**
	 * @param ipv4Endpoint the agent's IPv4 base URL
	 * @param ipv6Endpoint the agent's IPv6 base URL
	 * @param connectTimeout how long to wait for a connection to the agent
	 * @param timeout how long one request to the agent may take
	 */
	public PodIdentityAgent(URI ipv4Endpoint, URI ipv6Endpoint, Duration connectTimeout, Duration timeout) {
		this.ipv4Endpoint = ipv4Endpoint;
		this.ipv6Endpoint = ipv6Endpoint;
		this.connectTimeout = connectTimeout;
		this.timeout = timeout;
	}

	/**
	 * Credentials for the pod whose token is {@code token}; with AUTO, IPv6 is tried when
	 * IPv4 cannot be reached.
	 */
	AwsSessionCredentials credentials(String token, AwsParameters.AddressType addressType) throws ProviderException {
		List<URI> endpoints = switch (addressType) {
			case IPV4 -> List.of(endpoint(this.ipv4Endpoint));
			case IPV6 -> List.of(endpoint(this.ipv6Endpoint));
			case AUTO -> List.of(endpoint(this.ipv4Endpoint), endpoint(this.ipv6Endpoint));
		};
		IOException failure = null;
		for (URI endpoint : endpoints) {
			try {
				return call(endpoint, token);
			}
			catch (IOException ex) {
				log.warn("EKS Pod Identity Agent at {} cannot be reached: {}", endpoint, ex.toString());
				failure = ex;
			}
		}
		throw new RetryableProviderException("", "could not reach the EKS Pod Identity Agent at " + endpoints
				+ ": is the eks-pod-identity-agent add-on installed? (" + failure + ")", null, failure);
	}

	private AwsSessionCredentials call(URI endpoint, String token) throws IOException, ProviderException {
		HttpRequest request = HttpRequest.newBuilder(endpoint)
			.timeout(this.timeout)
			.header("Authorization", token)
			.GET()
			.build();
		HttpResponse<String> response;
		try {
			response = client().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RetryableProviderException("", "interrupted while calling the EKS Pod Identity Agent", null, ex);
		}
		int status = response.statusCode();
		if (status == 200) {
			return PodIdentityResponse.credentials(response.body(), endpoint);
		}
		String message = "the EKS Pod Identity Agent at " + endpoint + " answered HTTP " + status
				+ PodIdentityResponse.reason(response.body());
		if (status == 429 || status >= 500) {
			throw new RetryableProviderException(String.valueOf(status), message, null, null);
		}
		if (status == 400 || status == 401 || status == 403) {
			throw new ProviderException(Reason.PERMISSION_DENIED, String.valueOf(status),
					message + ": does the pod's service account have a Pod Identity association?");
		}
		throw new ProviderException(Reason.FAILED, String.valueOf(status), message);
	}

	private static URI endpoint(URI base) {
		String text = base.toString();
		return URI.create((text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + PATH);
	}

	private synchronized HttpClient client() {
		if (this.http == null) {
			this.http = HttpClient.newBuilder()
				.connectTimeout(this.connectTimeout)
				.followRedirects(HttpClient.Redirect.NEVER)
				.version(HttpClient.Version.HTTP_1_1)
				.build();
		}
		return this.http;
	}

}
