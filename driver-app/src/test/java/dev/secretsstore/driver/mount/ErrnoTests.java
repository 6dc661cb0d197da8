package dev.secretsstore.driver.mount;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Errno}.
 */
class ErrnoTests {

	@Test
	void describesKnownCodesByNameNumberAndText() {
		assertThat(Errno.describe(16)).isEqualTo("EBUSY (errno 16, device or resource busy)");
		assertThat(Errno.describe(2)).isEqualTo("ENOENT (errno 2, no such file or directory)");
		assertThat(Errno.describe(20)).isEqualTo("ENOTDIR (errno 20, not a directory)");
	}

	@Test
	void describesUnknownCodesByNumber() {
		assertThat(Errno.describe(95)).isEqualTo("errno 95");
	}

	@Test
	void matchesItsOwnCodeOnly() {
		assertThat(Errno.EPERM.is(1)).isTrue();
		assertThat(Errno.EPERM.is(13)).isFalse();
	}

}
