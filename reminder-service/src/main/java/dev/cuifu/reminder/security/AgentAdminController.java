package dev.cuifu.reminder.security;

import dev.cuifu.reminder.security.AgentController.AgentView;
import dev.cuifu.reminder.security.AgentController.NewAgent;
import dev.cuifu.reminder.security.AgentDirectory.AgentEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in agent's own identity, and agent management by a shop's SHOP_ADMIN (the role is
 * checked by {@link AgentSecurityConfiguration}; an AGENT gets 403). Only the admin's own shop.
 */
@Tag(name = "Phone agents", description = "The shop's staff who call buyers about unpaid orders.")
@RestController
class AgentAdminController {

  private static final String PROBLEM_JSON = "application/problem+json";

  private static final Logger log = LoggerFactory.getLogger(AgentAdminController.class);

  @Schema(description = "The signed-in agent")
  record Me(String username, String displayName, String shopId, String role) {}

  @Schema(description = "The shop's agents, enabled first")
  record AgentListView(List<AgentEntry> items) {}

  private final AgentDirectory agents;
  private final Clock clock;

  AgentAdminController(AgentDirectory agents, Clock clock) {
    this.agents = agents;
    this.clock = clock;
  }

  @Operation(summary = "Who is signed in: username, shop and role")
  @ApiResponse(responseCode = "200", description = "The agent")
  @ApiResponse(responseCode = "401", description = "Not signed in as an agent", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/agent/me")
  Me me(@AuthenticationPrincipal AgentUser agent) {
    return new Me(agent.getUsername(), agent.displayName(), agent.shopId(), agent.role().name());
  }

  @Operation(summary = "The shop's agents (SHOP_ADMIN only)")
  @ApiResponse(responseCode = "200", description = "The agents, never their passwords")
  @ApiResponse(responseCode = "401", description = "Not signed in as an agent", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "403", description = "Not a SHOP_ADMIN", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/agent/agents")
  AgentListView list(@AuthenticationPrincipal AgentUser admin) {
    return new AgentListView(agents.list(admin.shopId()));
  }

  @Operation(summary = "Create an agent of the admin's shop (SHOP_ADMIN only)")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "Bad fields, each named", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "403", description = "Not a SHOP_ADMIN", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "409", description = "The username is taken", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping(path = "/agent/agents", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<AgentView> create(@AuthenticationPrincipal AgentUser admin, @RequestBody NewAgent body) {
    AgentView agent = AgentController.register(agents, admin.shopId(), body, clock.instant());
    return ResponseEntity.created(URI.create("/agent/agents/" + agent.username())).body(agent);
  }

  @Operation(summary = "Disable an agent of the admin's shop: it can no longer sign in, its claims return to the queue (SHOP_ADMIN only)")
  @ApiResponse(responseCode = "204", description = "Disabled (or already disabled)")
  @ApiResponse(responseCode = "403", description = "Not a SHOP_ADMIN", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "404", description = "No such agent in the admin's shop", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "409", description = "An admin cannot disable themselves", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping("/agent/agents/{username}/disable")
  ResponseEntity<Void> disable(@AuthenticationPrincipal AgentUser admin, @PathVariable("username") String username) {
    if (admin.getUsername().equals(username)) {
      throw new AgentConflictException(AgentConflictException.Kind.SELF_DISABLE, "You cannot disable yourself; ask another admin of the shop.");
    }
    Instant now = clock.instant();
    if (!agents.disable(admin.shopId(), username, admin.getUsername(), now)) {
      throw new AgentNotFoundException(username);
    }
    log.info("agent {} disabled: shop={} by={}", username, admin.shopId(), admin.getUsername());
    return ResponseEntity.noContent().build();
  }
}
