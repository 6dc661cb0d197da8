/**
 * AWS Secrets Manager and SSM Parameter Store provider, registered as the in-process provider named {@code "aws"}. This module is a skeleton: it builds and is
 * on the driver's runtime class path, but it registers no bean yet.
 */
package dev.secretsstore.provider.aws;
