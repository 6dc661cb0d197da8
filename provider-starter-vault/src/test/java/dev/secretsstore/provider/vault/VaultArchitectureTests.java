package dev.secretsstore.provider.vault;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The starter's layout, kept by the build (docs/architecture.md): the provider, its
 * properties, auto-configuration and plugin main at the root use the sub-packages, which
 * never use the root nor each other in a circle.
 */
class VaultArchitectureTests {

	private static final JavaClasses STARTER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.secretsstore.provider.vault");

	@Test
	void subPackagesDoNotDependOnEachOtherInACircle() {
		slices().matching("dev.secretsstore.provider.vault.(**)")
			.should()
			.beFreeOfCycles()
			.because("a newcomer must be able to tell from the layout what depends on what")
			.check(STARTER);
	}

	@Test
	void subPackagesNeverUseTheRoot() {
		noClasses().that()
			.resideInAPackage("dev.secretsstore.provider.vault.*..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.secretsstore.provider.vault")
			.because("the root is the starter's public face and builds on the sub-packages")
			.check(STARTER);
	}

}
