package dev.secretsstore.driver.model;

/**
 * Who this driver is on its node: the node's name ({@code --nodeid}), which scopes the
 * pods, mount records and Events it deals with, and the CSI driver's name
 * ({@code --drivername}), which the CSIDriver object has.
 *
 * @param nodeId the node's name; empty when not set (standalone mode can do without)
 * @param driverName the CSI driver's name, {@code secrets-store.csi.k8s.io} by default
 */
public record NodeIdentity(String nodeId, String driverName) {

	public NodeIdentity {
		nodeId = (nodeId != null) ? nodeId : "";
	}

}
