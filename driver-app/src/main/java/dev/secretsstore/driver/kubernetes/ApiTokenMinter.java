package dev.secretsstore.driver.kubernetes;

import java.time.Duration;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.secretsstore.driver.rotation.tokens.TokenMinter;
import dev.secretsstore.driver.rotation.tokens.TokenMintingException;
import dev.secretsstore.driver.rotation.tokens.TokenMintingException.Reason;
import dev.secretsstore.driver.status.MountedVolume.PodRef;
import dev.secretsstore.provider.ServiceAccountTokens.ServiceAccountToken;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.StorageV1Api;
import io.kubernetes.client.openapi.models.AuthenticationV1TokenRequest;
import io.kubernetes.client.openapi.models.StorageV1TokenRequest;
import io.kubernetes.client.openapi.models.V1BoundObjectReference;
import io.kubernetes.client.openapi.models.V1CSIDriver;
import io.kubernetes.client.openapi.models.V1TokenRequestSpec;
import io.kubernetes.client.openapi.models.V1TokenRequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints pod-bound service-account tokens with the TokenRequest API
 * ({@code POST /api/v1/namespaces/<ns>/serviceaccounts/<name>/token}), one audience per
 * token as kubelet asks for the CSIDriver's {@code tokenRequests}. The driver's service
 * account needs RBAC to create {@code serviceaccounts/token}. Tokens only pass through:
 * nothing here logs, stores or quotes one.
 */
class ApiTokenMinter implements TokenMinter {

	private static final Logger logger = LoggerFactory.getLogger(ApiTokenMinter.class);

	private static final int FORBIDDEN = 403;

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	private final CoreV1Api api;

	private final StorageV1Api storage;

	private final String driverName;

	/**
	 * The CSIDriver's audiences, read once: changing tokenRequests means reinstalling the
	 * driver anyway.
	 */
	private volatile List<String> audiences;

	ApiTokenMinter(CoreV1Api api, StorageV1Api storage, String driverName) {
		this.api = api;
		this.storage = storage;
		this.driverName = driverName;
	}

	@Override
	public List<String> audiences() {
		List<String> known = this.audiences;
		if (known != null) {
			return known;
		}
		try {
			V1CSIDriver driver = this.storage.readCSIDriver(this.driverName).execute();
			List<StorageV1TokenRequest> requests = (driver.getSpec() != null) ? driver.getSpec().getTokenRequests()
					: null;
			known = (requests != null) ? requests.stream().map(StorageV1TokenRequest::getAudience).toList() : List.of();
			this.audiences = known;
			return known;
		}
		catch (ApiException ex) {
			logger.warn(
					"Cannot read the token audiences of CSIDriver {} (HTTP {}): volumes restored after a "
							+ "restart rotate without tokens until kubelet republishes them",
					this.driverName, ex.getCode());
			return List.of();
		}
	}

	@Override
	public ServiceAccountToken mint(PodRef pod, String serviceAccount, String audience, Duration lifetime) {
		V1TokenRequestSpec spec = new V1TokenRequestSpec()
			// no audience means the API server's own, as kubelet asks for an empty
			// tokenRequests audience
			.audiences(audience.isEmpty() ? List.of() : List.of(audience))
			.expirationSeconds(lifetime.toSeconds())
			.boundObjectRef(new V1BoundObjectReference().apiVersion("v1").kind("Pod").name(pod.name()).uid(pod.uid()));
		AuthenticationV1TokenRequest answer;
		try {
			answer = this.api
				.createNamespacedServiceAccountToken(serviceAccount, pod.namespace(),
						new AuthenticationV1TokenRequest().apiVersion("authentication.k8s.io/v1")
							.kind("TokenRequest")
							.spec(spec))
				.execute();
		}
		catch (ApiException ex) {
			throw failure(pod, serviceAccount, ex);
		}
		V1TokenRequestStatus status = (answer != null) ? answer.getStatus() : null;
		if (status == null || status.getToken() == null || status.getToken().isEmpty()
				|| status.getExpirationTimestamp() == null) {
			throw new TokenMintingException(Reason.FAILED, "the API server answered the TokenRequest for service "
					+ "account " + pod.namespace() + "/" + serviceAccount + " without a token or its expiry", null);
		}
		return new ServiceAccountToken(status.getToken(), status.getExpirationTimestamp().toInstant());
	}

	private static TokenMintingException failure(PodRef pod, String serviceAccount, ApiException ex) {
		if (ex.getCode() == 0) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			return new TokenMintingException(Reason.FAILED, "the API server cannot be reached: " + cause, ex);
		}
		Status status = Status.of(ex);
		String answer = " (HTTP " + ex.getCode() + (status.message().isEmpty() ? "" : ": " + status.message()) + ")";
		return switch (ex.getCode()) {
			case FORBIDDEN -> new TokenMintingException(Reason.FORBIDDEN,
					"the driver may not create " + "serviceaccounts/token in namespace " + pod.namespace() + answer,
					ex);
			// the API server looks the service account up first, then the pod
			case NOT_FOUND ->
				"serviceaccounts".equals(status.kind())
						? new TokenMintingException(Reason.FAILED,
								"service account " + pod.namespace() + "/" + serviceAccount + " does not exist"
										+ answer,
								ex)
						: new TokenMintingException(Reason.POD_GONE, "pod " + pod + " no longer exists" + answer, ex);
			case CONFLICT -> new TokenMintingException(Reason.POD_GONE, "pod " + pod + " (uid " + pod.uid()
					+ ") was deleted and another of the same name took its place" + answer, ex);
			default -> new TokenMintingException(Reason.FAILED, "the API server refused the TokenRequest for "
					+ "service account " + pod.namespace() + "/" + serviceAccount + answer, ex);
		};
	}

	/**
	 * The parts of a {@code Status} answer that say what failed.
	 *
	 * @param message the status message, or the start of the body when it is not a Status
	 * @param kind {@code details.kind}: the resource that was not found, or empty
	 */
	private record Status(String message, String kind) {

		private static final int MAX_BODY = 300;

		static Status of(ApiException ex) {
			String body = (ex.getResponseBody() != null) ? ex.getResponseBody().strip() : "";
			try {
				JsonElement root = JsonParser.parseString(body);
				if (root.isJsonObject()) {
					JsonObject object = root.getAsJsonObject();
					JsonObject details = object.has("details") && object.get("details").isJsonObject()
							? object.getAsJsonObject("details") : new JsonObject();
					return new Status(string(object, "message"), string(details, "kind"));
				}
			}
			catch (RuntimeException ex2) {
				// not JSON: the body itself is the best description
			}
			return new Status((body.length() > MAX_BODY) ? body.substring(0, MAX_BODY) + "…" : body, "");
		}

		private static String string(JsonObject object, String name) {
			JsonElement value = object.get(name);
			return (value != null && value.isJsonPrimitive()) ? value.getAsString() : "";
		}

	}

}
