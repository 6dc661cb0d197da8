/**
 * The change webhook: stores' notifications that an object changed (AWS EventBridge,
 * Azure Event Grid, a plain JSON form), authenticated, on a port of its own, each
 * rotating at once the mounted volumes that read the object.
 */
package dev.secretsstore.driver.webhook;
