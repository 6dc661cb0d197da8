package dev.secretsstore.driver.actuator;

import java.util.ArrayList;
import java.util.List;

import dev.secretsstore.driver.provider.ProviderLookupException;
import dev.secretsstore.driver.provider.ProviderRegistry;
import dev.secretsstore.driver.provider.StoreBudgets;
import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.ProviderVersion;
import dev.secretsstore.provider.SecretProvider;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code GET /actuator/secretproviders}: every provider the driver can use, in-process or
 * as a plugin socket, with its version asked live (a plugin that does not answer shows
 * its error).
 */
@Endpoint(id = "secretproviders")
public class SecretProvidersEndpoint {

	private final ProviderRegistry registry;

	private final CircuitBreakerRegistry breakers;

	private final StoreBudgets budgets;

	public SecretProvidersEndpoint(ProviderRegistry registry, CircuitBreakerRegistry breakers, StoreBudgets budgets) {
		this.registry = registry;
		this.breakers = breakers;
		this.budgets = budgets;
	}

	@ReadOperation
	public List<Provider> providers() {
		List<Provider> providers = new ArrayList<>();
		this.registry.inProcessProviders()
			.values()
			.forEach((provider) -> providers.add(new Provider(provider.name(), "in-process", null,
					versionOf(provider.version()), null, breaker(provider.name()), budgets(provider.name()))));
		for (String name : this.registry.installedPlugins()) {
			if (this.registry.inProcessProviders().containsKey(name)) {
				continue;
			}
			providers.add(describePlugin(name));
		}
		return providers;
	}

	private Provider describePlugin(String name) {
		try {
			SecretProvider provider = this.registry.get(name);
			String socket = provider.remoteEndpoint().orElse(null);
			try {
				return new Provider(name, "plugin", socket, versionOf(provider.checkVersion()), null, breaker(name),
						budgets(name));
			}
			catch (ProviderException ex) {
				return new Provider(name, "plugin", socket, null, ex.getMessage(), breaker(name), budgets(name));
			}
		}
		catch (ProviderLookupException ex) {
			return new Provider(name, "plugin", null, null, ex.getMessage(), breaker(name), budgets(name));
		}
	}

	private String breaker(String name) {
		return this.breakers.find(name).map((breaker) -> breaker.getState().name()).orElse("CLOSED");
	}

	private List<StoreBudgets.Budget> budgets(String provider) {
		return this.budgets.budgets().stream().filter((budget) -> budget.provider().equals(provider)).toList();
	}

	private static String versionOf(ProviderVersion version) {
		return version.runtimeName() + " " + version.runtimeVersion();
	}

	/**
	 * One provider.
	 *
	 * @param name its name, as SecretProviderClasses select it
	 * @param kind {@code in-process} or {@code plugin}
	 * @param socket a plugin's socket
	 * @param version its runtime name and version
	 * @param error why a plugin could not be asked, if it could not
	 * @param breaker the state of its circuit breaker: CLOSED (calls go through), OPEN
	 * (cut off after failing), or HALF_OPEN (trying again)
	 * @param budgets the request budget of each store it has been asked for, with the
	 * rotations waiting for it
	 */
	public record Provider(String name, String kind, String socket, String version, String error, String breaker,
			List<StoreBudgets.Budget> budgets) {
	}

}
