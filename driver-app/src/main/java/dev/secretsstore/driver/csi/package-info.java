/**
 * The CSI side: Identity, Node and Controller services on kubelet's Unix socket, argument
 * checks with the Go driver's status codes and messages, and call logging without
 * secrets.
 */
package dev.secretsstore.driver.csi;
