/**
 * The pod's own AWS identity, never the node's:
 * {@link dev.secretsstore.provider.aws.credentials.PodCredentials} exchanges the pod's
 * service-account token ({@code AwsTokens}) through IRSA ({@code WebIdentityCredentials},
 * STS {@code AssumeRoleWithWebIdentity}) or EKS Pod Identity
 * ({@link dev.secretsstore.provider.aws.credentials.PodIdentityAgent}), and
 * {@link dev.secretsstore.provider.aws.credentials.SessionCache} keeps the resulting
 * {@link dev.secretsstore.provider.aws.credentials.AwsSession}s per region and identity
 * until shortly before their credentials expire.
 */
package dev.secretsstore.provider.aws.credentials;
