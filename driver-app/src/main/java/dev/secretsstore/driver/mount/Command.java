package dev.secretsstore.driver.mount;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an external command with a time limit and captures what it prints.
 */
final class Command {

	/**
	 * How a command ended: its exit code and its standard error and output, merged.
	 */
	record Result(int exitCode, String output) {
	}

	private Command() {
	}

	static Result run(List<String> command, Duration timeout) throws IOException {
		String line = String.join(" ", command);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().close();
		// read on another thread, so a command that prints a lot cannot block on a full pipe
		FutureTask<byte[]> output = new FutureTask<>(() -> process.getInputStream().readAllBytes());
		Thread reader = new Thread(output, "command-output");
		reader.setDaemon(true);
		reader.start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IOException("'" + line + "' did not finish within " + timeout);
			}
			byte[] bytes = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Result(process.exitValue(), new String(bytes, StandardCharsets.UTF_8));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new InterruptedIOException("interrupted while running '" + line + "'");
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IOException("could not read the output of '" + line + "'", ex);
		}
	}

}
