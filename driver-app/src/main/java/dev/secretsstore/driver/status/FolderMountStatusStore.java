package dev.secretsstore.driver.status;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.secretsstore.driver.model.SecretProviderClassPodStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Standalone mode's store: one SecretProviderClassPodStatus YAML file per mounted volume
 * in a state folder, written atomically so a crash never leaves half a file.
 *
 * <p>
 * A file is named after its volume's target path
 * ({@link MountedVolume#key()}{@code .yaml}), as kubelet keys volumes, not after the
 * document's {@code <pod>-<namespace>-<spc>} name: two volumes of one pod that use one
 * SecretProviderClass share that name, and with one file the second overwrote the first,
 * which a restart then lost. Files of that earlier layout are renamed when read.
 */
public class FolderMountStatusStore implements MountStatusStore {

	private static final Logger logger = LoggerFactory.getLogger(FolderMountStatusStore.class);

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.build();

	private final Path folder;

	private final PodStatusDocuments documents;

	public FolderMountStatusStore(Path folder, PodStatusDocuments documents) {
		this.folder = folder;
		this.documents = documents;
	}

	@Override
	public void save(MountedVolume volume) throws IOException {
		Files.createDirectories(this.folder);
		Path file = fileOf(volume);
		Path temporary = Files.createTempFile(this.folder, ".", ".tmp");
		try {
			Files.writeString(temporary, YAML.writeValueAsString(this.documents.toDocument(volume)));
			moveAtomically(temporary, file);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/**
	 * Deletes the volume's file, and its file of the earlier layout if one was left (see
	 * {@link #loadAll()}).
	 */
	@Override
	public void delete(MountedVolume volume) throws IOException {
		Files.deleteIfExists(fileOf(volume));
		Path earlier = this.folder.resolve(volume.statusName() + ".yaml");
		if (Files.isRegularFile(earlier)) {
			MountedVolume recorded = read(earlier);
			if (recorded != null && recorded.targetPath().equals(volume.targetPath())) {
				Files.deleteIfExists(earlier);
			}
		}
	}

	/**
	 * Every recorded volume, one per target path. A file of the earlier layout is
	 * renamed, or deleted when a file of the current layout records the same target path;
	 * one that cannot be renamed (a full disk) is still read, and renamed at a later
	 * start.
	 */
	@Override
	public List<MountedVolume> loadAll() throws IOException {
		Map<Path, MountedVolume> volumes = new LinkedHashMap<>();
		Map<Path, MountedVolume> earlierLayout = new LinkedHashMap<>();
		if (!Files.isDirectory(this.folder)) {
			return List.of();
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder, "*.yaml")) {
			for (Path file : files) {
				MountedVolume volume = read(file);
				if (volume != null && file.equals(fileOf(volume))) {
					volumes.put(volume.targetPath(), volume);
				}
				else if (volume != null) {
					earlierLayout.put(file, volume);
				}
			}
		}
		for (Map.Entry<Path, MountedVolume> earlier : earlierLayout.entrySet()) {
			Path file = earlier.getKey();
			MountedVolume volume = earlier.getValue();
			boolean first = volumes.putIfAbsent(volume.targetPath(), volume) == null;
			try {
				if (first) {
					save(volume);
					logger.info("Pod status file {} is now {}", file.getFileName(), fileOf(volume).getFileName());
				}
				Files.delete(file);
			}
			catch (IOException ex) {
				logger.warn("Pod status file {} keeps its name for now: {}", file.getFileName(), ex.getMessage());
			}
		}
		return List.copyOf(volumes.values());
	}

	private MountedVolume read(Path file) throws IOException {
		try {
			return this.documents.toVolume(YAML.readValue(file.toFile(), SecretProviderClassPodStatus.class));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			logger.warn("Ignoring pod status file {}: {}", file, ex.getMessage());
			return null;
		}
	}

	private Path fileOf(MountedVolume volume) {
		return this.folder.resolve(volume.key() + ".yaml");
	}

	private static void moveAtomically(Path source, Path target) throws IOException {
		try {
			Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

}
