/**
 * AWS Secrets Manager and SSM Parameter Store provider, registered as the in-process
 * provider named {@code "aws"} and servable as a remote provider plugin by
 * {@link dev.secretsstore.provider.aws.AwsPluginMain}.
 */
package dev.secretsstore.provider.aws;
