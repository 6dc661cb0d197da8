package dev.secretsstore.driver.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.secretsstore.driver.model.SecretProviderClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@ExtendWith(OutputCaptureExtension.class)
class FolderSecretProviderClassesTests {

	private static final Duration BOUND = Duration.ofSeconds(5);

	@TempDir
	Path folder;

	@TempDir
	Path outside;

	private final List<FolderSecretProviderClasses> opened = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() {
		this.opened.forEach(FolderSecretProviderClasses::close);
	}

	@Test
	void readsTheCrdSchemaIncludingSecretObjectsAndSeveralDocumentsPerFile() throws Exception {
		Files.writeString(this.folder.resolve("classes.yaml"), """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata:
				  name: azure-kv
				  namespace: apps
				spec:
				  provider: azure
				  parameters:
				    keyvaultName: kv
				    objects: |
				      array:
				        - |
				          objectName: secret1
				          objectType: secret
				  secretObjects:
				  - secretName: foosecret
				    type: Opaque
				    labels: {environment: test}
				    data:
				    - objectName: secret1
				      key: username
				---
				apiVersion: secrets-store.csi.x-k8s.io/v1alpha1
				kind: SecretProviderClass
				metadata:
				  name: legacy
				spec:
				  provider: vault
				  parameters: {roleName: app}
				---
				apiVersion: v1
				kind: ConfigMap
				metadata: {name: not-an-spc}
				""");
		FolderSecretProviderClasses classes = open(this.folder);

		SecretProviderClass azure = classes.find("apps", "azure-kv").orElseThrow();
		assertThat(azure.spec().provider()).isEqualTo("azure");
		assertThat(azure.spec().parameters()).containsEntry("keyvaultName", "kv").containsKey("objects");
		assertThat(azure.spec().secretObjects()).singleElement().satisfies((secret) -> {
			assertThat(secret.secretName()).isEqualTo("foosecret");
			assertThat(secret.labels()).containsEntry("environment", "test");
			assertThat(secret.data()).singleElement()
				.isEqualTo(new SecretProviderClass.SecretObjectData("secret1", "username"));
		});
		assertThat(classes.find("default", "legacy")).as("no namespace means default").isPresent();
		assertThat(classes.find("apps", "legacy")).isEmpty();
		assertThat(classes.find("default", "not-an-spc")).isEmpty();
	}

	@Test
	void seesEditsNewFilesAndDeletionsWithoutARestart() throws Exception {
		FolderSecretProviderClasses classes = open(this.folder);
		assertThat(classes.find("default", "app")).isEmpty();
		Path file = this.folder.resolve("app.yml");
		Files.writeString(file, spc("local"));
		assertThat(classes.find("default", "app")).as("a class not seen yet waits for one fresh scan")
			.map((spc) -> spc.spec().provider())
			.contains("local");

		Files.writeString(file, spc("vault"));
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
		await().atMost(BOUND)
			.untilAsserted(() -> assertThat(classes.find("default", "app")).map((spc) -> spc.spec().provider())
				.contains("vault"));

		Files.delete(file);
		await().atMost(BOUND).untilAsserted(() -> assertThat(classes.find("default", "app")).isEmpty());
	}

	@Test
	void aBrokenFileIsSkippedAndTheOthersStillServe() throws Exception {
		Files.writeString(this.folder.resolve("a-broken.yaml"), "kind: SecretProviderClass\nspec: [unclosed");
		Files.writeString(this.folder.resolve("b-good.yaml"), spc("local"));
		assertThat(open(this.folder).find("default", "app")).isPresent();
	}

	@Test
	void aMissingFolderHasNoClasses() {
		assertThat(open(this.folder.resolve("absent")).find("default", "x")).isEmpty();
	}

	@Test
	void aFifoNamedLikeAClassFileIsNeverOpenedAndNamedOnce(CapturedOutput output) throws Exception {
		Files.writeString(this.folder.resolve("b-good.yaml"), spc("local"));
		Path fifo = this.folder.resolve("a-fifo.yaml");
		mkfifo(fifo);
		assertTimeoutPreemptively(BOUND, () -> {
			FolderSecretProviderClasses classes = open(this.folder);
			assertThat(classes.find("default", "app")).isPresent();
			assertThat(classes.find("default", "absent")).isEmpty();
		});
		assertThat(output).containsOnlyOnce("a-fifo.yaml");
		assertThat(output).contains("not a regular file");
	}

