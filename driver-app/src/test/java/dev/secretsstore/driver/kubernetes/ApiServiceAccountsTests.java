package dev.secretsstore.driver.kubernetes;

import java.time.Duration;
import java.util.Map;

import dev.secretsstore.driver.testing.KubernetesApiDouble;
import dev.secretsstore.driver.testing.MutableClock;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.RetryableProviderException;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ApiServiceAccountsTests {

	private static final String ROLE = "eks.amazonaws.com/role-arn";

	private final KubernetesApiDouble server = KubernetesApiDouble.start();

	private final MutableClock clock = new MutableClock();

	private final ApiServiceAccounts accounts = new ApiServiceAccounts(this.server.core(), Duration.ofMinutes(1),
			this.clock);

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void readsTheAnnotationsAndKeepsThemForAMinute() throws Exception {
		serviceAccount("shop", "web", "arn:aws:iam::111122223333:role/web");

		assertThat(this.accounts.annotations("shop", "web")).containsEntry(ROLE, "arn:aws:iam::111122223333:role/web");
		int afterFirst = this.server.requestCount();
		assertThat(this.accounts.annotations("shop", "web")).containsKey(ROLE);
		assertThat(this.server.requestCount()).isEqualTo(afterFirst);

		this.clock.advance(Duration.ofSeconds(61));
		this.accounts.annotations("shop", "web");
		assertThat(this.server.requestCount()).isEqualTo(afterFirst + 1);
	}

	@Test
	void aMissingServiceAccountHasNoAnnotations() throws Exception {
		assertThat(this.accounts.annotations("shop", "nobody")).isEmpty();
	}

	@Test
	void aFailingApiServerIsRetryableAndForbiddenSaysWhatIsMissing() {
		this.server.failNamespace("broken", 500, "etcd is down");
		this.server.failNamespace("locked", 403, "serviceaccounts \"web\" is forbidden");

		assertThatExceptionOfType(RetryableProviderException.class)
			.isThrownBy(() -> this.accounts.annotations("broken", "web"))
			.withMessageContaining("serviceaccount broken/web");
		assertThatExceptionOfType(ProviderException.class).isThrownBy(() -> this.accounts.annotations("locked", "web"))
			.isNotInstanceOf(RetryableProviderException.class)
			.withMessageContaining("needs get on serviceaccounts");
	}

	private void serviceAccount(String namespace, String name, String role) throws Exception {
		this.server.core()
			.createNamespacedServiceAccount(namespace,
					new V1ServiceAccount().apiVersion("v1")
						.kind("ServiceAccount")
						.metadata(new V1ObjectMeta().name(name).namespace(namespace).annotations(Map.of(ROLE, role))))
			.execute();
	}

}
