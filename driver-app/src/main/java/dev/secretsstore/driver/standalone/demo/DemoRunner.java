package dev.secretsstore.driver.standalone.demo;

import java.nio.file.Path;
import java.util.Map;

import dev.secretsstore.driver.csi.CsiProperties;
import dev.secretsstore.driver.flags.Endpoint;
import dev.secretsstore.driver.kubelet.KubeletClient;
import dev.secretsstore.driver.kubelet.PodVolume;
import dev.secretsstore.driver.mount.MountProperties;
import dev.secretsstore.driver.standalone.StandaloneProperties;
import dev.secretsstore.driver.status.MountedVolume;
import dev.secretsstore.driver.volume.VolumePublisher;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the driver serves, publishes the demo pod's volume through the CSI socket, exactly
 * as kubelet would, and tells the newcomer where to look and what to try. Unpublishes it
 * when the driver stops.
 */
@Component
@ConditionalOnBooleanProperty("secrets-store.demo.enabled")
class DemoRunner implements ApplicationRunner, DisposableBean {

	static final PodVolume DEMO_VOLUME = PodVolume.of("default", "demo-app", "secrets-store", "demo-secrets");

	private final CsiProperties csi;

	private final MountProperties mount;

	private final StandaloneProperties standalone;

	private final VolumePublisher publisher;

	private final Environment environment;

	DemoRunner(CsiProperties csi, MountProperties mount, StandaloneProperties standalone, VolumePublisher publisher,
			Environment environment) {
		this.csi = csi;
		this.mount = mount;
		this.standalone = standalone;
		this.publisher = publisher;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		Path socket = Endpoint.socketPath(this.csi.endpoint());
		Path target;
		try (KubeletClient kubelet = new KubeletClient(socket, this.mount.kubeletRootDir())) {
			target = kubelet.publish(DEMO_VOLUME, Map.of());
		}
		// for the person at the terminal, printed rather than logged: a log message stays
		// on one line (its newlines
		// are escaped, see logging.EscapedMessageConverter)
		System.out.println(instructions(socket, target));
		System.out.flush();
	}

	private String instructions(Path socket, Path target) {
		Path folder = this.mount.kubeletRootDir().getParent();
		String jar = "java -jar driver-app/target/driver-app.jar";
		String connection = "--endpoint=unix://" + socket + " --kubelet-root-dir=" + this.mount.kubeletRootDir();
		boolean rotation = this.environment.getProperty("secrets-store.rotation.enabled", Boolean.class, false);
		return String.join(System.lineSeparator(), "", "",
				"=== Secrets Store CSI driver demo =====================================================",
				"Pod default/demo-app's secrets volume is mounted at", "  " + target,
				"  cat " + target.resolve("db-password"),
				"  ls -la " + target + "    (the ..data symlink is what makes updates atomic)",
				"Its SecretProviderClass:  " + this.standalone.spcDir().resolve("demo-secrets.yaml"),
				"Its secrets (local provider root):  " + folder.resolve("secrets"),
				"Its mount record (SecretProviderClassPodStatus):  "
						+ this.standalone.stateDir().resolve(MountedVolume.keyOf(target) + ".yaml"),
				"Try:",
				"  echo new-password > " + folder.resolve("secrets/db-password")
						+ (rotation ? "   then cat the mounted file again: rotation checks every "
								+ this.environment.getProperty("secrets-store.rotation.poll-interval")
								+ ", so within twice that it changes" : ""),
				"  curl -s localhost:" + this.environment.getProperty("local.server.port", "8095")
						+ "/actuator/rotations    (rotation events; POST to rotate now)",
				"  " + jar + " kubelet publish " + connection + " --pod=my-app --spc=demo-secrets",
				"  " + jar + " kubelet list " + connection,
				"Stop with Ctrl+C: the demo volume is unpublished on the way out.",
				"=======================================================================================", "");
	}

	@Override
	public void destroy() {
		this.publisher.unpublish(DEMO_VOLUME.volumeId(),
				DEMO_VOLUME.targetPath(this.mount.kubeletRootDir()).toString());
	}

}
