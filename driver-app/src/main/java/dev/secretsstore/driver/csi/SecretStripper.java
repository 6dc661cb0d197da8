package dev.secretsstore.driver.csi;

import java.util.Map;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MapEntry;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import dev.secretsstore.driver.csi.v1.CsiProto;
import dev.secretsstore.driver.logging.Untrusted;
import dev.secretsstore.provider.MountRequest;

/**
 * Renders a CSI message for a log with its secrets removed: every field the CSI spec
 * marks {@code csi_secret} (such as {@code secrets} of NodePublishVolume), and the
 * service-account tokens kubelet puts in the volume context. Driven by the spec's own
 * field option, so a secret field added to the proto is stripped without a change here.
 * Every other string (fields, map keys and values) is cut to {@link Untrusted#LIMIT}
 * characters, so that a 1 MB target path does not become a 1 MB log line.
 */
final class SecretStripper {

	static final String STRIPPED = "***stripped***";

	private SecretStripper() {
	}

	/**
	 * One line describing {@code message} without secrets.
	 */
	static String toLogString(Message message) {
		return TextFormat.printer().emittingSingleLine(true).printToString(strip(message));
	}

	static Message strip(Message message) {
		Message.Builder builder = message.toBuilder();
		for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
			FieldDescriptor descriptor = field.getKey();
			boolean secret = descriptor.getOptions().getExtension(CsiProto.csiSecret);
			if (descriptor.isMapField()) {
				builder.clearField(descriptor);
				for (Object entry : (Iterable<?>) field.getValue()) {
					builder.addRepeatedField(descriptor, stripEntry((MapEntry<?, ?>) entry, secret));
				}
			}
			else if (secret) {
				builder.clearField(descriptor);
				if (descriptor.getJavaType() == FieldDescriptor.JavaType.STRING) {
					builder.setField(descriptor, STRIPPED);
				}
			}
			else if (descriptor.getJavaType() == FieldDescriptor.JavaType.STRING && !descriptor.isRepeated()) {
				builder.setField(descriptor, Untrusted.bound((String) field.getValue()));
			}
			else if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !descriptor.isRepeated()) {
				builder.setField(descriptor, strip((Message) field.getValue()));
			}
		}
		return builder.build();
	}

	@SuppressWarnings("unchecked")
	private static MapEntry<?, ?> stripEntry(MapEntry<?, ?> entry, boolean secretField) {
		MapEntry.Builder<Object, Object> builder = ((MapEntry<Object, Object>) entry).toBuilder();
		if (entry.getKey() instanceof String key) {
			builder.setKey(Untrusted.bound(key));
		}
		if (secretField || MountRequest.SERVICE_ACCOUNT_TOKENS.equals(entry.getKey())) {
			return builder.setValue(STRIPPED).build();
		}
		if (entry.getValue() instanceof String value) {
			builder.setValue(Untrusted.bound(value));
		}
		return builder.build();
	}

}
