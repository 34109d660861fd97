package dev.cuifu.reminder.web;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.web.ApiDocument;
import dev.cuifu.web.ApiDocument.Rule;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, version, description and credentials, and which credential each
 * operation takes: by its path, as the app checks them (the shop's key on {@code /api/**} in
 * shop.ShopApiConfiguration; an agent's HTTP Basic sign-in on {@code /agent/**} and {@code
 * /dashboard/api/**} in security.AgentSecurityConfiguration; Twilio's signature on {@code
 * /twilio/**}, which no person sends, so those operations are listed as needing no credential).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  /** A phone agent's username and password, HTTP Basic, on every request (no session, no cookie). */
  static final String AGENT_BASIC = "agentBasic";

  static final String DESCRIPTION =
      """
      Reminds buyers of their unpaid orders (an SMS first, a chat message later, a phone call by an agent for \
      valuable buyers), stops the moment the buyer pays, and measures what the reminders bring back. \
      Orders arrive from order-ingest through Kafka. Here a shop reads its orders' timelines and manages its \
      reminder policy, scripts, opt-outs, experiments, Twilio account, chat webhook and phone agents; phone agents \
      work their task queue under `/agent`; the shop dashboard reads `/dashboard/api`.

      **Authentication** (the Authorize button takes each):
      - `/api/v1/**`: the shop's API key in the `X-Api-Key` header (scheme `apiKey`), the same key as on order-ingest.
      - `/agent/**` and `/dashboard/api/**`: a phone agent's username and password as HTTP Basic on every request \
      (scheme `agentBasic`; there is no session and no cookie: the agents' page keeps them in the browser tab). \
      Role `AGENT` or `SHOP_ADMIN`; managing agents, releasing another agent's claim and the dashboard need \
      `SHOP_ADMIN`. A write (`POST`, `PUT`, `DELETE`) under `/agent/**` or `/dashboard/api/**` also needs an `X-Requested-With` header, any \
      value (403 without it: a cross-site form cannot send it). A shop creates its first agents with its API key \
      (`POST /api/v1/agents`).
      - `/twilio/**`: Twilio's `X-Twilio-Signature`, computed by Twilio with the account's auth token; not for people \
      to call.
      """
          + ApiDocument.MANAGEMENT_NOTE
          + ApiDocument.ERRORS_NOTE;

  @Bean
  OpenAPI reminderOpenApi() {
    return ApiDocument.document(
        "Cuifu reminder-service",
        DESCRIPTION,
        List.of(
            ApiDocument.shopApiKey(ApiKeyDigest.HEADER),
            ApiDocument.basic(
                AGENT_BASIC,
                "A phone agent's username and password (HTTP Basic, sent with every request). The shop creates its"
                    + " agents (POST /api/v1/agents); role AGENT or SHOP_ADMIN."),
            ApiDocument.managementToken()));
  }

  @Bean
  OpenApiCustomizer securityByPath() {
    return ApiDocument.securityByPath(
        List.of(
            new Rule("/api/", ApiDocument.SHOP_API_KEY),
            new Rule("/agent/", AGENT_BASIC),
            new Rule("/dashboard/api/", AGENT_BASIC)));
  }

  /**
   * Declares the {@code X-Requested-With} header every write under {@code /agent/**} and {@code
   * /dashboard/api/**} needs (the
   * cross-site check), with a default, so Swagger UI's "Try it out" sends it and the write works.
   */
  @Bean
  OpenApiCustomizer agentWritesHeader() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> {
        if (!path.startsWith("/agent/") && !path.startsWith("/dashboard/api/")) {
          return;
        }
        item.readOperationsMap().forEach((method, operation) -> {
          if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD && method != PathItem.HttpMethod.OPTIONS) {
            operation.addParametersItem(
                new HeaderParameter()
                    .name("X-Requested-With")
                    .required(true)
                    .description("Any value; a cross-site form cannot send it, so a write without it is refused (403).")
                    .schema(new StringSchema()._default("XMLHttpRequest")));
          }
        });
      });
    };
  }
}
