package dev.cuifu.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What both apps' OpenAPI documents share: the title, the project's version and a description
 * saying what the API is for and how to authenticate, the credentials as security schemes (so
 * Swagger UI's Authorize button fills them in), and each operation's scheme chosen by its path,
 * the way the apps check them (by path too), rather than by an annotation on each controller.
 */
public final class ApiDocument {

  /** The project version, filtered into {@code api-version.properties} by the build. */
  public static final String VERSION = version();

  /** The shop's API key, on both apps. */
  public static final String SHOP_API_KEY = "apiKey";

  /** The management token guarding the actuator endpoints other than health, on both apps. */
  public static final String MANAGEMENT_TOKEN = "managementToken";

  /**
   * The authentication part of both apps' descriptions: the actuator endpoints are not operations
   * of the document, so their token is only described.
   */
  public static final String MANAGEMENT_NOTE =
      "- `/actuator/**` except health, liveness and readiness (not listed here): the management token,"
          + " `Authorization: Bearer <cuifu.management.token>` (scheme `" + MANAGEMENT_TOKEN + "`).\n";

  /** The closing part of both apps' descriptions. */
  public static final String ERRORS_NOTE =
      "\nEvery error is `application/problem+json` (RFC 9457): a `type` URI under " + Problems.TYPE_BASE
          + ", a `title`, a `detail` saying what to change, and for invalid fields an `errors` array naming each"
          + " (`field`, `message`); never the value sent.";

  private ApiDocument() {}

  /** The shop's API key in {@code header}, as both apps take it. */
  public static Scheme shopApiKey(String header) {
    return apiKeyHeader(
        SHOP_API_KEY,
        header,
        "The shop's API key (cf_…), returned once when the operator creates the shop or rotates its key;"
            + " the same key works on order-ingest and reminder-service.");
  }

  /** The management token, as both apps take it. */
  public static Scheme managementToken() {
    return bearer(
        MANAGEMENT_TOKEN,
        "The management token (cuifu.management.token) for the actuator endpoints other than health: metrics, Prometheus, info.");
  }

  /** A credential the API takes, under the name operations refer to it by. */
  public record Scheme(String name, SecurityScheme scheme) {}

  /** Operations whose path starts with {@code prefix} need {@code scheme}; a null scheme: none (public). */
  public record Rule(String prefix, String scheme) {}

  /** A header holding a key, e.g. {@code X-Api-Key}. */
  public static Scheme apiKeyHeader(String name, String header, String description) {
    return new Scheme(
        name, new SecurityScheme().type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name(header).description(description));
  }

  /** {@code Authorization: Bearer <token>}. */
  public static Scheme bearer(String name, String description) {
    return new Scheme(name, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").description(description));
  }

  /** {@code Authorization: Basic <base64(username:password)>}. */
  public static Scheme basic(String name, String description) {
    return new Scheme(name, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic").description(description));
  }

  /** The document's info and its security schemes. */
  public static OpenAPI document(String title, String description, List<Scheme> schemes) {
    Map<String, SecurityScheme> byName = new LinkedHashMap<>();
    schemes.forEach(s -> byName.put(s.name(), s.scheme()));
    return new OpenAPI()
        .info(new Info().title(title).version(VERSION).description(description))
        .components(new Components().securitySchemes(byName));
  }

  /**
   * Gives every operation the scheme of the first rule whose prefix its path starts with; an
   * operation no rule names, or a rule with no scheme, is public and gets none.
   */
  public static OpenApiCustomizer securityByPath(List<Rule> rules) {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> {
        String scheme = rules.stream().filter(r -> path.startsWith(r.prefix())).findFirst().map(Rule::scheme).orElse(null);
        for (Operation operation : item.readOperations()) {
          operation.setSecurity(scheme == null ? null : List.of(new SecurityRequirement().addList(scheme)));
        }
      });
    };
  }

  private static String version() {
    Properties properties = new Properties();
    try (InputStream in = ApiDocument.class.getResourceAsStream("api-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String version = properties.getProperty("version", "");
    return version.isEmpty() || version.startsWith("@") ? "unknown" : version;
  }
}
