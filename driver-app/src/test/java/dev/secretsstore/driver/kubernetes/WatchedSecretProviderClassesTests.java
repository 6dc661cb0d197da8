package dev.secretsstore.driver.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.model.CustomResources;
import dev.secretsstore.driver.model.ObjectMeta;
import dev.secretsstore.driver.testing.ApiRequest;
import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.model.SecretProviderClass;
import dev.secretsstore.driver.model.SecretProviderClass.Spec;
import dev.secretsstore.driver.model.SecretProviderClasses;
import io.kubernetes.client.openapi.ApiClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WatchedSecretProviderClassesTests {

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final AtomicInteger gets = new AtomicInteger();

	private WatchedSecretProviderClasses classes;

	@AfterEach
	void stop() {
		if (this.classes != null) {
			this.classes.close();
		}
		this.server.close();
	}

	@Test
	void aClassThatExistedBeforeTheStartIsReadFromTheWatchWithoutAGet() throws Exception {
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES, spc("apps", "db", "vault", Map.of()));
		start();

		assertThat(this.classes.find("apps", "db").map((spc) -> spc.spec().provider())).contains("vault");
		assertThat(this.classes.findCached("apps", "db")).isPresent();
		assertThat(this.gets).hasValue(0);
	}

	@Test
	void anIdleCopyMakesNoRequestBeyondItsFirstListAndItsWatch() throws Exception {
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES, spc("apps", "db", "vault", Map.of()));
		start();

		for (int pass = 0; pass < 100; pass++) {
			this.classes.findCached("apps", "db");
			this.classes.find("apps", "db");
		}
		Thread.sleep(2000);

		assertThat(this.server.requestCount((request) -> !request.isWatch())).isOne();
		assertThat(this.server.requestCount(ApiRequest::isWatch)).isOne();
	}

	@Test
	@SuppressWarnings("unchecked")
	void aChangedAnnotationReachesTheCopy() throws Exception {
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES, spc("apps", "db", "vault", Map.of()));
		start();

		Map<String, Object> changed = this.server.get("apps", CustomResources.SECRET_PROVIDER_CLASSES, "db");
		((Map<String, Object>) changed.get("metadata")).put("annotations",
				Map.of("secrets-store.csi.x-k8s.io/rotate-requested-at", "now"));
		this.server.customObjects()
			.replaceNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, "apps",
					CustomResources.SECRET_PROVIDER_CLASSES, "db", changed)
			.execute();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.classes.findCached("apps", "db")
				.map((spc) -> spc.metadata().annotations().get("secrets-store.csi.x-k8s.io/rotate-requested-at"))
				.filter("now"::equals)
				.isPresent());
	}

	@Test
	void aClassTheWatchHasNotShownIsReadWithAGetOnFindButNotOnFindCached() throws Exception {
		start();

		assertThat(this.classes.findCached("apps", "missing")).isEmpty();
		assertThat(this.gets).hasValue(0);
		assertThat(this.classes.find("apps", "missing")).isEmpty();
		assertThat(this.gets).hasValue(1);
	}

	@Test
	void aDeletedClassLeavesTheCopy() throws Exception {
		this.server.create("apps", CustomResources.SECRET_PROVIDER_CLASSES, spc("apps", "db", "vault", Map.of()));
		start();

		this.server.customObjects()
			.deleteNamespacedCustomObject(CustomResources.GROUP, CustomResources.VERSION, "apps",
					CustomResources.SECRET_PROVIDER_CLASSES, "db")
			.execute();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.classes.findCached("apps", "db").isEmpty());
	}

	private void start() throws InterruptedException {
		ApiClient watchClient = this.server.client();
		ApiSecretProviderClasses api = new ApiSecretProviderClasses(this.server.customObjects());
		SecretProviderClasses counted = (namespace, name) -> {
			this.gets.incrementAndGet();
			return api.find(namespace, name);
		};
		this.classes = WatchedSecretProviderClasses.start(watchClient, counted);
		await().atMost(Duration.ofSeconds(10)).until(this.classes.watched()::hasSynced);
	}

	private static Map<String, Object> spc(String namespace, String name, String provider,
			Map<String, String> annotations) {
		SecretProviderClass spc = new SecretProviderClass("secrets-store.csi.x-k8s.io/v1", SecretProviderClass.KIND,
				new ObjectMeta(name, namespace, null, null, null, annotations, null),
				new Spec(provider, Map.of("a", "b"), List.of()));
		return CustomResources.write(spc);
	}

}
