package dev.secretsstore.driver.actuator.http;

import dev.secretsstore.driver.mode.ConditionalOnStandaloneMode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.IncludeExcludeEndpointFilter;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.EndpointFilter;
import org.springframework.boot.actuate.endpoint.OperationFilter;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.invoke.OperationInvokerAdvisor;
import org.springframework.boot.actuate.endpoint.invoke.ParameterValueMapper;
import org.springframework.boot.actuate.endpoint.jackson.EndpointJsonMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.PathMapper;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointWebExtension;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointProperties;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Actuator over HTTP without a web stack: Boot's web endpoint discovery (exposure, path
 * mapping and access properties under {@code management.endpoints.web} apply as usual),
 * the health endpoint's web extension (status codes, probe groups), and
 * {@link ActuatorHttpServer} on {@code server.address}:{@code server.port}, which
 * {@code --metrics-addr} sets. Reads are open; writes need the consent of the
 * {@link WriteAuthorizer}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ WebEndpointProperties.class, ManagementProperties.class })
class ActuatorHttpConfiguration {

	private static final Log logger = LogFactory.getLog(ActuatorHttpConfiguration.class);

	@Bean
	EndpointMediaTypes endpointMediaTypes() {
		return EndpointMediaTypes.DEFAULT;
	}

	@Bean
	WebEndpointDiscoverer webEndpointDiscoverer(ApplicationContext context, ParameterValueMapper parameterValueMapper,
			EndpointMediaTypes mediaTypes, WebEndpointProperties properties,
			ObjectProvider<OperationInvokerAdvisor> invokerAdvisors,
			ObjectProvider<EndpointFilter<ExposableWebEndpoint>> filters,
			ObjectProvider<OperationFilter<WebOperation>> operationFilters) {
		PathMapper mappedPaths = (id) -> properties.getPathMapping().get(id.toString());
		return new WebEndpointDiscoverer(context, parameterValueMapper, mediaTypes, List.of(mappedPaths), List.of(),
				invokerAdvisors.orderedStream().toList(), filters.orderedStream().toList(),
				operationFilters.orderedStream().toList());
	}

	@Bean
	IncludeExcludeEndpointFilter<ExposableWebEndpoint> webExposeExcludePropertyEndpointFilter(
			WebEndpointProperties properties) {
		WebEndpointProperties.Exposure exposure = properties.getExposure();
		return new IncludeExcludeEndpointFilter<>(ExposableWebEndpoint.class, exposure.getInclude(),
				exposure.getExclude(), "health");
	}

	@Bean
	OperationFilter<WebOperation> webAccessPropertiesOperationFilter(EndpointAccessResolver accessResolver) {
		return OperationFilter.byAccess(accessResolver);
	}

	/**
	 * The health endpoint's status codes (503 while DOWN) and probe groups. The condition
	 * is on the endpoint's availability, a property: a condition on the HealthEndpoint
	 * bean would be evaluated before the auto-configuration that makes it, and never
	 * match.
	 */
	@Bean
	@ConditionalOnAvailableEndpoint(endpoint = HealthEndpoint.class)
	HealthEndpointWebExtension healthEndpointWebExtension(HealthContributorRegistry registry,
			ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry, HealthEndpointGroups groups,
			HealthEndpointProperties properties) {
		return new HealthEndpointWebExtension(registry, reactiveRegistry.getIfAvailable(), groups,
				properties.getLogging().getSlowIndicatorThreshold());
	}

	@Bean
	ActuatorHttpServer actuatorHttpServer(WebEndpointDiscoverer discoverer, WebEndpointProperties properties,
			EndpointJsonMapper endpointJsonMapper, ObjectProvider<JsonMapper> jsonMapper,
			ConfigurableEnvironment environment, WriteAuthorizer writeAuthorizer) {
		String host = environment.getProperty("server.address", "0.0.0.0");
		int port = environment.getProperty("server.port", Integer.class, 8080);
		List<ExposableWebEndpoint> endpoints = List.copyOf(discoverer.getEndpoints());
		Map<String, String> aliases = endpoints.stream()
			.filter((endpoint) -> endpoint.getEndpointId().toString().equals("prometheus"))
			.findFirst()
			.map((endpoint) -> Map.of("/metrics", properties.getBasePath() + "/" + endpoint.getRootPath()))
			.orElse(Map.of());
		ResponseWriter responses = new ResponseWriter(endpointJsonMapper.get(),
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		return new ActuatorHttpServer(new InetSocketAddress(host, port), properties.getBasePath(), endpoints, aliases,
				responses,
				(bound) -> environment.getPropertySources()
					.addFirst(new MapPropertySource("actuatorHttpServer", Map.of("local.server.port", bound))),
				writeAuthorizer);
	}

	/**
	 * Standalone mode's writes: from loopback, or with the configured token. Cluster
	 * mode's authorizer asks the API server (kubernetes.KubernetesConfiguration); with
	 * neither, the server does not start rather than serve writes to anyone.
	 */
	@Bean
	@ConditionalOnStandaloneMode
	WriteAuthorizer loopbackOrTokenAuthorizer(ManagementProperties properties) {
		logger.info((properties.hasToken())
				? "Management port: reads are open; writes from loopback or with the "
						+ "bearer token of secrets-store.management.token(-file)"
				: "Management port: reads are open; writes from loopback only");
		return new LoopbackOrTokenAuthorizer(properties);
	}

}
