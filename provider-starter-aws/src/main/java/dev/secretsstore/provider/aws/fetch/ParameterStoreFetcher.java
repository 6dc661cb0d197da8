package dev.secretsstore.provider.aws.fetch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import dev.secretsstore.provider.aws.client.AwsErrors;
import dev.secretsstore.provider.aws.objects.AwsObject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Fetches SSM parameters with {@code GetParameters}, ten per call (the API's limit),
 * decrypted; a version or label is asked for with the {@code name:selector} syntax.
 */
final class ParameterStoreFetcher {

	static final int BATCH_SIZE = 10;

	Map<AwsObject, FetchedValue> fetch(MountContext context, List<AwsObject> objects) throws ProviderException {
		Map<AwsObject, FetchedValue> values = new IdentityHashMap<>();
		for (int start = 0; start < objects.size(); start += BATCH_SIZE) {
			List<AwsObject> batch = objects.subList(start, Math.min(start + BATCH_SIZE, objects.size()));
			String what = "parameters " + batch.stream().map(AwsObject::objectName).toList();
			values.putAll(context.inRegions(what, (session, failover) -> fetchBatch(session, failover, batch)));
		}
		return values;
	}

	private Map<AwsObject, FetchedValue> fetchBatch(RegionSession session, boolean failover, List<AwsObject> batch)
			throws ProviderException {
		Map<String, List<AwsObject>> byName = new LinkedHashMap<>();
		for (AwsObject object : batch) {
			byName.computeIfAbsent(selectorName(object, failover), (key) -> new ArrayList<>()).add(object);
		}
		GetParametersResponse response;
		try {
			response = session.get()
				.ssm()
				.getParameters((request) -> request.names(byName.keySet()).withDecryption(true));
		}
		catch (SdkException ex) {
			throw AwsErrors.map(ex, "fetching parameters " + byName.keySet() + " in " + session.region());
		}
		if (!response.invalidParameters().isEmpty()) {
			List<String> invalid = response.invalidParameters().stream().distinct().toList();
			throw new ProviderException(Reason.NOT_FOUND, "InvalidParameters",
					session.region() + ": invalid parameters: " + String.join(", ", invalid));
		}
		Map<AwsObject, FetchedValue> values = new IdentityHashMap<>();
		for (Map.Entry<String, List<AwsObject>> entry : byName.entrySet()) {
			Parameter parameter = response.parameters()
				.stream()
				.filter((candidate) -> answers(candidate, entry.getKey()))
				.findFirst()
				.orElseThrow(() -> new ProviderException(Reason.FAILED, "",
						session.region() + ": SSM returned no value for parameter " + entry.getKey()));
			byte[] value = Objects.requireNonNullElse(parameter.value(), "").getBytes(StandardCharsets.UTF_8);
			FetchedValue fetched = new FetchedValue(String.valueOf(parameter.version()), value);
			entry.getValue().forEach((object) -> values.put(object, fetched));
		}
		return values;
	}

	/**
	 * The name as sent: {@code name}, {@code name:version} or {@code name:label}.
	 */
	static String selectorName(AwsObject object, boolean failover) {
		String name = object.nameIn(failover);
		if (!object.versionIn(failover).isEmpty()) {
			return name + ":" + object.versionIn(failover);
		}
		return object.labelIn(failover).isEmpty() ? name : name + ":" + object.labelIn(failover);
	}

	/**
	 * Whether {@code parameter} answers the name asked for: SSM returns the name (or, for
	 * a shared parameter, the ARN) and the selector apart.
	 */
	private static boolean answers(Parameter parameter, String asked) {
		String selector = Objects.requireNonNullElse(parameter.selector(), "");
		return asked.equals(parameter.name() + selector) || asked.equals(parameter.arn() + selector);
	}

}
