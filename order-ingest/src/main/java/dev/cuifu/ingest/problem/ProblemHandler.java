package dev.cuifu.ingest.problem;

import dev.cuifu.ingest.config.IngestProperties;
import dev.cuifu.ingest.event.EventIdReusedException;
import dev.cuifu.ingest.event.EventsUnavailableException;
import dev.cuifu.ingest.platform.PlatformAccountTakenException;
import dev.cuifu.ingest.platform.PlatformSecretTakenException;
import dev.cuifu.ingest.platform.PlatformsUnavailableException;
import dev.cuifu.ingest.platform.WebhookRejectedException;
import dev.cuifu.ingest.shop.CredentialsRejectedException;
import dev.cuifu.ingest.shop.ShopExistsException;
import dev.cuifu.ingest.shop.ShopNotFoundException;
import dev.cuifu.ingest.shop.ShopsUnavailableException;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import dev.cuifu.web.EdgeProblemHandler;
import dev.cuifu.web.UnreadableBody;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * Every error answer is {@code application/problem+json} (RFC 9457), never a stack trace. Spring
 * MVC's own exceptions (404, 405, 415, …) are handled by the ResponseEntityExceptionHandler (through {@link EdgeProblemHandler})
 * base class; the features' own exceptions get their HTTP status here, and only here; everything
 * unexpected becomes a bare 500.
 */
@RestControllerAdvice
class ProblemHandler extends EdgeProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  private final IngestProperties properties;

  ProblemHandler(IngestProperties properties) {
    this.properties = properties;
  }

  @ExceptionHandler(InvalidRequestException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", e.getMessage(), "invalid-request");
    problem.setProperty("errors", e.errors());
    e.properties().forEach(problem::setProperty);
    return ResponseEntity.badRequest().body(problem);
  }

  /** A body Spring could not read (an empty one above all): why, and the field when one is to blame. */
  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    UnreadableBody unreadable = UnreadableBody.of(e);
    ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", unreadable.detail(), "invalid-request");
    problem.setProperty(
        "errors",
        unreadable.field() == null ? List.of() : List.of(new FieldProblem(unreadable.field(), unreadable.reason())));
    return ResponseEntity.badRequest().body(problem);
  }

  @ExceptionHandler(CredentialsRejectedException.class)
  ResponseEntity<ProblemDetail> unauthorized(CredentialsRejectedException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, e.scheme())
        .body(problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage(), "unauthorized"));
  }

  /** One answer whether the store is unknown or the signature wrong: it tells a prober nothing. */
  @ExceptionHandler(WebhookRejectedException.class)
  ResponseEntity<ProblemDetail> webhookRejected(WebhookRejectedException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "HMAC-SHA256")
        .body(problem(HttpStatus.UNAUTHORIZED, "Unauthorized", e.getMessage(), "unauthorized"));
  }

  @ExceptionHandler({ShopExistsException.class, EventIdReusedException.class, PlatformAccountTakenException.class,
      PlatformSecretTakenException.class})
  ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(problem(HttpStatus.CONFLICT, "Conflict", e.getMessage(), "conflict"));
  }

  @ExceptionHandler(ShopNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(ShopNotFoundException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND)
        .body(problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage(), "not-found"));
  }

  /** Nothing of the request was done: retry it in full. */
  @ExceptionHandler({EventsUnavailableException.class, ShopsUnavailableException.class, PlatformsUnavailableException.class})
  ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
    long seconds = Math.max(1, properties.retryAfter().toSeconds());
    ProblemDetail problem =
        problem(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable", e.getMessage(), "unavailable");
    problem.setProperty("retryAfterSeconds", seconds);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    return ResponseEntity.internalServerError()
        .body(
            problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error",
                "The request could not be processed.",
                "internal-error"));
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail, String type) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create("https://cuifu.dev/problems/" + type));
    return problem;
  }
}
