package dev.secretsstore.driver.csi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the driver presents itself to kubelet.
 *
 * @param endpoint the CSI socket, such as {@code unix:///csi/csi.sock} ({@code --endpoint})
 * @param driverName the CSI driver name ({@code --drivername})
 * @param nodeId this node's name ({@code --nodeid})
 */
@ConfigurationProperties("secrets-store.csi")
public record CsiProperties(@DefaultValue("unix://tmp/csi.sock") String endpoint,
		@DefaultValue("secrets-store.csi.k8s.io") String driverName, @DefaultValue("") String nodeId) {
}
