package dev.secretsstore.driver;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layout the build keeps (docs/architecture.md): packages depend one way, the model
 * at the bottom is plain Java, and each outside world has one room. A new dependency that
 * breaks a rule fails the build with the classes that break it.
 */
class ArchitectureTests {

	private static final JavaClasses DRIVER = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.secretsstore.driver");

	@Test
	void noTwoPackagesDependOnEachOther() {
		slices().matching("dev.secretsstore.driver.(*)..")
			.should()
			.beFreeOfCycles()
			.because("a newcomer must be able to tell from the layout what depends on what")
			.check(DRIVER);
	}

	@Test
	void noPackageAndItsSubPackagesDependOnEachOther() {
		slices().matching("dev.secretsstore.driver.(**)")
			.should()
			.beFreeOfCycles()
			.because("a sub-package sits under its parent or beside its siblings one way too, "
					+ "e.g. rotation -> rotation.refresh -> rotation.tokens")
			.check(DRIVER);
	}

	@Test
	void theVolumeUseCaseKnowsNothingOfRotation() {
		noClasses().that()
			.resideInAPackage("dev.secretsstore.driver.volume..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.secretsstore.driver.rotation..")
			.because("rotation refreshes volumes through the volume package, never the other way round")
			.check(DRIVER);
	}

	@Test
	void onlyTheKubernetesPackageTalksToTheApiServer() {
		noClasses().that()
			.resideOutsideOfPackage("dev.secretsstore.driver.kubernetes..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.kubernetes.client..")
			.because("client-java is one adapter: the core and standalone mode must not need it")
			.check(DRIVER);
	}

	@Test
	void onlyTheCsiServiceAndTheKubeletCommandSeeTheGeneratedCsiTypes() {
		noClasses().that()
			.resideOutsideOfPackages("dev.secretsstore.driver.csi..", "dev.secretsstore.driver.kubelet..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("csi.v1..")
			.because("kubelet's protocol stops at the CSI services; the rest of the driver speaks its own types")
			.check(DRIVER);
	}

	@Test
	void theModelAndTheVolumeRecordsArePlainJava() {
		noClasses().that()
			.resideInAnyPackage("dev.secretsstore.driver.model..", "dev.secretsstore.driver.status..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..", "io.kubernetes.client..", "io.grpc..")
			.because("the core is what every mode and adapter shares")
			.check(DRIVER);
	}

	@Test
	void theModelDependsOnNoOtherPartOfTheDriver() {
		noClasses().that()
			.resideInAPackage("dev.secretsstore.driver.model..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("dev.secretsstore.driver.model..", "java..", "com.fasterxml.jackson.annotation..",
					"tools.jackson..", "org.jspecify..")
			.because("the model sits at the bottom: everything may use it, it uses nothing of ours")
			.check(DRIVER);
	}

}
