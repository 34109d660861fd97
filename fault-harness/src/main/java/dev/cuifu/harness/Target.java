package dev.cuifu.harness;

import java.nio.file.Path;

/**
 * A running Cuifu the abuse runs attack from outside: the harness's own processes or a launcher.
 *
 * @param ingestUrl order-ingest's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param reminderUrl reminder-service's base URL
 * @param operatorToken the operator's bearer token: order-ingest's shop administration and both
 *     apps' management endpoints ({@code cuifu.management.token})
 * @param kafkaBootstrap the broker the services use
 * @param logDir where the services' logs are ({@code *.log}), for the privacy scan
 */
public record Target(String ingestUrl, String reminderUrl, String operatorToken, String kafkaBootstrap, Path logDir) {}
