/**
 * One mount's calls to AWS: {@link dev.secretsstore.provider.aws.fetch.MountFetcher}
 * fetches Secrets Manager secrets ({@code SecretsManagerFetcher}, which reads a mounted
 * file back while {@code DescribeSecret} says it is current) and SSM parameters in
 * batches ({@code ParameterStoreFetcher}), in the failover region when the primary is
 * unavailable ({@code MountContext}), and lays the values out as files
 * ({@code MountResults}).
 */
package dev.secretsstore.provider.aws.fetch;
