package dev.secretsstore.driver.mount.atomic;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.secretsstore.driver.mount.FileGroup;
import dev.secretsstore.driver.mount.FileTrees;
import dev.secretsstore.driver.mount.Modes;
import dev.secretsstore.provider.SecretFile;

/**
 * The validated content of one volume: files keyed by their relative path.
 */
final class Payload {

	private final Map<String, SecretFile> files = new LinkedHashMap<>();

	private Payload() {
	}

	/**
	 * Checks every path again (a caller could pass files from anywhere) and refuses
	 * duplicates and a path that is both a file and a folder, before anything touches the
	 * disk.
	 */
	static Payload of(List<SecretFile> secretFiles) {
		Payload payload = new Payload();
		for (SecretFile file : secretFiles) {
			SecretFile.checkPath(file.path());
			if (payload.files.putIfAbsent(file.path(), file) != null) {
				throw new IllegalArgumentException("file path '" + file.path() + "' appears more than once");
			}
		}
		for (String path : payload.files.keySet()) {
			for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
				if (payload.files.containsKey(path.substring(0, slash))) {
					throw new IllegalArgumentException("file path '" + path.substring(0, slash) + "' is a file, so '"
							+ path + "' cannot be written below it");
				}
			}
		}
		return payload;
	}

	/**
	 * The first element of every path, such as {@code a} for {@code a/b/c}.
	 */
	Set<String> topLevelNames() {
		Set<String> names = new TreeSet<>();
		this.files.keySet().forEach((path) -> names.add(path.split("/", 2)[0]));
		return Collections.unmodifiableSet(names);
	}

	/**
	 * Whether {@code dir} holds exactly these files as {@link #writeTo} writes them for
	 * {@code group}: same paths, same bytes, same permission bits and, when a group is
	 * set, that group.
	 */
	boolean matches(Path dir, FileGroup group) throws IOException {
		Map<String, Path> existing = FileTrees.regularFiles(dir);
		if (!existing.keySet().equals(this.files.keySet()) || !group.owns(dir)) {
			return false;
		}
		for (SecretFile file : this.files.values()) {
			Path path = existing.get(file.path());
			if (Modes.of(path) != group.fileMode(file.mode()) || !group.owns(path)
					|| !Arrays.equals(Files.readAllBytes(path), file.contents())) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes every file below {@code dir}, creating parent folders with mode 0755; with a
	 * group set, every file and folder gets it, and its read bits.
	 */
	void writeTo(Path dir, FileGroup group) throws IOException {
		for (SecretFile file : this.files.values()) {
			Path path = dir.resolve(file.path());
			createParents(dir, path.getParent(), group);
			write(path, file, group);
		}
	}

	private static void createParents(Path dir, Path parent, FileGroup group) throws IOException {
		if (parent.equals(dir) || Files.isDirectory(parent)) {
			return;
		}
		createParents(dir, parent.getParent(), group);
		Files.createDirectory(parent);
		group.own(parent);
		Modes.set(parent, group.folderMode(0755));
	}

	// Created owner-only, given to the group, then widened, so the file is never readable
	// by others, nor by the
	// driver's own group, with partial content.
	private static void write(Path path, SecretFile file, FileGroup group) throws IOException {
		Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ,
				PosixFilePermission.OWNER_WRITE);
		try (SeekableByteChannel channel = Files.newByteChannel(path,
				EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
				PosixFilePermissions.asFileAttribute(ownerOnly))) {
			channel.write(ByteBuffer.wrap(file.contents()));
		}
		group.own(path);
		Modes.set(path, group.fileMode(file.mode()));
	}

}
