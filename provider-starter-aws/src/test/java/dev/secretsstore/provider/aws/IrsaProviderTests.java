package dev.secretsstore.provider.aws;

import java.nio.file.Path;
import java.time.Instant;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.secretsstore.provider.ServiceAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the mount tests share: WireMock serving AWS, STS answering the pod's IRSA token, a
 * fresh provider for each test and an empty target folder.
 */
abstract class IrsaProviderTests {

	@RegisterExtension
	static final WireMockExtension server = AwsTestSupport.wireMock();

	final AwsStubs stubs = new AwsStubs(server);

	AwsSecretProvider provider;

	@TempDir
	Path target;

	@BeforeEach
	void startProvider() {
		this.stubs.sts("ASIAIRSAEXAMPLE", Instant.now().plusSeconds(3600));
		this.provider = new AwsSecretProvider(AwsTestSupport.properties(server, 1), ServiceAccounts.NONE,
				(name) -> null);
	}

	@AfterEach
	void closeProvider() {
		this.provider.close();
	}

}
