package dev.secretsstore.provider.vault.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SNIHostName;

import dev.secretsstore.provider.vault.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The edges of Go's name rules that {@code VaultTlsServerNameTests} does not reach over
 * TLS.
 */
class ServerNamesTests {

	private static TestCertificates ca;

	@BeforeAll
	static void createCa() throws GeneralSecurityException {
		ca = TestCertificates.ca("Names Test CA");
	}

	@Test
	void sendsAHostNameAsSniWithoutItsTrailingDot() {
		assertThat(ServerNames.sni("vault.internal.")).containsExactly(new SNIHostName("vault.internal"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "192.0.2.10", "2001:db8::10", "[2001:db8::10]" })
	void sendsNoSniForAnIpAddressAsGoDoes(String serverName) {
		assertThat(ServerNames.sni(serverName)).isEmpty();
	}

	@Test
	void sendsNoSniForANameTheJdkCannotEncode() {
		assertThat(ServerNames.sni("vault_1.internal")).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "2001:db8::10", "[2001:db8::10]", "2001:DB8:0:0:0:0:0:10" })
	void matchesAnIpv6AddressInAnySpelling(String serverName) throws GeneralSecurityException {
		X509Certificate certificate = ca.certificate("vault", "IP:2001:db8::10");
		assertThatCode(() -> ServerNames.verify(certificate, serverName)).doesNotThrowAnyException();
	}

	@Test
	void matchesAnAddressOnlyAgainstIpAddresses() throws GeneralSecurityException {
		X509Certificate certificate = ca.certificate("192.0.2.10", "DNS:192.0.2.10");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> ServerNames.verify(certificate, "192.0.2.10"))
			.withMessage("Vault's certificate is not valid for 192.0.2.10 (vaultTLSServerName): it is valid for "
					+ "192.0.2.10");
	}

	@Test
	void matchesANameOnlyAgainstDnsNames() throws GeneralSecurityException {
		X509Certificate certificate = ca.certificate("vault.internal", "IP:192.0.2.10");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> ServerNames.verify(certificate, "vault.internal"))
			.withMessageContaining("not valid for vault.internal");
	}

	@ParameterizedTest
	@ValueSource(strings = { "vault", "vault1.internal", "internal" })
	void takesOnlyAWholeLeftMostLabelAsAWildcard(String serverName) throws GeneralSecurityException {
		X509Certificate certificate = ca.certificate("x", "DNS:*", "DNS:vault*.internal", "DNS:*.*.internal");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> ServerNames.verify(certificate, serverName))
			.withMessageEndingWith("it is valid for *, vault*.internal, *.*.internal");
	}

	@Test
	void neverFallsBackToTheCommonName() throws GeneralSecurityException {
		X509Certificate certificate = ca.certificate("vault.internal");
		assertThatExceptionOfType(CertificateException.class)
			.isThrownBy(() -> ServerNames.verify(certificate, "vault.internal"))
			.withMessageEndingWith("it is valid for no DNS or IP subjectAltName (its common name is not used)");
	}

}
