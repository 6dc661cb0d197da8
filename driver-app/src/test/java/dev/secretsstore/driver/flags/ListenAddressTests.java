package dev.secretsstore.driver.flags;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ListenAddressTests {

	@Test
	void readsGoListenAddresses() {
		assertThat(ListenAddress.parse(":8095", "metrics")).isEqualTo(new ListenAddress("", 8095));
		assertThat(ListenAddress.parse("127.0.0.1:0", "webhook")).isEqualTo(new ListenAddress("127.0.0.1", 0));
		assertThat(ListenAddress.parse("[::1]:9", "metrics")).isEqualTo(new ListenAddress("::1", 9));
	}

	@Test
	void bindsEveryInterfaceWithoutAHost() {
		assertThat(ListenAddress.parse(":8097", "webhook").socketAddress()).isEqualTo(new InetSocketAddress(8097));
		assertThat(ListenAddress.parse("127.0.0.1:8097", "webhook").socketAddress())
			.isEqualTo(new InetSocketAddress("127.0.0.1", 8097));
	}

	@Test
	void anAddressWithoutAPortIsRefusedNamingWhatItIsFor() {
		assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse("localhost", "webhook"))
			.withMessage("invalid webhook address \"localhost\": use [host]:port");
	}

}
