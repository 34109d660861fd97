package dev.cuifu.reminder.problem;

import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.channel.sms.AccountSidTakenException;
import dev.cuifu.reminder.channel.sms.SenderCheckUnavailableException;
import dev.cuifu.reminder.channel.sms.StatusCallbackUnavailableException;
import dev.cuifu.reminder.channel.sms.TwilioSignatureException;
import dev.cuifu.reminder.experiment.ExperimentConflictException;
import dev.cuifu.reminder.experiment.ExperimentNotFoundException;
import dev.cuifu.reminder.optout.NotOptedOutException;
import dev.cuifu.reminder.phone.PhoneTaskConflictException;
import dev.cuifu.reminder.phone.PhoneTaskNotFoundException;
import dev.cuifu.reminder.script.ScriptNotFoundException;
import dev.cuifu.reminder.script.ScriptRetiredException;
import dev.cuifu.reminder.security.AgentConflictException;
import dev.cuifu.reminder.security.AgentNotFoundException;
import dev.cuifu.reminder.shop.UnknownApiKeyException;
import dev.cuifu.reminder.timeline.UnknownOrderException;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import dev.cuifu.reminder.web.NulCharacters;
import dev.cuifu.web.EdgeProblemHandler;
import dev.cuifu.web.UnreadableBody;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.databind.DatabindException;

/**
 * Every error answer is {@code application/problem+json} (RFC 9457) with a {@code type}, never a
 * stack trace. Spring MVC's own exceptions are handled by the base classes ({@link EdgeProblemHandler});
 * the features' own exceptions are given their HTTP status here, and only here.
 */
