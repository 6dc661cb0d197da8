/**
 * A command-line CSI client that acts as kubelet against a running driver: publish a
 * pod's volume, unpublish it, list mounted volumes, probe. For provider authors, the demo
 * and end-to-end tests.
 */
package dev.secretsstore.driver.kubelet;
