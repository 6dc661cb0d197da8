/**
 * The AWS SDK: {@link dev.secretsstore.provider.aws.client.AwsClientFactory} builds the
 * Secrets Manager, SSM and STS clients, which share one HTTP client and one timer thread,
 * and {@link dev.secretsstore.provider.aws.client.AwsErrors} turns their failures into
 * provider failures.
 */
package dev.secretsstore.provider.aws.client;
