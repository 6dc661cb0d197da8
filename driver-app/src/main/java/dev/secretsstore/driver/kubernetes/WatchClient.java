package dev.secretsstore.driver.kubernetes;

import io.kubernetes.client.openapi.ApiClient;

/**
 * The client that watches use: the same API server and credentials as the driver's other
 * client, without a read timeout. A type of its own so that injecting an
 * {@link ApiClient} stays unambiguous.
 *
 * @param client the client
 */
public record WatchClient(ApiClient client) {
}
