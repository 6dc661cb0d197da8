package dev.secretsstore.driver.provider;

import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.secretsstore.driver.logging.Untrusted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request budget of every store the node's providers read from, one
 * {@link StoreBudget} per provider and store. Provider calls pay for their requests after
 * making them ({@link #spend}); rotations ask {@link #untilSolvent} before they start and
 * wait while it is not zero. Meters, by provider and store: requests made
 * ({@code secrets_store_store_requests_total}), time rotations waited
 * ({@code secrets_store_store_budget_wait_seconds_total}) and throttling answers
 * ({@code secrets_store_store_throttled_total}).
 */
public class StoreBudgets {

	private static final Logger logger = LoggerFactory.getLogger(StoreBudgets.class);

	private final BudgetProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<Store, Tracked> budgets = new ConcurrentHashMap<>();

	public StoreBudgets(BudgetProperties properties, Clock clock, MeterRegistry meters) {
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
	}

	/** Pays for {@code requests} made to {@code store}. */
	public void spend(Store store, int requests) {
		Tracked tracked = tracked(store);
		tracked.budget.spend(requests);
		tracked.requests.increment(requests);
	}

	/**
	 * How long a rotation of {@code store} must wait before it starts: zero when it may
	 * go now. Said once in the log each time the budget starts holding rotations back.
	 */
	public Duration untilSolvent(Store store) {
		if (!this.properties.enabled()) {
			return Duration.ZERO;
		}
		Tracked tracked = tracked(store);
		Duration wait = tracked.budget.untilSolvent();
		if (!wait.isZero() && tracked.limiting.compareAndSet(0, 1)) {
			StoreBudget.State state = tracked.budget.state();
			logger.info("The request budget of {} ({} a second, {} at once) is spent: rotations of its volumes wait, "
					+ "stalest first, while publishes go ahead", store, state.effectiveRate(), state.burst());
		}
		else if (wait.isZero()) {
			tracked.limiting.set(0);
		}
		return wait;
	}

	/** How many rotations of {@code store} wait to start, for {@link #budgets()}. */
	public void waiting(Store store, int rotations) {
		tracked(store).waiting.set(rotations);
	}

	/**
	 * A rotation of {@code store} started after waiting {@code waited} for the budget.
	 */
	public void waited(Store store, Duration waited) {
		tracked(store).waitSeconds.increment(waited.toNanos() / 1e9);
	}

	/** {@code store} refused for too many requests: its rate is lowered for a while. */
	public void throttled(Store store, Duration retryAfter) {
		Tracked tracked = tracked(store);
		tracked.budget.throttled(retryAfter);
		tracked.throttled.increment();
		logger.warn("{} throttled the driver; its request rate is lowered to {} a second for a while", store,
				tracked.budget.state().effectiveRate());
	}

	/** Every budget in use, for {@code /actuator/secretproviders}. */
	public List<Budget> budgets() {
		return this.budgets.entrySet()
			.stream()
			.map((entry) -> Budget.of(entry.getKey(), entry.getValue().budget.state(), entry.getValue().waiting.get()))
			.sorted(Comparator.comparing(Budget::provider).thenComparing(Budget::store))
			.toList();
	}

	private Tracked tracked(Store store) {
		return this.budgets.computeIfAbsent(store, (key) -> {
			BudgetProperties.Limit limit = this.properties.limitOf(key.provider());
			return new Tracked(new StoreBudget(limit.rate(), limit.burst(), this.clock),
					counter("secrets_store_store_requests",
							"Requests made to a store by provider calls (objects "
									+ "fetched, or one for a failed call)",
							key),
					counter("secrets_store_store_budget_wait_seconds",
							"Time rotations waited for a store's request " + "budget", key),
					counter("secrets_store_store_throttled", "Answers of a store that it is throttling", key));
		});
	}

	private Counter counter(String name, String description, Store store) {
		return Counter.builder(name)
			.description(description)
			.tag("provider", store.provider())
			.tag("store", store.store())
			.register(this.meters);
	}

	/**
	 * One store of one provider.
	 *
	 * @param provider the provider's name
	 * @param store what {@code SecretProvider.store} named, empty for the provider as a
	 * whole
	 */
	public record Store(String provider, String store) {

		public Store {
			// a store's name comes from a SecretProviderClass: kept short for meters and
			// logs
			store = (store != null) ? Untrusted.bound(store, 253) : "";
		}

		@Override
		public String toString() {
			return "provider " + this.provider + (this.store.isEmpty() ? "" : " store '" + this.store + "'");
		}

	}

	/**
	 * A budget as {@code /actuator/secretproviders} shows it.
	 *
	 * @param provider the provider
	 * @param store the store, empty for the provider as a whole
	 * @param rate requests a second configured (zero: no limit)
	 * @param effectiveRate the rate now, lower for a while after the store throttled
	 * @param burst requests at once
	 * @param available requests that may go now; negative while rotations wait
	 * @param waitingRotations rotations queued for a worker or for this budget
	 */
	public record Budget(String provider, String store, double rate, double effectiveRate, double burst,
			double available, int waitingRotations) {

		static Budget of(Store store, StoreBudget.State state, int waiting) {
			return new Budget(store.provider(), store.store(), state.rate(), state.effectiveRate(), state.burst(),
					Math.floor(state.tokens() * 10) / 10, waiting);
		}

	}

	private record Tracked(StoreBudget budget, Counter requests, Counter waitSeconds, Counter throttled,
			AtomicInteger limiting, AtomicInteger waiting) {

		Tracked(StoreBudget budget, Counter requests, Counter waitSeconds, Counter throttled) {
			this(budget, requests, waitSeconds, throttled, new AtomicInteger(), new AtomicInteger());
		}

	}

}
