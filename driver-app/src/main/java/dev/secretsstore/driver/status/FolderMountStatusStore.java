package dev.secretsstore.driver.status;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import dev.secretsstore.driver.kubernetes.model.SecretProviderClassPodStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Standalone mode's store: one SecretProviderClassPodStatus YAML file per mounted volume in a state folder, named
 * {@code <pod>-<namespace>-<spc>.yaml}, written atomically so a crash never leaves half a file.
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

	@Override
	public void delete(MountedVolume volume) throws IOException {
		Files.deleteIfExists(fileOf(volume));
	}

	@Override
	public List<MountedVolume> loadAll() throws IOException {
		List<MountedVolume> volumes = new ArrayList<>();
		if (!Files.isDirectory(this.folder)) {
			return volumes;
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder, "*.yaml")) {
			for (Path file : files) {
				try {
					volumes.add(this.documents.toVolume(YAML.readValue(file.toFile(), SecretProviderClassPodStatus.class)));
				}
				catch (JacksonException | IllegalArgumentException ex) {
					logger.warn("Ignoring pod status file {}: {}", file, ex.getMessage());
				}
			}
		}
		return volumes;
	}

	private Path fileOf(MountedVolume volume) {
		return this.folder.resolve(volume.statusName() + ".yaml");
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
