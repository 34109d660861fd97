package dev.cuifu.ingest.platform;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The answers every platform webhook shares, added to each operation under {@code /webhooks/} in the
 * OpenAPI document, so that each controller documents only its own (200 and 400).
 */
@Configuration(proxyBeanMethods = false)
class WebhookApiDocumentation {

  static final Map<String, String> SHARED_ANSWERS =
      Map.of(
          "401", "Unknown store or a signature that does not verify (one answer for both)",
          "413", "Body larger than cuifu.web.max-request-size",
          "503", "Kafka or the database is unavailable; nothing was accepted and the platform (or relay) delivers again");

  @Bean
  OpenApiCustomizer webhookAnswers() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> {
        if (path.startsWith("/webhooks/")) {
          item.readOperations().forEach(WebhookApiDocumentation::addSharedAnswers);
        }
      });
    };
  }

  private static void addSharedAnswers(Operation operation) {
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    SHARED_ANSWERS.forEach((status, description) -> operation.getResponses().putIfAbsent(status, new ApiResponse()
        .description(description)
        .content(new Content().addMediaType("application/problem+json", new MediaType()))));
  }
}
