package dev.secretsstore.driver.provider;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request budgets: how many requests a second this node sends each store (a Key Vault, an
 * AWS region, a Vault server) of each provider. Publishes always go ahead and are
 * counted; rotations wait while a store's budget is spent. The budget is per node: a
 * store's own limit is shared by every node that reads from it.
 *
 * @param enabled whether rotations wait for the budget
 * @param rate requests a second to one store, for a provider without its own setting;
 * zero for no limit
 * @param burst requests at once to one store
 * @param providers per provider name: its own rate and burst
 */
@ConfigurationProperties("secrets-store.budget")
public record BudgetProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50") double rate,
		@DefaultValue("100") double burst, Map<String, Limit> providers) {

	public BudgetProperties {
		providers = (providers != null) ? Map.copyOf(providers) : Map.of();
	}

	/** The limit of {@code provider}'s stores. */
	Limit limitOf(String provider) {
		Limit own = this.providers.get(provider);
		return new Limit((own != null && own.rate() != null) ? own.rate() : this.rate,
				(own != null && own.burst() != null) ? own.burst() : this.burst);
	}

	/**
	 * One provider's limit; what is not set comes from the defaults.
	 *
	 * @param rate requests a second to one store; zero for no limit
	 * @param burst requests at once to one store
	 */
	public record Limit(Double rate, Double burst) {
	}

}
