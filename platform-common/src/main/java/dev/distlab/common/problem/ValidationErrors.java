package dev.distlab.common.problem;

import java.util.ArrayList;
import java.util.List;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

/**
 * The refused fields of a failed Bean Validation, whichever way Spring reports it: a {@code @Valid @RequestBody}
 * (field paths such as {@code operations[0].delta}), a constrained handler parameter (its name), or a
 * {@code @Validated} bean's method call (the violation's property path).
 */
final class ValidationErrors {

    private ValidationErrors() {
    }

    static List<InvalidField> of(Errors errors) {
        return of(errors, null);
    }

    static List<InvalidField> of(HandlerMethodValidationException e) {
        List<InvalidField> out = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String parameter = parameterName(result);
            if (result instanceof ParameterErrors errors) {
                out.addAll(of(errors, parameter));
            } else {
                for (MessageSourceResolvable error : result.getResolvableErrors()) {
                    out.add(new InvalidField(parameter, error.getDefaultMessage()));
                }
            }
        }
        for (MessageSourceResolvable error : e.getCrossParameterValidationResults()) {
            out.add(new InvalidField(null, error.getDefaultMessage()));
        }
        return out;
    }

    static List<InvalidField> of(ConstraintViolationException e) {
        List<InvalidField> out = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            out.add(new InvalidField(v.getPropertyPath().toString(), v.getMessage()));
        }
        return out;
    }

    /** Field errors by their path; errors of the object as a whole by {@code whole} (null: no field). */
    private static List<InvalidField> of(Errors errors, String whole) {
        List<InvalidField> out = new ArrayList<>();
        for (ObjectError error : errors.getAllErrors()) {
            out.add(error instanceof FieldError field
                    ? new InvalidField(field.getField(), field.getDefaultMessage())
                    : new InvalidField(whole, error.getDefaultMessage()));
        }
        return out;
    }

    /** A handler parameter by its name, with the index or key of a refused container element. */
    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        Object element = result.getContainerIndex() != null ? result.getContainerIndex() : result.getContainerKey();
        return element == null ? name : name + "[" + element + "]";
    }
}
