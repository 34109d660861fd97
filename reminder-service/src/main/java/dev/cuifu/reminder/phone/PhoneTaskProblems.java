package dev.cuifu.reminder.phone;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The refusals of the agents' task API, answered as problem+json by the web layer. */
final class PhoneTaskProblems {

  private PhoneTaskProblems() {}

  /** No such task in the agent's shop (another shop's task is not found either). */
  static ErrorResponseException notFound(long taskId) {
    return problem(HttpStatus.NOT_FOUND, "phone-task-not-found", "Phone task not found", "No phone task " + taskId + ".");
  }

  /** The task is in a state that does not allow the request (held by another agent, closed …). */
  static ErrorResponseException conflict(String detail) {
    return problem(HttpStatus.CONFLICT, "phone-task-conflict", "Phone task not available", detail);
  }

  private static ErrorResponseException problem(HttpStatus status, String type, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create("https://cuifu.dev/problems/" + type));
    return new ErrorResponseException(status, problem, null);
  }
}
