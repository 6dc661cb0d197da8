package dev.secretsstore.driver.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class FolderSecretProviderClassesTests {

	@TempDir
	Path folder;

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
		FolderSecretProviderClasses classes = new FolderSecretProviderClasses(this.folder);

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
		FolderSecretProviderClasses classes = new FolderSecretProviderClasses(this.folder);
		assertThat(classes.find("default", "app")).isEmpty();
		Path file = this.folder.resolve("app.yml");
		Files.writeString(file, spc("local"));
		assertThat(classes.find("default", "app")).map((spc) -> spc.spec().provider()).contains("local");

		Files.writeString(file, spc("vault"));
		Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
		assertThat(classes.find("default", "app")).map((spc) -> spc.spec().provider()).contains("vault");

		Files.delete(file);
		assertThat(classes.find("default", "app")).isEmpty();
	}

	@Test
	void aBrokenFileIsSkippedAndTheOthersStillServe() throws Exception {
		Files.writeString(this.folder.resolve("a-broken.yaml"), "kind: SecretProviderClass\nspec: [unclosed");
		Files.writeString(this.folder.resolve("b-good.yaml"), spc("local"));
		assertThat(new FolderSecretProviderClasses(this.folder).find("default", "app")).isPresent();
	}

	@Test
	void aMissingFolderHasNoClasses() {
		assertThat(new FolderSecretProviderClasses(this.folder.resolve("absent")).find("default", "x")).isEmpty();
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
