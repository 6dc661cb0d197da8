package dev.secretsstore.driver.flags;

import java.net.InetSocketAddress;

/**
 * A listen address in Go's form, {@code [host]:port}, as {@code --metrics-addr} takes it:
 * {@code :8095} listens on every interface, and an IPv6 host may be bracketed.
 *
 * @param host the host, empty for every interface
 * @param port the port
 */
public record ListenAddress(String host, int port) {

	/**
	 * The address {@code address} names.
	 * @param what what the address is for, to name it in the error
	 * @throws IllegalArgumentException when it has no port
	 */
	public static ListenAddress parse(String address, String what) {
		int colon = address.lastIndexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("invalid " + what + " address \"" + address + "\": use [host]:port");
		}
		String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
		return new ListenAddress(host, Integer.parseInt(address.substring(colon + 1)));
	}

	/**
	 * The socket address to bind: the wildcard address when no host is named.
	 */
	public InetSocketAddress socketAddress() {
		return this.host.isEmpty() ? new InetSocketAddress(this.port) : new InetSocketAddress(this.host, this.port);
	}

}
