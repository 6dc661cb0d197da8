package dev.secretsstore.driver.standalone.folder;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.secretsstore.driver.model.SecretProviderClass;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Parses the YAML documents of one file each on its own, so one bad document costs only
 * itself: a YAML parser cannot go on after a syntax error, so the file is cut at its
 * document markers first. A line that starts with {@code ---} or {@code ...} followed by
 * nothing or a blank is always a marker (YAML forbids it inside any scalar), so the cut
 * never splits a document.
 */
public final class ClassDocuments {

	private static final YAMLMapper YAML = YAMLMapper.builder().build();

	private static final Pattern START = Pattern.compile("---(?:[ \t].*)?");

	private static final Pattern END = Pattern.compile("\\.\\.\\.(?:[ \t].*)?");

	private ClassDocuments() {
	}

	/**
	 * The SecretProviderClasses of {@code text}, in order, and for each document that
	 * cannot be read or claims to be one without a name, a sentence
	 * {@code document <n> (line <l>): <why>}; documents of other kinds are skipped
	 * without a word, as before.
	 */
	public static Parsed parse(String text) {
		List<Document> classes = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		int number = 0;
		for (Chunk chunk : split(text)) {
			if (isEmpty(chunk.text())) {
				continue;
			}
			number++;
			String where = "document " + number + " (line " + chunk.line() + ")";
			try {
				SecretProviderClass spc = YAML.readValue(chunk.text(), SecretProviderClass.class);
				if (spc == null || !SecretProviderClass.KIND.equals(spc.kind())) {
					continue;
				}
				if (spc.metadata().name() == null || spc.metadata().name().isEmpty()) {
					problems.add(where + ": it has no metadata.name");
					continue;
				}
				classes.add(new Document(number, spc));
			}
			catch (JacksonException ex) {
				problems.add(where + ": it is not valid YAML of the CRD's schema: " + ex.getOriginalMessage());
			}
		}
		return new Parsed(classes, problems);
	}

	private static List<Chunk> split(String text) {
		List<Chunk> chunks = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		int start = 1;
		int line = 0;
		for (String row : text.split("\r?\n", -1)) {
			line++;
			boolean starts = START.matcher(row).matches();
			if (starts || END.matcher(row).matches()) {
				// directives (%YAML) belong to the document whose marker follows them
				if (!isDirectives(current)) {
					chunks.add(new Chunk(current.toString(), start));
					current.setLength(0);
					start = line;
				}
				if (starts) {
					// kept: "--- {a: b}" and "--- |" begin the document on the marker's
					// line
					current.append(row).append('\n');
				}
				continue;
			}
			current.append(row).append('\n');
		}
		chunks.add(new Chunk(current.toString(), start));
		return chunks;
	}

	private static boolean isDirectives(CharSequence chunk) {
		List<String> rows = chunk.toString().lines().filter((row) -> !isNothing(row)).toList();
		return !rows.isEmpty() && rows.stream().allMatch((row) -> row.startsWith("%"));
	}

	/**
	 * Whether a chunk has no content: only blanks, comments and its marker.
	 */
	private static boolean isEmpty(String chunk) {
		return chunk.lines()
			.allMatch((row) -> isNothing(row) || (START.matcher(row).matches() && isNothing(row.substring(3))));
	}

	private static boolean isNothing(String row) {
		return row.isBlank() || row.stripLeading().startsWith("#");
	}

	/**
	 * A SecretProviderClass and the number of the document it came from.
	 */
	public record Document(int number, SecretProviderClass spc) {
	}

	/**
	 * What a file holds.
	 */
	public record Parsed(List<Document> classes, List<String> problems) {
	}

	private record Chunk(String text, int line) {
	}

}
