package dev.secretsstore.driver.volume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.secretsstore.driver.model.LookupFailedException;
import dev.secretsstore.driver.model.SecretProviderClasses;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.mount.ConfinedPath;
import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.mount.atomic.AtomicWriter;
import dev.secretsstore.driver.provider.ProviderCalls;
import dev.secretsstore.driver.provider.ProviderLookupException;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.volume.KubeletCredentials.Credentials;
import dev.secretsstore.provider.MountRequest;
import dev.secretsstore.provider.MountResponse;
import dev.secretsstore.provider.ObjectVersion;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.SecretProvider;

import static dev.secretsstore.driver.volume.VolumeException.Kind.FAILED_PRECONDITION;
import static dev.secretsstore.driver.volume.VolumeException.Kind.INTERNAL;
import static dev.secretsstore.driver.volume.VolumeException.Kind.INVALID_ARGUMENT;
import static dev.secretsstore.driver.volume.VolumeException.Kind.NOT_FOUND;
import static dev.secretsstore.driver.volume.VolumeException.Kind.PERMISSION_DENIED;

/**
 * What publish and rotation's refresh share: finding a volume's SecretProviderClass and
 * provider, asking the provider for the volume's content as the Go driver asks it, and
 * writing that content atomically. Every failure is a {@link VolumeException} naming the
 * SecretProviderClass.
 */
public class VolumeContents {

	private final SecretProviderClasses secretProviderClasses;

	private final ProviderRegistry providers;

	private final ProviderCalls calls;

	private final Path kubeletRoot;

	VolumeContents(SecretProviderClasses secretProviderClasses, ProviderRegistry providers, ProviderCalls calls,
			Path kubeletRoot) {
		this.secretProviderClasses = secretProviderClasses;
		this.providers = providers;
		this.calls = calls;
		this.kubeletRoot = kubeletRoot;
	}

	/**
	 * The SecretProviderClass {@code namespace/name}, complete.
	 * @throws VolumeException when it is gone, cannot be looked up, or lacks its provider
	 * or parameters
	 */
	public SecretProviderClass secretProviderClass(String namespace, String name) {
		Optional<SecretProviderClass> found;
		try {
			found = this.secretProviderClasses.find(namespace, name);
		}
		catch (LookupFailedException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.SECRET_PROVIDER_CLASS_NOT_FOUND, ex.getMessage(), ex);
		}
		SecretProviderClass spc = found
			.orElseThrow(() -> new VolumeException(NOT_FOUND, ErrorTypes.SECRET_PROVIDER_CLASS_NOT_FOUND,
					"failed to get secretproviderclass " + namespace + "/" + name + ", error: not found"));
		requireComplete(spc);
		return spc;
	}

	/**
	 * The provider {@code spc} names.
	 * @throws VolumeException when there is none of that name, or {@code spc} is
	 * incomplete
	 */
	public SecretProvider provider(SecretProviderClass spc) {
		requireComplete(spc);
		try {
			return this.providers.get(spc.spec().provider());
		}
		catch (ProviderLookupException ex) {
			VolumeException.Kind kind = ex.isInvalidName() ? INVALID_ARGUMENT : FAILED_PRECONDITION;
			throw new VolumeException(kind, ErrorTypes.FAILED_TO_LOOKUP_PROVIDER_GRPC_CLIENT,
					ex.getMessage() + " (secretproviderclass " + nameOf(spc) + ")");
		}
	}

	/**
	 * The request for the volume's content, as the Go driver makes it: attributes are the
	 * SecretProviderClass parameters merged with the volume context (which wins), plus
	 * the service-account tokens; secrets are kubelet's.
	 */
	public MountRequest request(SecretProviderClass spc, Map<String, String> volumeContext, Credentials credentials,
			Path target, List<ObjectVersion> current) {
		Map<String, String> attributes = new HashMap<>(spc.spec().parameters());
		attributes.putAll(volumeContext);
		if (!credentials.tokens().isEmpty()) {
			attributes.put(MountRequest.SERVICE_ACCOUNT_TOKENS, credentials.tokens());
		}
		return new MountRequest(attributes, credentials.secrets(), target.toString(), MountRequest.DEFAULT_PERMISSION,
				current);
	}

	/**
	 * Asks {@code provider} for the volume's content with {@code request}.
	 */
	public MountResponse fetch(SecretProvider provider, SecretProviderClass spc, MountRequest request) {
		try {
			return this.calls.mount(provider, request);
		}
		catch (ProviderException ex) {
			throw providerFailure(provider, spc, ex);
		}
	}

	/**
	 * Refuses a target path one of whose folders is a link, with INVALID_ARGUMENT:
	 * whoever planted it must not get the driver to act wherever it leads. A folder that
	 * cannot be read fails with {@code ioErrorType}.
	 */
	static void confine(Path kubeletRoot, Path target, String ioErrorType) {
		try {
			ConfinedPath.check(kubeletRoot, target);
		}
		catch (IllegalArgumentException ex) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.UNEXPECTED_TARGET_PATH, ex.getMessage());
		}
		catch (IOException ex) {
			throw new VolumeException(INTERNAL, ioErrorType,
					"cannot check the folders of target path " + target + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Writes the provider's files atomically, in {@code group}; a legacy plugin that
	 * returned none wrote them itself (and they keep the group it gave them). First
	 * checks again that no folder of the target path is a link: the provider call may
	 * have taken long, and a refresh writes to a path recorded earlier (or by another
	 * driver).
	 * @return whether the mounted files changed
	 */
	public boolean write(Path target, MountResponse response, FileGroup group) {
		if (response.files().isEmpty()) {
			return false;
		}
		confine(this.kubeletRoot, target, ErrorTypes.FILE_WRITE_ERROR);
		try {
			return new AtomicWriter(target, group).write(response.files());
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new VolumeException(INTERNAL, ErrorTypes.FILE_WRITE_ERROR,
					"failed to write the files of the volume at " + target + ": " + ex.getMessage(), ex);
		}
	}

	private static void requireComplete(SecretProviderClass spc) {
		if (spc.spec().provider().isEmpty()) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.INVALID_VOLUME,
					"provider not set in " + nameOf(spc));
		}
		if (spc.spec().parameters().isEmpty()) {
			throw new VolumeException(INVALID_ARGUMENT, ErrorTypes.INVALID_VOLUME,
					"parameters not set in " + nameOf(spc));
		}
	}

	private static VolumeException providerFailure(SecretProvider provider, SecretProviderClass spc,
			ProviderException ex) {
		VolumeException.Kind kind = switch (ex.reason()) {
			case INVALID_PARAMETERS -> INVALID_ARGUMENT;
			case NOT_FOUND -> NOT_FOUND;
			case PERMISSION_DENIED -> PERMISSION_DENIED;
			case UNAVAILABLE -> FAILED_PRECONDITION;
			case FAILED -> INTERNAL;
		};
		String errorType = ex.errorCode().isEmpty() ? ErrorTypes.PROVIDER_ERROR : ex.errorCode();
		return new VolumeException(kind, errorType, "provider " + provider.name() + " failed for secretproviderclass "
				+ nameOf(spc) + ": " + ex.getMessage(), ex);
	}

	private static String nameOf(SecretProviderClass spc) {
		String namespace = spc.metadata().namespace();
		return ((namespace == null || namespace.isEmpty()) ? "default" : namespace) + "/" + spc.metadata().name();
	}

}
