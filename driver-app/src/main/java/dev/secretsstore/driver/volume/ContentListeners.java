package dev.secretsstore.driver.volume;

import java.util.List;
import java.util.function.Consumer;

import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.status.MountedVolume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every {@link MountedContentListener}; one that throws is logged and the others
 * still hear. Publish and rotation's refresh tell them.
 */
public class ContentListeners {

	private static final Logger logger = LoggerFactory.getLogger(ContentListeners.class);

	private final List<MountedContentListener> listeners;

	ContentListeners(List<MountedContentListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	/**
	 * Tells every listener that the content of {@code volume} was fetched.
	 */
	public void contentFetched(MountedVolume volume, SecretProviderClass spc, boolean changed) {
		tellEach(volume, (listener) -> listener.contentFetched(volume, spc, changed));
	}

	void volumeRemoved(MountedVolume volume) {
		tellEach(volume, (listener) -> listener.volumeRemoved(volume));
	}

	private void tellEach(MountedVolume volume, Consumer<MountedContentListener> call) {
		for (MountedContentListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.warn("{} failed for the volume of pod {}: {}", listener.getClass().getSimpleName(), volume.pod(),
						ex.getMessage(), ex);
			}
		}
	}

}
