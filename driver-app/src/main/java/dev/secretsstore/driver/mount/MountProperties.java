package dev.secretsstore.driver.mount;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How volumes are mounted.
 *
 * @param tmpfs whether each volume is a tmpfs mount, so secrets never touch a disk
 * ({@code --mount-tmpfs}); false writes plain folders and is allowed in standalone mode
 * only
 * @param kubeletRootDir kubelet's root folder; every target path must be
 * {@code <root>/pods/<uid>/volumes/kubernetes.io~csi/<volume>/mount}
 * ({@code --kubelet-root-dir})
 */
@ConfigurationProperties("secrets-store.mount")
public record MountProperties(@DefaultValue("true") boolean tmpfs,
		@DefaultValue("/var/lib/kubelet") Path kubeletRootDir) {
}
