package dev.secretsstore.provider.aws;

import java.util.Map;
import java.util.function.UnaryOperator;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import dev.secretsstore.provider.StoreChange;
import dev.secretsstore.provider.ServiceAccounts;
import dev.secretsstore.provider.aws.client.AwsClientFactory;
import dev.secretsstore.provider.aws.credentials.PodCredentials;
import dev.secretsstore.provider.aws.credentials.PodIdentityAgent;
import dev.secretsstore.provider.aws.credentials.SessionCache;
import dev.secretsstore.provider.aws.fetch.MountFetcher;
import dev.secretsstore.provider.aws.objects.AwsArn;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread-safe {@code aws} provider, which fetches AWS Secrets Manager secrets and SSM
 * parameters with the pod's own identity and the Go provider's SecretProviderClass
 * parameters, and starts without network access.
 */
public final class AwsSecretProvider implements SecretProvider, AutoCloseable {

	/** The provider name SecretProviderClasses select. */
	public static final String NAME = "aws";

	private static final Logger log = LoggerFactory.getLogger(AwsSecretProvider.class);

	private final AwsProviderProperties properties;

	private final UnaryOperator<String> environment;

	private final AwsClientFactory clients;

	private final SessionCache sessions;

	private final PodIdentityAgent agent;

	private final ServiceAccounts serviceAccounts;

	private final MountFetcher fetcher = new MountFetcher();

	public AwsSecretProvider(AwsProviderProperties properties) {
		this(properties, ServiceAccounts.NONE);
	}

	/**
	 * @param serviceAccounts where a pod's service account's
	 * {@code eks.amazonaws.com/role-arn} annotation is read
	 */
	public AwsSecretProvider(AwsProviderProperties properties, ServiceAccounts serviceAccounts) {
		this(properties, serviceAccounts, System::getenv);
	}

	/**
	 * @param environment reads environment variables; only {@code AWS_REGION} is read
	 */
	AwsSecretProvider(AwsProviderProperties properties, ServiceAccounts serviceAccounts,
			UnaryOperator<String> environment) {
		this.properties = properties;
		this.serviceAccounts = serviceAccounts;
		this.environment = environment;
		this.clients = new AwsClientFactory(properties.secretsmanagerEndpoint(), properties.ssmEndpoint(),
				properties.stsEndpoint(), properties.connectTimeout(), properties.apiCallTimeout(),
				properties.maxAttempts());
		this.sessions = new SessionCache(this.clients);
		this.agent = new PodIdentityAgent(properties.podIdentityEndpoint(), properties.podIdentityIpv6Endpoint(),
				properties.connectTimeout(), properties.podIdentityTimeout());
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public boolean sharesResponsesAcrossPods() {
		// the IAM role comes from the service account (IRSA) or its Pod Identity
		// association, never from the pod
		// itself, and no parameter names the pod
		return true;
	}

	/**
	 * Whether one of the volume's objects is the secret or parameter that changed: by
	 * name or ARN, either way round (an EventBridge event names a secret by its ARN, a
	 * SecretProviderClass often by its name).
	 */
	@Override
	public boolean reads(Map<String, String> parameters, StoreChange change) {
		if (!change.store().isEmpty() && !change.store().equals(store(parameters))) {
			return false;
		}
		String changed = AwsArn.secretName(change.object());
		try {
			return AwsParameters.parse(parameters, java.util.Objects.toString(defaultRegion(), ""))
				.objects()
				.stream()
				.anyMatch((object) -> object.objectName().equals(change.object())
						|| AwsArn.secretName(object.objectName()).equals(changed));
		}
		catch (ProviderException ex) {
			// parameters a mount would refuse: nothing to rotate
			return false;
		}
	}

	/**
	 * The region: Secrets Manager's and Parameter Store's request quotas are per account
	 * and region.
	 */
	@Override
	public String store(Map<String, String> parameters) {
		String region = parameters.getOrDefault(AwsParameters.REGION, "").trim();
		return region.isEmpty() ? java.util.Objects.toString(defaultRegion(), "") : region;
	}

	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		AwsParameters parameters = AwsParameters.parse(request.attributes(), defaultRegion());
		PodCredentials credentials = PodCredentials.of(request, parameters, this.properties.roleArn(),
				this.serviceAccounts, this.clients, this.agent);
		MountResponse response = this.fetcher.fetch(request, parameters, credentials, this.sessions);
		log.debug("Fetched {} objects for pod {}/{} with {}", parameters.objects().size(),
				request.attributes().get(MountRequest.POD_NAMESPACE), request.attributes().get(MountRequest.POD_NAME),
				credentials);
		return response;
	}

	@Override
	public ProviderVersion version() {
		String version = AwsSecretProvider.class.getPackage().getImplementationVersion();
		return new ProviderVersion("provider-starter-aws", (version != null) ? version : "unknown");
	}

	/**
	 * Closes the cached clients and the shared HTTP client.
	 */
	@Override
	public void close() {
		this.sessions.close();
		this.clients.close();
	}

	int cachedSessions() {
		return this.sessions.size();
	}

	private String defaultRegion() {
		String region = this.properties.region();
		return (region != null && !region.isEmpty()) ? region : this.environment.apply("AWS_REGION");
	}

	@Override
	public String toString() {
		return "AwsSecretProvider[name=" + NAME + "]";
	}

}
