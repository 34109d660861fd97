package dev.cuifu.web;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The framework's errors both apps answer alike, as each app's problem handler extends this: a
 * parameter of the wrong type named without its value, a body type refused naming the ones taken.
 */
public abstract class EdgeProblemHandler extends ResponseEntityExceptionHandler {

  /** A path variable or query parameter of the wrong type: its name and the type, never the value. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, UnreadableBody.mismatch(e));
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
}
