package dev.secretsstore.driver.kubernetes.sync;

/**
 * A PEM object as a certificate store serves it: an EC P-256 private key, its certificate
 * and the self-signed CA that issued it (made once with openssl, valid for 100 years,
 * used only by tests).
 */
final class TestPem {

	static final String KEY_AND_CHAIN = """
			-----BEGIN PRIVATE KEY-----
			MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgT5twl7Mzfvk/4CIm
			fCl22u959woygjrXmKZ6gOcaKv+hRANCAAQkuFO6UGZsslDo6o1IZSyMIeboKXo9
			zAySc1xU79BdbJeIhjnnSUar7qLMO55pVIKBcmgqBbZG5eWR3G/ZEjOB
			-----END PRIVATE KEY-----
			-----BEGIN CERTIFICATE-----
			MIIBJDCBywIUeIH52hvU/7+6il7bKPU634lOskcwCgYIKoZIzj0EAwIwEjEQMA4G
			A1UEAwwHdGVzdC1jYTAgFw0yNjExMjgwMTI5NTlaGA8yMTI2MTEwNDAxMjk1OVow
			FjEUMBIGA1UEAwwLd2ViLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
			AAQkuFO6UGZsslDo6o1IZSyMIeboKXo9zAySc1xU79BdbJeIhjnnSUar7qLMO55p
			VIKBcmgqBbZG5eWR3G/ZEjOBMAoGCCqGSM49BAMCA0gAMEUCIQDtsbyQcjFBTe0s
			R06bgiUL8x+yjCcQHREXgpOpG/2ElgIgDyMAW9z7tB2h1NGN0P8eZNNBW30gy2id
			abWlY0kY2dk=
			-----END CERTIFICATE-----
			-----BEGIN CERTIFICATE-----
			MIIBezCCASGgAwIBAgIUJyraeti2JqURBx66pIORW2GPw0AwCgYIKoZIzj0EAwIw
			EjEQMA4GA1UEAwwHdGVzdC1jYTAgFw0yNjExMjgwMTI5NTlaGA8yMTI2MTEwNDAx
			Mjk1OVowEjEQMA4GA1UEAwwHdGVzdC1jYTBZMBMGByqGSM49AgEGCCqGSM49AwEH
			A0IABMhUJJBxkXW7xQZrp+/xV32XNveEu/HUD9NudrbSEuR92WfCNL2w25p69Luk
			yFEWmkZ/ER4vvyvkyYgz7sRSsuWjUzBRMB0GA1UdDgQWBBQvIliAEM7brJR3eMx6
			ujKN+S/xkDAfBgNVHSMEGDAWgBQvIliAEM7brJR3eMx6ujKN+S/xkDAPBgNVHRMB
			Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIHH3S1GtMnX/LGQ7t2Pr0mFKTZQz
			CQ4WBd+mvdjz7t6+AiEAtqJw8o84GWEZI5Z6tLp+HcKQH+supnt36kLv7z6XJgQ=
			-----END CERTIFICATE-----
			""";

	private TestPem() {
	}

}
