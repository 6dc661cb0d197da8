package dev.secretsstore.provider.vault.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;

/**
 * What Go's {@code tls.Config.ServerName} means, for the name given with
 * {@code vaultTLSServerName}: the name sent as SNI, and the name Vault's certificate must
 * carry, checked as Go's {@code x509.Certificate.VerifyHostname} checks it.
 */
final class ServerNames {

	private static final int DNS_NAME = 2;

	private static final int IP_ADDRESS = 7;

	private static final Pattern IPV4 = Pattern
		.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

	/**
	 * Only what InetAddress parses as an IPv6 literal; anything else it would look up in
	 * DNS.
	 */
	private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:][0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

	private ServerNames() {
	}

	/**
	 * The SNI to send for {@code serverName}: none for an IP address, which SNI cannot
	 * carry (Go sends none either), and none for a name the JDK cannot encode as an SNI
	 * host name, such as one with {@code _} (Go would send it).
	 */
	static List<SNIServerName> sni(String serverName) {
		String name = unbracketed(serverName);
		if (ipLiteral(name) != null) {
			return List.of();
		}
		try {
			return List.of(new SNIHostName(withoutTrailingDot(name)));
		}
		catch (IllegalArgumentException ex) {
			return List.of();
		}
	}

	/**
	 * Checks that {@code certificate} is valid for {@code serverName} as Go does: an IP
	 * address against the IP address subjectAltNames, a host name against the DNS ones,
	 * where {@code *} may stand for the whole left-most label only. The common name is
	 * never used (Go 1.15 and later).
	 * @throws CertificateException naming {@code serverName} and the names the
	 * certificate has
	 */
	static void verify(X509Certificate certificate, String serverName) throws CertificateException {
		List<String> dnsNames = new ArrayList<>();
		List<String> ipAddresses = new ArrayList<>();
		Collection<List<?>> alternativeNames = certificate.getSubjectAlternativeNames();
		if (alternativeNames != null) {
			for (List<?> alternativeName : alternativeNames) {
				Object type = alternativeName.get(0);
				Object value = alternativeName.get(1);
				if (Integer.valueOf(DNS_NAME).equals(type) && value instanceof String name) {
					dnsNames.add(name);
				}
				else if (Integer.valueOf(IP_ADDRESS).equals(type) && value instanceof String address) {
					ipAddresses.add(address);
				}
			}
		}
		String name = unbracketed(serverName);
		InetAddress ip = ipLiteral(name);
		if ((ip != null) ? ipAddresses.stream().anyMatch((address) -> ip.equals(ipLiteral(address)))
				: dnsNames.stream().anyMatch((pattern) -> matches(pattern, name))) {
			return;
		}
		List<String> names = new ArrayList<>(dnsNames);
		names.addAll(ipAddresses);
		throw new CertificateException("Vault's certificate is not valid for " + serverName
				+ " (vaultTLSServerName): it is valid for " + (names.isEmpty()
						? "no DNS or IP subjectAltName (its common name is not used)" : String.join(", ", names)));
	}

	/**
	 * Go's {@code matchHostnames}: same number of labels, compared without case, the
	 * left-most one matched by a whole-label {@code *}.
	 */
	private static boolean matches(String pattern, String host) {
		String[] patternLabels = pattern.toLowerCase(Locale.ROOT).split("\\.", -1);
		String[] hostLabels = withoutTrailingDot(host).toLowerCase(Locale.ROOT).split("\\.", -1);
		if (pattern.isEmpty() || host.isEmpty() || patternLabels.length != hostLabels.length) {
			return false;
		}
		// a bare "*" would match every single-label name; Go does not take it as a
		// pattern
		boolean wildcard = patternLabels[0].equals("*") && patternLabels.length > 1 && !hostLabels[0].isEmpty();
		int from = wildcard ? 1 : 0;
		return Arrays.equals(patternLabels, from, patternLabels.length, hostLabels, from, hostLabels.length);
	}

	private static InetAddress ipLiteral(String name) {
		if (!IPV4.matcher(name).matches() && !IPV6.matcher(name).matches()) {
			return null;
		}
		try {
			// a literal: parsed, never looked up
			return InetAddress.getByName(name);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static String unbracketed(String name) {
		return (name.length() > 2 && name.startsWith("[") && name.endsWith("]")) ? name.substring(1, name.length() - 1)
				: name;
	}

	private static String withoutTrailingDot(String name) {
		return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
	}

}
