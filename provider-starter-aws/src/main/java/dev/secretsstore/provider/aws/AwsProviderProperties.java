package dev.secretsstore.provider.aws;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the in-process AWS provider; none is needed, the SecretProviderClass
 * parameters say the rest.
 *
 * @param enabled whether the {@code aws} provider bean is registered
 * @param region the region used when a SecretProviderClass sets no {@code region}
 * parameter; when unset, the {@code AWS_REGION} environment variable is used, as the Go
 * provider does
 * @param secretsmanagerEndpoint replaces the Secrets Manager endpoint of every region,
 * for VPC endpoints, FIPS or tests
 * @param ssmEndpoint replaces the SSM endpoint of every region
 * @param stsEndpoint replaces the STS endpoint of every region (IRSA's
 * {@code AssumeRoleWithWebIdentity})
 * @param podIdentityEndpoint the EKS Pod Identity Agent's IPv4 base URL;
 * {@code /v1/credentials} is appended
 * @param podIdentityIpv6Endpoint the EKS Pod Identity Agent's IPv6 base URL;
 * {@code /v1/credentials} is appended
 * @param roleArn the IAM role every pod assumes with IRSA; stands in for the service
 * account's {@code eks.amazonaws.com/role-arn} annotation until the driver reads it from
 * the cluster
 * @param connectTimeout how long to wait for a connection to AWS or to the Pod Identity
 * Agent
 * @param apiCallTimeout how long one AWS API call may take, its retries included
 * @param podIdentityTimeout how long one request to the Pod Identity Agent may take (the
 * Go provider's {@code --pod-identity-http-timeout})
 * @param maxAttempts attempts per AWS API call, the first included; unset keeps the SDK's
 * retry policy (4 attempts), 1 turns retries off
 */
@ConfigurationProperties("secrets-store.provider.aws")
public record AwsProviderProperties(@DefaultValue("true") boolean enabled, String region, URI secretsmanagerEndpoint,
		URI ssmEndpoint, URI stsEndpoint, @DefaultValue(DEFAULT_POD_IDENTITY_ENDPOINT) URI podIdentityEndpoint,
		@DefaultValue(DEFAULT_POD_IDENTITY_IPV6_ENDPOINT) URI podIdentityIpv6Endpoint, String roleArn,
		@DefaultValue("5s") Duration connectTimeout, @DefaultValue("20s") Duration apiCallTimeout,
		@DefaultValue("5s") Duration podIdentityTimeout, Integer maxAttempts) {

	/** Where the EKS Pod Identity Agent listens on every node (IPv4). */
	public static final String DEFAULT_POD_IDENTITY_ENDPOINT = "http://169.254.170.23";

	/** Where the EKS Pod Identity Agent listens on every node (IPv6). */
	public static final String DEFAULT_POD_IDENTITY_IPV6_ENDPOINT = "http://[fd00:ec2::23]";

	public AwsProviderProperties {
		podIdentityEndpoint = (podIdentityEndpoint != null) ? podIdentityEndpoint
				: URI.create(DEFAULT_POD_IDENTITY_ENDPOINT);
		podIdentityIpv6Endpoint = (podIdentityIpv6Endpoint != null) ? podIdentityIpv6Endpoint
				: URI.create(DEFAULT_POD_IDENTITY_IPV6_ENDPOINT);
		connectTimeout = positive(connectTimeout, Duration.ofSeconds(5), "connectTimeout");
		apiCallTimeout = positive(apiCallTimeout, Duration.ofSeconds(20), "apiCallTimeout");
		podIdentityTimeout = positive(podIdentityTimeout, Duration.ofSeconds(5), "podIdentityTimeout");
		if (maxAttempts != null && maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
		}
	}

	/**
	 * The settings an empty configuration binds to.
	 */
	public static AwsProviderProperties defaults() {
		return new AwsProviderProperties(true, null, null, null, null, null, null, null, null, null, null, null);
	}

	private static Duration positive(Duration value, Duration fallback, String name) {
		if (value == null) {
			return fallback;
		}
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, not " + value);
		}
		return value;
	}

}
