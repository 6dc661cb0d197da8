package dev.secretsstore.provider.aws.fetch;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.credentials.PodCredentials;
import dev.secretsstore.provider.aws.credentials.SessionCache;
import dev.secretsstore.provider.aws.objects.AwsObject;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import dev.secretsstore.provider.aws.objects.ObjectType;

/**
 * Fetches the objects of one mount, Secrets Manager secrets one by one and SSM parameters
 * in batches, in the primary region or, when it is unavailable, the failover region, and
 * lays them out as files.
 */
public final class MountFetcher {

	private final SecretsManagerFetcher secretsManager = new SecretsManagerFetcher();

	private final ParameterStoreFetcher parameterStore = new ParameterStoreFetcher();

	/**
	 * The files and versions of the objects of {@code parameters}.
	 * @param request the mount: its target folder, the versions it holds, and the mode of
	 * files whose object sets none
	 * @param credentials the pod's credentials
	 * @param sessions the sessions of every pod, which outlive the mount
	 */
	public MountResponse fetch(MountRequest request, AwsParameters parameters, PodCredentials credentials,
			SessionCache sessions) throws ProviderException {
		MountContext context = new MountContext(request, parameters, credentials, sessions);
		Map<AwsObject, FetchedValue> values = new IdentityHashMap<>();
		List<AwsObject> ssmObjects = new ArrayList<>();
		for (AwsObject object : parameters.objects()) {
			if (object.objectType() == ObjectType.SECRETS_MANAGER) {
				values.put(object, this.secretsManager.fetch(context, object));
			}
			else {
				ssmObjects.add(object);
			}
		}
		values.putAll(this.parameterStore.fetch(context, ssmObjects));
		return MountResults.response(parameters, values, request.permission());
	}

}
