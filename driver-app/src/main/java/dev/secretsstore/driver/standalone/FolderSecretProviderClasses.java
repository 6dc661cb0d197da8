package dev.secretsstore.driver.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * SecretProviderClasses read from the YAML files ({@code *.yaml}, {@code *.yml}, several documents per file
 * allowed) of one folder, with the CRD's schema. A file is parsed again only when its size or modification time
 * changes, so edits take effect at the next lookup without a restart. A document without a namespace belongs to
 * {@code default}.
 */
public class FolderSecretProviderClasses implements SecretProviderClasses {

	private static final Logger logger = LoggerFactory.getLogger(FolderSecretProviderClasses.class);

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private final Path folder;

	private final Map<Path, ParsedFile> cache = new ConcurrentHashMap<>();

	public FolderSecretProviderClasses(Path folder) {
		this.folder = folder;
	}

	@Override
	public Optional<SecretProviderClass> find(String namespace, String name) {
		return all().stream()
			.filter((spc) -> Objects.equals(namespaceOf(spc), namespace) && Objects.equals(spc.metadata().name(), name))
			.findFirst();
	}

	/**
	 * Every SecretProviderClass in the folder, in file-name order.
	 */
	public List<SecretProviderClass> all() {
		if (!Files.isDirectory(this.folder)) {
			return List.of();
		}
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.folder, "*.{yaml,yml}")) {
			List<Path> sorted = new java.util.ArrayList<>();
			files.forEach(sorted::add);
			sorted.sort(null);
			this.cache.keySet().retainAll(sorted);
			return sorted.stream().flatMap((file) -> parsed(file).classes().stream()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read SecretProviderClass folder " + this.folder, ex);
		}
	}

	private static String namespaceOf(SecretProviderClass spc) {
		String namespace = spc.metadata().namespace();
		return (namespace == null || namespace.isEmpty()) ? "default" : namespace;
	}

	private ParsedFile parsed(Path file) {
		try {
			long size = Files.size(file);
			FileTime modified = Files.getLastModifiedTime(file);
			ParsedFile cached = this.cache.get(file);
			if (cached != null && cached.size() == size && cached.modified().equals(modified)) {
				return cached;
			}
			ParsedFile fresh = new ParsedFile(size, modified, parse(file));
			this.cache.put(file, fresh);
			return fresh;
		}
		catch (IOException ex) {
			logger.warn("Cannot read SecretProviderClass file {}: {}", file, ex.getMessage());
			return new ParsedFile(-1, FileTime.fromMillis(0), List.of());
		}
	}

	private static List<SecretProviderClass> parse(Path file) {
		try (MappingIterator<SecretProviderClass> documents = YAML.readerFor(SecretProviderClass.class)
			.readValues(file.toFile())) {
			List<SecretProviderClass> classes = documents.readAll()
				.stream()
				.filter((spc) -> spc != null && SecretProviderClass.KIND.equals(spc.kind()))
				.toList();
			logger.debug("Read {} SecretProviderClass(es) from {}", classes.size(), file);
			return classes;
		}
		catch (JacksonException ex) {
			logger.warn("Ignoring SecretProviderClass file {}: it is not valid YAML of the CRD's schema: {}", file,
					ex.getOriginalMessage());
			return List.of();
		}
	}

	private record ParsedFile(long size, FileTime modified, List<SecretProviderClass> classes) {
	}

}
