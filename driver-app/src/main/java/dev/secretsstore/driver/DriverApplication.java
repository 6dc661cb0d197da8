package dev.secretsstore.driver;

import java.util.Arrays;

import dev.secretsstore.driver.flags.DriverFlags;
import dev.secretsstore.driver.flags.DriverFlags.ParsedFlags;
import dev.secretsstore.driver.kubelet.KubeletCommand;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The driver's entry point: {@code kubelet ...} runs the command-line CSI client,
 * anything else starts the driver with the Go driver's flags.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class DriverApplication {

	public static void main(String[] args) {
		// Netty records buffer events for Java Flight Recorder when JFR is there, which
		// loads JFR's 100-odd classes on
		// every node; nobody records the driver with JFR by default (set it to true to)
		if (System.getProperty("io.netty.jfr.enabled") == null) {
			System.setProperty("io.netty.jfr.enabled", "false");
		}
		if (args.length > 0 && args[0].equals("kubelet")) {
			System.exit(KubeletCommand.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		ParsedFlags flags;
		try {
			flags = DriverFlags.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println("Run with --help to list the flags.");
			System.exit(2);
			return;
		}
		if (flags.help()) {
			System.out.print(DriverFlags.usage());
			return;
		}
		if (flags.version()) {
			String version = DriverApplication.class.getPackage().getImplementationVersion();
			System.out.println("secrets-store-csi-driver (Java) " + ((version != null) ? version : "dev"));
			return;
		}
		SpringApplication.run(DriverApplication.class, flags.toSpringArguments());
	}

}
