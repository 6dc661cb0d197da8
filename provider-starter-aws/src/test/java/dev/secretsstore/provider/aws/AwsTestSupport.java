package dev.secretsstore.provider.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.SecretFile;
import dev.secretsstore.provider.aws.credentials.AwsTokens;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Requests, settings and volumes shared by the provider tests.
 */
public final class AwsTestSupport {

	static final String ROLE_ARN = "arn:aws:iam::111122223333:role/web";

	static final String IRSA_TOKEN = "eyJhbGciOiJSUzI1NiJ9.irsa-token-of-web-0.c2lnbmF0dXJl";

	static final String POD_IDENTITY_TOKEN = "eyJhbGciOiJSUzI1NiJ9.pod-identity-token-of-web-0.c2ln";

	private AwsTestSupport() {
	}

	/**
	 * Every AWS endpoint on {@code server}, IRSA's role set, retries as given
	 * ({@code null}: the SDK's).
	 */
	/**
	 * A WireMock server on a free port for one test class, with stubs and requests reset
	 * before each test.
	 */
	static WireMockExtension wireMock() {
		return WireMockExtension.newInstance().options(options().dynamicPort()).build();
	}

	static AwsProviderProperties properties(WireMockExtension server, Integer maxAttempts) {
		URI base = URI.create(server.baseUrl());
		return new AwsProviderProperties(true, null, base, base, base, base, base, ROLE_ARN, Duration.ofSeconds(2),
				Duration.ofSeconds(10), Duration.ofSeconds(2), maxAttempts);
	}

	/**
	 * A mount of the pod {@code shop/web-0} with both tokens, in region us-east-1 unless
	 * {@code parameters} says otherwise.
	 */
	static MountRequest request(String objects, Map<String, String> parameters, Path target,
			List<ObjectVersion> current) {
		Map<String, String> attributes = new HashMap<>();
		attributes.put("objects", objects);
		attributes.put("region", "us-east-1");
		attributes.put(MountRequest.POD_NAME, "web-0");
		attributes.put(MountRequest.POD_NAMESPACE, "shop");
		attributes.put(MountRequest.POD_UID, "0b7c8e4e-1f7a-4c9e-9d7c-3f1e2a4b5c6d");
		attributes.put(MountRequest.SERVICE_ACCOUNT_NAME, "web");
		attributes.put("secretProviderClass", "web-secrets");
		attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, tokens(
				Map.of(AwsTokens.IRSA_AUDIENCE, IRSA_TOKEN, AwsTokens.POD_IDENTITY_AUDIENCE, POD_IDENTITY_TOKEN)));
		attributes.putAll(parameters);
		attributes.values().removeIf(String::isEmpty);
		return new MountRequest(attributes, Map.of(), target.toString(), 0644, current);
	}

	static MountRequest request(String objects, Path target) {
		return request(objects, Map.of(), target, List.of());
	}

	/**
	 * A mounted file's contents as text.
	 */
	static String text(SecretFile file) {
		return new String(file.contents(), StandardCharsets.UTF_8);
	}

	static String tokens(Map<String, String> byAudience) {
		StringBuilder json = new StringBuilder("{");
		byAudience.forEach((audience, token) -> json.append(json.length() > 1 ? "," : "")
			.append(AwsStubs.quote(audience))
			.append(":{\"token\":")
			.append(AwsStubs.quote(token))
			.append(",\"expirationTimestamp\":\"2030-01-01T00:00:00Z\"}"));
		return json.append("}").toString();
	}

	static String resource(String name) {
		try (InputStream in = AwsTestSupport.class.getResourceAsStream("/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("no test resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The {@code spec.parameters} of a SecretProviderClass under
	 * {@code src/test/resources/spc}.
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, String> spcParameters(String name) {
		Map<String, Object> spc = new org.yaml.snakeyaml.Yaml().load(resource("spc/" + name));
		Map<String, Object> spec = (Map<String, Object>) spc.get("spec");
		Map<String, String> parameters = new HashMap<>();
		((Map<String, Object>) spec.get("parameters")).forEach((key, value) -> parameters.put(key, value.toString()));
		return parameters;
	}

	/**
	 * Lays {@code files} out as the driver's atomic writer does: {@code ..data} points to
	 * a timestamped folder and each name is a symlink into {@code ..data}.
	 */
	static void mounted(Path target, Map<String, String> files) {
		try {
			Path generation = Files.createDirectories(target.resolve("..2026_11_28_10_00_00.123456789"));
			for (Map.Entry<String, String> file : files.entrySet()) {
				Files.writeString(generation.resolve(file.getKey()), file.getValue());
				Files.createSymbolicLink(target.resolve(file.getKey()), Path.of("..data", file.getKey()));
			}
			Files.createSymbolicLink(target.resolve("..data"), generation.getFileName());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
