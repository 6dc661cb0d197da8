package dev.secretsstore.driver.actuator.http;

/**
 * Decides whether a request that changes something on the management port ({@code POST},
 * {@code DELETE}, such as {@code POST /actuator/rotations}) may go ahead. Reads stay
 * open, as the Go driver's {@code /metrics} is; a write makes the driver call every store
 * for every volume, which costs money and trips throttling, so it needs consent.
 * <p>
 * Standalone mode trusts loopback and a configured token
 * ({@link LoopbackOrTokenAuthorizer}); cluster mode asks the API server with a
 * TokenReview and a SubjectAccessReview (in the {@code kubernetes} package). There is no
 * implementation that allows everything: {@link ActuatorHttpServer} needs one of them to
 * start.
 */
@FunctionalInterface
public interface WriteAuthorizer {

	/**
	 * Whether {@code request} may go ahead; never throws for a request it cannot check,
	 * it answers {@link WriteDecision#unavailable unavailable} instead.
	 */
	WriteDecision authorize(WriteRequest request);

}
