package dev.cuifu.reminder.security;

import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A shop creates its phone agents (API key), who then sign in with HTTP Basic under /agent. */
@Tag(name = "Phone agents", description = "The shop's staff who call buyers about unpaid orders.")
@RestController
class AgentController {

  static final int MIN_PASSWORD_LENGTH = 12;

  /** BCrypt reads at most 72 bytes; longer passwords are refused rather than cut. */
  static final int MAX_PASSWORD_BYTES = 72;

  static final int MAX_DISPLAY_NAME = 100;

  static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{2,63}");

  private static final String PROBLEM_JSON = "application/problem+json";

  private static final Logger log = LoggerFactory.getLogger(AgentController.class);

  @Schema(description = "A new phone agent")
  record NewAgent(
      @Schema(description = "The login: 3 to 64 letters, digits, '.', '_', '@' or '-', unique across shops", example = "xiaoli")
          String username,
      @Schema(description = "Shown to colleagues", example = "小李") String displayName,
      @Schema(description = "At least 12 characters, at most 72 bytes", example = "correct horse battery") String password,
      @Schema(description = "AGENT or SHOP_ADMIN", example = "AGENT") String role) {

    @Override
    public String toString() {
      return "NewAgent[" + username + ", " + role + "]";
    }
  }

  @Schema(description = "A phone agent (never its password)")
  record AgentView(String username, String shopId, String displayName, String role, Instant createdAt) {}

  private final AgentDirectory agents;
  private final Clock clock;

  AgentController(AgentDirectory agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  @Operation(summary = "Create a phone agent of the shop")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "Bad fields, each named", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "409", description = "The username is taken", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping(path = "/api/v1/agents", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AgentView> create(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @RequestBody NewAgent body) {
    String shopId = shop.shopId();
    AgentView agent = register(agents, shopId, body, clock.instant());
    return ResponseEntity.created(URI.create("/api/v1/agents/" + agent.username())).body(agent);
  }

  /** Validates and creates an agent of the shop (the shop's API key or one of its admins asked). */
  static AgentView register(AgentDirectory agents, String shopId, NewAgent body, Instant now) {
    AgentRole role = validate(body);
    String username = body.username().strip();
    AgentUser agent =
        agents
            .create(shopId, username, body.displayName().strip(), body.password(), role, now)
            .orElseThrow(() -> taken(username));
    log.info("agent {} created: shop={} role={}", agent.getUsername(), shopId, role);
    return new AgentView(agent.getUsername(), shopId, agent.displayName(), role.name(), now);
  }

  static AgentRole validate(NewAgent body) {
    List<FieldProblem> errors = new ArrayList<>();
    if (body.username() == null || !USERNAME.matcher(body.username().strip()).matches()) {
      errors.add(new FieldProblem("username", "must be 3 to 64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit"));
    }
    if (body.displayName() == null || body.displayName().isBlank()) {
      errors.add(new FieldProblem("displayName", "must not be blank"));
    } else if (body.displayName().strip().length() > MAX_DISPLAY_NAME) {
      errors.add(new FieldProblem("displayName", "must be at most " + MAX_DISPLAY_NAME + " characters"));
    }
    if (body.password() == null || body.password().codePointCount(0, body.password().length()) < MIN_PASSWORD_LENGTH) {
      errors.add(new FieldProblem("password", "must be at least " + MIN_PASSWORD_LENGTH + " characters"));
    } else if (body.password().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      errors.add(new FieldProblem("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)"));
    }
    AgentRole role = null;
    try {
      role = body.role() == null ? null : AgentRole.valueOf(body.role().strip());
    } catch (IllegalArgumentException e) {
      role = null;
    }
    if (role == null) {
      errors.add(new FieldProblem("role", "must be AGENT or SHOP_ADMIN"));
    }
    if (!errors.isEmpty()) {
      String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
      throw new InvalidRequestException(detail, errors);
    }
    return role;
  }

  private static AgentConflictException taken(String username) {
    return new AgentConflictException(AgentConflictException.Kind.USERNAME_TAKEN, "The username " + username + " is taken.");
  }
}
