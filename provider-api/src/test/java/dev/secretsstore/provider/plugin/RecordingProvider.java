package dev.secretsstore.provider.plugin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;

/**
 * An in-process {@link SecretProvider} for server tests: records each request and answers
 * with a fixed response or failure.
 */
final class RecordingProvider implements SecretProvider {

	final List<MountRequest> requests = new CopyOnWriteArrayList<>();

	private volatile MountResponse response;

	private volatile Exception failure;

	RecordingProvider answer(MountResponse response) {
		this.response = response;
		return this;
	}

	RecordingProvider fail(Exception failure) {
		this.failure = failure;
		return this;
	}

	@Override
	public String name() {
		return "recording";
	}

	@Override
	public MountResponse mount(MountRequest request) throws ProviderException {
		this.requests.add(request);
		if (this.failure instanceof ProviderException ex) {
			throw ex;
		}
		if (this.failure instanceof RuntimeException ex) {
			throw ex;
		}
		return this.response;
	}

	@Override
	public ProviderVersion version() {
		return new ProviderVersion("recording-provider", "1.2.3");
	}

}
