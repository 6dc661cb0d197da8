package dev.secretsstore.driver.expiry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.expiry.ExpiryGauges.Series;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.rotation.ExpiryDeadlines;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.MountedContentListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Knows, per mounted volume, which of its files are certificates and when each expires;
 * nothing else of them. It reads a volume's files when their content changed (a publish,
 * a rotation that swapped them) or when it does not know the volume yet (restored at
 * start), so an idle rotation pass reads nothing. From that it keeps the gauge
 * {@value ExpiryGauges#NAME}, warns once per certificate (file and NotAfter) of a volume
 * when it is within {@code warnBefore} of its expiry, and tells rotation when the soonest
 * one expires.
 */
public final class CertificateExpiry implements MountedContentListener, ExpiryDeadlines {

	private static final Logger logger = LoggerFactory.getLogger(CertificateExpiry.class);

	private final Map<Path, VolumeCertificates> volumes = new ConcurrentHashMap<>();

	private final ExpiryWarnings warnings;

	private final ExpiryGauges gauges;

	private final Duration warnBefore;

	private final Duration shortestRecheck;

	private final Clock clock;

	CertificateExpiry(ExpiryWarnings warnings, ExpiryGauges gauges, Duration warnBefore, Duration shortestRecheck,
			Clock clock) {
		this.warnings = warnings;
		this.gauges = gauges;
		this.warnBefore = warnBefore;
		this.shortestRecheck = shortestRecheck;
		this.clock = clock;
	}

	@Override
	public void contentFetched(MountedVolume volume, SecretProviderClass spc, boolean changed) {
		Path target = volume.targetPath();
		VolumeCertificates known = this.volumes.get(target);
		if (changed || known == null) {
			inspect(volume, known);
		}
		else {
			this.volumes.put(target, known.of(volume));
		}
		warnNearExpiry(target);
	}

	@Override
	public void volumeRemoved(MountedVolume volume) {
		if (this.volumes.remove(volume.targetPath()) != null) {
			showGauges();
		}
	}

	/**
	 * Reads the volumes restored at start, which no publish announces; a volume heard of
	 * meanwhile is left as heard.
	 */
	void restored(Collection<MountedVolume> mounted) {
		for (MountedVolume volume : mounted) {
			read(volume).ifPresent((certificates) -> this.volumes.putIfAbsent(volume.targetPath(),
					new VolumeCertificates(volume, certificates, ConcurrentHashMap.newKeySet())));
		}
		showGauges();
		this.volumes.keySet().forEach(this::warnNearExpiry);
	}

	@Override
	public Optional<Instant> soonestExpiry(Path target) {
		VolumeCertificates known = this.volumes.get(target);
		return (known != null) ? known.certificates().values().stream().min(Instant::compareTo) : Optional.empty();
	}

	@Override
	public Duration shortestRecheck() {
		return this.shortestRecheck;
	}

	/**
	 * Warns of every certificate that has come within {@code warnBefore} of its expiry
	 * since it was mounted and was not warned of yet: run periodically, since a
	 * certificate comes near its expiry without any change to the files.
	 */
	void warnNearExpiry() {
		for (Path target : this.volumes.keySet()) {
			try {
				warnNearExpiry(target);
			}
			catch (RuntimeException ex) {
				logger.warn("Could not warn of the certificates expiring at {}: {}", target, ex.getMessage());
			}
		}
	}

	private void warnNearExpiry(Path target) {
		VolumeCertificates known = this.volumes.get(target);
		if (known == null) {
			return;
		}
		Instant now = this.clock.instant();
		known.certificates().forEach((file, notAfter) -> {
			Duration left = Duration.between(now, notAfter);
			if (left.compareTo(this.warnBefore) <= 0 && known.warned().add(new Warned(file, notAfter))) {
				this.warnings.nearExpiry(known.volume(), file, notAfter, left);
			}
		});
	}

	private void inspect(MountedVolume volume, VolumeCertificates previous) {
		Optional<Map<String, Instant>> read = read(volume);
		if (read.isEmpty()) {
			return;
		}
		Map<String, Instant> certificates = read.get();
		// a certificate warned of and still mounted is not warned of again; a new one
		// (another NotAfter) is
		Set<Warned> warned = ConcurrentHashMap.newKeySet();
		if (previous != null) {
			previous.warned()
				.stream()
				.filter((w) -> w.notAfter().equals(certificates.get(w.file())))
				.forEach(warned::add);
		}
		this.volumes.put(volume.targetPath(), new VolumeCertificates(volume, certificates, warned));
		if (!certificates.isEmpty() || previous != null && !previous.certificates().isEmpty()) {
			logger.debug("Volume of pod {} at {} holds certificates expiring at {}", volume.pod(), volume.targetPath(),
					certificates);
			showGauges();
		}
	}

	private Optional<Map<String, Instant>> read(MountedVolume volume) {
		try {
			return Optional.of(MountedCertificates.read(volume.targetPath()));
		}
		catch (IOException | RuntimeException ex) {
			// what was known stays: rotation keeps the volume due early, and its next
			// change reads it again
			logger.warn("Could not look for certificates in the volume of pod {} at {}: {}", volume.pod(),
					volume.targetPath(), ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * Shows the volumes known now; synchronized, so that of two volumes changed at once
	 * the later picture is shown.
	 */
	private synchronized void showGauges() {
		Map<Series, Instant> soonest = new HashMap<>();
		for (VolumeCertificates known : this.volumes.values()) {
			MountedVolume volume = known.volume();
			known.certificates()
				.forEach((file, notAfter) -> soonest.merge(
						new Series(volume.provider(), volume.secretProviderClass(), volume.pod().namespace(), file),
						notAfter, (a, b) -> a.isBefore(b) ? a : b));
		}
		this.gauges.show(soonest);
	}

	/**
	 * What is known of one volume.
	 *
	 * @param volume the volume as last heard of
	 * @param certificates the NotAfter of each certificate file, by path in the volume;
	 * empty when it holds none
	 * @param warned the certificates warned of (a concurrent set: the periodic warning
	 * and a refresh may both add)
	 */
	private record VolumeCertificates(MountedVolume volume, Map<String, Instant> certificates, Set<Warned> warned) {

		VolumeCertificates {
			certificates = Map.copyOf(certificates);
		}

		VolumeCertificates of(MountedVolume current) {
			return new VolumeCertificates(current, this.certificates, this.warned);
		}

	}

	/**
	 * One certificate warned of: a file and the NotAfter it had.
	 */
	private record Warned(String file, Instant notAfter) {
	}

}
