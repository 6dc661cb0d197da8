package dev.secretsstore.driver.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

import dev.secretsstore.driver.actuator.http.WriteAuthorizer;
import dev.secretsstore.driver.actuator.http.WriteDecision;
import dev.secretsstore.driver.actuator.http.WriteRequest;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1NonResourceAttributes;
import io.kubernetes.client.openapi.models.V1SubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewSpec;
import io.kubernetes.client.openapi.models.V1SubjectAccessReviewStatus;
import io.kubernetes.client.openapi.models.V1TokenReview;
import io.kubernetes.client.openapi.models.V1TokenReviewSpec;
import io.kubernetes.client.openapi.models.V1TokenReviewStatus;
import io.kubernetes.client.openapi.models.V1UserInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's writes, checked as kube-rbac-proxy and controller-runtime's metrics
 * filter check them: the bearer token with a TokenReview, then whether its user may do
 * the request with a SubjectAccessReview whose {@code nonResourceAttributes} are the
 * request's path and its method in lower case (for example path
 * {@code /actuator/rotations}, verb {@code post}), which a ClusterRole grants with
 * {@code nonResourceURLs}. The driver's service account needs {@code create} on
 * {@code tokenreviews} and {@code subjectaccessreviews}.
 * <p>
 * Decisions are kept for a few seconds, so that a burst of requests costs two reviews;
 * they are keyed by a digest of the token, and the token itself is neither kept, logged
 * nor quoted.
 */
class ApiWriteAuthorizer implements WriteAuthorizer {

	private static final Logger logger = LoggerFactory.getLogger(ApiWriteAuthorizer.class);

	private static final int FORBIDDEN = 403;

	private final AuthenticationV1Api authentication;

	private final AuthorizationV1Api authorization;

	private final ExpiringDecisions decisions;

	ApiWriteAuthorizer(AuthenticationV1Api authentication, AuthorizationV1Api authorization, Duration keepFor,
			int maxDecisions, Clock clock) {
		this.authentication = authentication;
		this.authorization = authorization;
		this.decisions = new ExpiringDecisions(keepFor, maxDecisions, clock);
	}

	@Override
	public WriteDecision authorize(WriteRequest request) {
		if (request.bearerToken() == null) {
			return WriteDecision.unauthenticated("a bearer token is required");
		}
		String key = sha256(request.bearerToken()) + " " + request.verb() + " " + request.path();
		WriteDecision kept = this.decisions.get(key);
		if (kept != null) {
			return kept;
		}
		WriteDecision decision;
		try {
			decision = review(request);
		}
		catch (ApiException ex) {
			// not kept: the next request tries again
			return cannotReview(ex);
		}
		this.decisions.put(key, decision);
		return decision;
	}

	private WriteDecision review(WriteRequest request) throws ApiException {
		V1TokenReview tokenReview = this.authentication
			.createTokenReview(new V1TokenReview().apiVersion("authentication.k8s.io/v1")
				.kind("TokenReview")
				.spec(new V1TokenReviewSpec().token(request.bearerToken())))
			.execute();
		V1TokenReviewStatus identity = (tokenReview != null) ? tokenReview.getStatus() : null;
		if (identity == null || !Boolean.TRUE.equals(identity.getAuthenticated()) || identity.getUser() == null
				|| identity.getUser().getUsername() == null) {
			// the review's error can say why (expired, wrong audience); a webhook
			// authenticator's could quote the token
			String error = (identity != null) ? identity.getError() : null;
			String why = (error != null && !error.isBlank() && !error.contains(request.bearerToken())) ? ": " + error
					: "";
			return WriteDecision.unauthenticated("the bearer token is not valid" + why);
		}
		V1UserInfo user = identity.getUser();
		V1SubjectAccessReview accessReview = this.authorization
			.createSubjectAccessReview(new V1SubjectAccessReview().apiVersion("authorization.k8s.io/v1")
				.kind("SubjectAccessReview")
				.spec(new V1SubjectAccessReviewSpec().user(user.getUsername())
					.uid(user.getUid())
					.groups(user.getGroups())
					.extra(user.getExtra())
					.nonResourceAttributes(new V1NonResourceAttributes().path(request.path()).verb(request.verb()))))
			.execute();
		V1SubjectAccessReviewStatus access = (accessReview != null) ? accessReview.getStatus() : null;
		if (access == null || !Boolean.TRUE.equals(access.getAllowed())) {
			String reason = (access != null && access.getReason() != null && !access.getReason().isBlank())
					? " (" + access.getReason() + ")" : "";
			return WriteDecision.forbidden(
					"user \"" + user.getUsername() + "\" may not " + request.verb() + " " + request.path() + reason);
		}
		return WriteDecision.allowed(user.getUsername());
	}

	// neither the answer's body (a review can echo the token) nor the request is quoted
	private static WriteDecision cannotReview(ApiException ex) {
		if (ex.getCode() == FORBIDDEN) {
			logger.warn("The driver may not create tokenreviews or subjectaccessreviews (HTTP 403): writes to the "
					+ "management port are refused until its ClusterRole grants them (Helm value "
					+ "authDelegator.enabled)");
			return WriteDecision.unavailable("the driver may not check credentials: its RBAC lacks create on "
					+ "tokenreviews and subjectaccessreviews");
		}
		String answer = (ex.getCode() == 0) ? "cannot be reached" : "answered HTTP " + ex.getCode();
		logger.warn("Cannot check the credentials of a management write: the API server {}", answer);
		return WriteDecision.unavailable("the driver cannot check credentials now: the API server " + answer);
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

}