@RestControllerAdvice
class ProblemHandler extends EdgeProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    return ResponseEntity.badRequest().body(invalidProblem(e.getMessage(), e.errors()));
  }

  /** A missing or unknown key: the challenge names the header to send, as order-ingest's does. */
  @ExceptionHandler(UnknownApiKeyException.class)
  ResponseEntity<Object> unauthorized(UnknownApiKeyException e, WebRequest request) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.WWW_AUTHENTICATE, ApiKeyDigest.HEADER);
    return handleExceptionInternal(
        e, ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage()), headers, HttpStatus.UNAUTHORIZED, request);
  }

  @ExceptionHandler(TwilioSignatureException.class)
  ResponseEntity<Object> forbidden(TwilioSignatureException e, WebRequest request) {
    return plain(HttpStatus.FORBIDDEN, e, request);
  }

  @ExceptionHandler({
    UnknownOrderException.class, ExperimentNotFoundException.class, ScriptNotFoundException.class, NotOptedOutException.class
  })
  ResponseEntity<Object> notFound(RuntimeException e, WebRequest request) {
    return plain(HttpStatus.NOT_FOUND, e, request);
  }

  @ExceptionHandler({ExperimentConflictException.class, ScriptRetiredException.class, AccountSidTakenException.class})
  ResponseEntity<Object> conflict(RuntimeException e, WebRequest request) {
    return plain(HttpStatus.CONFLICT, e, request);
  }

  @ExceptionHandler({SenderCheckUnavailableException.class, StatusCallbackUnavailableException.class})
  ResponseEntity<Object> unavailable(RuntimeException e, WebRequest request) {
    return plain(HttpStatus.SERVICE_UNAVAILABLE, e, request);
  }

  /** No such task in the agent's shop (another shop's task is not found either). */
  @ExceptionHandler(PhoneTaskNotFoundException.class)
  ResponseEntity<Object> phoneTaskNotFound(PhoneTaskNotFoundException e, WebRequest request) {
    return typed(HttpStatus.NOT_FOUND, "phone-task-not-found", "Phone task not found", e, request);
  }

  /** The task is in a state that does not allow the request (held by another agent, closed …). */
  @ExceptionHandler(PhoneTaskConflictException.class)
  ResponseEntity<Object> phoneTaskConflict(PhoneTaskConflictException e, WebRequest request) {
    return typed(HttpStatus.CONFLICT, "phone-task-conflict", "Phone task not available", e, request);
  }

  /** No such agent in the admin's shop (another shop's agent is not found either). */
  @ExceptionHandler(AgentNotFoundException.class)
  ResponseEntity<Object> agentNotFound(AgentNotFoundException e, WebRequest request) {
    return typed(HttpStatus.NOT_FOUND, "agent-not-found", "Agent not found", e, request);
  }

  /** A username taken, an admin disabling themselves: the type names the rule. */
  @ExceptionHandler(AgentConflictException.class)
  ResponseEntity<Object> agentConflict(AgentConflictException e, WebRequest request) {
    return switch (e.kind()) {
      case USERNAME_TAKEN -> typed(HttpStatus.CONFLICT, "username-taken", "Username taken", e, request);
      case SELF_DISABLE -> typed(HttpStatus.CONFLICT, "agent-self-disable", "Cannot disable yourself", e, request);
    };
  }

  /** {@code @Valid} request bodies: name every bad field, as the hand-checked ones do. */
  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldProblem> errors =
        e.getBindingResult().getFieldErrors().stream()
            .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
            .sorted(Comparator.comparing(FieldProblem::field))
            .toList();
    String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
    return ResponseEntity.badRequest().body(invalidProblem(detail, errors));
  }

  /**
   * A body that could not be read: the field to blame and why (wrong type, out of range, unknown,
   * a NUL character), or where the JSON broke; never the value.
   */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof DatabindException bad && bad.getOriginalMessage() != null
          && bad.getOriginalMessage().contains(NulCharacters.MESSAGE)) {
        String field = UnreadableBody.path(bad);
        return ResponseEntity.badRequest()
            .body(invalidProblem(field + " " + NulCharacters.MESSAGE, List.of(new FieldProblem(field, NulCharacters.MESSAGE))));
      }
    }
    UnreadableBody unreadable = UnreadableBody.of(e);
    List<FieldProblem> errors =
        unreadable.field() == null ? List.of() : List.of(new FieldProblem(unreadable.field(), unreadable.reason()));
    return ResponseEntity.badRequest().body(invalidProblem(unreadable.detail(), errors));
  }

  /**
   * Spring Security's firewall checks parameter names and values only when they are read: a
   * control character in one (e.g. {@code ?%00=1}) surfaces here, not in its RequestRejectedHandler.
   */
  @ExceptionHandler(RequestRejectedException.class)
  ResponseEntity<ProblemDetail> rejected(RequestRejectedException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(
        HttpStatus.BAD_REQUEST, "A parameter name or value holds characters that are not accepted (control characters).");
    problem.setTitle("Bad request");
    problem.setType(URI.create("https://cuifu.dev/problems/rejected-request"));
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "The request could not be processed.");
    problem.setTitle("Internal error");
    problem.setType(URI.create("https://cuifu.dev/problems/internal-error"));
    return ResponseEntity.internalServerError().body(problem);
  }

  /** The problem of that status ({@link dev.cuifu.web.Problems#typeFor its type}) with the exception's message. */
  private ResponseEntity<Object> plain(HttpStatus status, RuntimeException e, WebRequest request) {
    return handleExceptionInternal(
        e, ProblemDetail.forStatusAndDetail(status, e.getMessage()), new HttpHeaders(), status, request);
  }

  private ResponseEntity<Object> typed(HttpStatus status, String type, String title, RuntimeException e, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle(title);
    problem.setType(URI.create("https://cuifu.dev/problems/" + type));
    return handleExceptionInternal(e, problem, new HttpHeaders(), status, request);
  }

  private static ProblemDetail invalidProblem(String detail, List<FieldProblem> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setTitle("Invalid request");
    problem.setType(URI.create("https://cuifu.dev/problems/invalid-request"));
    problem.setProperty("errors", errors);
    return problem;
  }
}
