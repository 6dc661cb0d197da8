/**
 * What a SecretProviderClass asks the AWS provider for:
 * {@link dev.secretsstore.provider.aws.objects.AwsParameters} reads the Go provider's
 * parameters, and its {@code objects} YAML ({@code ObjectsYaml}) into
 * {@link dev.secretsstore.provider.aws.objects.AwsObject}s by the Go provider's rules
 * ({@code ObjectParser}, {@code ObjectNames}, {@code DuplicateRules});
 * {@link dev.secretsstore.provider.aws.objects.JsonExtractor} evaluates their
 * {@code jmesPath} entries, and {@link dev.secretsstore.provider.aws.objects.AwsArn}
 * reads ARNs.
 */
package dev.secretsstore.provider.aws.objects;
