package dev.secretsstore.driver.volume;

import java.util.List;

import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;
import dev.secretsstore.driver.status.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link MountedContentListener}; one that throws is logged and the others still hear.
 */
class ContentListeners {

	private static final Logger logger = LoggerFactory.getLogger(ContentListeners.class);

	private final List<MountedContentListener> listeners;

	ContentListeners(List<MountedContentListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	void contentFetched(MountedVolume volume, SecretProviderClass spc, boolean changed) {
		for (MountedContentListener listener : this.listeners) {
			try {
				listener.contentFetched(volume, spc, changed);
			}
			catch (RuntimeException ex) {
				logger.warn("{} failed for the volume of pod {}: {}", listener.getClass().getSimpleName(),
						volume.pod(), ex.getMessage(), ex);
			}
		}
	}

}
