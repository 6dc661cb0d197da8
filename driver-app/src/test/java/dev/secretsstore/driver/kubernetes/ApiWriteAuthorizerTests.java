package dev.secretsstore.driver.kubernetes;

import java.net.InetAddress;
import java.time.Duration;

import com.google.gson.JsonParser;
import dev.secretsstore.driver.actuator.http.WriteDecision;
import dev.secretsstore.driver.actuator.http.WriteRequest;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.MutableClock;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.AuthenticationV1Api;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes checked with TokenReview and SubjectAccessReview against an in-process API
 * server that authenticates the tokens and authorizes the non-resource URLs a test sets,
 * as kube-apiserver's authenticators and RBAC do.
 */
class ApiWriteAuthorizerTests {

	private static final String ROTATIONS = "/actuator/rotations";

	private static final String OPERATOR = "system:serviceaccount:ops:rotator";

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final MutableClock clock = new MutableClock();

	private final ApiWriteAuthorizer authorizer = authorizer(this.server.client());

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void allowsTheUserThatTheTokenAuthenticatesAsWhenRbacLetsItPostThePath() {
		this.server.acceptToken("operator-token", OPERATOR, "system:serviceaccounts", "system:authenticated");
		this.server.allow(OPERATOR, "post", ROTATIONS);

		WriteDecision decision = this.authorizer.authorize(post(ROTATIONS, "operator-token"));

		assertThat(decision.isAllowed()).isTrue();
		assertThat(decision.detail()).isEqualTo(OPERATOR);
		// the review names the user as the TokenReview gave it, and the request as a
		// non-resource URL
		assertThat(this.server.accessReviews()).singleElement().satisfies((review) -> {
			assertThat(review.get("apiVersion").getAsString()).isEqualTo("authorization.k8s.io/v1");
			assertThat(review.get("kind").getAsString()).isEqualTo("SubjectAccessReview");
			assertThat(review.getAsJsonObject("spec")).isEqualTo(JsonParser.parseString("""
					{"user":"system:serviceaccount:ops:rotator","uid":"uid-of-system:serviceaccount:ops:rotator",
					"groups":["system:serviceaccounts","system:authenticated"],"extra":{},
					"nonResourceAttributes":{"path":"/actuator/rotations","verb":"post"}}"""));
		});
	}

	@Test
	void aPermissionGrantedToAGroupOfTheUserCounts() {
		this.server.acceptToken("operator-token", OPERATOR, "rotators");
		this.server.allow("rotators", "post", ROTATIONS);

		assertThat(this.authorizer.authorize(post(ROTATIONS, "operator-token")).isAllowed()).isTrue();
	}

	@Test
	void aTokenTheApiServerDoesNotKnowIsRefusedWith401AndNeverQuoted() {
		this.server.allow(OPERATOR, "post", ROTATIONS);

		WriteDecision decision = this.authorizer.authorize(post(ROTATIONS, "forged-token"));

		assertThat(decision.status()).isEqualTo(401);
		assertThat(decision.detail()).isEqualTo("the bearer token is not valid: "
				+ "[invalid bearer token, service account token has been invalidated]");
		assertThat(this.server.requestCount(KubernetesApiDouble::isAccessReview)).isZero();
	}

	@Test
	void aReviewErrorThatQuotesTheTokenIsLeftOut() {
		this.server.quoteTokensInTokenReviewErrors();

		WriteDecision decision = this.authorizer.authorize(post(ROTATIONS, "forged-token"));

		assertThat(decision.status()).isEqualTo(401);
		assertThat(decision.detail()).isEqualTo("the bearer token is not valid");
	}

	@Test
	void aKnownUserWithoutThePermissionIsRefusedWith403() {
		this.server.acceptToken("reader-token", "jane");
		this.server.allow("jane", "get", ROTATIONS);
		this.server.allow("jane", "post", "/actuator/other");

		WriteDecision decision = this.authorizer.authorize(post(ROTATIONS, "reader-token"));

		assertThat(decision.status()).isEqualTo(403);
		assertThat(decision.detail()).isEqualTo("user \"jane\" may not post /actuator/rotations")
			.doesNotContain("reader-token");
		// and a DELETE is its own verb, which a grant of post does not cover
		this.server.allow("jane", "post", ROTATIONS);
		assertThat(this.authorizer
			.authorize(new WriteRequest("delete", ROTATIONS, InetAddress.getLoopbackAddress(), "reader-token"))
			.status()).isEqualTo(403);
	}

