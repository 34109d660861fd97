package dev.cuifu.reminder.outbound;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Binds {@link OutboundProperties} and provides the {@link OutboundGuard} and {@link OutboundHttp}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OutboundProperties.class)
@Import({OutboundGuard.class, OutboundHttp.class})
public class OutboundConfiguration {}
