package dev.secretsstore.provider.vault.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.util.StreamUtils;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.KubernetesAuthentication;
import org.springframework.vault.authentication.KubernetesAuthenticationOptions;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.client.RestClientBuilder;
import org.springframework.vault.client.SimpleVaultEndpointProvider;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.client.VaultHttpHeaders;
import org.springframework.vault.support.VaultToken;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/**
 * A client logged in to Vault for one {@link VaultSessionKey}: it logs in with Spring
 * Vault's Kubernetes authentication (the same body serves JWT auth mounts), keeps the
 * token until most of its lease has passed, and logs in again once when a cached token is
 * refused with 403, as the Go provider does. Each login is numbered: a dynamic secret's
 * lease lives no longer than the token that read it, so its renewal must be sent with
 * that very token ({@link #callAs}).
 */
public final class VaultSession {

	private static final Logger log = LoggerFactory.getLogger(VaultSession.class);

	private final VaultSessionKey key;

	private final RestClient client;

	private final String baseUri;

	private final Clock clock;

	private VaultToken token;

	private Instant expiresAt = Instant.MIN;

	// when Vault revokes the token, and with it every lease it read
	private Instant tokenEndsAt = Instant.MIN;

	private long logins;

	VaultSession(VaultSessionKey key, ClientHttpRequestFactory requestFactory, Clock clock) {
		this.key = key;
		this.clock = clock;
		VaultEndpoint endpoint = VaultEndpoints.of(key.address());
		this.baseUri = endpoint.createUriString("");
		RestClientBuilder builder = RestClientBuilder.builder()
			.endpointProvider(SimpleVaultEndpointProvider.of(endpoint))
			.requestFactory(requestFactory);
		if (!key.namespace().isEmpty()) {
			builder.defaultHeader(VaultHttpHeaders.VAULT_NAMESPACE, key.namespace());
		}
		this.client = builder.build();
	}

	/**
	 * Sends {@code request} with this session's token, logging in first when there is
	 * none or when it ends within {@code minimumLife}; a cached token Vault refuses with
	 * 403 is replaced by a fresh login once.
	 * @param jwt the pod's service-account token, used only if a login is needed
	 * @param what what the call is for, in messages
	 * @return Vault's answer, whatever its status, and the login whose token got it
	 * @throws ProviderException when the login fails or Vault cannot be reached
	 */
	public Answer callWithLogin(VaultRequest request, String jwt, String what, Duration minimumLife)
			throws ProviderException {
		Login login = login(jwt, null, minimumLife);
		RawResponse response = send(request, login.token(), what);
		if (response.status() == 403 && !login.fresh()) {
			log.debug("Vault refused a cached token for {}; logging in again", this.key.describe());
			login = login(jwt, login.token(), minimumLife);
			response = send(request, login.token(), what);
		}
		return new Answer(response, login.id());
	}

	/**
	 * Sends {@code request} with the token of {@code login}, if it is still this
	 * session's token and not about to expire; never logs in, since a new token could not
	 * keep alive what the old one read.
	 * @return Vault's answer, or empty when that login is over
	 * @throws ProviderException when Vault cannot be reached
	 */
	public Optional<RawResponse> callAs(LoginId login, VaultRequest request, String what) throws ProviderException {
		VaultToken current;
		synchronized (this) {
			boolean same = this.token != null && this.logins == login.number()
					&& this.clock.instant().isBefore(this.expiresAt);
			current = same ? this.token : null;
		}
		return (current != null) ? Optional.of(send(request, current, what)) : Optional.empty();
	}