	@Test
	void noTokenIsRefusedWith401WithoutAskingTheApiServer() {
		WriteDecision decision = this.authorizer.authorize(post(ROTATIONS, null));

		assertThat(decision.status()).isEqualTo(401);
		assertThat(decision.detail()).isEqualTo("a bearer token is required");
		assertThat(this.server.requestCount()).isZero();
	}

	@Test
	void decisionsAreKeptForTheirTimeThenAskedForAgain() {
		this.server.acceptToken("operator-token", OPERATOR);
		this.server.allow(OPERATOR, "post", ROTATIONS);
		assertThat(this.authorizer.authorize(post(ROTATIONS, "operator-token")).isAllowed()).isTrue();
		this.server.disallow(OPERATOR, "post", ROTATIONS);
		this.clock.advance(Duration.ofSeconds(9));

		assertThat(this.authorizer.authorize(post(ROTATIONS, "operator-token")).isAllowed()).isTrue();
		assertThat(this.server.requestCount(KubernetesApiDouble::isTokenReview)).isOne();
		assertThat(this.server.requestCount(KubernetesApiDouble::isAccessReview)).isOne();

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.authorizer.authorize(post(ROTATIONS, "operator-token")).status()).isEqualTo(403);
		assertThat(this.server.requestCount(KubernetesApiDouble::isAccessReview)).isEqualTo(2);

		// refusals are kept too: a burst of bad tokens is one review each
		this.authorizer.authorize(post(ROTATIONS, "forged-token"));
		this.authorizer.authorize(post(ROTATIONS, "forged-token"));
		assertThat(this.server.requestCount(KubernetesApiDouble::isTokenReview)).isEqualTo(3);
	}

	@Test
	void aDecisionIsForOnePathAndVerb() {
		this.server.acceptToken("operator-token", OPERATOR);
		this.server.allow(OPERATOR, "post", ROTATIONS);
		assertThat(this.authorizer.authorize(post(ROTATIONS, "operator-token")).isAllowed()).isTrue();

		assertThat(this.authorizer.authorize(post("/actuator/loggers/root", "operator-token")).status()).isEqualTo(403);
	}

	@Test
	void whenTheDriverMayNotCreateReviewsWritesAreUnavailableAndTheAnswerIsNotKept() {
		this.server.acceptToken("operator-token", OPERATOR);
		this.server.allow(OPERATOR, "post", ROTATIONS);
		this.server.forbidReviews();

		WriteDecision decision = this.authorizer.authorize(post(ROTATIONS, "operator-token"));

		assertThat(decision.status()).isEqualTo(503);
		assertThat(decision.detail()).contains("tokenreviews and subjectaccessreviews");
		this.authorizer.authorize(post(ROTATIONS, "operator-token"));
		assertThat(this.server.requestCount(KubernetesApiDouble::isTokenReview)).isEqualTo(2);
	}

	@Test
	void anUnreachableApiServerMakesWritesUnavailable() {
		ApiClient gone = this.server.client();
		this.server.close();

		WriteDecision decision = authorizer(gone).authorize(post(ROTATIONS, "operator-token"));

		assertThat(decision.status()).isEqualTo(503);
		assertThat(decision.detail()).contains("cannot be reached").doesNotContain("operator-token");
	}

	private ApiWriteAuthorizer authorizer(ApiClient client) {
		return new ApiWriteAuthorizer(new AuthenticationV1Api(client), new AuthorizationV1Api(client),
				Duration.ofSeconds(10), 16, this.clock);
	}

	private static WriteRequest post(String path, String token) {
		return new WriteRequest("post", path, InetAddress.getLoopbackAddress(), token);
	}

}
