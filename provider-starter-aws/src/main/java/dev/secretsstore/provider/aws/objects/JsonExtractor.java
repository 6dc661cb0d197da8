package dev.secretsstore.provider.aws.objects;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderException.Reason;
import io.burt.jmespath.Expression;
import io.burt.jmespath.JmesPath;
import io.burt.jmespath.JmesPathException;
import io.burt.jmespath.gson.GsonRuntime;

/**
 * Evaluates {@code jmesPath} entries against JSON secrets; like the Go provider, a result
 * must be a string.
 */
public final class JsonExtractor {

	private static final int MAX_CACHED = 1000;

	private static final JmesPath<JsonElement> RUNTIME = new GsonRuntime();

	private static final Map<String, Expression<JsonElement>> COMPILED = new ConcurrentHashMap<>();

	private JsonExtractor() {
	}

	/**
	 * Checks that {@code path} is a JMESPath expression.
	 * @throws IllegalArgumentException when it is not, without echoing it
	 */
	static void check(String path) {
		compile(path);
	}

	/**
	 * The string that {@code entry.path()} selects in {@code secret}.
	 * @throws ProviderException INVALID_PARAMETERS when the secret is not JSON or the
	 * result is not a string
	 */
	public static byte[] extract(byte[] secret, JmesPathEntry entry, String objectName) throws ProviderException {
		JsonElement json = parse(secret, objectName);
		JsonElement result;
		try {
			result = compile(entry.path()).search(json);
		}
		catch (JmesPathException | IllegalArgumentException ex) {
			throw invalid("Invalid JMES Path: " + entry.path() + " of object " + objectName);
		}
		if (result == null || result.isJsonNull()) {
			throw invalid("JMES Path - " + entry.path() + " for object alias - " + entry.objectAlias()
					+ " does not point to a valid object in secret " + objectName);
		}
		if (!result.isJsonPrimitive() || !result.getAsJsonPrimitive().isString()) {
			throw invalid("Invalid JMES search result type for path: " + entry.path() + " of object " + objectName
					+ ". Only string is allowed.");
		}
		return result.getAsString().getBytes(StandardCharsets.UTF_8);
	}

	private static JsonElement parse(byte[] secret, String objectName) throws ProviderException {
		try (JsonReader reader = new JsonReader(new StringReader(new String(secret, StandardCharsets.UTF_8)))) {
			reader.setStrictness(Strictness.STRICT);
			JsonElement json = JsonParser.parseReader(reader);
			if (reader.peek() != JsonToken.END_DOCUMENT) {
				throw new JsonParseException("trailing data");
			}
			return json;
		}
		catch (IOException | JsonParseException | IllegalStateException ex) {
			// the parser's message quotes the secret's content
			throw invalid("Invalid JSON used with jmesPath in secret: " + objectName);
		}
	}

	private static Expression<JsonElement> compile(String path) {
		Expression<JsonElement> expression = COMPILED.get(path);
		if (expression == null) {
			try {
				expression = RUNTIME.compile(path);
			}
			catch (JmesPathException ex) {
				throw new IllegalArgumentException("not a JMESPath expression");
			}
			if (COMPILED.size() < MAX_CACHED) {
				COMPILED.put(path, expression);
			}
		}
		return expression;
	}

	private static ProviderException invalid(String message) {
		return new ProviderException(Reason.INVALID_PARAMETERS, "JmesPathFailed", message);
	}

}
