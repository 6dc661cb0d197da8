package dev.secretsstore.provider.plugin;

/**
 * A plugin process for {@link PluginLauncherTests}, run in its own JVM to see the exit
 * statuses and what SIGTERM does.
 */
final class LauncherTestProcess {

	private LauncherTestProcess() {
	}

	public static void main(String[] args) throws InterruptedException {
		new PluginLauncher("LauncherTestProcess", "", "socket to serve on").main(args, RecordingProvider::new);
	}

}
