package dev.secretsstore.driver.kubernetes;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secretsstore.driver.rotation.tokens.TokenMintingException;
import dev.secretsstore.driver.rotation.tokens.TokenMintingException.Reason;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.StorageV1TokenRequest;
import io.kubernetes.client.openapi.models.V1CSIDriver;
import io.kubernetes.client.openapi.models.V1CSIDriverSpec;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The minter against an in-process API server that answers TokenRequests as
 * kube-apiserver does.
 */
class ApiTokenMinterTests {

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final ApiTokenMinter minter = new ApiTokenMinter(this.server.core(), new StorageV1Api(this.server.client()),
			"secrets-store.csi.k8s.io");

	private PodRef pod;

	@BeforeEach
	void createServiceAccountAndPod() {
		this.server.create(new V1ServiceAccount().apiVersion("v1")
			.kind("ServiceAccount")
			.metadata(new V1ObjectMeta().name("app-sa").namespace("default")));
		this.pod = new PodRef("default", "web-0", createPod("web-0"));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void mintsATokenForTheAudienceBoundToThePodForTheLifetimeAskedFor() {
		Instant before = Instant.now();

		ServiceAccountToken token = this.minter.mint(this.pod, "app-sa", "vault", Duration.ofMinutes(20));

		assertThat(token.jwt()).isNotBlank();
		assertThat(token.expiresAt()).isCloseTo(before.plus(Duration.ofMinutes(20)), within(Duration.ofSeconds(5)));
		assertThat(this.server.tokenRequests()).singleElement().satisfies((request) -> {
			assertThat(request.get("apiVersion").getAsString()).isEqualTo("authentication.k8s.io/v1");
			assertThat(request.get("kind").getAsString()).isEqualTo("TokenRequest");
			assertThat(request.getAsJsonObject("spec")).isEqualTo(JsonParser.parseString("""
					{"audiences":["vault"],"expirationSeconds":1200,
					 "boundObjectRef":{"apiVersion":"v1","kind":"Pod","name":"web-0","uid":"%s"}}
					""".formatted(this.pod.uid())));
		});
	}

	@Test
	void anEmptyAudienceAsksForTheApiServersOwn() {
		this.minter.mint(this.pod, "app-sa", "", Duration.ofHours(1));

		JsonObject spec = this.server.tokenRequests().get(0).getAsJsonObject("spec");
		assertThat(spec.getAsJsonArray("audiences")).isEmpty();
		assertThat(spec.get("expirationSeconds").getAsLong()).isEqualTo(3600);
	}

	@Test
	void withoutRbacTheRefusalSaysWhatIsMissing() {
		this.server.forbidTokenRequests();

		assertThatExceptionOfType(TokenMintingException.class)
			.isThrownBy(() -> this.minter.mint(this.pod, "app-sa", "vault", Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FORBIDDEN))
			.withMessageContaining("may not create serviceaccounts/token in namespace default")
			.withMessageContaining("HTTP 403: serviceaccounts \"app-sa\" is forbidden");
	}

	@Test
	void aDeletedPodIsGone() throws Exception {
		this.server.core().deleteNamespacedPod("web-0", "default").execute();

		assertThatExceptionOfType(TokenMintingException.class)
			.isThrownBy(() -> this.minter.mint(this.pod, "app-sa", "vault", Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.POD_GONE))
			.withMessage("pod default/web-0 no longer exists (HTTP 404: pods \"web-0\" not found)");
	}

	@Test
	void aPodReplacedByAnotherOfTheSameNameIsGone() throws Exception {
		this.server.core().deleteNamespacedPod("web-0", "default").execute();
		assertThat(createPod("web-0")).isNotEqualTo(this.pod.uid());

		assertThatExceptionOfType(TokenMintingException.class)
			.isThrownBy(() -> this.minter.mint(this.pod, "app-sa", "vault", Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.POD_GONE))
			.withMessageContaining("another of the same name took its place")
			.withMessageContaining("HTTP 409");
	}

	@Test
	void aMissingServiceAccountIsAFailureNotAGonePod() {
		assertThatExceptionOfType(TokenMintingException.class)
			.isThrownBy(() -> this.minter.mint(this.pod, "ghost", "vault", Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FAILED))
			.withMessageStartingWith("service account default/ghost does not exist (HTTP 404");
	}

	@Test
	void theAudiencesAreTheCsiDriversTokenRequestsReadOnce() throws Exception {
		StorageV1Api storage = new StorageV1Api(this.server.client());
		storage
			.createCSIDriver(new V1CSIDriver().apiVersion("storage.k8s.io/v1")
				.kind("CSIDriver")
				.metadata(new V1ObjectMeta().name("secrets-store.csi.k8s.io"))
				.spec(new V1CSIDriverSpec().addTokenRequestsItem(new StorageV1TokenRequest().audience("vault"))
					.addTokenRequestsItem(new StorageV1TokenRequest().audience("sts.amazonaws.com"))))
			.execute();

		assertThat(this.minter.audiences()).containsExactly("vault", "sts.amazonaws.com");
		storage.deleteCSIDriver("secrets-store.csi.k8s.io").execute();
		assertThat(this.minter.audiences()).containsExactly("vault", "sts.amazonaws.com");
	}

	@Test
	void withoutTheCsiDriverThereAreNoAudiences() {
		assertThat(this.minter.audiences()).isEmpty();
	}

	@Test
	void anUnreachableApiServerIsAFailure() {
		ApiClient nowhere = new ApiClient().setBasePath("http://127.0.0.1:1");
		ApiTokenMinter unreachable = new ApiTokenMinter(new CoreV1Api(nowhere), new StorageV1Api(nowhere),
				"secrets-store.csi.k8s.io");

		assertThatExceptionOfType(TokenMintingException.class)
			.isThrownBy(() -> unreachable.mint(this.pod, "app-sa", "vault", Duration.ofHours(1)))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(Reason.FAILED))
			.withMessageStartingWith("the API server cannot be reached");
	}

	/**
	 * Creates a pod in {@code default} running as {@code app-sa}.
	 * @return the pod's UID, which the server assigns
	 */
	private String createPod(String name) {
		return this.server
			.create(new V1Pod().apiVersion("v1")
				.kind("Pod")
				.metadata(new V1ObjectMeta().name(name).namespace("default"))
				.spec(new V1PodSpec().serviceAccountName("app-sa")
					.containers(List.of(new V1Container().name("app").image("app")))))
			.getMetadata()
			.getUid();
	}

}
