package dev.secretsstore.provider.aws.credentials;

import java.time.Instant;

import dev.secretsstore.provider.aws.client.AwsClientFactory;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * One identity's credentials in one region, with the clients that use them, built when
 * first needed.
 */
public final class AwsSession implements AutoCloseable {

	private final String region;

	private final AwsSessionCredentials credentials;

	private final Instant usableUntil;

	private final AwsClientFactory clients;

	private SecretsManagerClient secretsManager;

	private SsmClient ssm;

	private boolean closed;

	AwsSession(String region, AwsSessionCredentials credentials, Instant usableUntil, AwsClientFactory clients) {
		this.region = region;
		this.credentials = credentials;
		this.usableUntil = usableUntil;
		this.clients = clients;
	}

	String region() {
		return this.region;
	}

	Instant usableUntil() {
		return this.usableUntil;
	}

	public synchronized SecretsManagerClient secretsManager() {
		if (this.secretsManager == null) {
			this.secretsManager = this.clients.secretsManager(this.region, this.credentials);
		}
		return this.secretsManager;
	}

	public synchronized SsmClient ssm() {
		if (this.ssm == null) {
			this.ssm = this.clients.ssm(this.region, this.credentials);
		}
		return this.ssm;
	}

	/**
	 * Closes the clients; they share the factory's HTTP client and timer, which stay
	 * open, so neither a call still running nor a mount that still holds this session is
	 * cut off.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.secretsManager != null) {
			this.secretsManager.close();
		}
		if (this.ssm != null) {
			this.ssm.close();
		}
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	@Override
	public String toString() {
		return "AwsSession[region=" + this.region + ", usableUntil=" + this.usableUntil + "]";
	}

}
