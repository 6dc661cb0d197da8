package dev.secretsstore.driver.rotation;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.kubernetes.SecretProviderClasses;
import dev.secretsstore.driver.kubernetes.model.ObjectMeta;
import dev.secretsstore.driver.kubernetes.model.SecretProviderClass;
import dev.secretsstore.driver.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecentSecretProviderClassesTests {

	private final AtomicInteger lookups = new AtomicInteger();

	private final SecretProviderClasses source = (namespace, name) -> {
		this.lookups.incrementAndGet();
		return Optional.of(new SecretProviderClass("v1", "SecretProviderClass", ObjectMeta.of(namespace, name), null));
	};

	private final MutableClock clock = new MutableClock();

	private final RecentSecretProviderClasses recent = new RecentSecretProviderClasses(this.source,
			Duration.ofSeconds(30), this.clock);

	@Test
	void eachClassIsLookedUpAgainOnlyOncePerInterval() {
		this.recent.find("default", "app");
		this.recent.find("default", "app");
		this.clock.advance(Duration.ofSeconds(29));
		assertThat(this.recent.find("default", "app")).isPresent();
		assertThat(this.lookups).hasValue(1);

		this.recent.find("other", "app");
		assertThat(this.lookups).as("another namespace is another class").hasValue(2);

		this.clock.advance(Duration.ofSeconds(2));
		this.recent.find("default", "app");
		assertThat(this.lookups).hasValue(3);
	}

}
