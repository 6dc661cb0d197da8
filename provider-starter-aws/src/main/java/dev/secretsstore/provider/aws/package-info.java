/**
 * AWS Secrets Manager and SSM Parameter Store provider, registered as the in-process
 * provider named {@code "aws"} and servable as a remote provider plugin by
 * {@link dev.secretsstore.provider.aws.AwsPluginMain}.
 * <p>
 * {@link dev.secretsstore.provider.aws.AwsSecretProvider} draws on sub-packages, which
 * never depend on this one:
 * <ul>
 * <li>{@code objects}: the SecretProviderClass parameters and their {@code objects} YAML,
 * checked by the Go provider's rules, and the {@code jmesPath} entries;</li>
 * <li>{@code credentials}: the pod's credentials (IRSA or EKS Pod Identity, from its
 * service-account token) and the sessions made of them, cached per region;</li>
 * <li>{@code fetch}: one mount's calls to Secrets Manager and Parameter Store, failover
 * included, and the files they make;</li>
 * <li>{@code client}: the AWS SDK clients, sharing one HTTP client, and their failures as
 * provider failures.</li>
 * </ul>
 */
package dev.secretsstore.provider.aws;
