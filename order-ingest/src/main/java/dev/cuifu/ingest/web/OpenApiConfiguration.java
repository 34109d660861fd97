package dev.cuifu.ingest.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** The API's title and description for OpenAPI; its security schemes are declared where they are checked. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "Cuifu order-ingest",
            version = "v1",
            description =
                "Shops post their order events here; they are validated, normalised and published to Kafka."))
class OpenApiConfiguration {}
