package dev.secretsstore.provider;

import java.util.regex.Pattern;

/**
 * The rule a provider name must follow before any socket is looked up, as the Go driver
 * enforces it: the name becomes a file name ({@code <name>.sock}), so it may hold only
 * letters, digits, '_' and '-', at most 30 of them.
 */
public final class ProviderNames {

	/** Allowed provider names. */
	public static final Pattern PATTERN = Pattern.compile("^[a-zA-Z0-9_-]{0,30}$");

	private ProviderNames() {
	}

	/**
	 * Whether {@code name} is a non-empty, valid provider name.
	 */
	public static boolean isValid(String name) {
		return name != null && !name.isEmpty() && PATTERN.matcher(name).matches();
	}

}
