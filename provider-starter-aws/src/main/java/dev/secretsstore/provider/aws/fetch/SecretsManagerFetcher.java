package dev.secretsstore.provider.aws.fetch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.secretsstore.provider.MountedFiles;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.client.AwsErrors;
import dev.secretsstore.provider.aws.objects.AwsObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Fetches one Secrets Manager secret, reading the mounted file back instead of calling
 * {@code GetSecretValue} while the mounted version is still the wanted one (pinned, or
 * carrying AWSCURRENT or the requested label per {@code DescribeSecret}), as the Go
 * provider does, because metadata calls are cheaper and have a higher quota.
 */
final class SecretsManagerFetcher {

	static final String CURRENT_STAGE = "AWSCURRENT";

	private static final Logger log = LoggerFactory.getLogger(SecretsManagerFetcher.class);

	FetchedValue fetch(MountContext context, AwsObject object) throws ProviderException {
		return context.inRegions("secret " + object.objectName(),
				(session, failover) -> fetchIn(context, session, failover, object));
	}

	private FetchedValue fetchIn(MountContext context, RegionSession session, boolean failover, AwsObject object)
			throws ProviderException {
		String current = context.currentVersion(object.fileName());
		if (current != null && isCurrent(session, failover, object, current)) {
			Optional<byte[]> mounted = MountedFiles.read(context.targetPath(), object.fileName());
			if (mounted.isPresent()) {
				return new FetchedValue(current, mounted.get());
			}
			log.info("Secret {} is unchanged but {} cannot be read back from the volume: fetching it again",
					object.objectName(), object.fileName());
		}
		return get(session, failover, object);
	}

	private boolean isCurrent(RegionSession session, boolean failover, AwsObject object, String current)
			throws ProviderException {
		String pinned = object.versionIn(failover);
		if (!pinned.isEmpty()) {
			return pinned.equals(current);
		}
		String name = object.nameIn(failover);
		DescribeSecretResponse described;
		try {
			described = session.get().secretsManager().describeSecret((request) -> request.secretId(name));
		}
		catch (SdkException ex) {
			throw AwsErrors.map(ex, "describing secret " + name + " in " + session.region());
		}
		String label = object.labelIn(failover).isEmpty() ? CURRENT_STAGE : object.labelIn(failover);
		return described.versionIdsToStages().getOrDefault(current, List.of()).contains(label);
	}

	private FetchedValue get(RegionSession session, boolean failover, AwsObject object) throws ProviderException {
		String name = object.nameIn(failover);
		GetSecretValueRequest.Builder request = GetSecretValueRequest.builder().secretId(name);
		if (!object.versionIn(failover).isEmpty()) {
			request.versionId(object.versionIn(failover));
		}
		if (!object.labelIn(failover).isEmpty()) {
			request.versionStage(object.labelIn(failover));
		}
		GetSecretValueResponse response;
		try {
			response = session.get().secretsManager().getSecretValue(request.build());
		}
		catch (SdkException ex) {
			throw AwsErrors.map(ex, "fetching secret " + name + " in " + session.region());
		}
		byte[] value = (response.secretString() != null) ? response.secretString().getBytes(StandardCharsets.UTF_8)
				: (response.secretBinary() != null) ? response.secretBinary().asByteArray() : new byte[0];
		return new FetchedValue((response.versionId() != null) ? response.versionId() : "", value);
	}

}