	@Test
	void aSymbolicLinkOutOfTheFolderIsIgnoredAndOneInsideItIsRead(CapturedOutput output) throws Exception {
		Files.writeString(this.outside.resolve("planted.yaml"), spc("planted"));
		Files.createSymbolicLink(this.folder.resolve("a-link.yaml"), this.outside.resolve("planted.yaml"));
		// a ConfigMap volume's layout: name.yaml -> ..data/name.yaml, ..data ->
		// ..<timestamp>
		Path generation = Files.createDirectory(this.folder.resolve("..2026_01_01_00_00_00.1"));
		Files.writeString(generation.resolve("b-mapped.yaml"), spc("mapped").replace("name: app", "name: mapped"));
		Files.createSymbolicLink(this.folder.resolve("..data"), generation.getFileName());
		Files.createSymbolicLink(this.folder.resolve("b-mapped.yaml"), Path.of("..data", "b-mapped.yaml"));

		FolderSecretProviderClasses classes = open(this.folder);

		assertThat(classes.find("default", "app")).isEmpty();
		assertThat(classes.find("default", "mapped")).map((spc) -> spc.spec().provider()).contains("mapped");
		assertThat(output).contains("a-link.yaml").contains("outside");
	}

	@Test
	void aFileOverTheSizeCapIsSkippedWithoutSlowingOtherLookups(CapturedOutput output) throws Exception {
		Files.writeString(this.folder.resolve("b-good.yaml"), spc("local"));
		writeLongScalar(this.folder.resolve("a-huge.yaml"), 10 * 1024 * 1024);
		assertTimeoutPreemptively(BOUND, () -> {
			FolderSecretProviderClasses classes = open(this.folder);
			assertThat(classes.find("default", "app")).isPresent();
		});
		assertThat(output).contains("a-huge.yaml").contains("1048576");
	}

	@Test
	void aLookupIsAMapReadWhileAChangedFileIsParsed() throws Exception {
		Files.writeString(this.folder.resolve("b-good.yaml"), spc("local"));
		FolderSecretProviderClasses classes = open(this.folder);
		// just under the cap: slow to parse, so it must be parsed off the request path
		writeLongScalar(this.folder.resolve("a-slow.yaml"), 1024 * 1024 - 4096);
		long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
		for (int i = 0; i < 100_000 && System.nanoTime() < end; i++) {
			long start = System.nanoTime();
			assertThat(classes.find("default", "app")).isPresent();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
		}
	}

	@Test
	void aDuplicateNameKeepsTheFirstFileInNameOrderAndNamesBoth(CapturedOutput output) throws Exception {
		Files.writeString(this.folder.resolve("a-first.yaml"), spc("first"));
		Files.writeString(this.folder.resolve("b-second.yaml"), spc("second"));

		FolderSecretProviderClasses classes = open(this.folder);

		assertThat(classes.find("default", "app")).map((spc) -> spc.spec().provider()).contains("first");
		assertThat(output).containsOnlyOnce("default/app");
		assertThat(output.toString().lines().filter((line) -> line.contains("default/app")))
			.singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.contains("a-first.yaml", "b-second.yaml", "WARN");
	}

	@Test
	void oneBadDocumentKeepsTheGoodOnesOfItsFile(CapturedOutput output) throws Exception {
		Files.writeString(this.folder.resolve("classes.yaml"), spc("local").replace("name: app", "name: one") + """
				---
				kind: SecretProviderClass
				spec: [not, a, mapping]
				---
				""" + spc("local").replace("name: app", "name: three") + """
				---
				kind: SecretProviderClass
				metadata: {name: "unclosed
				""");

		FolderSecretProviderClasses classes = open(this.folder);

		assertThat(classes.find("default", "one")).isPresent();
		assertThat(classes.find("default", "three")).isPresent();
		assertThat(output).contains("classes.yaml").contains("document 2").contains("document 4");
	}

	private FolderSecretProviderClasses open(Path folder) {
		FolderSecretProviderClasses classes = new FolderSecretProviderClasses(folder);
		this.opened.add(classes);
		return classes;
	}

	private static void mkfifo(Path path) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
		assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).isZero();
	}

	private static void writeLongScalar(Path file, int size) throws IOException {
		String head = spc("local").replace("name: app", "name: big")
			.replace("parameters: {a: b}", "parameters: {a: \"");
		StringBuilder content = new StringBuilder(size).append(head.strip());
		while (content.length() < size - 4) {
			content.append('x');
		}
		Files.writeString(file, content.append("\"}}\n"));
	}

	private static String spc(String provider) {
		return """
				apiVersion: secrets-store.csi.x-k8s.io/v1
				kind: SecretProviderClass
				metadata: {name: app}
				spec: {provider: %s, parameters: {a: b}}
				""".formatted(provider);
	}

}
