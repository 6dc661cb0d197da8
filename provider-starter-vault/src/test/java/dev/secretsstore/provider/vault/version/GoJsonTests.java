package dev.secretsstore.provider.vault.version;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.vault.objects.VaultObject;
import dev.secretsstore.provider.vault.objects.VaultParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes object versions hash: Go's {@code json.Marshal} of the Go provider's
 * {@code config.Secret}, written out by hand from Go's rules. {@code VaultVersionTests}
 * checks the versions made of them.
 */
class GoJsonTests {

	/** Go's json.Marshal of the config.Secret of object pw below. */
	static final String PW_JSON = "{\"ObjectName\":\"pw\",\"SecretPath\":\"secret/data/shop/db\","
			+ "\"SecretKey\":\"password\",\"Method\":\"\",\"SecretArgs\":null,\"FilePermission\":0,\"Encoding\":\"\"}";

	/**
	 * Go's json.Marshal of the certificate object below: keys sorted, HTML characters
	 * escaped, yaml.v3's numbers.
	 */
	static final String CERT_JSON = "{\"ObjectName\":\"cert\",\"SecretPath\":\"pki/issue/shop\","
			+ "\"SecretKey\":\"certificate\",\"Method\":\"PUT\",\"SecretArgs\":{\"alt_names\":\"a\\u003cb\\u003e\\u0026c\","
			+ "\"big\":1e+23,\"common_name\":\"shop.example.com\",\"exclude_cn_from_sans\":true,"
			+ "\"list\":[1,\"two\",null],\"max\":16,\"nested\":{\"a\":null,\"z\":1,\"é\":\"line\\u2028tab\\there\"},"
			+ "\"ratio\":1.5,\"tiny\":1e-7},\"FilePermission\":416,\"Encoding\":\"Base64\"}";

	@Test
	void writesAnObjectsSettingsAsGoDoes() throws ProviderException {
		assertThat(goJson("""
				- objectName: pw
				  secretPath: secret/data/shop/db
				  secretKey: password
				""")).isEqualTo(PW_JSON);
	}

	@Test
	void writesEveryKindOfSettingAsGoDoes() throws ProviderException {
		assertThat(goJson("""
				- objectName: cert
				  secretPath: pki/issue/shop
				  secretKey: certificate
				  method: PUT
				  secretArgs:
				    common_name: shop.example.com
				    alt_names: "a<b>&c"
				    exclude_cn_from_sans: true
				    max: 0x10
				    ratio: 1.50
				    tiny: 1e-7
				    big: 100000000000000000000000
				    list: [1, "two", null]
				    nested: {z: 1, "é": "line\\u2028tab\\there", a: ~}
				  filePermission: 0640
				  encoding: Base64
				""")).isEqualTo(CERT_JSON);
	}

	private static String goJson(String objects) throws ProviderException {
		VaultObject object = VaultParameters.parse(Map.of("roleName", "r", "objects", objects)).objects().get(0);
		return new String(GoJson.secret(object), StandardCharsets.UTF_8);
	}

}
