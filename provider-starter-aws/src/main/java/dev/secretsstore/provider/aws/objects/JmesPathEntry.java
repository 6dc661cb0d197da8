package dev.secretsstore.provider.aws.objects;

/**
 * One {@code jmesPath} entry of an object: a string inside a JSON secret mounted as a
 * file of its own.
 *
 * @param path the JMESPath expression, such as {@code username} or {@code "a-b".c}
 * @param objectAlias the file's name before path translation
 * @param filePermission the file's mode, or {@code null} for the object's mode
 * @param fileName the file's path in the volume
 */
public record JmesPathEntry(String path, String objectAlias, Integer filePermission, String fileName) {

}
