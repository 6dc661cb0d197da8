package dev.secretsstore.driver.standalone.folder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.secretsstore.driver.model.SecretProviderClass;

/**
 * Looks at the folder and turns it into a {@link Snapshot}, parsing only the files that
 * changed since the last look. Files are taken in name order; when two documents name the
 * same class, the first one wins, so the outcome never depends on the order the directory
 * lists its entries in. Not thread-safe: one scanner calls it.
 */
public final class FolderScan {

	private final Path folder;

	private final Map<Path, Parsed> files = new HashMap<>();

	public FolderScan(Path folder) {
		this.folder = folder;
	}

	/**
	 * The classes and problems of the folder as it is now; a missing folder has neither.
	 */
	public Snapshot scan() {
		Path realFolder;
		try {
			realFolder = this.folder.toRealPath();
		}
		catch (IOException ex) {
			this.files.clear();
			return new Snapshot(Map.of(), Set.of());
		}
		Set<String> problems = new LinkedHashSet<>();
		Map<String, Source> classes = new LinkedHashMap<>();
		List<Path> entries = entries(realFolder, problems);
		this.files.keySet().retainAll(entries);
		for (Path entry : entries) {
			Parsed parsed = parsed(realFolder, entry);
			Path name = this.folder.resolve(entry.getFileName());
			if (parsed.refused() != null) {
				problems.add("Ignoring SecretProviderClass file " + name + ": " + parsed.refused());
			}
			parsed.documents()
				.problems()
				.forEach((problem) -> problems.add("In SecretProviderClass file " + name + ", ignoring " + problem));
			for (ClassDocuments.Document document : parsed.documents().classes()) {
				Source source = new Source(name, document);
				Source first = classes.putIfAbsent(source.key(), source);
				if (first != null) {
					problems.add("Ignoring SecretProviderClass " + source.key() + " of " + source.where() + ": "
							+ first.where() + " defines it first (files are read in name order, the first wins)");
				}
			}
		}
		Map<String, SecretProviderClass> byKey = new LinkedHashMap<>();
		classes.forEach((key, source) -> byKey.put(key, source.document().spc()));
		return new Snapshot(byKey, problems);
	}

	/**
	 * The key a class is found under.
	 */
	public static String key(String namespace, String name) {
		return ((namespace == null || namespace.isEmpty()) ? "default" : namespace) + "/" + name;
	}

	private List<Path> entries(Path realFolder, Set<String> problems) {
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(realFolder, "*.{yaml,yml}")) {
			stream.forEach(entries::add);
		}
		catch (IOException ex) {
			problems.add("Cannot list the SecretProviderClass folder " + this.folder + ": " + ex.getMessage());
		}
		entries.sort(Comparator.comparing((Path entry) -> entry.getFileName().toString()));
		return entries;
	}

	private Parsed parsed(Path realFolder, Path entry) {
		ClassFile file;
		try {
			file = ClassFile.check(realFolder, entry);
			Parsed last = this.files.get(entry);
			if (last != null && file.sameAs(last.file())) {
				return last;
			}
			Parsed fresh = new Parsed(file, ClassDocuments.parse(new String(file.read(), StandardCharsets.UTF_8)),
					null);
			this.files.put(entry, fresh);
			return fresh;
		}
		catch (NoSuchFileException ex) {
			// removed between the listing and now: the next scan will not list it
			this.files.remove(entry);
			return Parsed.NONE;
		}
		catch (IOException ex) {
			// checked again on every scan: it costs a stat, never a parse
			this.files.remove(entry);
			return new Parsed(null, Parsed.NOTHING, ex.getMessage());
		}
	}

	/**
	 * The folder's classes by {@link #key}, and one sentence per problem, each naming its
	 * file.
	 */
	public record Snapshot(Map<String, SecretProviderClass> classes, Set<String> problems) {

		public Snapshot {
			classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
			problems = Collections.unmodifiableSet(new LinkedHashSet<>(problems));
		}

	}

	/**
	 * @param refused why the file is not read, or {@code null}
	 */
	private record Parsed(ClassFile file, ClassDocuments.Parsed documents, String refused) {

		static final ClassDocuments.Parsed NOTHING = new ClassDocuments.Parsed(List.of(), List.of());

		static final Parsed NONE = new Parsed(null, NOTHING, null);

	}

	private record Source(Path file, ClassDocuments.Document document) {

		String key() {
			return FolderScan.key(this.document.spc().metadata().namespace(), this.document.spc().metadata().name());
		}

		String where() {
			return this.file + " (document " + this.document.number() + ")";
		}

	}

}
