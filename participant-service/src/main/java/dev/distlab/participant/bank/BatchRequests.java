package dev.distlab.participant.bank;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.validation.DataBinder;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

import dev.distlab.common.problem.InvalidField;
import dev.distlab.common.problem.ProblemException;
import dev.distlab.common.problem.Problems;
import jakarta.validation.Validator;

/**
 * A batch's input. The envelope is checked as a whole (a refusal changes nothing); each item is checked as its single
 * endpoint checks its request, in the same order and with the same 400 problems (Bean Validation with the same
 * messages and field names, then the txId, then {@link BankRequests#prepare}), so that one bad item refuses only
 * itself.
 */
@Component
class BatchRequests {

    /** More than this per request gains nothing on the force and holds the first items' answers back too long. */
    static final int MAX_ITEMS = 256;

    enum Action {
        PREPARE, COMMIT, ABORT;

        String wire() {
            return name().toLowerCase();
        }

        static Action fromWire(String name) {
            for (Action a : values()) {
                if (a.wire().equals(name)) {
                    return a;
                }
            }
            throw ProblemException.invalid("action", "is one of prepare, commit, abort");
        }
    }

    /** A checked item: {@code command} only for a prepare. */
    record Call(Action action, String txId, PrepareCommand command) {
    }

    private final SpringValidatorAdapter validator;

    BatchRequests(Validator validator) {
        this.validator = new SpringValidatorAdapter(validator);
    }

    /** The items of a well-formed envelope; a 400 problem for the whole request otherwise. */
    static List<BatchJson.Item> items(BatchJson.Batch batch) {
        List<BatchJson.Item> items = batch.items();
        if (items == null || items.isEmpty() || items.size() > MAX_ITEMS) {
            throw ProblemException.invalid("items", "is required: 1 to " + MAX_ITEMS + " branch operations");
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == null) {
                throw ProblemException.invalid("items[" + i + "]", "must be an object {\"txId\",\"action\",\"body\"}");
            }
        }
        return items;
    }

    /** One item, checked as its single endpoint would check it; a 400 problem for this item otherwise. */
    Call call(BatchJson.Item item) {
        Action action = Action.fromWire(item.action());
        if (action != Action.PREPARE) {
            String txId = BankRequests.txId(item.txId());
            if (item.body() != null) {
                throw ProblemException.invalid("body", "must be absent: a " + action.wire() + " has no body");
            }
            return new Call(action, txId, null);
        }
        if (item.body() == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.BODY_MISSING);
        }
        validate(item.body());
        String txId = BankRequests.txId(item.txId());
        return new Call(action, txId, BankRequests.prepare(item.body()));
    }

    /**
     * The Bean Validation of {@code @Valid @RequestBody}, through the same data binder Spring MVC uses, so the field
     * names of refused values (e.g. {@code operations[0].delta}) are the single endpoint's.
     */
    private void validate(BankJson.PrepareBody body) {
        DataBinder binder = new DataBinder(body, "body");
        binder.setValidator(validator);
        binder.validate();
        List<ObjectError> errors = binder.getBindingResult().getAllErrors();
        if (errors.isEmpty()) {
            return;
        }
        List<InvalidField> fields = new ArrayList<>();
        for (ObjectError error : errors) {
            fields.add(new InvalidField(error instanceof FieldError f ? f.getField() : null, error.getDefaultMessage()));
        }
        throw new ProblemException(Problems.invalid(fields));
    }
}
