package dev.cuifu.web;

import java.net.URI;
import java.util.Set;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The framework's errors both apps answer alike, as each app's problem handler extends this: each
 * with a {@code type} ({@link Problems#typeFor}) and a detail a client can act on that never quotes
 * the request (its path, a parameter's value, the method it sent): a parameter of the wrong type
 * named with the type it takes, a body type refused naming the ones taken, a method refused naming
 * the allowed ones, an unknown path, a missing parameter or header.
 */
public abstract class EdgeProblemHandler extends ResponseEntityExceptionHandler {

  private static final URI BLANK = URI.create("about:blank");

  /** A path variable or query parameter of the wrong type: its name and the type, never the value. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, UnreadableBody.mismatch(e));
    problem.setTitle("Invalid request");
    return handleExceptionInternal(e, problem, headers, status, request);
  }

  /** A body of a type the operation does not take: name the ones it does. */
  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = e.getBody();
    problem.setDetail(UnreadableBody.unsupported(e));
    return handleExceptionInternal(e, problem, headers, status, request);
  }

  /** A method the path does not take: the ones it does (also in {@code Allow}), not the one sent. */
  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = e.getBody();
    Set<HttpMethod> allowed = e.getSupportedHttpMethods();
    problem.setDetail(
        allowed == null || allowed.isEmpty()
            ? "This path takes no request of this method."
            : "This path does not take this method; it takes " + String.join(", ", allowed.stream().map(HttpMethod::name).sorted().toList())
                + " (the Allow header lists them).");
    return handleExceptionInternal(e, problem, headers, status, request);
  }

  /** An answer type the operation cannot give: the ones it can. */
  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(
      HttpMediaTypeNotAcceptableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = e.getBody();
    problem.setDetail(
        e.getSupportedMediaTypes().isEmpty()
            ? "The answer cannot be given in a type the Accept header allows."
            : "The answer is " + MediaType.toString(e.getSupportedMediaTypes()) + "; allow it in the Accept header.");
    return handleExceptionInternal(e, problem, headers, status, request);
  }

  /** A required query parameter missing: its name and type. */
  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = e.getBody();
    problem.setTitle("Invalid request");
    problem.setDetail("The query parameter '" + e.getParameterName() + "' is required (" + e.getParameterType() + ").");
    return handleExceptionInternal(e, problem, headers, status, request);
  }

  /** A required header (or cookie, path variable …) missing: Spring's detail names it, and only it. */
  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(
      ServletRequestBindingException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    e.getBody().setTitle("Invalid request");
    return handleExceptionInternal(e, e.getBody(), headers, status, request);
  }

  /** No operation and no page at this path; Spring's detail would quote the path. */
  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return handleExceptionInternal(e, notFound(e.getBody()), headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleNoHandlerFoundException(
      NoHandlerFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    return handleExceptionInternal(e, notFound(e.getBody()), headers, status, request);
  }

  /**
   * Every problem answered through here gets a type: the status's, unless it has its own. Spring's
   * handlers not overridden above (a missing multipart part, …) pass no body: their exception's own
   * problem is the body, typed like the others.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body == null && e instanceof ErrorResponse response) {
      body = response.getBody();
    }
    if (body instanceof ProblemDetail problem && (problem.getType() == null || BLANK.equals(problem.getType()))) {
      problem.setType(Problems.typeFor(status.value()));
    }
    return super.handleExceptionInternal(e, body, headers, status, request);
  }

  private static ProblemDetail notFound(ProblemDetail problem) {
    problem.setTitle("Not found");
    problem.setDetail("There is no resource at this path; the API's paths are listed at /v3/api-docs.");
    return problem;
  }
}
