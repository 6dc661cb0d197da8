package dev.secretsstore.provider.aws.credentials;

import dev.secretsstore.provider.ProviderException;
import dev.secretsstore.provider.aws.objects.AwsParameters;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * EKS Pod Identity: the pod's {@code pods.eks.amazonaws.com} token exchanged for
 * credentials by the node's agent; the credentials are valid in every region.
 */
final class PodIdentityCredentials implements PodCredentials {

	private final PodIdentityAgent agent;

	private final String token;

	private final AwsParameters.AddressType addressType;

	PodIdentityCredentials(PodIdentityAgent agent, String token, AwsParameters.AddressType addressType) {
		this.agent = agent;
		this.token = token;
		this.addressType = addressType;
	}

	@Override
	public String identity() {
		return "pod-identity|" + this.addressType + "|" + PodCredentials.fingerprint(this.token);
	}

	@Override
	public AwsSessionCredentials load(String region) throws ProviderException {
		return this.agent.credentials(this.token, this.addressType);
	}

	@Override
	public String toString() {
		return "PodIdentity[" + this.addressType + "]";
	}

}
