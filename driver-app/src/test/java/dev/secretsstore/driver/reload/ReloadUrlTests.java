package dev.secretsstore.driver.reload;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReloadUrlTests {

	@Test
	void theEndpointIsOnThePodsOwnAddress() {
		assertThat(ReloadUrl.resolve("http://:8080/-/reload", "10.1.2.3"))
			.isEqualTo(URI.create("http://10.1.2.3:8080/-/reload"));
		assertThat(ReloadUrl.resolve(" https://:9443/admin/reload?scope=tls ", "fd00::17"))
			.isEqualTo(URI.create("https://[fd00::17]:9443/admin/reload?scope=tls"));
		assertThat(ReloadUrl.resolve("http:///reload", "10.1.2.3")).isEqualTo(URI.create("http://10.1.2.3/reload"));
		assertThat(ReloadUrl.resolve("http://:8080", "10.1.2.3")).isEqualTo(URI.create("http://10.1.2.3:8080/"));
	}

	@Test
	void anAnnotationThatNamesAHostOrIsNotHttpIsRefusedWithTheReason() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReloadUrl.resolve("http://metadata.google.internal/x", "10.1.2.3"))
			.withMessageContaining("it names a host");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ReloadUrl.resolve("http://169.254.169.254:80/latest", "10.1.2.3"))
			.withMessageContaining("it names a host");
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadUrl.resolve("http://user@:80/x", "10.1.2.3"))
			.withMessageContaining("it names a host");
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadUrl.resolve("file:///etc/passwd", "10.1.2.3"))
			.withMessageContaining("its scheme must be http or https");
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadUrl.resolve("http://:99999/x", "10.1.2.3"))
			.withMessageContaining("its port is out of range");
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadUrl.resolve("http://:abc/x", "10.1.2.3"))
			.withMessageContaining("its port is not a number");
		assertThatIllegalArgumentException().isThrownBy(() -> ReloadUrl.resolve("not a url", "10.1.2.3"))
			.withMessageContaining("it is not a URL");
	}

}
