package dev.secretsstore.provider.aws.client;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds AWS SDK clients that share one HTTP client and one timer thread, created on
 * first use so that the provider starts without touching the network or the SDK.
 */
public final class AwsClientFactory implements AutoCloseable {

	private final URI secretsmanagerEndpoint;

	private final URI ssmEndpoint;

	private final URI stsEndpoint;

	private final Duration connectTimeout;

	private final Duration apiCallTimeout;

	private final Integer maxAttempts;

	private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();

	private SdkHttpClient httpClient;

	private ScheduledExecutorService timer;

	private boolean closed;

	/**
	 * @param secretsmanagerEndpoint replaces the Secrets Manager endpoint of every
	 * region, or {@code null}
	 * @param ssmEndpoint replaces the SSM endpoint of every region, or {@code null}
	 * @param stsEndpoint replaces the STS endpoint of every region, or {@code null}
	 * @param connectTimeout how long to wait for a connection
	 * @param apiCallTimeout how long one API call may take, its retries included
	 * @param maxAttempts attempts per API call, or {@code null} for the SDK's retry
	 * policy
	 */
	public AwsClientFactory(URI secretsmanagerEndpoint, URI ssmEndpoint, URI stsEndpoint, Duration connectTimeout,
			Duration apiCallTimeout, Integer maxAttempts) {
		this.secretsmanagerEndpoint = secretsmanagerEndpoint;
		this.ssmEndpoint = ssmEndpoint;
		this.stsEndpoint = stsEndpoint;
		this.connectTimeout = connectTimeout;
		this.apiCallTimeout = apiCallTimeout;
		this.maxAttempts = maxAttempts;
	}

	public SecretsManagerClient secretsManager(String region, AwsSessionCredentials credentials) {
		return build(SecretsManagerClient.builder(), region, StaticCredentialsProvider.create(credentials),
				this.secretsmanagerEndpoint);
	}

	public SsmClient ssm(String region, AwsSessionCredentials credentials) {
		return build(SsmClient.builder(), region, StaticCredentialsProvider.create(credentials), this.ssmEndpoint);
	}

	/**
	 * An STS client for {@code region}; AssumeRoleWithWebIdentity is unsigned, so one
	 * client serves every pod.
	 */
	public StsClient sts(String region) {
		return this.stsClients.computeIfAbsent(region,
				(key) -> build(StsClient.builder(), key, AnonymousCredentialsProvider.create(), this.stsEndpoint));
	}

	private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String region,
			AwsCredentialsProvider credentials, URI endpoint) {
		builder.region(Region.of(region))
			.credentialsProvider(credentials)
			.overrideConfiguration(this::override)
			.httpClient(httpClient());
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

	private void override(ClientOverrideConfiguration.Builder override) {
		override.apiCallTimeout(this.apiCallTimeout).scheduledExecutorService(timer());
		if (this.maxAttempts != null) {
			override.retryStrategy(
					AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(this.maxAttempts).build());
		}
	}

	private synchronized SdkHttpClient httpClient() {
		requireOpen();
		if (this.httpClient == null) {
			this.httpClient = UrlConnectionHttpClient.builder()
				.connectionTimeout(this.connectTimeout)
				.socketTimeout(this.apiCallTimeout)
				.build();
		}
		return this.httpClient;
	}

	private synchronized ScheduledExecutorService timer() {
		requireOpen();
		if (this.timer == null) {
			this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "aws-provider-timer");
				thread.setDaemon(true);
				return thread;
			});
		}
		return this.timer;
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("the AWS provider is closed");
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		this.stsClients.values().forEach(StsClient::close);
		this.stsClients.clear();
		if (this.httpClient != null) {
			this.httpClient.close();
		}
		if (this.timer != null) {
			this.timer.shutdownNow();
		}
	}

}