	/**
	 * The current token, or a new one when there is none, it has expired, it ends within
	 * {@code minimumLife}, or it is {@code refused}. Serialised, so that mounts that find
	 * the same token refused trigger one login between them.
	 */
	private synchronized Login login(String jwt, VaultToken refused, Duration minimumLife) throws ProviderException {
		Instant now = this.clock.instant();
		if (this.token != null && this.token != refused && now.isBefore(this.expiresAt)
				&& this.tokenEndsAt.isAfter(plus(now, minimumLife))) {
			return new Login(this.token, false, currentLogin());
		}
		this.token = null;
		VaultToken fresh = authenticate(jwt);
		Duration lease = (fresh instanceof LoginToken login) ? login.getLeaseDuration() : Duration.ZERO;
		boolean forever = lease.isZero() || lease.isNegative();
		// renew a little before the lease ends rather than send a request with a token
		// about to expire
		this.expiresAt = forever ? Instant.MAX : now.plus(lease.minus(lease.dividedBy(10)));
		this.tokenEndsAt = forever ? Instant.MAX : now.plus(lease);
		this.token = fresh;
		this.logins++;
		log.debug("Logged in to Vault with {} for pod {}/{}; lease {}", this.key.describe(), this.key.podNamespace(),
				this.key.podName(), lease);
		return new Login(fresh, true, currentLogin());
	}

	private LoginId currentLogin() {
		return new LoginId(this.logins, this.tokenEndsAt);
	}

	private static Instant plus(Instant instant, Duration duration) {
		return instant.isAfter(Instant.MAX.minus(duration)) ? Instant.MAX : instant.plus(duration);
	}

	private VaultToken authenticate(String jwt) throws ProviderException {
		KubernetesAuthenticationOptions options = KubernetesAuthenticationOptions.builder()
			.path(this.key.authMountPath())
			.role(this.key.roleName())
			.jwtSupplier(() -> jwt)
			.build();
		String what = "the login with " + this.key.describe();
		try {
			return new KubernetesAuthentication(options, this.client).login();
		}
		catch (VaultException | RestClientException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof RestClientResponseException response) {
					throw loginRefused(response, what);
				}
			}
			throw VaultErrors.forIo(ex, "attempting " + what);
		}
	}

	private ProviderException loginRefused(RestClientResponseException response, String what) {
		RawResponse raw = new RawResponse(response.getStatusCode().value(),
				(response.getResponseHeaders() != null)
						? response.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER) : null,
				response.getResponseBodyAsByteArray());
		if (raw.status() == 404) {
			return new ProviderException(Reason.INVALID_PARAMETERS, "VaultLoginFailed",
					"Vault has no auth method at auth/" + this.key.authMountPath()
							+ ": check vaultKubernetesMountPath or vaultAuthMountPath"
							+ VaultErrors.errors(raw.body()));
		}
		ProviderException failure = VaultErrors.forStatus(raw, what, this.clock);
		return failure.isRetryable() ? failure
				: new ProviderException(failure.reason(), "VaultLoginFailed", failure.getMessage());
	}

	private RawResponse send(VaultRequest request, VaultToken token, String what) throws ProviderException {
		RestClient.RequestBodySpec spec = this.client.method(HttpMethod.valueOf(request.method()))
			.uri(URI.create(this.baseUri + request.encodedPathAndQuery()))
			.header(VaultHttpHeaders.VAULT_TOKEN, token.getToken());
		if (request.body() != null) {
			spec.contentType(MediaType.APPLICATION_JSON).body(VaultJson.write(request.body()));
		}
		try {
			return spec.exchange((clientRequest, response) -> new RawResponse(response.getStatusCode().value(),
					response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER),
					StreamUtils.copyToByteArray(response.getBody())));
		}
		catch (RestClientException ex) {
			throw VaultErrors.forIo(ex, what);
		}
	}

	@Override
	public String toString() {
		return "VaultSession[" + this.key.describe() + ", pod=" + this.key.podNamespace() + "/" + this.key.podName()
				+ ", loggedIn=" + (this.token != null) + "]";
	}

	private record Login(VaultToken token, boolean fresh, LoginId id) {
	}

	/**
	 * One login of a session, without its token.
	 *
	 * @param number which login of the session it was, counting from 1
	 * @param tokenEndsAt when Vault revokes its token, and every lease the token read;
	 * {@link Instant#MAX} for a token without a lease
	 */
	public record LoginId(long number, Instant tokenEndsAt) {
	}

	/**
	 * Whose session this is: the Vault, namespace, role and pod.
	 */
	public VaultSessionKey key() {
		return this.key;
	}

	/**
	 * What Vault answered, and which login asked.
	 */
	public record Answer(RawResponse response, LoginId login) {
	}

}
