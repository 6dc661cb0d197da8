package dev.secretsstore.driver.csi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the driver presents itself to kubelet.
 *
 * @param endpoint the CSI socket, such as {@code unix:///csi/csi.sock}
 * ({@code --endpoint})
 * @param driverName the CSI driver name ({@code --drivername})
 * @param nodeId this node's name ({@code --nodeid})
 * @param volumeMountGroup whether kubelet is to hand over pods' fsGroup
 */
@ConfigurationProperties("secrets-store.csi")
public record CsiProperties(@DefaultValue("unix://tmp/csi.sock") String endpoint,
		@DefaultValue("secrets-store.csi.k8s.io") String driverName, @DefaultValue("") String nodeId,
		@DefaultValue VolumeMountGroup volumeMountGroup) {

	/**
	 * The CSI {@code VOLUME_MOUNT_GROUP} node capability.
	 *
	 * @param enabled whether the driver advertises it
	 * ({@code --enable-volume-mount-group}); kubelet then passes a pod's fsGroup as
	 * {@code volume_mount_group}, and the driver gives the volume's files to that group
	 * with {@code g+r}. Off, the driver ignores a {@code volume_mount_group} (kubelet
	 * sends none then), as before
	 */
	public record VolumeMountGroup(@DefaultValue("false") boolean enabled) {
	}

}
