package dev.distlab.common;

import java.time.Instant;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.distlab.common.fault.CrashPoints;
import dev.distlab.common.fault.CrashPointsEndpoint;
import dev.distlab.common.fault.FaultConfiguration;
import dev.distlab.common.observability.InstanceInfoContributor;
import dev.distlab.common.observability.StartupAnnouncer;
import dev.distlab.common.problem.PlatformExceptionHandler;
import dev.distlab.common.problem.ProblemErrorController;
import dev.distlab.common.problem.ProblemErrorReportValve;
import dev.distlab.common.security.ClusterTokenFilter;
import dev.distlab.common.security.ProtectedEndpoint;
import dev.distlab.common.web.BodySizeLimitFilter;
import dev.distlab.common.web.InstanceIdFilter;
import dev.distlab.common.web.RequestLogFilter;
import jakarta.servlet.DispatcherType;

/** Wires what every service does the same way. Runs before Boot's MVC and error configuration. */
@AutoConfiguration(before = { WebMvcAutoConfiguration.class, ErrorMvcAutoConfiguration.class })
@EnableConfigurationProperties(PlatformProperties.class)
@Import(FaultConfiguration.class)
public class PlatformAutoConfiguration {

    @Bean
    InstanceIdentity instanceIdentity(PlatformProperties properties, Environment environment) {
        String service = environment.getProperty("spring.application.name", "service");
        String id = properties.getInstanceId().isBlank() ? service : properties.getInstanceId();
        return new InstanceIdentity(id, service, Instant.now());
    }

    @Bean
    CrashPoints crashPoints(PlatformProperties properties) {
        CrashPoints crashPoints = new CrashPoints();
        crashPoints.armAll(properties.getCrashPoints());
        return crashPoints;
    }

    @Bean
    CrashPointsEndpoint crashPointsEndpoint(CrashPoints crashPoints) {
        return new CrashPointsEndpoint(crashPoints);
    }

    @Bean
    FilterRegistrationBean<InstanceIdFilter> instanceIdFilter(InstanceIdentity identity) {
        var registration = new FilterRegistrationBean<>(new InstanceIdFilter(identity.id()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC);
        return registration;
    }

    @Bean
    FilterRegistrationBean<ClusterTokenFilter> clusterTokenFilter(PlatformProperties properties,
            ObjectProvider<ProtectedEndpoint> protectedEndpoints) {
        List<ProtectedEndpoint> endpoints = protectedEndpoints.orderedStream().toList();
        var registration = new FilterRegistrationBean<>(new ClusterTokenFilter(properties.getClusterToken(), endpoints));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(PlatformProperties properties) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(properties.getMaxBodyBytes(),
                properties.getInternalMaxBodyBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestLogFilter> requestLogFilter() {
        var registration = new FilterRegistrationBean<>(new RequestLogFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    @Bean
    PlatformExceptionHandler platformExceptionHandler() {
        return new PlatformExceptionHandler();
    }

    @Bean
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** Tomcat's error page for requests refused before the application sees them, as problem+json. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve(InstanceIdentity identity) {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.getPipeline().addValve(new ProblemErrorReportValve(identity.id()));
                // the host adds its default (HTML) error valve only when none of this class is present
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
            }
        });
    }

    @Bean
    InstanceInfoContributor instanceInfoContributor(InstanceIdentity identity) {
        return new InstanceInfoContributor(identity);
    }

    @Bean
    StartupAnnouncer startupAnnouncer(InstanceIdentity identity, PlatformProperties properties) {
        return new StartupAnnouncer(identity, properties);
    }
}
