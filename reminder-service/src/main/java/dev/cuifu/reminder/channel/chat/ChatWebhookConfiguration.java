package dev.cuifu.reminder.channel.chat;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link ChatWebhookProperties} for the {@link WebhookChatGateway}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChatWebhookProperties.class)
class ChatWebhookConfiguration {}
