package dev.secretsstore.driver.kubernetes;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Cluster mode. This build serves standalone mode only: started without {@code --standalone} it stops before any
 * bean is made, with a message saying how to run, instead of serving a driver that cannot look anything up.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "secrets-store.standalone.enabled", havingValue = false, matchIfMissing = true)
class ClusterModeConfiguration {

	@Bean
	static BeanFactoryPostProcessor clusterModeUnavailable() {
		return (beanFactory) -> {
			throw new IllegalStateException("cluster mode (SecretProviderClasses from the Kubernetes API) is not part "
					+ "of this build yet: run with --standalone --spc-dir=<folder of SecretProviderClass YAML files>, "
					+ "or try the demo with --demo");
		};
	}

}
